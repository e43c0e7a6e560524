"""People's names, which the gazetteer-name source must not read as places: "Bolton"
after "John Bolton", "Jordan" in "Jordan Henderson".

English only: for French the entity model tells people from places.

    people_names(tokenise("John Bolton flew home.", "en"), "en", gazetteer)
    -> ({"bolton"}, {"john"})
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from geomap.gazetteer import Candidate, Gazetteer
from geomap.mentions.words import is_capitalised, strong, very_strong, words
from geomap.textnorm import name_key


def people_names(doc: Doc, lang: str, gazetteer: Gazetteer) -> tuple[set[str], set[str]]:
    """The family and the given names of the people the article names ("John Bolton",
    "Barry Smith"): later in the article, "Bolton said" and "Barry worked as an
    electrician" are the men. The given names are those of pairs whose both words are
    known names.

        people_names(tokenise("Barry Smith met John Bolton.", "en"), "en", gazetteer)
        -> ({"smith", "bolton"}, {"barry", "john"})
    """
    names = gazetteer.person_names
    pairs, known = _name_pairs(doc, lang, gazetteer)
    people = [(first, last) for pair, (first, last) in pairs.items()
              if pair not in known]                                 # "Virginia Beach"
    family = {last for first, last in people
              if first in names["given"] or _weak_name(known.get(first, ()), known.get(last, ()))}
    given = {first for first, last in people
             if first in names["given"] and last in names["family"]}
    return family, given | _quoted_speakers(doc, lang, gazetteer)


def _quoted_speakers(doc: Doc, lang: str, gazetteer: Gazetteer) -> set[str]:
    """Given names that a speech verb opens, alone before a punctuation mark: "said
    Keith, whose list of wineries" and "Explained Keith," name a man, not Keith, Moray."""
    if lang != "en":
        return set()
    verbs, given = words(lang).speech_verbs, gazetteer.person_names["given"]
    return {name_key(token.text) for token in doc[1:-1]
            if doc[token.i - 1].lower_ in verbs and is_capitalised(token)
            and name_key(token.text) in given and doc[token.i + 1].is_punct}


def _name_pairs(doc: Doc, lang: str, gazetteer: Gazetteer
                ) -> tuple[dict[str, tuple[str, str]], dict[str, list[Candidate]]]:
    """The pairs of capitalised words that may be a person's names, keyed by the pair, and
    the gazetteer's readings of the pairs and of their words."""
    if lang != "en":
        return {}, {}
    given, family = gazetteer.person_names["given"], gazetteer.person_names["family"]
    lexicon = words(lang)
    pairs: dict[str, tuple[str, str]] = {}
    for token in doc[:-1]:
        if not is_capitalised(token) or not token.whitespace_ or token.text.isupper() \
                or not token.text.replace("-", "").isalpha():
            continue
        last = doc[token.i + 1]
        if re.fullmatch(r"[A-Z]\.", last.text) and token.i + 2 < len(doc):
            last = doc[token.i + 2]             # "John F. Kennedy"
        first_key, last_key = name_key(token.text), name_key(last.text)
        if not is_capitalised(last) or not last.text.replace("'", "").isalpha() \
                or last_key in lexicon.place_words | lexicon.public_body_words \
                or last.lower_.rstrip(".") in lexicon.facility_words \
                or last.i + 1 < len(doc) \
                and doc[last.i + 1].lower_.rstrip(".") in lexicon.facility_words:
            continue                # "Old Alton Edwardsville Road": a street, not a person
        if first_key in given or last_key in family \
                and zipf_frequency(token.lower_, lang) < lexicon.rare_word_zipf:
            pairs[name_key(f"{token.text} {last.text}")] = (first_key, last_key)
    known = gazetteer.lookup([*pairs, *(k for pair in pairs.values() for k in pair)])
    return pairs, known


def first_name(doc: Doc, a: int, b: int, gazetteer: Gazetteer) -> bool:
    """True for a given name before a family name: "Jordan Henderson", "Chad Johnson"."""
    names = gazetteer.person_names
    return b - a == 1 and b < len(doc) and bool(doc[a].whitespace_) \
        and name_key(doc[a].text) in names["given"] and is_capitalised(doc[b]) \
        and name_key(doc[b].text) in names["family"]


def _weak_name(first: Iterable[Candidate], last: Iterable[Candidate]) -> bool:
    """True when neither word of a pair is a known place: not "Salem Clark", "Blue Collar Paris"."""
    return not any(strong(c) for c in first) and \
        not any(very_strong(c) and c.preferred for c in last)
