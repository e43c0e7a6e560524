"""Sources of sites: the gazetteer's landmarks and venues ("Red Square", "United Center"),
and named streets, buildings and sites the gazetteer lacks ("Royal Street", "rue de
Rivoli"), which the resolver places at their town.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from wordfreq import zipf_frequency

from geomap.gazetteer import Candidate, Gazetteer
from geomap.language import TokenFacts, token_facts, tokenizer_for
from geomap.mentions.claims import HOLDS, Claim, View
from geomap.mentions.words import (Words, capitalised_runs, is_capitalised, key,
                                   longer_run_follows, metonymic, strong,
                                   with_plain_spellings, words)
from geomap.textnorm import name_key

# Landmark kinds whose name usually stands for the institution inside ("the White House said").
INSTITUTIONS = {"parliament", "government", "palace"}


@dataclass
class _LandmarkTable:
    names: dict[tuple[str, ...], list[Candidate]]
    longest: dict[str, int]         # by first word: the most words a name has


class Landmarks:
    """Curated landmarks and venues, matched on lower-cased words, extended by a demonym
    ("parlement biélorusse"). A seat of power that is not placed by a spatial word ("the
    parliament voted") holds its words and is no mention. Generic names ("la place
    centrale") are checked against the document's cities at resolution."""

    name = "landmarks"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._tables: dict[str, _LandmarkTable] = {}

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, lang = view.doc, view.lang
        if lang not in self._tables:
            self._tables[lang] = _build_landmark_table(self.gazetteer, lang)
        table = self._tables[lang]
        tokens = view.tokens
        found: list[Claim] = []
        i, size = 0, len(tokens.word)
        while i < size:
            longest = table.longest.get(tokens.word[i], 0)
            if not longest or i in taken:
                i += 1
                continue
            positions = [k for k in range(i, min(i + 2 * longest, size)) if tokens.word[k]]
            match = next((n for n in range(min(longest, len(positions)), 0, -1)
                          if tuple(tokens.word[k] for k in positions[:n]) in table.names), None)
            if match is None:
                i += 1
                continue
            name = tuple(tokens.word[k] for k in positions[:match])
            end = positions[match - 1] + 1
            if i > 0 and tokens.lower[i - 1] in view.words.facility_lower_heads:
                i = end                     # "l'aéroport Roland-Garros": not the stadium
                continue
            candidates = table.names[name]
            if not any(c.preferred for c in candidates) and i > 0 and tokens.cap[i - 1] \
                    and i not in view.starts:
                i += 1                      # the end of a longer name: "Gratiot County
                continue                    # Courthouse" is no Kenosha "county courthouse"
            if all(c.at_town_point for c in candidates) and not tokens.cap[i]:
                i += 1                      # venues are names: "United Center", not "united center"
                continue
            if len(name) == 1 and not (tokens.cap[i] and any(c.preferred for c in candidates)):
                i = end                     # "airport", "parliament": too vague to map; "the
                continue                    # prisons that ring the town": no Ring bridge
            spatial = _after_spatial(doc, i, lang)
            seat = not spatial and all(c.kind in INSTITUTIONS for c in candidates)
            if not spatial and (not any(c.preferred for c in candidates) or seat and lang == "en"
                                and not metonymic(tokens.doc_text,
                                                  tokens.idx[end - 1] + len(tokens.text[end - 1]),
                                                  lang)):
                found.append(Claim(i, end, HOLDS))      # kept from the other sources
                i = end
                continue
            hint = ""
            if end < len(doc):
                hint = self.gazetteer.demonyms.get(lang, {}).get(name_key(doc[end].text), "")
                if hint:
                    end += 1
            found.append(Claim(i, end, "landmark", candidates, hint, seat))
            i = end
        return found


class Sites:
    """Named streets, buildings and sites the gazetteer lacks: "Royal Street", "University
    of Tehran", "the corner of State and Hubbard streets", French "rue de Rivoli". A site
    named after a place ("Vancouver International Airport") carries that place."""

    name = "sites"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, view: View, taken: frozenset[int]) -> list[Claim]:
        doc, lang, tokens, lexicon = view.doc, view.lang, view.tokens, view.words
        found: list[Claim] = []
        used = set(taken)
        demonyms = self.gazetteer.demonyms.get(lang, {})
        longest: dict[int, int] = {}                # the longest site name at each start
        for a, b in capitalised_runs(doc, lang, taken):
            if b - a < 2:
                continue
            last, first = tokens.lower[b - 1].rstrip("."), tokens.lower[a]
            suffixed = last in lexicon.facility_words        # "Vancouver International Airport"
            headed = tokens.cap[b - 1] and (   # "Plaza San Martín", "University of Tehran",
                first in lexicon.local_site_heads or first in lexicon.facility_heads
                and tokens.lower[a + 1] in lexicon.name_connectors - lexicon.site_joins)
            #                                   not "the West Bank and Jerusalem"
            of_named = not (suffixed or headed) and any(    # "Guildhall School of Music"
                tokens.lower[k] in lexicon.facility_words and tokens.lower[k + 1] == "of"
                for k in range(a + 1, b - 2))
            if first in lexicon.local_site_heads:     # "Parque Centro America and on ..."
                b = next((k for k in range(a + 1, b) if tokens.lower[k]
                          in lexicon.site_joins | lexicon.spatial_words), b)
                if self._a_town(tokens.span_text(a, b)):
                    continue                            # "Puente Alto" is a town
            if b - a < 2 or not tokens.cap[b - 1] \
                    or not (suffixed or headed or of_named) or longer_run_follows(doc, b) \
                    or a in view.starts and not tokens.cap[a + 1] and not headed \
                    and zipf_frequency(first, lang) >= lexicon.common_word_zipf:
                continue                    # "Traffic on Division Road": the site is after "on"
            peoples = tokens.lower[a] in demonyms and last not in lexicon.abroad_words \
                and (b == len(tokens.lower) or tokens.lower[b] != "for")  # "American Center for"
            if peoples or _has_a_name(doc[a:b], lang):     # "British International School"
                longest[a] = b
        for start, stop in sorted(longest.items()):
            if any(k in used for k in range(start, stop)):
                continue
            for a, b in _joined_sites(tokens, start, stop, lexicon):
                last, first = tokens.lower[b - 1].rstrip("."), tokens.lower[a]
                if last in lexicon.facility_words and self._a_big_town(tokens.span_text(a, b)):
                    continue                # "Daytona Beach", "Menlo Park": towns
                elsewhere = last in lexicon.street_words or first in lexicon.abroad_words \
                    or first in lexicon.local_site_heads or any(     # "Hampton Avenue",
                        tokens.lower[k] in lexicon.street_words      # "Avenida Paulista",
                        - lexicon.name_abbreviations    # "Embassy of" (a "St." is a saint)
                        for k in range(a + 1, b - 1))
                places = [] if elsewhere else self._place_in_name(doc, a, b)  # Armenia",
                #                                                   "Dublin Street Bridge"
                found.append(Claim(a, b, "facility", places))
            used.update(range(start, stop))
        for a in range(len(tokens.lower) - 3):      # "the corner of State and Hubbard streets"
            end = a + 4
            if tokens.cap[a] and tokens.lower[a + 1] in ("and", "&") and tokens.cap[a + 2] \
                    and tokens.lower[a + 3] in lexicon.street_plurals and not used & set(range(a, end)):
                found += [Claim(a, a + 1, "facility"), Claim(a + 2, a + 3, "facility")]
                used.update(range(a, end))
        for i, lower in enumerate(tokens.lower):    # French: "rue de Rivoli", "place Tahrir"
            head_end = _head_end(tokens, i, lexicon.facility_lower_heads)
            before = tokens.lower[i - 1] if i > 0 else ""
            if i in used or head_end == i or before in lexicon.participle_auxiliaries \
                    or before in lexicon.indefinite_determiners \
                    and lower in lexicon.town_part_heads:
                continue                    # "ils ont marché de Jérémie aux Cayes", "dans
                #                             un quartier de Lyon": Lyon is the place
            head = lower if head_end == i + 1 else f"{lower}-{tokens.lower[i + 2]}"
            end = head_end
            while end < len(doc) and tokens.lower[end] in lexicon.site_adjectives:
                end += 1                    # "aéroport international de La Tontouta"
            named = end                     # "le Palais national": a capitalised head names it
            while end < len(doc) and (tokens.lower[end] in lexicon.name_connectors or
                                      tokens.cap[end]) and end not in used \
                    and tokens.lower[end] not in lexicon.list_words:    # two sites: "X et aux Y"
                end += 1
            while end > head_end and not tokens.cap[end - 1]:
                end -= 1
            if end == head_end and tokens.cap[i] and not tokens.sent_start[i]:
                end = _common_noun_name(doc, named, lexicon)    # "le Palais du peuple"
            if end == head_end and named > head_end and head in lexicon.generic_site_heads \
                    and i > 0 and tokens.lower[i - 1] in lexicon.generic_site_determiners:
                end = named                 # "l'aéroport international": the story town's
            if end > head_end and not (tokens.cap[i] and self._a_town(tokens.span_text(i, end))):
                #                     "université d'Etat de Tbilissi", not "rue de Rivoli";
                #                     "Port Harcourt" and "Port-de-Paix" are towns
                places = self._place_in_name(doc, i, end) if head in lexicon.town_site_heads \
                    else []
                found.append(Claim(i, end, "facility", places))
                used.update(range(i, end))
        return found

    def _a_town(self, name: str) -> bool:
        """True when the gazetteer knows the name as a town or a region."""
        return any(c.feature in ("city", "region")
                   for c in self.gazetteer.lookup([key(name)]).get(key(name), []))

    def _a_big_town(self, name: str) -> bool:
        """True when the gazetteer knows the name as a town big enough to need no context:
        "Daytona Beach" (not "Central Park", a hamlet too)."""
        return any(c.feature == "city" and strong(c)
                   for c in self.gazetteer.lookup([key(name)]).get(key(name), []))

    def _place_in_name(self, doc: Doc, a: int, b: int) -> list[Candidate]:
        """The place named inside a site's name: "Vancouver International Airport",
        "University of Nebraska", "Northeast Georgia Medical Center"."""
        english = words("en")           # site names read as English ones
        tokens = token_facts(doc)
        spans = [(i, j) for i in range(a, b) for j in range(i + 1, b + 1)
                 if (i, j) != (a, b) and tokens.cap[i] and tokens.cap[j - 1]]
        keys = {span: key(tokens.span_text(*span)) for span in spans}
        found = with_plain_spellings(self.gazetteer, keys.values())   # "Mers el-Kébir"
        for i, j in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):     # longest, then first
            word = doc[i].lower_
            if j - i == 1 and word in english.facility_words | english.direction_words \
                    | english.compass_adjectives | english.site_adjectives:
                continue                        # "Airport", "South", "Eastern", "Central"
            common = j - i == 1 and zipf_frequency(word, "en") >= english.common_word_zipf
            places = [c for c in found.get(keys[i, j], [])
                      if c.feature in ("city", "region", "country") and (
                          strong(c) or _a_county_in_full(c, tokens.span_text(i, j))) and not (
                          common and not (c.feature == "country" or c.kind == "admin1"))]
            if places:
                return places
        return []


def _a_county_in_full(c: Candidate, name: str) -> bool:
    """True for a county named in full with its county noun, however few its people: "San
    Miguel County Courthouse" is that county's, not a San Miguel's ("Belmont Hospital" says
    no more than before)."""
    county_nouns = {noun.casefold() for noun in words("en").county_plurals.values()}
    return c.kind == "admin2" and c.preferred and c.name.casefold() == name.casefold() \
        and name.rpartition(" ")[2].casefold() in county_nouns


def _joined_sites(tokens, a: int, b: int, lexicon: Words) -> list[tuple[int, int]]:
    """A site name's run split where it joins two whole site names: "Services Hospital and
    Mayo Hospital". "Bill and Melinda Gates Foundation" is one, and so is a corner: "Main
    Street and Abbey Street" (not "Main Street and the Sackville Waterfowl Park")."""
    corner = tokens.lower[b - 1].rstrip(".") in lexicon.street_words
    for k in range(a + 2, b - 2):
        left = tokens.lower[k - 1].rstrip(".")
        if tokens.lower[k] in lexicon.site_joins and left in lexicon.facility_words \
                and not (corner and left in lexicon.street_words):
            rest = k + 2 if tokens.lower[k + 1] in lexicon.determiners else k + 1
            return [(a, k), *_joined_sites(tokens, rest, b, lexicon)]
    return [(a, b)]


def _common_noun_name(doc: Doc, end: int, lexicon: Words) -> int:
    """Where a capitalised French site head's name ends when common nouns name it: "le
    Palais du peuple", "la Maison de la presse"; at ``end`` when no such noun follows."""
    k = end
    while k < len(doc) and doc[k].lower_ in lexicon.name_connectors:
        k += 1
    if end < k < len(doc) and doc[k].is_alpha and doc[k].is_lower and len(doc[k]) > 2 \
            and doc[k].lower_ not in lexicon.list_words:
        return k + 1
    return end


def _build_landmark_table(gazetteer: Gazetteer, lang: str) -> _LandmarkTable:
    """Landmark names as tuples of lower-cased words, as the tokenizer splits them."""
    tokenizer = tokenizer_for(lang)
    names: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
    shared = gazetteer.lookup(name for name, c in gazetteer.landmarks if c.kind == "district")
    for name, candidate in gazetteer.landmarks:
        if any(c.feature != "landmark" for c in shared.get(name, ())):
            continue                # a district named like a country ("Jordan"): read as a name
        lowered = tuple(w for w in (_word(t) for t in tokenizer(name)) if w)
        if lowered:
            names[lowered].append(candidate)
    longest: dict[str, int] = {}
    for lowered in names:
        longest[lowered[0]] = max(longest.get(lowered[0], 0), len(lowered))
    return _LandmarkTable(dict(names), longest)


def _word(token: Token) -> str:
    """A token's lower-cased form for landmark matching; "" for hyphens and punctuation."""
    return "" if token.is_punct or token.is_space else token.lower_


def _after_spatial(doc: Doc, i: int, lang: str) -> bool:
    """True when a spatial word comes just before token i, determiners aside."""
    for k in range(i - 1, max(i - 4, -1), -1):
        word = doc[k].lower_
        if word in words(lang).spatial_words:
            return True
        if word not in words(lang).determiners:
            return False
    return False


def _has_a_name(span, lang: str) -> bool:
    """True when a site's name has a word of its own: not a common word, nor the word for
    the site's kind at its end ("Webb Center", "Weir Street"; not "Main Street")."""
    return any(is_capitalised(t) and not (t.i == span[-1].i
                                          and t.lower_.rstrip(".") in words(lang).facility_words)
               and zipf_frequency(t.lower_, lang) < words(lang).common_word_zipf for t in span)


def _head_end(tokens: TokenFacts, i: int, heads: frozenset[str]) -> int:
    """Where a lower-case site head that starts at token i ends, a hyphenated one included
    (the tokeniser splits "rond-point" in three); i when no head starts there.

        >>> from geomap.language import tokenise
        >>> _head_end(token_facts(tokenise("le rond-point de Plainpalais", "fr")), 1,
        ...           frozenset({"rond-point"}))
        4
    """
    if tokens.lower[i] in heads:
        return i + 1
    joined = i + 2 < len(tokens.lower) and tokens.lower[i + 1] == "-" \
        and not tokens.space_after[i] and not tokens.space_after[i + 1]
    return i + 3 if joined and f"{tokens.lower[i]}-{tokens.lower[i + 2]}" in heads else i
