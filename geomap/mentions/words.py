"""What the mention sources share: the [mentions] words of a language and the tests on
words and gazetteer candidates that more than one source applies.

    >>> words("fr").locatives >= {"à", "dans"}
    True
    >>> key("Nijni-Novgorod") == key("nijni novgorod")
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from geomap.gazetteer import Candidate, Gazetteer
from geomap.lang import lexicon
from geomap.language import DASHES, capitalised, token_facts
from geomap.textnorm import name_key, straighten, strip_accents


@dataclass(frozen=True)
class Words:
    """The [mentions] words of a language's data file (geomap/lang/*.toml), as sets."""

    sets: dict[str, frozenset[str]]
    common_word_zipf: float
    sentence_start_word_zipf: float
    rare_word_zipf: float
    max_name_words: int
    respellings: tuple[tuple[str, str], ...]
    contracted_articles: dict[str, str]  # "au" -> "le": "au Havre" is Le Havre
    county_plurals: dict[str, str]      # [resolution]: "counties" -> "County"
    calendar: frozenset[str]            # [dates]: weekdays and months; feasts
    list_words: frozenset[str]          # [syntax]: "et", "and"
    reporting: re.Pattern               # "Moscou a dénoncé", "the Kremlin said"
    list_gap: re.Pattern                # between two places listed: ", ainsi que de"
    municipal_body: re.Pattern          # after a town's name: "Athens police", "a Chapin man"
    mission_before: re.Pattern          # before a mission's owner: "l'ambassade de "
    mission_after: re.Pattern           # after it: " Embassy", "'s consulate"
    residents_before: re.Pattern        # before a quarter, its people: "des habitants de "
    appositive: re.Pattern              # after a place's name: ", a village in", ", une localité du"

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.sets[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=None)
def words(lang: str) -> Words:
    """The mention words of a language, read once: words("fr").locatives."""
    lex = lexicon(lang)
    data = lex.section("mentions")
    dates = lex.section("dates")
    auxiliaries = "|".join(data["metonymy_auxiliaries"])
    verbs = "|".join(data["metonymy_verbs"])
    syntax = lex.section("syntax")
    listed = "|".join(map(re.escape, syntax["list_words"]))
    prepositions = "|".join(map(re.escape, syntax["list_prepositions"]))
    bodies = "|".join(data["municipal_bodies"]) or "(?!x)x"
    missions = "|".join(map(re.escape, data["abroad_words"]))
    residents = "|".join(map(re.escape, lex.section("resolution")["quarter_residents"])) \
        or "(?!x)x"
    links = "|".join(map(re.escape, sorted(data["abroad_owner_links"], key=len, reverse=True)))
    articles = "|".join(map(re.escape, data["appositive_articles"])) or "(?!x)x"
    appositives = "|".join(map(re.escape, data["appositive_nouns"])) or "(?!x)x"
    place_links = "|".join(map(re.escape, data["locatives"]))
    return Words(
        sets={name: frozenset(value) for name, value in data.items()
              if isinstance(value, list) and all(isinstance(v, str) for v in value)},
        common_word_zipf=float(data["common_word_zipf"]),
        sentence_start_word_zipf=float(data["sentence_start_word_zipf"]),
        rare_word_zipf=float(data["rare_word_zipf"]),
        max_name_words=int(data["max_name_words"]),
        respellings=tuple((old, new) for old, new in data["respellings"]),
        contracted_articles=dict(data["contracted_articles"]),
        county_plurals=dict(lex.section("resolution")["county_plurals"]),
        calendar=frozenset(dates["weekdays"] + dates["months"] + data["feast_names"]),
        list_words=frozenset(syntax["list_words"]),
        reporting=re.compile(rf"^\s*(?:{auxiliaries})?\s*(?:\w+\s+)?(?:{verbs})\b", re.IGNORECASE),
        list_gap=re.compile(rf"\s*(?:,|,?\s*(?:{listed})\b)\s*(?:(?:{prepositions})(?:\s+|(?<=')))?"),
        municipal_body=re.compile(rf"\s+(?:{bodies})\b", re.IGNORECASE),
        mission_before=re.compile(rf"\b(?:{missions})s?\s+(?:{links})(?:\s+|(?<='))$",
                                  re.IGNORECASE),
        mission_after=re.compile(rf"(?:'s)?\s+(?:{missions})\b", re.IGNORECASE),
        residents_before=re.compile(rf"\b(?:{residents})\s*$", re.IGNORECASE),
        appositive=re.compile(rf",\s+(?:{articles})\s+(?:[\w-]+\s+)?(?:{appositives})"
                              rf"(?=\s*[,.;:)]|\s+(?:{place_links})(?![\w']))"))


key = lru_cache(maxsize=1 << 16)(name_key)      # the same words come back in every text


def is_capitalised(token: Token) -> bool:
    return capitalised(token.text)


def capitalised_runs(doc: Doc, lang: str, taken: set[int] | frozenset[int]):
    """(start, end) token ranges that start and end with a capitalised word."""
    connectors = words(lang).name_connectors
    abbreviations = words(lang).name_abbreviations
    tokens = token_facts(doc)
    for a, cap in enumerate(tokens.cap):
        if a in taken or not cap:
            continue
        for b in range(a, min(a + words(lang).max_name_words, len(doc))):
            if b in taken or tokens.space[b] or tokens.line_end[b] \
                    or b > a and tokens.text[b] in DASHES and doc[b - 1].whitespace_:
                break                   # "BANDON - The Bridge Street": a dateline's dash
            if tokens.cap[b]:
                yield a, b + 1
            elif tokens.lower[b] not in connectors and not (
                    tokens.text[b] == "." and b > a and tokens.lower[b - 1] in abbreviations) \
                    and not _hyphen_bound(doc, b):
                break                                   # "ST. PAUL" goes on after its "."


def _hyphen_bound(doc: Doc, b: int) -> bool:
    """True for a lower-case word hyphened on both sides inside a name, in any language:
    "Lot-et-Garonne", "Stratford-upon-Avon"."""
    return 0 < b < len(doc) - 1 and doc[b - 1].text in DASHES and doc[b + 1].text in DASHES \
        and not doc[b - 1].whitespace_ and not doc[b].whitespace_


def longer_run_follows(doc: Doc, b: int) -> bool:
    """True when a name goes on after token b ("Tower Records", "Coldwater River
    Authority"): the words so far are no site or feature of their own."""
    return b < len(doc) and is_capitalised(doc[b]) and doc[b - 1].whitespace_ != ""


def strong(c: Candidate) -> bool:
    """A candidate strong enough to accept a capitalised word without more context."""
    if c.feature in ("country", "landmark"):
        return True
    if c.feature == "region":
        return c.preferred and c.population >= 50_000
    return c.population >= (15_000 if c.preferred else 100_000)


# The places a capitalised compass word or "Metro" may name a part of ("South Philadelphia",
# "North West England"): towns this big, and countries and states bigger than this.
PART_TOWN_POPULATION = 100_000
PART_LAND_POPULATION = 1_000_000


def big_enough_for_parts(c: Candidate) -> bool:
    """A place big enough that news names its parts by compass words: Philadelphia, not
    Side (Turkey) in "the West Side", nor Jersey in "South Jersey"."""
    if c.feature == "city":
        return c.preferred and c.population >= PART_TOWN_POPULATION
    return c.preferred and c.population >= PART_LAND_POPULATION and (
        c.feature == "country" or c.kind in ("admin1", "continent"))


def very_strong(c: Candidate) -> bool:
    """A candidate a capitalised word refers to whatever its context: countries, big places."""
    if c.feature == "country" or c.kind == "continent":
        return c.preferred
    if c.feature in ("region", "city"):                 # "Moscou", "Varsovie" are alternates
        return c.population >= 1_000_000
    return c.feature in ("landmark", "other") and c.preferred


def metonymic(text: str, end: int, lang: str) -> bool:
    """A place used for its government or people: "Moscou a dénoncé", "the Kremlin said"."""
    return bool(words(lang).reporting.match(straighten(text[end:end + 60])))


def owns_a_mission(text: str, start: int, end: int, lang: str) -> bool:
    """A country named as the owner of an embassy or consulate, which stands abroad:
    "l'ambassade des États-Unis", "the U.S. Embassy", "the Russian consulate"."""
    lexicon = words(lang)
    return bool(lexicon.mission_before.search(straighten(text[max(0, start - 40):start]))
                or lexicon.mission_after.match(straighten(text[end:end + 30])))


def with_plain_spellings(gazetteer: Gazetteer, keys) -> dict[str, list[Candidate]]:
    """The candidates of each key, or of its spelling without accents when it has none: the
    French press writes "Fériana", "Ténenkou" where GeoNames has "Feriana", "Tenenkou"."""
    keys = set(keys)
    plain = {k: strip_accents(k) for k in keys}
    found = gazetteer.lookup(keys | {p for k, p in plain.items() if p != k})
    return {k: found.get(k) or found.get(plain[k], []) for k in keys
            if found.get(k) or found.get(plain[k])}
