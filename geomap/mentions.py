"""Stage 1: find the place mentions in an article, with exact character offsets.

Four sources are combined:
- the curated landmarks ("le centre de télévision d'État", "Red Square"), matched on words;
- gazetteer names over runs of capitalised words, gated by case, context and word frequency;
- spaCy's named entities (French), which find places the gazetteer may not know;
- demonyms and adjectives ("biélorusse" -> BY), and "la capitale" / "the capital".
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS
from spacy.tokens import Doc, Token
from wordfreq import zipf_frequency

from geomap.gazetteer import Candidate, Gazetteer
from geomap.lang import lexicon
from geomap.language import TokenFacts, capitalised, token_facts, tokenizer_for
from geomap.model import Article, Mention, Sentence
from geomap.textnorm import name_key, straighten

MAX_NAME_TOKENS = 7
SENTENCE_START_WORD_ZIPF = 2.5  # an unknown capitalised first word this common is a word
RARE_WORD_ZIPF = 3.5            # rarer than this, a capitalised word before a family name is a name
# Spellings of transliterated names: French ones and the English ones GeoNames mostly has.
RESPELLINGS = (("ou", "u"), ("ss", "s"), ("tch", "ch"), ("dj", "j"), ("ch", "sh"), ("j", "zh"),
               ("ï", "y"))
# Landmark kinds whose name usually stands for the institution inside ("the White House said").
INSTITUTIONS = {"parliament", "government", "palace"}
BRAND_JOINS = {"+"}                 # not "&": "Dallas & Houston"
# What follows the town that opens a news story: "WASHINGTON (AP) —", "MALTA –".
DATELINE_MARKS = {"(", "—", "–", "-", "--", ",", ":"}
NER_PLACE_LABELS = {"LOC", "GPE"}
NER_NOT_PLACE = {"PER", "PERSON", "ORG", "MISC"}


@dataclass(frozen=True)
class _Words:
    """The [mentions] words of a language's data file (geomap/lang/*.toml), as sets."""

    sets: dict[str, frozenset[str]]
    common_word_zipf: float
    calendar: frozenset[str]            # [dates]: weekdays and months
    list_words: frozenset[str]          # [syntax]: "et", "and"
    reporting: re.Pattern               # "Moscou a dénoncé", "the Kremlin said"

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.sets[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=None)
def _words(lang: str) -> _Words:
    """The mention words of a language, read once: _words("fr").locatives."""
    lex = lexicon(lang)
    data = lex.section("mentions")
    dates = lex.section("dates")
    auxiliaries = "|".join(data["metonymy_auxiliaries"])
    verbs = "|".join(data["metonymy_verbs"])
    return _Words(
        sets={key: frozenset(value) for key, value in data.items() if isinstance(value, list)},
        common_word_zipf=float(data["common_word_zipf"]),
        calendar=frozenset(dates["weekdays"] + dates["months"]),
        list_words=frozenset(lex.section("syntax")["list_words"]),
        reporting=re.compile(rf"^\s*(?:{auxiliaries})?\s*(?:\w+\s+)?(?:{verbs})\b", re.IGNORECASE))


@dataclass
class _Span:
    start: int          # token index
    end: int            # token index, exclusive
    kind: str
    candidates: list[Candidate]
    country_hint: str = ""
    seat: bool = False  # a seat of power named for its occupants: "l'Elysée a annoncé"


class MentionFinder:
    """Finds place mentions; one instance serves many articles."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._landmark_tables: dict[str, _LandmarkTable] = {}

    def find(self, article: Article, doc: Doc, sentences: list[Sentence]) -> list[Mention]:
        lang = article.lang
        starts = _sentence_starts(doc, sentences)
        ner = _entity_labels(doc)
        spans = self._landmarks(doc, lang)
        spans += self._facilities(doc, lang, taken=_covered(spans))
        spans += self._two_word_peoples(doc, lang, taken=_covered(spans))
        people = self._surnames(doc, lang)
        spans += self._gazetteer_names(doc, lang, starts, ner, people, taken=_covered(spans))
        spans += self._ner_only(doc, lang, starts, taken=_covered(spans))
        spans += self._demonyms(doc, lang, taken=_covered(spans))
        spans += self._capitals(doc, lang, taken=_covered(spans))
        spans.sort(key=lambda s: s.start)
        sentence_of = _sentence_index(sentences)
        mentions = []
        for span in spans:
            if span.kind == "institution":      # "the parliament voted": whose?
                continue
            start, end = doc[span.start].idx, doc[span.end - 1].idx + len(doc[span.end - 1])
            label = _span_label(ner, span.start, span.end)
            mentions.append(Mention(
                start=start, end=end, text=article.text[start:end], kind=span.kind,
                sentence=sentence_of(start), ner_label=label,
                metonymic=span.seat or span.kind != "demonym" and _metonymic(article.text, end, lang),
                country_hint=span.country_hint, candidates=span.candidates,
            ))
        return mentions

    # -- the four sources -------------------------------------------------

    def _landmarks(self, doc: Doc, lang: str) -> list[_Span]:
        """Curated landmarks, matched on lower-cased words, extended by a demonym.

        Generic names ("la place centrale") are checked against the document's
        cities at resolution.
        """
        if lang not in self._landmark_tables:
            self._landmark_tables[lang] = _build_landmark_table(self.gazetteer, lang)
        table = self._landmark_tables[lang]
        words = token_facts(doc).word
        spans: list[_Span] = []
        i, size = 0, len(words)
        while i < size:
            longest = table.longest.get(words[i], 0)
            if not longest:
                i += 1
                continue
            positions = [k for k in range(i, min(i + 2 * longest, size)) if words[k]]
            match = next((n for n in range(min(longest, len(positions)), 0, -1)
                          if tuple(words[k] for k in positions[:n]) in table.names), None)
            if match is None:
                i += 1
                continue
            key = tuple(words[k] for k in positions[:match])
            end = positions[match - 1] + 1
            candidates = table.names[key]
            if all(c.at_town_point for c in candidates) and not token_facts(doc).cap[i]:
                i += 1                      # venues are names: "United Center", not "united center"
                continue
            if len(key) == 1 and not any(c.preferred for c in candidates):
                i = end                     # "airport", "parliament": too vague to map
                continue
            spatial = _after_spatial(doc, i, lang)
            seat = not spatial and all(c.kind in INSTITUTIONS for c in candidates)
            if not spatial and (not any(c.preferred for c in candidates) or seat and lang == "en"
                                and not _metonymic(doc.text, doc[end - 1].idx + len(doc[end - 1]), lang)):
                spans.append(_Span(i, end, "institution", []))  # kept from the other sources
                i = end
                continue
            hint = ""
            if end < len(doc):
                hint = self.gazetteer.demonyms.get(lang, {}).get(name_key(doc[end].text), "")
                if hint:
                    end += 1
            spans.append(_Span(i, end, "landmark", candidates, hint, seat))
            i = end
        return spans

    def _facilities(self, doc: Doc, lang: str, taken: set[int]) -> list[_Span]:
        """Named streets, buildings and sites the gazetteer lacks: "Royal Street", "rue de Rivoli".

        They are placed at the town the article is about, when it names one.
        """
        spans: list[_Span] = []
        used = set(taken)
        tokens = token_facts(doc)
        demonyms = self.gazetteer.demonyms.get(lang, {})
        longest: dict[int, int] = {}                # the longest site name at each start
        for a, b in _capitalised_runs(doc, lang, taken):
            if b - a < 2:
                continue
            last, first = tokens.lower[b - 1].rstrip("."), tokens.lower[a]
            suffixed = last in _words(lang).facility_words        # "Vancouver International Airport"
            headed = first in _words(lang).facility_heads and tokens.cap[b - 1] \
                and tokens.lower[a + 1] in _words(lang).name_connectors  # "University of Tehran"
            of_named = not (suffixed or headed) and any(    # "Guildhall School of Music"
                tokens.lower[k] in _words(lang).facility_words and tokens.lower[k + 1] == "of"
                for k in range(a + 1, b - 2))
            if not (suffixed or headed or of_named) or _longer_run_follows(doc, b, lang):
                continue
            peoples = tokens.lower[a] in demonyms and last not in _words(lang).abroad_words \
                and (b == len(tokens.lower) or tokens.lower[b] != "for")  # "American Center for"
            if peoples or _has_a_name(doc[a:b], lang):     # "British International School"
                longest[a] = b
        for a, b in sorted(longest.items()):
            if any(k in used for k in range(a, b)):
                continue
            last, first = tokens.lower[b - 1].rstrip("."), tokens.lower[a]
            elsewhere = last in _words(lang).street_words or first in _words(lang).abroad_words  # "Hampton Avenue",
            places = [] if elsewhere else self._place_in_name(doc, a, b)  # "Embassy of Armenia"
            spans.append(_Span(a, b, "facility", places))
            used.update(range(a, b))
        for a in range(len(tokens.lower) - 3):      # "the corner of State and Hubbard streets"
            end = a + 4
            if tokens.cap[a] and tokens.lower[a + 1] in ("and", "&") and tokens.cap[a + 2] \
                    and tokens.lower[a + 3] in _words(lang).street_plurals and not used & set(range(a, end)):
                spans += [_Span(a, a + 1, "facility", []), _Span(a + 2, a + 3, "facility", [])]
                used.update(range(a, end))
        if lang != "fr":
            return spans
        for i, lower in enumerate(tokens.lower):    # French: "rue de Rivoli", "place Tahrir"
            if i in used or lower not in _words(lang).facility_lower_heads:
                continue
            end = i + 1
            while end < len(doc) and (tokens.lower[end] in _words(lang).name_connectors or
                                      tokens.cap[end]) and end not in used \
                    and tokens.lower[end] not in _words(lang).list_words:    # two sites: "X et aux Y"
                end += 1
            while end > i + 1 and not tokens.cap[end - 1]:
                end -= 1
            if end > i + 1:         # "université d'Etat de Tbilissi", not "rue de Rivoli"
                places = self._place_in_name(doc, i, end) if lower in _words(lang).town_site_heads else []
                spans.append(_Span(i, end, "facility", places))
                used.update(range(i, end))
        return spans

    def _place_in_name(self, doc: Doc, a: int, b: int) -> list[Candidate]:
        """The place named inside a site's name: "Vancouver International Airport",
        "University of Nebraska", "Northeast Georgia Medical Center"."""
        english = _words("en")           # site names read as English ones
        tokens = token_facts(doc)
        spans = [(i, j) for i in range(a, b) for j in range(i + 1, b + 1)
                 if (i, j) != (a, b) and tokens.cap[i] and tokens.cap[j - 1]]
        keys = {span: _key(tokens.span_text(*span)) for span in spans}
        found = self.gazetteer.lookup(keys.values())
        for i, j in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):     # longest, then first
            if j - i == 1 and (doc[i].lower_ in english.facility_words | english.direction_words or
                               zipf_frequency(doc[i].lower_, "en") >= english.common_word_zipf):
                continue                                    # "Airport", "South", "Central"
            places = [c for c in found.get(keys[i, j], [])
                      if c.feature in ("city", "region", "country") and _strong(c)]
            if places:
                return places
        return []

    def _surnames(self, doc: Doc, lang: str) -> set[str]:
        """Family names seen after a first name ("John Bolton", "Stephon Clark"): later in the
        article, "Bolton" and "Clark" are the people.

        English only; for French the entity model tells people from places.
        """
        if lang != "en":
            return set()
        given, family = self.gazetteer.person_names["given"], self.gazetteer.person_names["family"]
        pairs: dict[str, tuple[str, str]] = {}
        for token in doc[:-1]:
            if not _capitalised(token) or not token.whitespace_ or token.text.isupper() \
                    or not token.text.replace("-", "").isalpha():
                continue
            last = doc[token.i + 1]
            if re.fullmatch(r"[A-Z]\.", last.text) and token.i + 2 < len(doc):
                last = doc[token.i + 2]             # "John F. Kennedy"
            first_key, last_key = name_key(token.text), name_key(last.text)
            if not _capitalised(last) or not last.text.replace("'", "").isalpha() \
                    or last_key in _words(lang).place_words | _words(lang).public_body_words \
                    or last.lower_.rstrip(".") in _words(lang).facility_words:
                continue
            if first_key in given or last_key in family \
                    and zipf_frequency(token.lower_, lang) < RARE_WORD_ZIPF:
                pairs[name_key(f"{token.text} {last.text}")] = (first_key, last_key)
        known = self.gazetteer.lookup([*pairs, *(k for pair in pairs.values() for k in pair)])
        return {last for pair, (first, last) in pairs.items()
                if pair not in known                                    # "Virginia Beach"
                and (first in given or _weak_name(known.get(first, ()), known.get(last, ())))}

    def _first_name(self, doc: Doc, a: int, b: int) -> bool:
        """True for a given name before a family name: "Jordan Henderson", "Chad Johnson"."""
        names = self.gazetteer.person_names
        return b - a == 1 and b < len(doc) and bool(doc[a].whitespace_) \
            and name_key(doc[a].text) in names["given"] and _capitalised(doc[b]) \
            and name_key(doc[b].text) in names["family"]

    def _gazetteer_names(self, doc: Doc, lang: str, starts: set[int], ner: list[str],
                         people: set[str], taken: set[int]) -> list[_Span]:
        """Runs of capitalised words that the gazetteer knows, longest first."""
        tokens = token_facts(doc)
        runs = list(_capitalised_runs(doc, lang, taken))
        if lang == "fr":
            runs += _french_runs(tokens, runs, taken)
        runs += [(e.start, e.end) for e in doc.ents if e.label_ in NER_PLACE_LABELS     # "République
                 and (e.start, e.end) not in runs and not any(k in taken for k in range(e.start, e.end))]  # démocratique du Congo"
        keys = {run: _key(tokens.span_text(*run)) for run in runs}
        found = self.gazetteer.lookup(keys.values())
        peoples = self.gazetteer.demonyms.get(lang, {})
        spans: list[_Span] = []
        vetoed: list[_Span] = []        # by the entity model's label only: kept if named elsewhere
        used: set[int] = set()
        longer = _longer_place_entities(doc, lang)
        for a, b in sorted(runs, key=lambda r: (r[0], -(r[1] - r[0]))):
            if any(k in used for k in range(a, b)) or _part_of_longer_name(doc, longer, a, b):
                continue
            key = keys[a, b]
            candidates = [c for c in found.get(key, ()) if c.feature != "landmark" and (
                tokens.cap[b - 1] or c.feature != "other"       # "Union européenne": no place
                or tokens.lower[b - 1] in peoples)]             # "Extrême-Orient russe"
            if not candidates:
                if b - a > 1 and tokens.lower[b - 1] in _words(lang).settlement_words \
                        and all(tokens.cap[a:b]) and not (b < len(doc) and tokens.cap[b]):
                    used.update(range(a, b))    # "Grants Town" is not Grants
                continue
            candidates += [c for c in found[key] if c.kind == "district"]  # "Jordan", Hong Kong
            country = any(c.feature == "country" and c.preferred for c in candidates)
            if key in people and not country or _speaks(doc, a, b, lang) and not any(
                    _very_strong(c) for c in candidates) or self._first_name(doc, a, b):
                used.update(range(a, b))            # "Bolton said": the man
                continue
            listed = a >= 2 and tokens.lower[a - 1] in _words(lang).list_words | {","} \
                and any(s.end == a - 1 for s in spans)          # "in London and Manchester"
            accepted = self._accept(doc, lang, a, b, candidates, starts, ner, listed)
            if accepted:
                spans.append(_Span(a, b, "toponym", candidates))
            elif set(ner[a:b]) & NER_NOT_PLACE:
                vetoed.append(_Span(a, b, "toponym", candidates))
            if accepted or b - a > 1:
                used.update(range(a, b))    # "New York Times": not "York" either
        named = {keys[s.start, s.end] for s in spans}
        ends = {s.end for s in spans}
        return spans + [s for s in vetoed
                        if keys[s.start, s.end] in named
                        or _placed_by_context(tokens, s.start, s.end, ends, _words(lang))]

    def _accept(self, doc: Doc, lang: str, a: int, b: int, candidates: list[Candidate],
                starts: set[int], ner: list[str], listed: bool = False) -> bool:
        """Gate a gazetteer match by the entity labels, case and context; a name listed
        after a place shares its locative ("in London and Manchester")."""
        words = doc[a:b].text
        if not _capitalised(doc[a]):                    # "mer Rouge", not the town
            return any(c.feature == "other" for c in candidates) or \
                doc[a].lower_ in _words(lang).place_nouns and any(   # "gouvernorat de Kasserine"
                    c.feature in ("region", "city") for c in candidates)
        letters = [ch for ch in words if ch.isalpha()]
        if len(letters) > 3 and _dateline(doc, a, b):      # "ATLANTA (AP) —"
            return any(c.feature in ("city", "region") for c in candidates)
        if b - a == 1 and doc[a].is_stop and not words.isupper():
            return False                    # "Au Caire": the model may take "Au" in
        labels = set(ner[a:b])
        if labels & NER_PLACE_LABELS:
            return True
        if labels & NER_NOT_PLACE:          # the model errs on curated regions: "Haut-Karabakh"
            return any(c.feature == "other" and c.preferred for c in candidates) or \
                labels == {"MISC"} and any(c.feature == "country" and c.preferred
                                           for c in candidates) or \
                a > 0 and doc[a - 1].lower_ in _words(lang).town_prepositions \
                and any(_strong(c) for c in candidates) \
                and not (b < len(doc) and _capitalised(doc[b]))     # "à Sanandaj", not a person
        if words.casefold() in _words(lang).calendar | _words(lang).direction_words:
            return False
        if words.casefold() in _words(lang).compass_adjectives and b < len(doc) and doc[b].is_lower:
            return False                    # "Western countries", not Western Region, Uganda
        short_name = len(letters) == 3 and words[:1].isupper() and words[1:].islower() and \
            a > 0 and doc[a - 1].lower_ in _words(lang).town_prepositions and \
            any(c.feature == "city" and _strong(c) for c in candidates)     # "in Gao"
        if len(letters) <= 3 and not short_name:    # "UK", "U.S.", "N.M.": codes in capitals,
            return (words.isupper() or _after_town_comma(doc, a)) and any(     # or after a town
                c.feature in ("country", "region", "other") and c.preferred
                and name_key(c.name) != name_key(words) for c in candidates)  # not "BA", Ba
        if words.isupper() and not any(_strong(c) for c in candidates):
            return False                    # "NATO", "MOCA": acronyms, not villages
        country = any(c.feature == "country" and c.preferred for c in candidates)
        if not country and _in_a_name(doc, a, b, lang):
            return False
        if sum(1 for t in doc[a:b] if _capitalised(t)) >= 2 and \
                (doc[b - 1].lower_ in _words(lang).place_words or any(_strong(c) for c in candidates)):
            return True                                       # "Laurel County", "New London"
        if any(_very_strong(c) for c in candidates):
            return True
        common = zipf_frequency(words.lower(), lang) >= _words(lang).common_word_zipf
        strong = any(_strong(c) for c in candidates)
        after_locative = listed or a > 0 and doc[a - 1].lower_ in _words(lang).locatives
        if a in starts or _after_opening_mark(doc, a):
            return strong and not common
        if common:                          # "in Orange", not "Fire and Police"
            return after_locative and strong and (listed or doc[a - 1].lower_ not in _words(lang).weak_locatives)
        if lang == "fr" and not strong:
            return after_locative
        return strong or after_locative

    def _ner_only(self, doc: Doc, lang: str, starts: set[int], taken: set[int]) -> list[_Span]:
        """Place entities the gazetteer does not know under this spelling ("Lougansk",
        "Nassiriya"): read under another transliteration, else left to the fallback geocoder."""
        spans = []
        for ent in doc.ents:
            if ent.label_ not in NER_PLACE_LABELS or \
                    any(k in taken for k in range(ent.start, ent.end)):
                continue
            if len(ent) == 1 and ent.start in starts and \
                    zipf_frequency(ent.text.lower(), lang) >= SENTENCE_START_WORD_ZIPF:
                continue
            while len(ent) > 1 and ent[-1].lower_ in _words(lang).calendar:
                ent = ent[:-1]                  # "Pétion-Ville dimanche": the day is no name
            if _plausible_unknown_name(ent, lang, self.gazetteer):
                spans.append(_Span(ent.start, ent.end, "toponym", self._respelled(ent.text)))
        return spans

    def _respelled(self, name: str) -> list[Candidate]:
        """Places whose name is this one in another transliteration: French "ou" for "u",
        "ss" for "s", "tch" for "ch", "dj" for "j", "j" for "zh", "ï" for "y", a final "h"
        left out, "-ie" for "-ia"."""
        key = _key(name)
        variants = {key, key.replace(" ", "")}              # "Pétion-Ville" is Pétionville
        for old, new in RESPELLINGS:
            variants |= {v.replace(old, new) for v in variants}
        variants |= {v + "h" for v in variants if v.endswith("a")}
        variants |= {v[:-2] + "ia" for v in variants if v.endswith("ie")}     # "Abkhazie"
        found = self.gazetteer.lookup(variants - {key})
        return [replace(c, fuzzy=True) for v in sorted(found) for c in found[v]
                if c.feature != "landmark"]

    def _demonyms(self, doc: Doc, lang: str, taken: set[int]) -> list[_Span]:
        table = self.gazetteer.demonyms.get(lang, {})
        continents = self.gazetteer.continent_demonyms.get(lang, {})
        spans = []
        for i, text in enumerate(token_facts(doc).text):
            if i in taken or lang == "en" and not text[:1].isupper():
                continue
            key = _key(text)
            if key in table:
                spans.append(_Span(i, i + 1, "demonym", [], table[key]))
            elif key in continents:                 # "African", "européens"
                spans.append(_Span(i, i + 1, "demonym", [continents[key]]))
        return spans

    def _two_word_peoples(self, doc: Doc, lang: str, taken: set[int]) -> list[_Span]:
        """Peoples named in two words ("Latin American", "Middle Eastern"), found before
        their second word is read as a place."""
        peoples = self.gazetteer.continent_demonyms.get(lang, {})
        first_words = {key.split()[0] for key in peoples if " " in key}
        texts = token_facts(doc).text
        spans = []
        lower = token_facts(doc).lower
        for i in range(len(texts) - 1):
            if lower[i] not in first_words or i in taken or i + 1 in taken:
                continue
            pair = _key(f"{texts[i]} {texts[i + 1]}")
            if pair in peoples and (lang == "fr" or texts[i][:1].isupper()):
                spans.append(_Span(i, i + 2, "demonym", [peoples[pair]]))
        return spans

    def _capitals(self, doc: Doc, lang: str, taken: set[int]) -> list[_Span]:
        """"la capitale" / "the capital", with a country when a demonym follows."""
        spans = []
        demonyms = self.gazetteer.demonyms.get(lang, {})
        for i, lower in enumerate(token_facts(doc).lower):
            if lower not in _words(lang).capital_words or i == 0 or i in taken:
                continue
            token = doc[i]
            if doc[token.i - 1].lower_ not in _words(lang).capital_determiners:
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            hint = demonyms.get(name_key(nxt.text), "") if nxt is not None else ""
            spans.append(_Span(token.i, token.i + 1, "capital", [], hint))
        return spans


# -- helpers -------------------------------------------------------------


_key = lru_cache(maxsize=1 << 16)(name_key)      # the same words come back in every text


@dataclass
class _LandmarkTable:
    names: dict[tuple[str, ...], list[Candidate]]
    longest: dict[str, int]         # by first word: the most words a name has


def _build_landmark_table(gazetteer: Gazetteer, lang: str) -> _LandmarkTable:
    """Landmark names as tuples of lower-cased words, as the tokenizer splits them."""
    tokenizer = tokenizer_for(lang)
    names: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    shared = gazetteer.lookup(key for key, c in gazetteer.landmarks if c.kind == "district")
    for key, candidate in gazetteer.landmarks:
        if any(c.feature != "landmark" for c in shared.get(key, ())):
            continue                # a district named like a country ("Jordan"): read as a name
        words = tuple(w for w in (_word(t) for t in tokenizer(key)) if w)
        if words:
            names[words].append(candidate)
    longest: dict[str, int] = {}
    for words in names:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return _LandmarkTable(dict(names), longest)


def _french_runs(tokens: TokenFacts, runs: list[tuple[int, int]], taken: set[int]
                 ) -> list[tuple[int, int]]:
    """French names that go on in lower case ("Arabie saoudite", "Kurdistan iranien",
    "Emirats arabes unis") or start with a lower-case head ("mer Rouge", "lac Victoria")."""
    out = []
    for a, b in runs:
        end = b
        while end < len(tokens.text) and end - b < 2 and end not in taken \
                and len(tokens.word[end]) > 2 and tokens.word[end] not in FRENCH_STOP_WORDS \
                and tokens.space_after[end - 1]:
            end += 1
            out.append((a, end))
        if a > 0 and tokens.lower[a - 1] in _words("fr").feature_heads and a - 1 not in taken:
            out.append((a - 1, b))
    return out


def _placed_by_context(tokens: TokenFacts, start: int, end: int, place_ends: set[int],
                       words: _Words) -> bool:
    """True for a name listed after a place ("à Sha Tin et Tuen Mun") or after a word for
    a place and "de" ("le quartier commerçant de Wan Chai"), and not a person's first name
    ("à Caracas, Juan Guaido")."""
    if start < 2 or end < len(tokens.cap) and tokens.cap[end]:
        return False
    before = tokens.lower[start - 1]
    return before in words.list_words and start - 1 in place_ends or before in ("de", "d'", "of") \
        and not words.place_nouns.isdisjoint(tokens.lower[max(start - 3, 0):start - 1])


def _longer_place_entities(doc: Doc, lang: str) -> dict[int, tuple[int, int]]:
    """For each token, the place entity it sits in, when that entity has a capitalised word
    of its own beyond any run inside it ("Keur Massar", "Gare de Lyon")."""
    out: dict[int, tuple[int, int]] = {}
    for ent in doc.ents:
        if ent.label_ in NER_PLACE_LABELS and len(ent) > 1:
            for k in range(ent.start, ent.end):
                out[k] = (ent.start, ent.end)
    return out


def _part_of_longer_name(doc: Doc, longer: dict[int, tuple[int, int]], a: int,
                         b: int) -> bool:
    """True when the words are only part of a longer place name the entity model found:
    "Keur" in "Keur Massar" is no town in Ireland; the whole name is read as one."""
    ent = longer.get(a)
    if ent is None or ent == (a, b) or longer.get(b - 1) != ent:
        return False
    tokens = token_facts(doc)
    return any(tokens.cap[k] and tokens.word[k] not in FRENCH_STOP_WORDS
               for k in (*range(ent[0], a), *range(b, ent[1])))


def _after_spatial(doc: Doc, i: int, lang: str) -> bool:
    """True when a spatial word comes just before token i, determiners aside."""
    for k in range(i - 1, max(i - 4, -1), -1):
        word = doc[k].lower_
        if word in _words(lang).spatial_words:
            return True
        if word not in _words(lang).determiners:
            return False
    return False


def _has_a_name(words, lang: str) -> bool:
    """True when a site's name has a word beyond common ones ("Webb Center", not "Main Street")."""
    return any(_capitalised(t) and t.lower_.rstrip(".") not in _words(lang).facility_words
               and zipf_frequency(t.lower_, lang) < _words(lang).common_word_zipf for t in words)


def _longer_run_follows(doc: Doc, b: int, lang: str) -> bool:
    """True when the name goes on ("Tower Records"): then it is no site."""
    return b < len(doc) and _capitalised(doc[b]) and doc[b - 1].whitespace_ != ""


def _word(token: Token) -> str:
    """A token's lower-cased form for landmark matching; "" for hyphens and punctuation."""
    return "" if token.is_punct or token.is_space else token.lower_


def _very_strong(c: Candidate) -> bool:
    """A candidate a capitalised word refers to whatever its context: countries, big places."""
    if c.feature == "country" or c.kind == "continent":
        return c.preferred
    if c.feature in ("region", "city"):                 # "Moscou", "Varsovie" are alternates
        return c.population >= 1_000_000
    return c.feature in ("landmark", "other") and c.preferred


def _in_a_name(doc: Doc, a: int, b: int, lang: str) -> bool:
    """True when the words sit inside a longer name: "Mr Holloway", "Paris Hilton"."""
    before = doc[a - 1] if a > 0 else None
    after = doc[b] if b < len(doc) else None
    if before is not None and before.text.rstrip(".").casefold() in _words(lang).titles:
        return True
    if after is not None and after.text in BRAND_JOINS and b + 1 < len(doc) \
            and _capitalised(doc[b + 1]) or before is not None and before.text in BRAND_JOINS \
            and a > 1 and _capitalised(doc[a - 2]):
        return True                         # "Salt + Smoke"
    glued_before = before is not None and _capitalised(before) and not before.is_sent_start \
        and not before.is_stop and before.whitespace_ and before.lower_ not in _words(lang).name_connectors \
        and (a < 2 or not doc[a - 2].is_space)
    glued_after = after is not None and _capitalised(after) and doc[b - 1].whitespace_ \
        and after.lower_ not in _words(lang).name_connectors and after.text.casefold() not in _words(lang).place_words \
        and after.lower_ not in _words(lang).public_body_words
    return glued_before or glued_after


def _strong(c: Candidate) -> bool:
    """A candidate strong enough to accept a capitalised word without more context."""
    if c.feature in ("country", "landmark"):
        return True
    if c.feature == "region":
        return c.preferred and c.population >= 50_000
    return c.population >= (15_000 if c.preferred else 100_000)


def _capitalised_runs(doc: Doc, lang: str, taken: set[int]):
    """(start, end) token ranges that start and end with a capitalised word."""
    connectors = _words(lang).name_connectors
    tokens = token_facts(doc)
    for a, cap in enumerate(tokens.cap):
        if a in taken or not cap:
            continue
        for b in range(a, min(a + MAX_NAME_TOKENS, len(doc))):
            if b in taken or tokens.space[b] or tokens.line_end[b]:
                break
            if tokens.cap[b]:
                yield a, b + 1
            elif tokens.lower[b] not in connectors:
                break


def _capitalised(token: Token) -> bool:
    return capitalised(token.text)


def _weak_name(first: Iterable[Candidate], last: Iterable[Candidate]) -> bool:
    """True when neither word of a pair is a known place: not "Salem Clark", "Blue Collar Paris"."""
    return not any(_strong(c) for c in first) and \
        not any(_very_strong(c) and c.preferred for c in last)


def _speaks(doc: Doc, a: int, b: int, lang: str) -> bool:
    """True when a speech verb follows: "Evans says", "Moore told" (not "a man from Leeds said")."""
    return b < len(doc) and doc[b].lower_ in _words(lang).speech_verbs and doc[b - 1].whitespace_ != "" \
        and not (a > 0 and doc[a - 1].lower_ in _words(lang).locatives)


def _dateline(doc: Doc, a: int, b: int) -> bool:
    """True for a town in capitals that opens a story or a line: "WASHINGTON (AP) —"."""
    if not doc[a:b].text.isupper():
        return False
    line_start = a == 0 or "\n" in doc[a - 1].text_with_ws
    marked = b < len(doc) and doc[b].text in DATELINE_MARKS
    return line_start or marked


def _after_town_comma(doc: Doc, i: int) -> bool:
    """True after a capitalised word and a comma: "Louisville, Ky.", "Charleston, W.Va"."""
    return i > 1 and doc[i - 1].text == "," and _capitalised(doc[i - 2])


def _after_opening_mark(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].text in {"«", '"', "(", ":", "–", "-", "—", "“", "'", "\n"}


def _plausible_unknown_name(span, lang: str, gazetteer: Gazetteer) -> bool:
    """An entity the gazetteer lacks is kept only if it looks like a proper name."""
    if span.text.casefold() in _words(lang).calendar | _words(lang).direction_words:
        return False
    demonyms = gazetteer.demonyms.get(lang, {})
    for token in span:
        if (_capitalised(token) and name_key(token.text) not in demonyms
                and zipf_frequency(token.lower_, lang) < _words(lang).common_word_zipf):
            return True
    return False


def _entity_labels(doc: Doc) -> list[str]:
    labels = [""] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            labels[i] = ent.label_
    return labels


def _span_label(labels: list[str], a: int, b: int) -> str:
    return next((label for label in labels[a:b] if label), "")


def _covered(spans: list[_Span]) -> set[int]:
    return {i for s in spans for i in range(s.start, s.end)}


def _sentence_starts(doc: Doc, sentences: list[Sentence]) -> set[int]:
    """Token indexes that begin a sentence."""
    tokens = token_facts(doc)
    starts = {i for i, start in enumerate(tokens.sent_start) if start}
    return starts | {bisect.bisect_left(tokens.idx, s.start) for s in sentences}


def _sentence_index(sentences: list[Sentence]):
    starts = [s.start for s in sentences]

    def index(offset: int) -> int:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    return index


def _metonymic(text: str, end: int, lang: str) -> bool:
    """A place used for its government or people: "Moscou a dénoncé", "the Kremlin said"."""
    return bool(_words(lang).reporting.match(straighten(text[end:end + 60])))
