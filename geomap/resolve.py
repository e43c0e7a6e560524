"""Stage 2: resolve each mention to a place, using the document's context.

Each candidate from the gazetteer gets a score from:
- its feature type (a country name is usually the country) and population;
- whether the name is its main name or a minor alternate;
- the countries the document is about (countries named, demonyms, unambiguous towns);
- its neighbours: "Portland, Oregon", "à Brest, dans le Finistère";
- the other places named: readings close to them, or to one reading of another name;
- for landmarks: whether their city or country is in the document.
Names the gazetteer does not know are listed as lookups for the fallback geocoder,
which answers them later in one serial pass (geocoder.geocode_pass): no network here.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from geomap.gazetteer import Candidate, Gazetteer
from geomap.geocoder import Lookup
from geomap.model import Article, Mention, Place
from geomap.textnorm import LIST_GAP, name_key

NEIGHBOUR_CHARS = 40
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
PARAGRAPH_SHARE = 0.3           # weight of the paragraph's own countries in a mention's focus
# What may stand between a place and the region or country that holds it.
NEIGHBOUR_GAP = re.compile(
    r"[\s,(]*(?:(?:in|of|near|outside|dans|près|de|du|des|en|au|aux|le|la|les|l'|"
    r"région|province|state|county|département)[\s,(]*)*", re.IGNORECASE)
SITE_TOWN_GAP = re.compile(r"[\s,]*(?:(?:in|at|near|à|au|dans)(?: the| la| le| l')?)?[\s,]*",
                           re.IGNORECASE)
COHERENCE_STEPS = ((50.0, 4.0), (150.0, 3.0), (400.0, 2.0), (1000.0, 1.0))   # km, bonus
CONTAINED = 1.5                 # bonus for a reading inside another name's reading, or around it
SUPPORT_STEPS = ((30.0, 2.0), (100.0, 0.5))     # km, bonus per other name read nearby
SUPPORT_CAP = 4.0
REGIONAL_SEAT = 3.5             # a region named after its town yields to it ("Grodno")
SEAT_EXCEPTIONS = {"US"}        # where a bare state name means the state: "New York"
SMALL_NAMESAKE = 3.0            # a small town named like a big region yields to it
NAMESAKE_SHARE = 0.001
SHORT_COUNTY = 2.0              # a county named without "County" yields to a town of that name
CAPITAL_NAMESAKE = 2.0          # a town under 100,000 named like a capital of a million
BIG_CAPITAL = 1_000_000
DATELINE_CITY = 3.0
DATELINE_CHARS = 40             # a dateline opens the story
SENTENCE_COUNTRY = 3.0          # bonus for readings in a country the sentence names
HOME_REGION = 8.0               # bonus for the region of a local story's dateline
DISTRICT_IN_TOWN = 8.0          # a district of a town the article names
SAME_TOWN_KM = 50.0             # a landmark this close to a town named with it is in it
MUNICIPAL = 3.0                 # bonus for towns, for a name followed by a town's body
MUNICIPAL_BODY = re.compile(r"\s+(?:police|city council|city hall|city manager|city schools|"
                            r"fire department|public schools|school district|mayor|"
                            r"independent school district|board of education|township)\b",
                            re.IGNORECASE)             # bonus for towns, for a name in capitals
COUNTIES = 8.0                  # bonus for counties, for "Anderson and Cherokee counties"
COUNTIES_AFTER = re.compile(r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'-]*)*\s+(?:counties|parishes)\b")
_FEATURE_PRIOR = {"country": 6.0, "region": 2.0, "city": 1.5, "landmark": 3.0, "other": 9.0}
POPULATION_WEIGHT = 0.8         # score per tenfold population


@dataclass
class Resolution:
    """What stage 2 hands on: toponyms resolved (or not), and demonyms."""

    places: list[Place]
    demonyms: list[Place]
    lookups: list[tuple[Place, Lookup]] = field(default_factory=list)   # for the geocoder
    pending: bool = False          # a geocoder error left a name to try again later


class Resolver:
    """Resolves mentions; one instance serves many articles."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def resolve(self, article: Article, mentions: list[Mention]) -> Resolution:
        focuses = self._focuses(article.text, mentions)
        context = _Context(article.text, mentions)
        neighbours = {i: _neighbours(mentions, i, article.text) for i in range(len(mentions))}
        names = {i: m for i, m in enumerate(mentions) if m.kind == "toponym" and m.candidates}
        readings = {i: self._ranked(m, focuses[i], neighbours[i], [], context, support=False)
                    [0][1] for i, m in names.items()}                   # first guesses
        landmarks = {i: self._landmark(m, focuses[i], context) for i, m in enumerate(mentions)
                     if m.kind == "landmark"}
        names.update((i, mentions[i]) for i, found in landmarks.items() if found)
        readings.update((i, found[0]) for i, found in landmarks.items() if found)
        toponyms = self._one_reading_per_name(mentions, focuses, neighbours,
                                              lambda m: _anchors(readings, names, m), context)
        resolved: dict[int, Place | None] = {}
        demonyms: list[Place] = []
        lookups: list[tuple[Place, Lookup]] = []
        for i, mention in enumerate(mentions):      # sites last: they lean on the towns
            if mention.kind == "demonym" and mention.candidates:      # "African"
                demonyms.append(_place(mention, mention.candidates[0], 0.9, "demonym"))
            elif mention.kind == "demonym":
                demonyms.append(self._country_place(mention, mention.country_hint, "demonym"))
            elif mention.kind == "capital":
                resolved[i] = self._capital(mention, focuses[i])
            elif mention.kind == "landmark" and landmarks[i]:
                town = None if self._names_its_country(mention, landmarks[i][0], article.lang) \
                    else _other_town(mention, landmarks[i][0], mentions, toponyms)
                resolved[i] = _at_town(mention, town) if town else \
                    _place(mention, *landmarks[i], "landmarks")
            elif mention.kind in ("landmark", "facility"):
                continue
            elif mention.candidates:
                resolved[i] = toponyms[i]
            else:
                resolved[i] = _unresolved(article, mention, focuses[i], lookups)
        for i, mention in enumerate(mentions):
            if mention.kind == "facility" or mention.kind == "landmark" and not landmarks[i]:
                if mention.kind == "landmark":      # a generic name far from its town
                    mention = replace(mention, candidates=[])
                town = _town_for_site(mentions, i, resolved, article.text)
                resolved[i] = self._facility(mention, focuses[i],
                                             _anchors(readings, names, mention), context, town)
                if resolved[i].lat is None:
                    resolved[i] = _unresolved(article, mention, focuses[i], lookups)
        places = [resolved[i] for i in sorted(resolved) if resolved[i] is not None]
        return Resolution(places, demonyms, lookups)

    def _facility(self, mention: Mention, focus: dict[str, float], anchors: list[Candidate],
                  context: _Context, town: Place | None) -> Place:
        """A street or building: at the town named with it, in its name, or in its context."""
        if mention.candidates:              # "Vancouver International Airport"
            _, best = self._ranked(mention, focus, [], anchors, context)[0]
            if _coherence(best, anchors) > 0 or best.feature == "country" \
                    or focus.get(best.country_code, 0.0) >= 0.5:
                if town is None or town.feature != "city" or town.source == "context":
                    return _at_town(mention, _place(mention, best, 0.5, "gazetteer"))
        if town is None:
            return Place(mention=mention, feature="landmark")
        return _at_town(mention, town)

    def _names_its_country(self, mention: Mention, landmark: Candidate, lang: str) -> bool:
        """True for a landmark named with its country's people: "British parliament",
        "parlement biélorusse" is that one, whatever town the sentence names."""
        demonyms = self.gazetteer.demonyms.get(lang, {})
        return any(demonyms.get(name_key(word)) == landmark.country_code
                   for word in mention.text.split())

    def _focuses(self, text: str, mentions: list[Mention]) -> list[dict[str, float]]:
        """Each mention's country focus: the article's, blended with its paragraph's
        (a news digest moves from country to country)."""
        breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(text)]
        paragraph = [bisect.bisect_right(breaks, m.start) for m in mentions]
        article = self.country_focus(mentions)
        local = {p: self.country_focus([m for m, q in zip(mentions, paragraph) if q == p])
                 for p in set(paragraph)}
        return [{code: (1 - PARAGRAPH_SHARE) * article.get(code, 0.0)
                 + PARAGRAPH_SHARE * local[p].get(code, 0.0)
                 for code in article.keys() | local[p].keys()} for p in paragraph]

    def country_focus(self, mentions: list[Mention]) -> dict[str, float]:
        """Share of the document's attention for each country code. A government that
        speaks ("Moscou a dénoncé", "le Kremlin a dit") draws none: it is not where the
        story happens."""
        votes: Counter[str] = Counter()
        ambiguous: set[str] = set()
        for m in mentions:
            if m.metonymic:
                continue
            if m.kind == "demonym" and m.country_hint:
                votes[m.country_hint] += 1.0
                continue
            codes = {c.country_code for c in m.candidates}
            countries = [c for c in m.candidates if c.feature == "country" and c.preferred]
            rivals = [c for c in m.candidates if c.feature in ("region", "city") and c.preferred
                      and c.population >= 1_000_000]
            if countries and not rivals:        # "Georgia" may be the US state: no vote
                votes[max(countries, key=lambda c: c.population).country_code] += 2.0
            elif countries:
                continue
            elif len(codes) == 1:
                votes[codes.pop()] += 1.0
            elif m.candidates and name_key(m.text) not in ambiguous:    # once per name
                ambiguous.add(name_key(m.text))     # for the biggest place that bears it
                top = max(m.candidates, key=lambda c: (c.preferred, c.population))
                votes[top.country_code] += 0.3
        total = sum(votes.values())
        return {code: n / total for code, n in votes.items()} if total else {}

    # -- by kind of mention ------------------------------------------------

    def _ranked(self, mention: Mention, focus: dict[str, float], neighbours: list[Mention],
                anchors: list[Candidate], context: _Context, support: bool = True
                ) -> list[tuple[float, Candidate]]:
        """The mention's candidates with their scores, best first. A district ("Jordan" in
        Hong Kong) is a candidate only in an article that names its town."""
        after_seat = _named_after_seat(mention.candidates)
        namesakes = _namesake_penalties(mention.candidates)
        municipal = bool(MUNICIPAL_BODY.match(context.text, mention.end))
        countries = set() if any(c.feature in ("country", "other") and c.preferred
                                 for c in mention.candidates) \
            else context.sentence_countries.get(mention.sentence, set())
        counties = bool(COUNTIES_AFTER.match(context.text, mention.end))
        scored = [(self._score(c, focus, neighbours) + _coherence(c, anchors)
                   - (REGIONAL_SEAT if c.id in after_seat else 0.0)
                   - namesakes.get(c.id, 0.0)
                   + (MUNICIPAL if municipal and c.feature == "city" else 0.0)
                   + (COUNTIES if counties and c.kind == "admin2" else 0.0)
                   + (context.support(c, mention) if support else 0.0)
                   + (DISTRICT_IN_TOWN if c.feature == "landmark" else 0.0)
                   + (DATELINE_CITY if c.feature == "city" and _in_capitals(mention) else 0.0)
                   + (SENTENCE_COUNTRY if c.country_code in countries and c.id not in namesakes
                      else 0.0)
                   + (HOME_REGION if c.kind == "admin1"
                      and (c.country_code, c.admin1) == context.home else 0.0), c)
                  for c in mention.candidates
                  if c.feature != "landmark" or (c.city or "").casefold() in context.cities]
        return sorted(scored, key=lambda sc: (sc[0], sc[1].population), reverse=True)

    def _one_reading_per_name(self, mentions: list[Mention], focuses: list[dict[str, float]],
                              neighbours: dict[int, list[Mention]],
                              anchors: Callable[[Mention], list[Candidate]],
                              context: _Context) -> dict[int, Place]:
        """Read every toponym; a name keeps one reading through the article, the one its
        mentions score best together ("Paris, Texas" settles the later "Paris"), except
        where a neighbour settles it there ("Tbilisi, Georgia" and "Atlanta, Georgia")."""
        groups: dict[str, list[int]] = defaultdict(list)
        totals: dict[str, Counter[int]] = defaultdict(Counter)
        by_id: dict[int, Candidate] = {}
        readings = {}
        for i, m in enumerate(mentions):
            if m.kind != "toponym" or not m.candidates:
                continue
            name = name_key(m.text)
            ranked = self._ranked(m, focuses[i], neighbours[i], anchors(m), context)
            for score, c in ranked:
                totals[name][c.id] += score
                by_id[c.id] = c
            if neighbours[i]:
                region = _unknown_town_region(m, neighbours[i])
                readings[i] = _in_region(m, region) if region else \
                    _place(m, ranked[0][1], _confidence(ranked), "gazetteer")
            else:
                groups[name].append(i)
        for name, members in groups.items():
            together = sorted(((score / len(members), by_id[key])
                               for key, score in totals[name].items()),
                              key=lambda sc: (sc[0], sc[1].population), reverse=True)
            for i in members:
                readings[i] = _place(mentions[i], together[0][1], _confidence(together),
                                     "gazetteer")
        return readings

    def _score(self, c: Candidate, focus: dict[str, float], neighbours: list[Mention]) -> float:
        score = _FEATURE_PRIOR[c.feature] + POPULATION_WEIGHT * math.log10(c.population + 1)
        score += 2.0 if c.preferred else 0.0
        score += 5.0 * focus.get(c.country_code, 0.0)
        score += 1.5 if c.capital else 0.0
        if c.feature == "country" and not c.preferred:
            score -= 4.0
        for n in neighbours:                # "McLean, Virginia": each reads the other
            if any(_contains(other, c) or _contains(c, other) for other in n.candidates):
                score += 8.0
                break
        return score

    def _landmark(self, mention: Mention, focus: dict[str, float],
                  context: _Context) -> tuple[Candidate, float] | None:
        """A landmark and its confidence; a generic one ("la place centrale") only in its own
        city or country."""
        best, best_score = None, -1.0
        for c in mention.candidates:
            in_city = (c.city or "").casefold() in context.cities
            score = 2.0 * in_city + focus.get(c.country_code, 0.0) + (0.5 if c.preferred else 0.0)
            if not c.preferred and not in_city:    # "City Hall": whose?
                continue
            if mention.country_hint and c.country_code != mention.country_hint:
                continue
            if score > best_score:
                best, best_score = c, score
        if best is None:
            return None
        return best, min(0.6 + 0.15 * best_score, 0.99)

    def _capital(self, mention: Mention, focus: dict[str, float]) -> Place | None:
        code = mention.country_hint or (max(focus, key=focus.get) if focus else "")
        capital = self.gazetteer.capitals.get(code)
        if capital is None:
            return None
        return _place(mention, capital, 0.8 if mention.country_hint else 0.6, "gazetteer")

    def _country_place(self, mention: Mention, code: str, source: str) -> Place:
        country = self.gazetteer.countries.get(code)
        return Place(mention=mention, name=country.name if country else code,
                     lat=country.lat if country else None, lon=country.lon if country else None,
                     country_code=code, feature="country", confidence=0.9, source=source,
                     gazetteer_id=country.id if country else None)



def _unresolved(article: Article, mention: Mention, focus: dict[str, float],
                lookups: list[tuple[Place, Lookup]]) -> Place:
    """A place the gazetteer lacks, listed for the fallback geocoder (with the countries
    the text is about)."""
    place = Place(mention=mention, feature="other")
    codes = tuple(sorted(code.lower() for code, share in focus.items() if share >= 0.3))
    lookups.append((place, Lookup(mention.text, article.lang, codes)))
    return place


def _town_for_site(mentions: list[Mention], i: int, resolved: dict[int, Place | None],
                   text: str) -> Place | None:
    """The town a site is in: named right after it ("the Bambino Gesu hospital in Rome"),
    else the last one named before it, else the one the article names most."""
    after = resolved.get(i + 1)
    if after is not None and after.lat is not None \
            and after.feature in ("city", "region", "country") \
            and SITE_TOWN_GAP.fullmatch(text[mentions[i].end:mentions[i + 1].start]):
        return after
    towns = [p for p in resolved.values() if p is not None and p.feature == "city"
             and p.lat is not None]
    before = [p for p in towns if p.mention.start < mentions[i].start]
    if before:
        town = max(before, key=lambda p: p.mention.start)
    elif towns:
        counts = Counter(p.gazetteer_id for p in towns)
        town = max(towns, key=lambda p: (counts[p.gazetteer_id], -p.mention.start))
    else:
        return None
    return replace(town, source="context")


def _confidence(ranked: list[tuple[float, Candidate]]) -> float:
    """How sure the best reading is: its lead over the next one, as a probability."""
    lead = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 4.0
    return 1.0 / (1.0 + math.exp(-lead))


def _other_town(mention: Mention, landmark: Candidate, mentions: list[Mention],
                toponyms: dict[int, Place]) -> Place | None:
    """The town a landmark's sentence names before it, when far from the landmark: every
    French town has its "place de la République"."""
    before = [p for j, p in toponyms.items() if mentions[j].sentence == mention.sentence
              and mentions[j].start < mention.start and p.feature == "city"]
    if not before or any(_km(p.lat, p.lon, landmark.lat, landmark.lon) <= SAME_TOWN_KM
                         for p in before):
        return None
    return before[-1]


def _at_town(mention: Mention, town: Place) -> Place:
    """A site whose coordinates are its town's."""
    return Place(mention=mention, name=f"{mention.text}, {town.name}", lat=town.lat, lon=town.lon,
                 country_code=town.country_code, feature="landmark",
                 confidence=min(town.confidence, 0.5), source="town", approximate=True)


def _unknown_town_region(mention: Mention, neighbours: list[Mention]) -> Candidate | None:
    """The region named after a town none of whose readings lies in it: "Camp Murray, Wash."
    (no Murray in Washington)."""
    after = [n for n in neighbours if n.start > mention.end]
    if not after or any(c.feature in ("country", "other") or c.kind == "admin1"
                        for c in mention.candidates):
        return None
    regions = [c for c in after[0].candidates if c.feature == "region" and c.kind == "admin1"]
    inside = {(c.country_code, c.admin1) for c in mention.candidates}
    if not regions or any(_contains(parent, c) for parent in after[0].candidates
                          for c in mention.candidates) \
            or any((r.country_code, r.admin1) in inside for r in regions):
        return None
    return max(regions, key=lambda c: (c.preferred, c.population))


def _in_region(mention: Mention, region: Candidate) -> Place:
    """A town the gazetteer lacks, placed at its region's point."""
    return Place(mention=mention, name=f"{mention.text}, {region.name}", lat=region.lat,
                 lon=region.lon, country_code=region.country_code, feature="city",
                 confidence=0.3, source="region", approximate=True)


def _place(mention: Mention, c: Candidate, confidence: float, source: str) -> Place:
    return Place(mention=mention, name=c.name, lat=c.lat, lon=c.lon, country_code=c.country_code,
                 feature=c.feature, confidence=confidence, source=source, gazetteer_id=c.id,
                 approximate=c.at_town_point, site_kind=c.kind or "")


def _neighbours(mentions: list[Mention], i: int, text: str) -> list[Mention]:
    """Mentions joined to mention i by a comma or a word like "in" ("Portland, Oregon")."""
    me = mentions[i]
    out = []
    for j in (i - 1, i + 1):
        if 0 <= j < len(mentions) and mentions[j].sentence == me.sentence:
            gap = text[mentions[j].end:me.start] if j < i else text[me.end:mentions[j].start]
            if len(gap) <= NEIGHBOUR_CHARS and NEIGHBOUR_GAP.fullmatch(gap) \
                    and not _capitals_listed(mentions, min(i, j), text):
                out.append(mentions[j])
    return out


def _capitals_listed(mentions: list[Mention], i: int, text: str) -> bool:
    """True when mention i + 1, a capital, is one more item of a list ("Moscou, Erevan et
    Bakou"), not the region around mention i."""
    if i + 2 >= len(mentions) or mentions[i + 2].sentence != mentions[i + 1].sentence:
        return False
    return bool(LIST_GAP.fullmatch(text[mentions[i + 1].end:mentions[i + 2].start])) and any(
        c.capital and c.feature == "city" for c in mentions[i + 1].candidates)


def _named_after_seat(candidates: list[Candidate]) -> set[int]:
    """Regions that share their name with a town inside them: "Grodno", "Kayes", "Genève"."""
    towns = {(c.country_code, c.admin1) for c in candidates if c.feature == "city"}
    return {c.id for c in candidates if c.feature == "region" and c.kind in ("admin1", "admin2")
            and c.admin1 and (c.country_code, c.admin1) in towns
            and not (c.kind == "admin1" and c.country_code in SEAT_EXCEPTIONS)}


def _namesake_penalties(candidates: list[Candidate]) -> dict[int, float]:
    """Small towns named like something much bigger yield to it unless something else
    names them: a country, a region a thousand times bigger or a sea ("Florida", New York;
    "California", Maryland; "Atlantic", Iowa), or a capital of a million ("London", Ohio;
    "Vienne", the département). A county named without "County" yields to a town of that
    name."""
    regions = [math.inf if c.feature == "other" else c.population for c in candidates
               if c.feature in ("region", "country", "other") and c.preferred]
    biggest = max(regions, default=0)
    capital = any(c.capital and c.population >= BIG_CAPITAL for c in candidates)
    penalties = {}
    town = any(c.feature == "city" and c.preferred for c in candidates)
    for c in candidates:
        if c.kind == "admin2" and not c.preferred and town:
            penalties[c.id] = SHORT_COUNTY      # "in Shelby": the town, not Shelby County
        if c.kind == "admin2" and capital:
            penalties[c.id] = CAPITAL_NAMESAKE  # "Vienne": Vienna, not the département
        if c.feature != "city" or c.capital:
            continue
        if c.population < NAMESAKE_SHARE * biggest:
            penalties[c.id] = SMALL_NAMESAKE
        elif capital and c.population < BIG_CAPITAL / 10:
            penalties[c.id] = CAPITAL_NAMESAKE
    return penalties


def _in_capitals(mention: Mention) -> bool:
    """A name in capitals is mostly a dateline, and datelines name towns: "WASHINGTON (AP)"."""
    return mention.text.isupper() and sum(ch.isalpha() for ch in mention.text) > 3


def _anchors(readings: dict[int, Candidate], names: dict[int, Mention],
             mention: Mention) -> list[Candidate]:
    """The readings of the article's other names that may pull this one's towards them."""
    return [c for i, c in readings.items() if names[i].text != mention.text and _anchor(c)]


def _anchor(c: Candidate) -> bool:
    """Places precise enough to pull their neighbours' readings towards them."""
    return c.feature in ("city", "region", "landmark") and c.kind != "continent"


def _coherence(c: Candidate, anchors: list[Candidate]) -> float:
    """A bonus for readings near the document's other places, or inside one of them."""
    if not anchors or c.feature == "country":
        return 0.0
    bonus = CONTAINED if any(_contains(a, c) or _contains(c, a) for a in anchors) else 0.0
    nearest = min(_km(c.lat, c.lon, a.lat, a.lon) for a in anchors)
    for limit, points in COHERENCE_STEPS:
        if nearest <= limit:
            return bonus + points
    return bonus


class _Context:
    """What an article says around its names: its text, the towns it may name, and the
    readings of all its place names."""

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        self.home = _dateline_region(text, mentions)
        self.sentence_countries: dict[int, set[str]] = defaultdict(set)
        for m in mentions:          # "À La Réunion, ... à Saint-Denis": the towns are there
            if m.kind == "toponym" and not m.metonymic and any(
                    c.feature == "country" and c.preferred for c in m.candidates):
                self.sentence_countries[m.sentence].update(
                    c.country_code for c in m.candidates if c.feature == "country")
        self.cities = {c.name.casefold() for m in mentions if m.kind == "toponym"
                       for c in m.candidates if c.feature == "city"}
        groups: dict[str, list[Candidate]] = {}
        for m in mentions:
            if m.kind == "toponym" and m.candidates:
                groups.setdefault(m.text.casefold(), [c for c in m.candidates
                                                      if c.feature in ("city", "region")])
        self.names = [name for name, cands in groups.items() if cands]
        flat = [c for name in self.names for c in groups[name]]
        self.lat = np.radians([c.lat for c in flat])
        self.lon = np.radians([c.lon for c in flat])
        self.ids = np.array([c.id for c in flat])
        self.starts = np.cumsum([0] + [len(groups[name]) for name in self.names])[:-1]

    def support(self, c: Candidate, mention: Mention) -> float:
        """A bonus for each other name with a reading near this one. Local news names
        several nearby towns ("Richmond", "Berea"): readings that sit together support each
        other, whatever each name's most likely reading is. Nothing for names that may be a
        country or a sea ("Mexico", "Middle East")."""
        if c.feature not in ("city", "region", "landmark") or len(self.names) < 2 or any(
                o.feature in ("country", "other") and o.preferred for o in mention.candidates):
            return 0.0
        lat, lon = math.radians(c.lat), math.radians(c.lon)
        h = np.sin((self.lat - lat) / 2) ** 2 + \
            np.cos(lat) * np.cos(self.lat) * np.sin((self.lon - lon) / 2) ** 2
        km = 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
        km[self.ids == c.id] = np.inf
        nearest = np.minimum.reduceat(km, self.starts)
        own = mention.text.casefold()
        points = sum(next((p for limit, p in SUPPORT_STEPS if d <= limit), 0.0)
                     for name, d in zip(self.names, nearest) if name != own)
        return min(points, SUPPORT_CAP)


def _dateline_region(text: str, mentions: list[Mention]) -> tuple[str, str | None] | None:
    """The region of a local story's dateline: "CAMP MURRAY, Wash. —", "HELENA, Mont. (AP)"."""
    if len(mentions) < 2 or mentions[0].start > DATELINE_CHARS or not _in_capitals(mentions[0]) \
            or text[mentions[0].end:mentions[1].start].strip() != ",":
        return None
    regions = [c for c in mentions[1].candidates if c.feature == "region" and c.kind == "admin1"]
    if not regions:
        return None
    region = max(regions, key=lambda c: (c.preferred, c.population))
    return region.country_code, region.admin1


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + \
        math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _contains(parent: Candidate, child: Candidate) -> bool:
    """True when the parent (a country or region) contains the child place."""
    if parent.id == child.id or parent.country_code != child.country_code:
        return False
    if parent.feature == "country":
        return child.feature != "country"
    if parent.feature == "region":
        return child.feature in ("city", "landmark") and bool(parent.admin1) \
            and parent.admin1 == child.admin1
    return False
