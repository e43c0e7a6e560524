"""Attachment: the places a trigger's clause gives its event.

The event's place is the one its clause names, not the nearest or most precise name in
the sentence: in "À Brest, ville frontalière de la Pologne, la police a dispersé un
rassemblement", the event is in Brest. Towns listed or coordinated ("à Tours et à Nice")
give one event each; a place inside another (a square in its town, a town in its
region) gives the most precise. A country or a region places an event only after a
locative word ("en Biélorussie", "dans toute la France"): "la Biélorussie a arrêté" is
a government acting, not a place.
"""

from __future__ import annotations

import re
from functools import cache

from geomap.events.syntax import SentenceSyntax
from geomap.geodesy import km
from geomap.lang import Lexicon
from geomap.model import Place, Trigger

BROAD_FEATURES = ("country", "region", "other")
SAME_SITE_KM = 30.0         # a landmark this close to a town named with it is in that town
SITES_TOGETHER_KM = 3.0     # sites this close, named in one clause, are where one crowd was
CUE_REACH = 45              # characters before a place where a cue about it may end
LIST_ASIDE_CHARS = 40       # an aside this long may stand between two places listed together
CONTAINER_GAP = 16          # "the Chinese University campus in Sha Tin": at most a word between
ARTICLES = r"(?:\s+(?:la|le|les|l'|the|des|du|de|d'|tout|toute|tous|toutes|all|of))*\s*"


def usable(place: Place) -> bool:
    """A place that can locate an event: resolved, a point, not a government by metonymy."""
    return place.lat is not None and not place.mention.metonymic and place.mention.kind != "demonym"


def clause_places(trigger: Trigger, syntax: SentenceSyntax, places: list[Place], lex: Lexicon,
                  text: str, clause: int | None = None) -> list[Place]:
    """The most precise places named in a clause (the trigger's by default) that can
    locate it, one per distinct place, in text order."""
    clause = syntax.clause_at(trigger.start).index if clause is None else clause
    located = _locating(trigger, [p for p in places if usable(p)], lex, text)
    in_clause = [p for p in located if syntax.clause_at(p.mention.start).index == clause]
    return most_precise(_framing(trigger, in_clause, lex, text) or _where_said(in_clause, lex, text))


def _framing(trigger: Trigger, places: list[Place], lex: Lexicon, text: str) -> list[Place]:
    """The places that open the coordinated part of a clause the trigger is in: in "À
    Valparaíso, des manifestants ont mis le feu à un immeuble, et à Concepción, des
    barricades ont été dressées", the barricades are in Concepción."""
    before = [p for p in places if p.mention.end <= trigger.start]
    opens = [i for i, p in enumerate(before) if _coordinated(lex).search(
        text[max(0, p.mention.start - CUE_REACH):p.mention.start].lower().replace("\u2019", "'"))]
    if not opens:
        return []
    run = [before[opens[-1]]]
    for p in before[opens[-1] + 1:]:
        if not listed(lex, text[run[-1].mention.end:p.mention.start]):
            return []                   # another place stands between: not the trigger's frame
        run.append(p)
    return run


def _where_said(places: list[Place], lex: Lexicon, text: str) -> list[Place]:
    """The first run of places listed together that a locative word introduces, else the
    first run: in "des manifestants de Minsk ont défilé à Gomel" the event is in Gomel; in
    "des commerçants de Saqqez ont fait grève", in Saqqez; in "blocked the roads to Cusco
    in solidarity with the victims in Juliaca", in Cusco; in "à Tours et à Nice", in both."""
    if any(p.feature not in BROAD_FEATURES for p in places):   # "à Batoumi, sur la mer Noire, et à
        places = [p for p in places if p.feature not in BROAD_FEATURES]    # Koutaïssi": listed
    runs: list[list[Place]] = []
    for i, p in enumerate(places):
        if runs and listed(lex, text[places[i - 1].mention.end:p.mention.start]):
            runs[-1].append(p)
        else:
            runs.append([p])
    introduced = [run for run in runs if any(_cue_before(lex, "locative", text, p.mention.start)
                                             for p in run)]    # "de la capitale, notamment à Colobane"
    broad = [run for run in introduced + runs if all(p.feature not in BROAD_FEATURES for p in run)]
    first = (broad or introduced or runs or [[]])[0]
    return first + _added(first, introduced, lex, text)


def _added(first: list[Place], introduced: list[list[Place]], lex: Lexicon, text: str
           ) -> list[Place]:
    """The runs of places that an additive word joins after the first, each after its own
    locative: "l'autoroute à Jal el-Dib, au nord de Beyrouth, ainsi que plusieurs axes à
    Tripoli et à Chtaura" adds Tripoli and Chtaura."""
    added: list[Place] = []
    end = first[-1].mention.end if first else len(text)
    for run in introduced:
        if run[0].mention.start < end or any(p.feature in BROAD_FEATURES for p in run):
            continue
        if not lex.cue("additive").search(text[end:run[0].mention.start].lower().replace("\u2019", "'")):
            break
        added += run
        end = run[-1].mention.end
    return added


def frame_places(trigger: Trigger, sentence_start: int, places: list[Place], lex: Lexicon,
                 text: str) -> list[Place]:
    """The places a sentence (or the part of it after a colon) opens with, which frame all
    of it: "À Naypyidaw, la capitale administrative, la police a interpellé ...", "In Leeds
    and Bristol, ...", "Le mouvement s'est étendu : à Batoumi et à Koutaïssi, ..."."""
    part = max([sentence_start, *(sentence_start + i + 1 for i, ch in
                                  enumerate(text[sentence_start:trigger.start]) if ch in ":;")])
    ordered = sorted((p for p in places if usable(p) and p.mention.start >= part),
                     key=lambda p: p.mention.start)
    if not ordered:
        return []
    opening = text[part:ordered[0].mention.start].lower().replace("\u2019", "'")
    if not _opening(lex).fullmatch(opening):
        return []
    framed = [ordered[0]]
    for p in ordered[1:]:
        if not listed(lex, text[framed[-1].mention.end:p.mention.start]):
            break
        framed.append(p)
    return most_precise(_locating(trigger, framed, lex, text))


def most_precise(places: list[Place]) -> list[Place]:
    """Drop the places that hold a more precise one: the country or region of a town, the
    town of a landmark named with it; keep one of the sites of a town named together ("la
    foule a envahi la Grande Poste et la place Maurice-Audin": one crowd), while towns and
    districts named together are one event each; then one place per distinct place."""
    precise = [p for p in places if p.feature not in BROAD_FEATURES]
    # "along Nathan Road", placed at its town, gives way to the town named with it; "à
    # Colobane" (a quarter of Dakar) does not give way to Kaolack, named after it
    precise = [p for p in precise if not p.approximate or not any(
        not q.approximate and _km(p, q) <= SAME_SITE_KM for q in precise)]
    if precise:
        sites = [p for p in precise if is_site(p)]
        places = [p for p in precise if p in sites or not any(
            _km(p, m) <= SAME_SITE_KM for m in sites)]
        places = [p for i, p in enumerate(places) if not is_site(p) or not any(
            is_site(q) and _km(p, q) <= SITES_TOGETHER_KM for q in places[:i])]
    kept: dict[object, Place] = {}
    for p in places:
        kept.setdefault(place_key(p), p)
    return sorted(kept.values(), key=lambda p: p.mention.start)


def is_site(place: Place) -> bool:
    """A landmark with a point of its own that is not a district: a square, a building."""
    return place.feature == "landmark" and not place.approximate and place.site_kind != "district"


def place_key(place: Place) -> object:
    """What makes two places the same place: the point, whatever names it ("Avenida Paulista"
    placed at São Paulo's point is São Paulo's, as ACLED codes it), a country apart."""
    return (round(place.lat or 0.0, 3), round(place.lon or 0.0, 3), place.feature == "country")


def _locating(trigger: Trigger, places: list[Place], lex: Lexicon, text: str) -> list[Place]:
    """The places that can locate the trigger's event. What rules out a place rules out
    the places listed after it: "partis de Niš et de Kragujevac"."""
    ordered = sorted(places, key=lambda p: p.mention.start)
    kept = []
    ruled_out = False
    for i, place in enumerate(ordered):
        if i == 0 or not listed(lex, text[ordered[i - 1].mention.end:place.mention.start]):
            ruled_out = False
        ruled_out = ruled_out or _elsewhere(place, trigger, lex, text)
        if ruled_out or not _places_events(place, ordered, lex, text):
            continue
        kept.append(place)
    return kept


def _elsewhere(place: Place, trigger: Trigger, lex: Lexicon, text: str) -> bool:
    """A place named as where people come from, where a group sits, beyond which an event
    is, or as a side: "venus de Belgrade", "ONG basée à Oslo", "au-delà de la capitale",
    "hostiles à Pékin"."""
    start = place.mention.start
    if not trigger.keeps_origin and _cue_before(lex, "origin", text, start):
        return True
    return _cue_before(lex, "elsewhere", text, start) or _cue_before(lex, "seat", text, start) \
        or _seat_after(lex, text, place.mention.end)


def _places_events(place: Place, places: list[Place], lex: Lexicon, text: str) -> bool:
    """False for a country or region not after a locative word ("la Biélorussie a arrêté"
    is a government acting) or at a road's far end ("the highway to Uganda"), a capital
    described in apposition ("Rangoun, la capitale économique"), and a town named as the
    container of a site before it ("the campus in Sha Tin")."""
    start = place.mention.start
    if place.feature in BROAD_FEATURES and (
            not _cue_before(lex, "locative", text, start)
            and not _cue_before(lex, "site_of", text, start)
            or _cue_before(lex, "road_end", text, start)):      # "the highway to Uganda"
        return False
    if place.mention.kind == "capital" and _apposed(place, places, text):
        return False
    return not _contains_site_before(place, places, lex, text)


def _contains_site_before(place: Place, places: list[Place], lex: Lexicon, text: str) -> bool:
    for other in places:
        gap = text[other.mention.end:start] if (start := place.mention.start) > other.mention.end else None
        if gap is not None and len(gap) <= CONTAINER_GAP and _container_gap(lex).fullmatch(gap.lower()) \
                and not listed(lex, gap) \
                and other.lat is not None and _km(other, place) <= SAME_SITE_KM:
            return True
    return False


def listed(lex: Lexicon, gap: str) -> bool:
    """True when the text between two places lists them together: ", ", " et à ", or a
    short aside and then one ("à Batoumi, sur la mer Noire, et à Koutaïssi")."""
    gap = gap.lower()
    pattern = _list_gap(lex)
    if pattern.fullmatch(gap):
        return True
    if len(gap) > LIST_ASIDE_CHARS or not gap.lstrip().startswith(","):
        return False
    return any(pattern.fullmatch(gap[i:]) for i in range(1, len(gap)) if gap[i] == ",")


@cache
def _list_gap_cache(lang: str, words_: tuple[str, ...], prepositions: tuple[str, ...],
                    counts: tuple[str, ...]) -> re.Pattern:
    joined = "|".join(sorted(map(re.escape, words_), key=len, reverse=True))
    preps = "|".join(sorted(map(re.escape, prepositions), key=len, reverse=True))
    numbers = "|".join(counts)
    return re.compile(rf"\s*(?:,|,?\s*(?:{joined}))(?:\s+(?:{joined}))?\s*(?:(?:{numbers})\s+)?"
                      rf"(?:(?:{preps})(?:(?=\s)|(?<=')))?{ARTICLES}")


def _list_gap(lex: Lexicon) -> re.Pattern:
    """What stands between two places listed together: ", ", " et à ", " and ", " et trois à "."""
    data = lex.section("syntax")
    return _list_gap_cache(lex.lang, tuple(data["list_words"]), tuple(data["list_prepositions"]),
                           tuple(data["list_counts"]))


@cache
def _opening_cache(lang: str, pattern: str) -> re.Pattern:
    return re.compile(rf"\s*(?:{pattern}){ARTICLES}")


def _opening(lex: Lexicon) -> re.Pattern:
    """A sentence's opening words before its first place: "À ", "In the "."""
    return _opening_cache(lex.lang, lex.cue("locative").pattern)


@cache
def _container_cache(lang: str, pattern: str) -> re.Pattern:
    return re.compile(rf"(?:\s+\w+)?\s+(?:{pattern}){ARTICLES}|\s*,\s*")


@cache
def _coordinated_cache(lang: str, joins: tuple[str, ...], pattern: str) -> re.Pattern:
    joined = "|".join(sorted(map(re.escape, joins), key=len, reverse=True))
    return re.compile(rf"[,;]\s*(?:{joined})\s+(?:{pattern}){ARTICLES}$")


def _coordinated(lex: Lexicon) -> re.Pattern:
    """A coordinated part of a clause opening on a place: ", et à ", "; and in "."""
    return _coordinated_cache(lex.lang, tuple(lex.section("syntax")["coordinating_words"]),
                              lex.cue("locative").pattern)


def _container_gap(lex: Lexicon) -> re.Pattern:
    """Between a site and its town: " campus in ", " à ", ", "."""
    return _container_cache(lex.lang, lex.cue("locative").pattern)


def _cue_before(lex: Lexicon, cue: str, text: str, start: int) -> bool:
    before = text[max(0, start - CUE_REACH):start].lower().replace("\u2019", "'")
    return bool(_ending(lex, cue).search(before))


@cache
def _ending_cache(lang: str, cue: str, pattern: str) -> re.Pattern:
    return re.compile(f"(?:{pattern}){ARTICLES}$")


def _ending(lex: Lexicon, cue: str) -> re.Pattern:
    """The cue's pattern anchored at the end of the text before a place."""
    return _ending_cache(lex.lang, cue, lex.cue(cue).pattern)


def _seat_after(lex: Lexicon, text: str, end: int) -> bool:
    """"an Oslo-based group": the seat cue right after the place."""
    after = text[end:end + 12].lower()
    return bool(lex.cue("seat").match(after)) and after.startswith("-")


def _apposed(place: Place, places: list[Place], text: str) -> bool:
    """A place right after another and a comma describes it: "Rangoun, la capitale"."""
    start = place.mention.start
    return any(0 <= start - other.mention.end <= 8 and text[other.mention.end:start].lstrip()
               .startswith(",") for other in places if other is not place)


def _km(a: Place, b: Place) -> float:
    return km(a.lat, a.lon, b.lat, b.lon)
