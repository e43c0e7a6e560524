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
import difflib
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from wordfreq import zipf_frequency

from geomap.gazetteer import Candidate, Gazetteer
from geomap.geocoder import Lookup
from geomap.geodesy import km as _km, km_to_many
from geomap.lang import lexicon
from geomap.mentions.words import words as mention_words
from geomap.model import Article, Mention, Place
from geomap.resolve.weights import WEIGHTS, Weights
from geomap.textnorm import LIST_GAP, name_key, strip_accents

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class _Words:
    """The words of [resolution] in a language's data file, compiled."""

    neighbour_gap: re.Pattern       # between a place and the region that holds it
    site_town_gap: re.Pattern       # between a site and its town
    near_town_gap: re.Pattern       # between a town the gazetteer lacks and one near it
    municipal_body: re.Pattern      # after a town's name: "Athens police"
    government_body: re.Pattern     # after a country's or region's name: "Quebec Health Minister"
    region_body: re.Pattern         # after a region's name, never a country's: "Georgia Governor"
    region_noun: re.Pattern         # before a region's name: "la région de", "the state of"
    resident_of: re.Pattern         # before a town's name: "Jessica Kay, 18, of Paris",
                                    # an address: "508 Cumberland St., Lebanon"
    town_only: re.Pattern           # before a town's name, never a region's: French "à New York"
    countries_after_town_only: frozenset[str]   # the countries that take it all the same: "à Cuba"
    counties_after: re.Pattern      # "Anderson and Cherokee counties"
    county_nouns: dict[str, str]    # "counties" -> "County"
    quarter_noun: re.Pattern        # before a quarter's name: "le quartier de", "quartiers de la capitale, à"
    town_preposition: re.Pattern    # before a town's or a quarter's name: "à Colobane", "dans
                                    # la Casbah", "une habitante de Koloma"
    quarter_determiner: re.Pattern  # before a quarter in a paragraph about its town: "la Casbah"
    list_gap: re.Pattern            # between two places of a list, lower case: "et de"
    route_end: re.Pattern           # before a town at a road's or journey's far end: "un vol de"
    road_code: re.Pattern           # a numbered road, placed at the story's town: "la N21"
    capital_qualifier: re.Pattern   # after "la capitale", another town: "économique"
    biggest_town_qualifiers: frozenset[str]     # of those, the country's biggest: "économique"
    quarter_names: frozenset[str]   # quarters named by what they are: "la Médina"
    quarter_after: re.Pattern       # after a quarter's name: "the Walltown neighborhood"
    quarter_appositive: re.Pattern  # after a name or a list, calling it quarters: ", deux quartiers"
    namesake_quarter: re.Pattern    # after a known name, a quarter: "the Ensley neighborhood"
    namesake_quarter_before: re.Pattern     # or before it: "les quartiers de Saint-Jacques"
    residents: re.Pattern           # before a quarter, its people: "les habitants de Saga"
    appositive: re.Pattern          # after a place's name, a word for one: ", a village in"
    settlement_words: frozenset[str]    # a place's last word that says it is one: "Trench Town"
    place_labels: frozenset[str]    # the entity model's labels for places: "LOC"
    people_endings: tuple[str, ...]     # a people's name in the plural ends so: "Tibétains"
    organisation_before: re.Pattern     # before an organisation's name: "l'ONG "
    country_cues: tuple[tuple[str, re.Pattern], ...]   # a country's own words: "$765,000", "sheriff"
    direction_names: frozenset[str]  # regions named by a direction, weak far away: "le Sud",
    #                                  "le Centre"


@functools.cache
def _words(lang: str) -> _Words:
    """The compiled resolution words of a language: "in", "dans", "County"..."""
    data = lexicon(lang).section("resolution")
    gap = "|".join(data["neighbour_gap_words"])
    site = "|".join(data["site_town_words"])
    site_det = "|".join(data["site_town_determiners"])
    near = "|".join(data["near_town_words"])
    governments = "|".join(map(re.escape, data["government_bodies"])) or "(?!x)x"
    regions = "|".join(map(re.escape, data["region_bodies"])) or "(?!x)x"
    region_nouns = "|".join(map(re.escape, data["region_nouns"])) or "(?!x)x"
    residence = "|".join(data["residence_words"]) or "(?!x)x"
    town_only = "|".join(map(re.escape, data["town_only_prepositions"])) or "(?!x)x"
    joins = "|".join(data["list_joins"])
    counties = "|".join(data["county_plurals"]) or "(?!x)x"
    names = lexicon(lang).section("mentions")
    streets = "|".join(map(re.escape, names["street_words"])) or "(?!x)x"
    preps = "|".join(map(re.escape, names["town_prepositions"]))
    nouns = "|".join(map(re.escape, names["place_nouns"] + data["quarter_nouns"]))
    establishments = "|".join(map(re.escape, data["quarter_establishments"])) or "(?!x)x"
    establishment_dets = "|".join(map(re.escape, data["establishment_determiners"])) or "(?!x)x"
    dets = "|".join(map(re.escape, data["quarter_determiners"])) or "(?!x)x"
    organisations = "|".join(map(re.escape, data["organisation_nouns"])) or "(?!x)x"
    locatives = "|".join(map(re.escape, data["quarter_locatives"])) or "(?!x)x"
    residents = "|".join(map(re.escape, data["quarter_residents"])) or "(?!x)x"
    after = "|".join(map(re.escape, names["quarter_nouns_after"])) or "(?!x)x"
    namesake = "|".join(map(re.escape, data["namesake_quarter_nouns"])) or "(?!x)x"
    appositives = "|".join(map(re.escape, data["quarter_appositives"])) or "(?!x)x"
    appositive_dets = "|".join(map(re.escape, data["quarter_appositive_determiners"])) or "(?!x)x"
    namesake_before = "|".join(map(re.escape, data["namesake_quarter_nouns_before"])) or "(?!x)x"
    return _Words(
        quarter_noun=re.compile(rf"(?<![\w'])(?:{nouns}|(?:{establishment_dets})\s*(?:{establishments}))"
                                rf"s?\b[^.;:]*(?<![\w'])(?:{preps}|de|d'|du|des|of)"
                                rf"\s*(?:(?:la|le|l'|the)\s*)?$", re.IGNORECASE),
        town_preposition=re.compile(rf"(?<![\w'])(?:{preps}|{locatives}|{residents})"
                                    rf"\s*(?:(?:la|le|l'|the)\s*)?$", re.IGNORECASE),
        residents=re.compile(rf"(?<![\w'])(?:{residents})\s*$", re.IGNORECASE),
        quarter_names=frozenset(data["quarter_nouns"]),
        quarter_after=re.compile(rf"\s+(?:{after})\b"),
        namesake_quarter=re.compile(rf"\s+(?:{namesake})\b"),
        quarter_appositive=re.compile(
            rf"(?:\s*(?:,|\s(?:{joins}))\s*(?:(?:{preps}|de|d'|of)\s*)?"    # "et à Koko"
            rf"[A-ZÀ-Ý][\w'-]*(?:[\s-]+[A-ZÀ-Ý][\w'-]*)*)*"
            rf"\s*,\s*(?:(?:{appositive_dets})\s+)?(?:[\w-]+\s+)?(?:{appositives})\b"),
        namesake_quarter_before=re.compile(
            rf"(?<![\w'])(?:{namesake_before})\s+(?:(?:[^.;:]*(?:,|\bet|\band)\s+)?"
            rf"(?:de|d'|du|des|of)|of\s[^.;:]{{0,60}}(?:,|\band))\s*$",   # English says "of"
            re.IGNORECASE),                                         # once: "the hamlets of A and B"
        quarter_determiner=re.compile(rf"(?:^|[,;:.]\s*|\s)(?:{dets})\s*$", re.IGNORECASE),
        list_gap=mention_words(lang).list_gap,
        route_end=re.compile(rf"\b(?:{'|'.join(data['route_ends'])})\s*$", re.IGNORECASE),
        road_code=re.compile("|".join(data["road_codes"]) or "(?!x)x"),
        capital_qualifier=re.compile(
            rf"\s+({'|'.join(data['capital_qualifiers']) or '(?!x)x'})\b", re.IGNORECASE),
        biggest_town_qualifiers=frozenset(data["biggest_town_qualifiers"]),
        neighbour_gap=re.compile(rf"[\s,(]*(?:(?:{gap})[\s,(]*)*", re.IGNORECASE),
        site_town_gap=re.compile(rf"[\s,]*(?:(?:{site})(?: (?:{site_det}))?)?[\s,]*",
                                 re.IGNORECASE),
        near_town_gap=re.compile(rf"\s*,?\s*(?:{near})\s*(?:(?:la|le|l'|the)\s+)?", re.IGNORECASE),
        municipal_body=mention_words(lang).municipal_body,
        appositive=mention_words(lang).appositive,
        settlement_words=mention_words(lang).settlement_words,
        place_labels=mention_words(lang).entity_place_labels,
        people_endings=tuple(data["people_endings"]),
        organisation_before=re.compile(rf"(?<!\w)(?:{organisations})\s*$", re.IGNORECASE),
        town_only=re.compile(rf"(?<![\w'])(?:{town_only})\s*$", re.IGNORECASE),
        countries_after_town_only=frozenset(data["countries_after_town_prepositions"]),
        resident_of=re.compile(rf"(?:\b\d{{1,3}},\s*(?:(?:{residence})\s+)?|\b\d+\s+(?:[A-Z][\w'.-]*"
                               rf"\s+){{1,3}}(?i:{streets})\.?,\s*)$"),
        government_body=re.compile(rf"(?:'s)?\s+(?:{governments})\b", re.IGNORECASE),
        region_body=re.compile(rf"(?:'s)?\s+(?:{regions})(?!\w)", re.IGNORECASE),
        region_noun=re.compile(rf"(?<![\w'])(?:{region_nouns})\s*$", re.IGNORECASE),
        counties_after=re.compile(rf"(?:\s*(?:,|{joins})\s*[A-Z][\w.'-]*)*\s+({counties})\b"),
        county_nouns=dict(data["county_plurals"]),
        country_cues=tuple((code, re.compile(pattern)) for code, patterns
                           in data["country_cues"].items() for pattern in patterns),
        direction_names=frozenset(names["direction_words"] + data["middle_names"]),
    )

@dataclass
class Resolution:
    """What stage 2 hands on: toponyms resolved (or not), and demonyms."""

    places: list[Place]
    demonyms: list[Place]
    lookups: list[tuple[Place, Lookup]] = field(default_factory=list)   # for the geocoder
    pending: bool = False          # a geocoder error left a name to try again later


class Resolver:
    """Resolves mentions; one instance serves many articles."""

    def __init__(self, gazetteer: Gazetteer, weights: Weights = WEIGHTS) -> None:
        self.gazetteer = gazetteer
        self.w = weights

    def resolve(self, article: Article, mentions: list[Mention]) -> Resolution:
        w = self.w
        words = _words(article.lang)
        mentions = [self._with_counties(m, article.text, words) for m in mentions]
        cued = _cued_countries(article.text, words)
        focuses = self._focuses(article.text, mentions, cued)
        context = _Context(article.text, mentions, w, words)
        neighbours = {i: _neighbours(mentions, i, article.text, w, words)
                      for i in range(len(mentions))}
        names = {i: m for i, m in enumerate(mentions) if m.kind == "toponym" and m.candidates}
        readings = {i: self._ranked(m, focuses[i], neighbours[i], [], context, support=False)
                    [0][1] for i, m in names.items()}                   # first guesses
        landmarks = {i: self._landmark(m, focuses[i], self.country_focus(
            [o for o in mentions if name_key(o.text) != name_key(m.text)], cued), context,
            article.lang)
                     for i, m in enumerate(mentions) if m.kind == "landmark"}
        names.update((i, mentions[i]) for i, found in landmarks.items() if found)
        readings.update((i, found[0]) for i, found in landmarks.items() if found)
        toponyms = self._one_reading_per_name(mentions, focuses, neighbours,
                                              lambda m: _anchors(readings, names, m), context)
        toponyms = _towns_named_like_countries(mentions, toponyms, article.text, w)
        # sites lean on the names' final readings, not on their first guesses
        settled = {**readings, **{i: c for i, p in toponyms.items()
                                  if (c := _chosen(mentions[i], p)) is not None}}
        strong = _strong_readings(mentions, toponyms, neighbours, article.text, words, w)
        grounded = _grounded_countries(mentions, toponyms, strong, cued)
        far = _far_fetched(mentions, toponyms, strong, grounded, w, article.text)
        story = list(toponyms.values())
        quarters = {name_key(mentions[i].text) for i, place in toponyms.items()    # "Ensley"
                    if _stray_village(mentions[i], place, story, neighbours[i], w, article.text)
                    or _abroad_namesake_of_a_quarter(mentions, i, place, toponyms, neighbours[i],
                                                     lambda own: _grounded_countries(
                                                         mentions, toponyms, strong, cued, own),
                                                     article.text, words, w,
                                                     lambda ms: self.country_focus(ms, cued))
                    or _namesake_of_a_quarter(mentions[i], place, toponyms, article.text,
                                              words, w)
                    or _called_a_quarter(mentions, i, place, toponyms, article.text, words, w)}
        # "la capitale" is read without the readings coherence rejects ("Cassis" in Port Louis)
        kept = [m for k, m in enumerate(mentions) if k not in far
                and name_key(m.text) not in quarters] \
            if any(m.kind == "capital" for m in mentions) else []
        kept_focus = dict(zip(map(id, kept), self._focuses(article.text, kept, cued)))
        resolved: dict[int, Place | None] = {}
        demonyms: list[Place] = []
        lookups: list[tuple[Place, Lookup]] = []
        for i, mention in enumerate(mentions):      # sites and quarters last: they lean on towns
            if mention.kind == "demonym" and mention.candidates:      # "African"
                demonyms.append(_place(mention, mention.candidates[0], w.demonym_confidence,
                                       "demonym"))
            elif mention.kind == "demonym":
                demonyms.append(self._country_place(mention, mention.country_hint, "demonym"))
            elif mention.kind == "capital":
                qualified = words.capital_qualifier.match(article.text, mention.end)
                if qualified is None:
                    resolved[i] = self._capital(mention, kept_focus[id(mention)])
                else:                               # "à Douala, la capitale économique"
                    biggest = qualified.group(1).lower() in words.biggest_town_qualifiers
                    resolved[i] = _town_beside(mentions, i, resolved, article.text) or (
                        self._capital(mention, kept_focus[id(mention)],
                                      self.gazetteer.biggest_towns) if biggest else None)
            elif mention.kind == "landmark" and landmarks[i]:
                town = None if self._names_its_country(mention, landmarks[i][0], article.lang) \
                    else _other_town(mentions, i, landmarks[i][0], toponyms, article.text,
                                     words, w)
                resolved[i] = _at_town(mention, town, w) if town else \
                    _place(mention, *landmarks[i], "landmarks")
            elif mention.kind == "toponym" and mention.candidates and i not in far \
                    and name_key(mention.text) not in quarters:
                resolved[i] = _the_capital_named(mentions, i, resolved, article.text) \
                    or toponyms[i]
        quarter_of: dict[int, Place] = {}       # the quarters placed at their town
        nearby_of: dict[int, Place] = {}        # the places set near the story's town
        said_near: set[int] = set()             # the places said to be near a town
        for i, mention in enumerate(mentions):
            if i in resolved or mention.kind in ("demonym", "capital"):
                continue
            town = _town_for_site(mentions, i, resolved, article.text, words, w)
            if mention.kind == "toponym":           # a quarter the gazetteer lacks: "à Colobane"
                near = _town_near(mentions, i, resolved, article.text, words, w)
                home = town if town is not None and (
                    name_key(mention.text) in quarters or words.road_code.fullmatch(mention.text)
                    or _quarter(article.text, mention, town, resolved, words, w)
                    or _said_to_be_quarters(mentions, i, article.text, words)) else None
                listed = i > 0 and words.list_gap.fullmatch(
                    article.text[mentions[i - 1].end:mention.start].lower())
                if listed and i - 1 in quarter_of:          # "de Chagoua, Abena et Walia"
                    home = quarter_of[i - 1]
                if home is not None and name_key(mention.text) not in quarters \
                        and focuses[i].get(home.country_code, 0.0) < w.lookup_share \
                        and _read_share(resolved, home.country_code) < w.lookup_share:
                    home = None             # a namesake's own vote does not count against it,
                    #                         nor do the biggest bearers of the story's names
                holder = _holder_after(mentions, i, neighbours[i], resolved, article.text, words)
                if home is not None and holder is not None and _km(
                        home.lat, home.lon, holder.lat, holder.lon) > w.holder_km:
                    home = None             # "à Kherrata, dans la wilaya de Béjaïa", not the
                    #                         Oran of the paragraph before
                holder = None if home else holder
                near = None if holder else near     # "à Tripoli et à Chtaura, dans la Békaa"
                if home is not None and not near:
                    quarter_of[i] = home
                nearby = None
                if not (near or home or holder):    # "habitent Pitoaré et Founangué"
                    nearby = (nearby_of.get(i - 1) if listed else None) or _nearby_town(
                        article.text, mention, town, focuses[i], words, w)
                if nearby is not None:
                    nearby_of[i] = nearby
                if near is not None:
                    said_near.add(i)
                resolved[i] = _unresolved(article, mention, focuses[i], lookups, w,
                                          near or home or nearby,
                                          w.quarter_km if home else w.near_town_km, holder)
                continue
            if mention.kind == "landmark":          # a generic name far from its town
                mention = replace(mention, candidates=[])
            named = _town_named_in(mention, toponyms) if mention.candidates else None
            if named is not None:                   # "Portland Civic Hall" after "Portland"
                town, mention = named, replace(mention, candidates=[])
            town = _own_town_of_site(mention, resolved, article.lang) or town
            # the town in a site's name ("hôpital al-Kindi") is no evidence for reading it
            # there, unless nothing else in the article says where it is
            elsewhere = self.country_focus([o for o in mentions if o is not mention], cued) \
                if _named_after_a_town(mention, w) else {}
            resolved[i] = self._facility(mention, elsewhere or focuses[i],
                                         _anchors(settled, names, mention), context, town,
                                         story)
            if resolved[i].lat is None:
                resolved[i] = _unresolved(article, mention, focuses[i], lookups, w)
        _rivers_at_their_town(mentions, resolved, w)
        _one_place_per_name(mentions, resolved, lookups, said_near)
        places = [resolved[i] for i in sorted(resolved) if resolved[i] is not None]
        return Resolution(places, demonyms, lookups)

    def _facility(self, mention: Mention, focus: dict[str, float], anchors: list[Candidate],
                  context: _Context, town: Place | None, story: list[Place]) -> Place:
        """A street or building: at the town named with it, in its name, or in its context.
        A local story's site named like a village far away is in the story's town
        ("Highland Memorial Gardens" in Jackson, Tennessee, not Highland, Indiana), and one
        named after its own country is in the town of that country its context names
        ("l'hôpital du Mali" in a paragraph on Bamako), as is one named after a country the
        article is hardly about ("la cathédrale Notre-Dame du Congo" in Kinshasa)."""
        if mention.candidates:              # "Vancouver International Airport"
            _, best = self._ranked(mention, focus, [], anchors, context)[0]
            stray = _stray_village(mention, _place(mention, best, 0.0, "gazetteer"),
                                   story, [], self.w, context.text)
            inside = town is not None and town.feature == "city" and (
                town.source != "context" or best.feature == "country" and (any(
                    c.feature == "country" and c.country_code == town.country_code
                    for c in mention.candidates)      # "l'hôpital du Mali", Bamako
                    or focus.get(best.country_code, 0.0) < self.w.site_country_share))
            if not stray and (_coherence(best, anchors, self.w) >= self.w.site_coherence
                              or best.capital or best.feature == "country"
                              or focus.get(best.country_code, 0.0) >= self.w.facility_focus):
                if not inside:
                    return _at_town(mention, _place(mention, best, self.w.site_confidence,
                                                    "gazetteer"), self.w)
        if town is None:
            return Place(mention=mention, feature="landmark")
        return _at_town(mention, town, self.w)

    def _with_counties(self, mention: Mention, text: str, words: _Words) -> Mention:
        """A name listed before "counties" with the counties of its full name among its
        readings: "Dakota, Otoe and Washington counties" (Washington County, Nebraska)."""
        listed = words.counties_after.match(text, mention.end) \
            if mention.kind == "toponym" else None
        if listed is None:
            return mention
        known = {c.id for c in mention.candidates}
        counties = [c for c in self.gazetteer.candidates(
            f"{mention.text} {words.county_nouns[listed.group(1)]}")
            if c.kind == "admin2" and c.id not in known]
        return replace(mention, candidates=mention.candidates + counties) if counties else mention

    def _names_its_country(self, mention: Mention, landmark: Candidate, lang: str) -> bool:
        """True for a landmark named with its country's people: "British parliament",
        "parlement biélorusse" is that one, whatever town the sentence names."""
        demonyms = self.gazetteer.demonyms.get(lang, {})
        return any(demonyms.get(name_key(word)) == landmark.country_code
                   for word in mention.text.split())

    def _focuses(self, text: str, mentions: list[Mention], cued: Counter[str]
                 ) -> list[dict[str, float]]:
        """Each mention's country focus: the article's (its cue words included), blended
        with its paragraph's (a news digest moves from country to country). Countries come
        in the order the article names them, so that a tie goes the same way on every run."""
        paragraph_of = _paragraphs(text)
        paragraph = [paragraph_of(m.start) for m in mentions]
        article = self.country_focus(mentions, cued)
        local = {p: self.country_focus([m for m, q in zip(mentions, paragraph) if q == p])
                 for p in set(paragraph)}
        share = self.w.paragraph_share
        return [{code: (1 - share) * article.get(code, 0.0) + share * local[p].get(code, 0.0)
                 for code in dict.fromkeys([*article, *local[p]])} for p in paragraph]

    def country_focus(self, mentions: list[Mention], cued: Counter[str] | None = None
                      ) -> dict[str, float]:
        """Share of the document's attention for each country code. A government that
        speaks ("Moscou a dénoncé", "le Kremlin a dit") draws none: it is not where the
        story happens. cued counts the country cue words found in the text."""
        w = self.w
        votes: Counter[str] = Counter({code: w.vote_cue * min(n, w.cue_cap)
                                       for code, n in (cued or {}).items()})
        ambiguous: set[str] = set()
        for m in mentions:
            if m.metonymic:
                continue
            if m.kind == "demonym" and m.country_hint:
                votes[m.country_hint] += w.vote_demonym
                continue
            codes = {c.country_code for c in m.candidates}
            countries = [c for c in m.candidates if c.feature == "country" and c.preferred]
            rivals = [c for c in m.candidates if c.feature in ("region", "city") and c.preferred
                      and c.population >= w.rival_population]
            if countries and not rivals:        # "Georgia" may be the US state: no vote
                votes[max(countries, key=lambda c: c.population).country_code] += w.vote_country
            elif countries:
                continue
            elif len(codes) == 1:
                votes[codes.pop()] += w.vote_unambiguous
            elif m.candidates and name_key(m.text) not in ambiguous:    # once per name
                ambiguous.add(name_key(m.text))     # for the biggest place that bears it
                votes[_biggest_bearer(m.text, m.candidates, w).country_code] += w.vote_ambiguous
        total = sum(votes.values())
        return {code: n / total for code, n in votes.items()} if total else {}

    # -- by kind of mention ------------------------------------------------

    def _ranked(self, mention: Mention, focus: dict[str, float], neighbours: list[Mention],
                anchors: list[Candidate], context: _Context, support: bool = True
                ) -> list[tuple[float, Candidate]]:
        """The mention's candidates with their scores, best first. A district ("Jordan" in
        Hong Kong) is a candidate only in an article that names its town."""
        w = self.w
        neighbours = _holders(mention, neighbours, w)
        after_seat = _named_after_seat(mention.candidates, w)
        namesakes = _namesake_penalties(mention.text, mention.candidates, focus, neighbours,
                                        anchors, w)
        before = max(0, mention.start - w.neighbour_chars)
        municipal = bool(context.words.municipal_body.match(context.text, mention.end)
                         or context.words.resident_of.search(context.text, before, mention.start))
        towns = any(c.feature == "city" for c in mention.candidates)
        governed = bool(context.words.government_body.match(context.text, mention.end))
        state_body = bool(context.words.region_body.match(context.text, mention.end))
        region_named = bool(context.words.region_noun.search(context.text, before, mention.start))
        at_town = bool(context.words.town_only.search(context.text, before, mention.start))
        countries = set() if any(c.feature in ("country", "other") and c.preferred
                                 for c in mention.candidates) \
            else context.sentence_countries.get(mention.sentence, set())
        counties = bool(context.words.counties_after.match(context.text, mention.end))
        capitals = _in_capitals(mention, w)
        scored = [(self._score(c, focus, neighbours) + _coherence(c, anchors, w)
                   - (w.regional_seat if c.id in after_seat and c.country_code
                      not in context.beside_states.get(mention.start, ()) else 0.0)
                   - namesakes.get(c.id, 0.0)
                   + (_same_region(c, anchors, w) if _regional(c, mention.candidates) else 0.0)
                   + (w.municipal if municipal and c.feature == "city" else 0.0)
                   - (w.country_as_town if c.feature == "country" and towns and (
                       municipal or at_town
                       and c.country_code not in context.words.countries_after_town_only)
                      else 0.0)
                   + (w.counties if counties and c.kind == "admin2" else 0.0)
                   + (w.county_pair if c.id in context.county_pairs else 0.0)
                   + (w.state_pair if c.id in context.state_pairs
                      or (mention.start, c.id) in context.state_pairs_at else 0.0)
                   + (w.governed if governed and (c.feature == "country" or c.kind == "admin1")
                      or state_body and c.kind == "admin1" else 0.0)
                   + (w.town_preposition if at_town and c.feature == "city" else 0.0)
                   + (w.region_noun if region_named and c.feature == "region" else 0.0)
                   + (context.support(c, mention) if support else 0.0)
                   + (w.district_in_town if c.feature == "landmark" else 0.0)
                   + (w.dateline_city if c.feature == "city" and capitals else 0.0)
                   + (w.sentence_country if c.country_code in countries and c.id not in namesakes
                      else 0.0)
                   + (w.home_region if c.kind == "admin1"
                      and (c.country_code, c.admin1) == context.home else 0.0), c)
                  for c in mention.candidates
                  if c.feature != "landmark" or (c.city or "").casefold() in context.cities]
        countries = _countries_named(mention, neighbours, w)    # "named for Verona in Italy"
        held = _held_by_a_region_after(mention, neighbours, w)    # "Banff in Alberta"
        return sorted(scored, key=lambda sc: (sc[1].country_code in countries, sc[1].id in held,
                                              sc[0], sc[1].population), reverse=True)

    def _one_reading_per_name(self, mentions: list[Mention], focuses: list[dict[str, float]],
                              neighbours: dict[int, list[Mention]],
                              anchors: Callable[[Mention], list[Candidate]],
                              context: _Context) -> dict[int, Place]:
        """Read every toponym; a name keeps one reading through the article, the one its
        mentions score best together ("Paris, Texas" settles the later "Paris"), except
        where a neighbour settles it there ("Tbilisi, Georgia" and "Atlanta, Georgia").
        A name settled late in a story settles no mention before it: "named for the port of
        Bremen in Germany" leaves the Bremen, Georgia, of the headline and the dateline."""
        groups: dict[str, list[int]] = defaultdict(list)
        totals: dict[str, Counter[int]] = defaultdict(Counter)
        by_id: dict[int, Candidate] = {}
        readings = {}
        settled: dict[str, Place] = {}          # "Grantville, Pennsylvania": the later "Grantville"
        settled_at: dict[str, int] = {}         # the mention that settled it
        for i, m in enumerate(mentions):
            if m.kind != "toponym" or not m.candidates:
                continue
            name = name_key(m.text)
            ranked = self._ranked(m, focuses[i], neighbours[i], anchors(m), context)
            for score, c in ranked:
                totals[name][c.id] += score
                by_id[c.id] = c
            if neighbours[i]:
                region = _unknown_town_region(m, neighbours[i], focuses[i], self.w)
                readings[i] = _in_region(m, region, self.w) if region else \
                    _place(m, ranked[0][1], _confidence(ranked, self.w), "gazetteer")
                if region or _held_by(ranked[0][1], neighbours[i], self.w):
                    settled.setdefault(name, readings[i])
                    settled_at.setdefault(name, i)
            else:
                groups[name].append(i)
        for name, members in groups.items():
            together = sorted(((score / len(members), by_id[key])
                               for key, score in totals[name].items()),
                              key=lambda sc: (sc[0], sc[1].population), reverse=True)
            best = together[0][1]
            here = settled.get(name)            # not "Washington" (the state) after "Washington, D.C."
            for i in members:
                readings[i] = replace(here, mention=mentions[i]) \
                    if here and here.feature == best.feature and (
                        settled_at[name] < i
                        or mentions[settled_at[name]].sentence <= self.w.opening_sentences) \
                    else _place(mentions[i], best, _confidence(together, self.w), "gazetteer")
        return readings

    def _score(self, c: Candidate, focus: dict[str, float], neighbours: list[Mention]) -> float:
        w = self.w
        score = w.feature_prior[c.feature] + w.population * math.log10(c.population + 1)
        score += w.preferred if c.preferred else 0.0
        score += w.focus * focus.get(c.country_code, 0.0)
        score += w.capital if c.capital else 0.0
        if c.feature == "country" and not c.preferred:
            score -= w.alternate_country
        if _held_by(c, neighbours, w) or any(        # "McLean, Virginia"
                _contains(c, other, w) and _holds_by_name(c)
                for n in neighbours for other in n.candidates):
            score += w.neighbour_contains
        return score

    def _landmark(self, mention: Mention, focus: dict[str, float],
                  elsewhere: dict[str, float], context: _Context,
                  lang: str) -> tuple[Candidate, float] | None:
        """A landmark and its confidence; a generic one ("la place centrale") only in its own
        city or country; none in a country the article hardly speaks of ("l'Assemblée
        nationale" in a story about Bamako is Mali's, not France's), nor, under another name
        or a name of common words, in a country only that name speaks of ("la place de la
        Dignité", Santiago's Plaza Baquedano, in a story about Soueida; "la place de la
        Nation" in a story about N'Djamena)."""
        w = self.w
        common_words = _common_words_only(mention.text, lang)
        best, best_score = None, -1.0
        for c in mention.candidates:
            in_city = (c.city or "").casefold() in context.cities
            score = w.landmark_in_city * in_city + focus.get(c.country_code, 0.0) \
                + (w.landmark_preferred if c.preferred else 0.0)
            if not c.preferred and not in_city:    # "City Hall": whose?
                continue
            own_name = name_key(c.name) == name_key(mention.text)
            shares = [focus] if own_name else [elsewhere]
            if own_name and common_words:
                shares.append(elsewhere)        # "place de la Nation": many towns have one
            if not in_city and any(share and share.get(c.country_code, 0.0) < w.landmark_focus
                                   for share in shares) \
                    and not self._names_its_country(mention, c, lang):  # "British parliament"
                continue
            if mention.country_hint and c.country_code != mention.country_hint:
                continue
            if score > best_score:
                best, best_score = c, score
        if best is None:
            return None
        base, per_point, most = w.landmark_confidence
        return best, min(base + per_point * best_score, most)

    def _capital(self, mention: Mention, focus: dict[str, float],
                 towns: dict[str, Candidate] | None = None) -> Place | None:
        """The capital of the country "la capitale" names or the article is about; with
        towns, that country's town among them ("la capitale économique": its biggest)."""
        code = mention.country_hint or (max(focus, key=focus.get) if focus else "")
        town = (self.gazetteer.capitals if towns is None else towns).get(code)
        if town is None:
            return None
        hinted, from_focus = self.w.capital_confidence
        return _place(mention, town, hinted if mention.country_hint else from_focus, "gazetteer")

    def _country_place(self, mention: Mention, code: str, source: str) -> Place:
        country = self.gazetteer.countries.get(code)
        return Place(mention=mention, name=country.name if country else code,
                     lat=country.lat if country else None, lon=country.lon if country else None,
                     country_code=code, feature="country", confidence=self.w.demonym_confidence,
                     source=source,
                     gazetteer_id=country.id if country else None)


def _towns_named_like_countries(mentions: list[Mention], toponyms: dict[int, Place],
                                text: str, w: Weights) -> dict[int, Place]:
    """A country's name read as the town of that name abroad that lies among the story's
    towns: "Italy", in a story of Hillsboro, Milford and Maypearl, is Italy, Texas; not when
    listed with a country ("aid to Poland and Ukraine"), nor as a town that bears it only in
    a longer name ("du Honduras", in a story of Chiapas, is no Honduras de la Sierra)."""
    towns = [(name_key(mentions[i].text), p) for i, p in toponyms.items()
             if p.feature == "city" and p.lat is not None]
    readings = dict(toponyms)
    for i, place in toponyms.items():
        if place.feature != "country" or any(
                j in toponyms and toponyms[j].feature == "country"
                and _listed_together(mentions, i, j, text) for j in (i - 1, i + 1)):
            continue                                # "aid to Poland and Ukraine"
        key = name_key(mentions[i].text)
        town = next((c for c in mentions[i].candidates
                     if c.feature == "city" and c.country_code != place.country_code
                     and _under_own_name(c, mentions[i].text.casefold())
                     and len({name for name, t in towns if name != key and _km(
                         c.lat, c.lon, t.lat, t.lon) <= w.country_namesake_km})
                     >= w.country_namesake_towns), None)
        if town is not None:
            readings[i] = _place(mentions[i], town, place.confidence, "gazetteer")
    return readings


def _strong_readings(mentions: list[Mention], toponyms: dict[int, Place],
                     neighbours: dict[int, list[Mention]], text: str, words: _Words,
                     w: Weights) -> set[tuple[str, int | None]]:
    """The (name, reading) pairs with evidence enough to stand far from the rest. A big town
    listed with a small one of another country is no evidence: "Penal, Debe and Barrackpore"
    are villages of Trinidad, not Barrackpore in India."""
    listed_abroad = {name_key(mentions[i].text) for i in toponyms
                     if _listed_with_a_small_town_abroad(mentions, i, toponyms, text, w)}
    return {(name_key(mentions[i].text), place.gazetteer_id) for i, place in toponyms.items()
            if _strong_reading(mentions[i], place, neighbours[i], text, words, w)
            and name_key(mentions[i].text) not in listed_abroad}


def _listed_with_a_small_town_abroad(mentions: list[Mention], i: int,
                                     toponyms: dict[int, Place], text: str, w: Weights) -> bool:
    """True when a town reading that is no capital nor a dateline's stands in a list beside
    a small town of another country."""
    chosen = _chosen(mentions[i], toponyms[i])
    if chosen is None or chosen.feature != "city" or chosen.capital \
            or _in_capitals(mentions[i], w):
        return False
    for j in (i - 1, i + 1):
        other = toponyms.get(j)
        beside = _chosen(mentions[j], other) if other is not None else None
        if beside is not None and beside.feature == "city" \
                and beside.country_code != chosen.country_code \
                and beside.population < w.stray_population \
                and _listed_together(mentions, i, j, text):
            return True
    return False


def _grounded_countries(mentions: list[Mention], toponyms: dict[int, Place],
                        strong: set[tuple[str, int | None]], cued: Counter[str],
                        but: str = "") -> set[str]:
    """The countries an article stands on: named ("au Sénégal"), spoken of in their own
    words ("$765,000", "Henry County") or holding a strong reading (a capital, a big town),
    by any name but the one given."""
    return {m.country_hint for m in mentions if m.country_hint} | set(cued) | {
        place.country_code for i, place in toponyms.items() if place.source == "gazetteer"
        and (name_key(mentions[i].text), place.gazetteer_id) in strong
        and name_key(mentions[i].text) != but}


def _far_fetched(mentions: list[Mention], toponyms: dict[int, Place],
                 strong: set[tuple[str, int | None]], grounded: set[str], w: Weights,
                 text: str) -> set[int]:
    """Readings that coherence rejects: far from every other place of the article, or
    listed with a town of another country ("in Rehab and New Cairo": not Rehab, Jordan), in
    a country the article does not ground, with nothing strong for them ("Keur" read as a
    town in Ireland in an article about Senegal). A respelled name, an unrelated alternate
    name, a region named by a direction ("le Sud") or a small place is not strong; a
    capital, a big place under its name in any spelling, a neighbour that holds it or a
    dateline naming a town under its own name is, for every mention of the name read there
    ("Pataskala zoning ..." in the headline, "PATASKALA --" in the dateline). Readings that
    need evidence keep no other one company ("la Crique" read in Honduras does not keep
    "Cacao" in Mexico), unless they are in the country the article's readings are most
    often in (a story from Saint-Dizier that names no country) or close by ("Castlebar"
    and "Mayo", company_km)."""
    suspect = {i for i, place in toponyms.items()
               if (name_key(mentions[i].text), place.gazetteer_id) not in strong
               and _needs_evidence(place, grounded)}
    most = Counter(p.country_code for p in toponyms.values() if p.country_code).most_common(1)
    company = {j for j, p in toponyms.items()
               if j not in suspect or most and p.country_code == most[0][0]}
    return {i for i in suspect if _far_from_the_rest(mentions, i, toponyms, company, w, text)}


def _needs_evidence(place: Place, grounded: set[str]) -> bool:
    """True for a reading as a town, region or site in a country nothing grounds."""
    return place.source == "gazetteer" and place.feature in ("city", "region", "landmark") \
        and place.lat is not None and place.country_code not in grounded


def _far_from_the_rest(mentions: list[Mention], i: int, readings: dict[int, Place],
                       company: set[int], w: Weights, text: str) -> bool:
    """True when a reading lies away from every reading that may keep it company (or any
    other close by), or is listed with a town of another country."""
    key, place = name_key(mentions[i].text), readings[i]
    others = [p for j, p in readings.items() if name_key(mentions[j].text) != key
              and p.country_code and (j in company or p.lat is not None and _km(
                  place.lat, place.lon, p.lat, p.lon) <= w.company_km)]
    if not others or any(p.country_code == place.country_code for p in others):
        return False
    listed = [readings.get(j) for j in (i - 1, i + 1)
              if 0 <= j < len(mentions) and _listed_together(mentions, i, j, text)]
    return all(_km(place.lat, place.lon, p.lat, p.lon) > w.far_km for p in others
               if p.lat is not None and p.feature != "country") or any(
        p is not None and p.feature == "city" and p.country_code != place.country_code
        for p in listed)


def _chosen(mention: Mention, place: Place) -> Candidate | None:
    """The candidate a mention was read as, or None for a place not read from them."""
    return next((c for c in mention.candidates if c.id == place.gazetteer_id), None)


def _listed_together(mentions: list[Mention], i: int, j: int, text: str) -> bool:
    """True when two mentions stand side by side in a list: "Rehab and New Cairo"."""
    first, second = sorted((i, j))
    return bool(LIST_GAP.fullmatch(text, mentions[first].end, mentions[second].start))


def _strong_reading(mention: Mention, place: Place, neighbours: list[Mention], text: str,
                    words: _Words, w: Weights) -> bool:
    """Evidence enough for a reading far from the rest of the article. A town's name after
    a bare article is none: towns take none, rivers and quarters do ("la Baïse déborde à
    Condom" is no town of China)."""
    chosen = _chosen(mention, place)
    if chosen is None:
        return True
    if chosen.kind == "continent" or chosen.capital:
        return True
    articled = chosen.feature == "city" and bool(words.quarter_determiner.search(
        text, max(0, mention.start - w.neighbour_chars), mention.start))
    own_name = not articled and _under_its_name(mention.text, chosen, w)
    if own_name and (_in_capitals(mention, w) and chosen.feature == "city"
                     or chosen.population >= w.strong_population
                     and name_key(mention.text) not in words.direction_names):
        return True
    return any(_contains(other, chosen, w) or _contains(chosen, other, w)
               for n in neighbours for other in n.candidates)


def _town_beside(mentions: list[Mention], i: int, resolved: dict[int, Place | None],
                 text: str) -> Place | None:
    """The town a qualified capital stands beside: "à Douala, la capitale économique" is
    Douala; none without one."""
    town = resolved.get(i - 1)
    if town is None or town.feature != "city" \
            or not re.fullmatch(r"\s*,\s*\w+\s*", text[mentions[i - 1].end:mentions[i].start]):
        return None
    return replace(town, mention=mentions[i])


def _the_capital_named(mentions: list[Mention], i: int, resolved: dict[int, Place | None],
                       text: str) -> Place | None:
    """The capital "la capitale" just named, when the name stands beside it: "vers la
    capitale, Luxembourg" is the city, not the Belgian province."""
    capital = resolved.get(i - 1)
    if capital is None or mentions[i - 1].kind != "capital" \
            or not re.fullmatch(r"\s*,\s*", text[mentions[i - 1].end:mentions[i].start]):
        return None
    chosen = next((c for c in mentions[i].candidates if c.id == capital.gazetteer_id), None)
    return _place(mentions[i], chosen, capital.confidence, "gazetteer") if chosen else None


def _cued_countries(text: str, words: _Words) -> Counter[str]:
    """How many of each country's cue words the text holds ("$765,000" and "Sheriff's
    Office": 2 for the US)."""
    return Counter(code for code, cue in words.country_cues if cue.search(text))


def _unresolved(article: Article, mention: Mention, focus: dict[str, float],
                lookups: list[tuple[Place, Lookup]], w: Weights,
                town: Place | None = None, within_km: float = 0.0,
                holder: Place | None = None) -> Place:
    """A place the gazetteer lacks, listed for the fallback geocoder (with the countries
    the text is about). A quarter or site of the article's town, or a town said to be near
    a known one, is placed at that town meanwhile, and a town named with the region or town
    that holds it ("à Kasindi, dans le Nord-Kivu") at that one: the geocoder may then only
    move it within_km of the town, or holder_km of the holder."""
    if town is not None:
        place, near = _at_town(mention, town, w), (town.lat, town.lon, within_km)
    elif holder is not None:
        place, near = _in_region(mention, holder, w), (holder.lat, holder.lon, w.holder_km)
    else:
        place, near = Place(mention=mention, feature="other"), None
    codes = tuple(sorted(code.lower() for code, share in focus.items() if share >= w.lookup_share))
    lookups.append((place, Lookup(mention.text, article.lang, codes, near)))
    return place


def _read_share(resolved: dict[int, Place | None], code: str) -> float:
    """The share of the article's names read as towns, regions or countries that lie in
    the country: "Windsor", "Tecumseh" and "LaSalle" read in Ontario make a story
    Canadian, though each name's biggest bearer may be American.

        >>> _read_share({}, "CA")
        0.0
    """
    countries = {name_key(p.mention.text): p.country_code for p in resolved.values()
                 if p is not None and p.lat is not None
                 and p.feature in ("city", "region", "country")}
    return sum(c == code for c in countries.values()) / len(countries) if countries else 0.0


def _paragraphs(text: str) -> Callable[[int], int]:
    """The number of the paragraph each offset of the text is in: _paragraphs(text)(0) == 0."""
    breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(text)]
    return lambda offset: bisect.bisect_right(breaks, offset)


def _one_place_per_name(mentions: list[Mention], resolved: dict[int, Place | None],
                        lookups: list[tuple[Place, Lookup]], said_near: set[int]) -> None:
    """A name left unplaced in one spot takes the place it has elsewhere in the article: the
    headline's "Djélibougou et Boulkassoumbougou sous les eaux" are the quarters that "les
    quartiers de Djélibougou et de Boulkassoumbougou" place in Bamako. A quarter placed at a
    town stays at the town it was first placed at ("les caves des Marolles", after "les
    Marolles" of Brussels, are not at the Rotterdam of the sentence before), or at the one
    it is said to be near ("à Pissevin, dans l'ouest de Nîmes", after a headline that put it
    at Valence). The geocoder is then asked once per name, and its answer moves every
    mention of it."""
    placed: dict[str, Place] = {}
    introduced: dict[str, Place] = {}       # where each quarter is placed at a town
    for i in sorted(resolved, key=lambda i: (i not in said_near, i)):
        place = resolved[i]
        if place is not None and place.lat is not None and mentions[i].kind == "toponym":
            placed.setdefault(name_key(mentions[i].text), place)
            if place.source == "town":
                introduced.setdefault(name_key(mentions[i].text), place)
    asked = {id(place): lookup for place, lookup in lookups}
    for i, place in resolved.items():
        if place is None or i in said_near:
            continue
        key = name_key(mentions[i].text)
        found = placed.get(key) if place.lat is None else \
            introduced.get(key) if place.source == "town" else None
        if found is None or found is place:
            continue
        resolved[i] = replace(found, mention=mentions[i])
        lookups[:] = [(p, lookup) for p, lookup in lookups if p is not place]
        if id(found) in asked:
            lookups.append((resolved[i], asked[id(found)]))


def _quarter(text: str, mention: Mention, town: Place, resolved: dict[int, Place | None],
             words: _Words, w: Weights) -> bool:
    """True when a name the gazetteer lacks reads as a quarter of the town named before it:
    after a word for a quarter ("le quartier de Grand-Médine", "plusieurs quartiers de la
    capitale, notamment à Colobane"), before one ("the Walltown neighborhood") or named by
    one ("la Médina"); or after a town preposition ("à Colobane") or its people ("une habitante de Koloma") in a
    paragraph about that town, where at least half the towns named are it or its suburbs
    ("à Douar Hicher et à Ettadhamen", Tunis), towns at a road's far end aside ("the
    highway towards Chittagong, and in Mirpur"). A paragraph that names no town goes on
    about the town named before ("Mardi, des barrages à Puerto Rellena" after a paragraph
    about Cali), but there "la Cour" is no quarter. In a paragraph about many towns, "à
    Nabatiyé" is a town the gazetteer lacks, not a quarter."""
    before = text[max(0, mention.start - w.quarter_context):mention.start]
    if words.quarter_noun.search(before) or name_key(mention.text) in words.quarter_names \
            or words.quarter_after.match(text, mention.end):
        return True
    placed = bool(words.town_preposition.search(before))
    if not placed and (mention.text.isupper() or not words.quarter_determiner.search(before)):
        return False                # "le FNDC" is a movement's acronym, no quarter
    paragraph_of = _paragraphs(text)
    towns = [p for p in resolved.values() if p is not None and p.feature == "city"
             and p.lat is not None and paragraph_of(p.mention.start) == paragraph_of(mention.start)
             and not _at_route_end(p, text, words, w)]
    if towns:
        around = sum(_km(p.lat, p.lon, town.lat, town.lon) <= w.quarter_km for p in towns)
        return around / len(towns) >= w.town_focus
    return placed


def _nearby_town(text: str, mention: Mention, town: Place | None, focus: dict[str, float],
                 words: _Words, w: Weights) -> Place | None:
    """The story's town for a place the gazetteer lacks that is neither a quarter nor named
    near a town, when the text says it is a place ("près de Dolhain", "au bord du lac
    Rasoabe") in a country the article is about: readers are better served
    by an approximate pin near where the story happens than by none, and the geocoder may
    still move it up to near_town_km. A name the entity model calls a place ("la gare
    routière de Didube") is one too, at a town of the article's main country only (not
    "Flémalle" at Hangzhou in a story of Liège airport's flights). A name with no such cue
    ("FNDC", "Nahel") gets none."""
    if town is None or focus.get(town.country_code, 0.0) < w.lookup_share:
        return None
    before = text[max(0, mention.start - w.quarter_context):mention.start]
    named_as_a_place = mention.text[:1].islower() or bool(words.town_preposition.search(before)) \
        or bool(words.appositive.match(text, mention.end)) \
        or mention.text.rpartition(" ")[2].casefold() in words.settlement_words  # "Trench Town"
    in_the_main_country = town.country_code == max(focus, key=focus.__getitem__)
    labelled_a_place = mention.ner_label in words.place_labels and in_the_main_country \
        and not mention.metonymic and not mention.text.isupper() \
        and not mention.text.casefold().endswith(words.people_endings) \
        and not words.organisation_before.search(before)    # not "le FNDC a appelé", "les
    #                                                         Tibétains", "l'ONG Temblores"
    return town if named_as_a_place or labelled_a_place else None


def _namesake_of_a_quarter(mention: Mention, place: Place, toponyms: dict[int, Place],
                           text: str, words: _Words, w: Weights) -> bool:
    """True when a name said to be a quarter ("the city's Ensley neighborhood", "les
    quartiers de Saint-Basile et de Saint-Jacques"), or given an article as quarters are and
    towns are not ("les immeubles du Lignon, à Vernier"), reads as a small town far from
    every town of the article: it is a quarter of the article's town that the gazetteer
    lacks, not that namesake. An article alone says so only in a paragraph that names a
    town: "la Cour constitutionnelle" is no quarter."""
    before = text[max(0, mention.start - w.quarter_context):mention.start]
    towns = [p for p in toponyms.values() if p.feature == "city" and p.lat is not None
             and p.mention.text != mention.text]
    paragraph_of = _paragraphs(text)
    articled = bool(words.quarter_determiner.search(before)) and any(
        paragraph_of(p.mention.start) == paragraph_of(mention.start) for p in towns)
    if not words.namesake_quarter.match(text, mention.end) \
            and not words.namesake_quarter_before.search(before) and not articled:
        return False
    chosen = _chosen(mention, place)
    if chosen is None or chosen.feature != "city" or chosen.population >= w.strong_population:
        return False
    return bool(towns) and all(_km(p.lat, p.lon, chosen.lat, chosen.lon) > w.quarter_km
                               for p in towns)


def _said_to_be_quarters(mentions: list[Mention], i: int, text: str, words: _Words) -> bool:
    """True when a name, alone or with the names listed with it, is then called a quarter:
    "À Dar-es-Salam et à Koko, deux quartiers", "Kibera and Mathare, two neighbourhoods"."""
    last = i
    while last + 1 < len(mentions) and words.list_gap.fullmatch(
            text[mentions[last].end:mentions[last + 1].start].lower()):
        last += 1
    return bool(words.quarter_appositive.match(text, mentions[last].end))


def _called_a_quarter(mentions: list[Mention], i: int, place: Place,
                      toponyms: dict[int, Place], text: str, words: _Words, w: Weights) -> bool:
    """True when a name called a quarter ("À Dar-es-Salam et à Koko, deux quartiers de
    Bouaké") reads as a place away from every town of the article: that reading is a
    namesake, however big."""
    if not _said_to_be_quarters(mentions, i, text, words):
        return False
    towns = [p for j, p in toponyms.items() if p.feature == "city" and p.lat is not None
             and name_key(mentions[j].text) != name_key(mentions[i].text)]
    return place.lat is not None and bool(towns) and all(
        _km(p.lat, p.lon, place.lat, place.lon) > w.quarter_km for p in towns)


def _abroad_namesake_of_a_quarter(mentions: list[Mention], i: int, place: Place,
                                  toponyms: dict[int, Place], neighbours: list[Mention],
                                  grounded: Callable[[str], set[str]], text: str,
                                  words: _Words, w: Weights,
                                  country_focus: Callable[[list[Mention]], dict[str, float]]
                                  ) -> bool:
    """True when a name that reads as a small town (not strong evidence) in a country the
    article does not ground (two such namesakes do not vouch for each other: "in Mirpur",
    "in Rampura") stands where a quarter of the paragraph's town would, in the
    country the rest of the article is about, a town the article is sure of (a capital, in
    a country it names, or named twice): "À Kinshasa, la police a dispersé des manifestants
    à Gombe" is not in Gombe, Nigeria. Said to be a quarter or its people's ("les habitants
    de Saga", in Niamey), a bigger namesake abroad is no evidence either, nor a region of
    another country ("des habitants de Bourgogne", in Casablanca)."""
    mention = mentions[i]
    chosen = _chosen(mention, place)
    before = text[max(0, mention.start - w.quarter_context):mention.start]
    its_people = bool(words.residents.search(before)
                      or words.namesake_quarter_before.search(before))
    own = name_key(mention.text)
    named_region = chosen is not None and chosen.feature == "other" and chosen.kind == "region" \
        and bool(chosen.country_code)       # "des habitants de Bourgogne", in Casablanca
    if chosen is None or chosen.feature != "city" and not (its_people and named_region) \
            or chosen.capital or neighbours \
            or chosen.population >= (w.quarter_namesake_population if its_people
                                     else w.strong_population) \
            or any(_in_capitals(m, w) for m in mentions if name_key(m.text) == own):
        return False                        # "SIPARIA -": a dateline's town is no quarter
    others = {j: p for j, p in toponyms.items() if name_key(mentions[j].text) != own}
    if chosen.country_code in grounded(own):
        return False
    town = _town_for_site(mentions, i, others, text, words, w)
    if town is None or town.country_code == chosen.country_code \
            or not _quarter(text, mention, town, others, words, w):
        return False
    seat = _chosen(town.mention, town)
    settled = seat is not None and seat.capital \
        or any(p.feature == "country" and p.country_code == town.country_code
               for p in others.values()) \
        or any(m.country_hint == town.country_code for m in mentions) \
        or sum(p.gazetteer_id == town.gazetteer_id for p in others.values()) > 1
    focus = country_focus([m for m in mentions if name_key(m.text) != own])
    return settled and focus.get(town.country_code, 0.0) >= w.town_focus


def _stray_village(mention: Mention, place: Place, story: list[Place],
                   neighbours: list[Mention], w: Weights, text: str) -> bool:
    """True when a local story's name reads as a small town far from all the towns the story
    names, which lie close together, one of them named again or in a dateline ("near Waldo"
    in a story from Marion, Ohio, read as Waldo, Florida; "Stillwater" in one from
    Greymouth, New Zealand, read as Stillwater, Oklahoma, in a country the story does not
    name): it is a place of the story's own area that the gazetteer lacks. Other small
    towns read far from the story's first town are no part of the story ("Brooks",
    "Central" and "Rogers", schools of a sports story from Florence, Alabama, read in three
    other states). The story's home is
    its dateline's town, else its first; a story stays local with one big town in four far
    away ("ask Harrisburg for a disaster declaration" in a story from Honesdale), and the
    country's capital ("relief food from Kampala" in one from Mbale) is no town of it. A
    story that names regions of a country abroad is there only in them ("the crossing to
    Pembina, North Dakota" leaves "Emerson" in Manitoba, not New Jersey), and a country named
    only as where another town lies is no country of the story ("Taveta, Kenya" leaves
    Moshi's "Njoro" in Moshi)."""
    if not _small_town(mention, place, w) or any(
            c.feature in ("region", "country") for n in neighbours for c in n.candidates):
        return False                        # "Bethany, Damascus" is a list, not a holder
    chosen = _chosen(mention, place)
    own = name_key(mention.text)
    named_countries = {p.country_code for p in story if p.feature in ("country", "region")
                       and not _holds_another_town(p, own, story, text)}
    named_regions = {(c.country_code, c.admin1) for p in story
                     if (c := _chosen(p.mention, p)) is not None and c.kind == "admin1"}
    towns = [p for p in story if p.feature == "city" and p.lat is not None
             and name_key(p.mention.text) != own and not _capital_read(p)]
    if not towns:
        return False
    home = next((p for p in towns if _in_capitals(p.mention, w)), towns[0])    # the dateline's
    local = [p for p in towns if not _small_town(p.mention, p, w)
             or _km(p.lat, p.lon, home.lat, home.lon) <= w.local_story_km]
    named = Counter(name_key(p.mention.text) for p in local)
    near = {name_key(p.mention.text) for p in local
            if _km(p.lat, p.lon, home.lat, home.lon) <= w.local_story_km}
    in_named_region = chosen.country_code == home.country_code \
        or (chosen.country_code, chosen.admin1) in named_regions \
        or not any(cc == chosen.country_code for cc, _ in named_regions)
    named_abroad = chosen.country_code in named_countries and in_named_region and any(
        p.country_code != chosen.country_code for p in local)      # "born in Flumeri, Italy"
    return len(named) >= w.stray_story_towns and not named_abroad \
        and (max(named.values()) > 1 or _in_capitals(home.mention, w)) \
        and all(_km(p.lat, p.lon, chosen.lat, chosen.lon) > w.stray_km for p in local) \
        and len(near) >= w.local_story_share * len(named)


def _holds_another_town(holder: Place, own: str, story: list[Place], text: str) -> bool:
    """True for a country or region named right after a town other than own, as where that
    town lies: "across the border in Taveta, Kenya" places Taveta, not the story, in Kenya."""
    return any(p.feature == "city" and name_key(p.mention.text) != own
               and p.mention.end <= holder.mention.start
               and text[p.mention.end:holder.mention.start].strip() == "," for p in story)


def _capital_read(place: Place) -> bool:
    """True for a reading as a country's capital."""
    chosen = _chosen(place.mention, place)
    return chosen is not None and bool(chosen.capital)


def _small_town(mention: Mention, place: Place, w: Weights) -> bool:
    """True for a reading as a small town that is no capital nor a dateline's town."""
    chosen = _chosen(mention, place)
    return chosen is not None and chosen.feature == "city" and not chosen.capital \
        and chosen.population < w.stray_population and not _in_capitals(mention, w)


def _town_named_in(site: Mention, toponyms: dict[int, Place]) -> Place | None:
    """The town a site's name opens with, as the article reads that name elsewhere: one
    name, one reading ("Portland Civic Hall" in a story from Portland, Victoria). Streets
    carry no place in their names: "Elkton Road" runs through Newark."""
    words = site.text.casefold().split()
    towns = [p for p in toponyms.values() if p.feature == "city" and p.lat is not None
             and p.source == "gazetteer"
             and words[:len(p.mention.text.split())] == p.mention.text.casefold().split()
             and len(p.mention.text.split()) < len(words)]
    counts = Counter(p.gazetteer_id for p in towns)        # the story's Elgin, not the
    return max(towns, key=lambda p: (len(p.mention.text), counts[p.gazetteer_id],  # one of
                                     -p.mention.start), default=None)      # "Elgin, Illinois"


def _own_town_of_site(site: Mention, resolved: dict[int, Place | None], lang: str
                      ) -> Place | None:
    """The article's town that a lake the gazetteer lacks, or a site of the kinds named
    after their own town, is named after: "Lake Hawassa" is at Hawassa and "la gare de
    Châteauroux" in Châteauroux, whatever town their sentence names before them. Not a
    river (the "River Fergus" runs far from Fergus, Ontario), nor a street ("rue de Metz")."""
    lexicon = mention_words(lang)
    head, _, rest = site.text.partition(" ")
    name = _without_determiners(rest, lexicon.determiners)     # "de la Verrerie"
    if site.candidates or not (
            head.casefold() in lexicon.town_feature_heads
            or name != rest and head.casefold() in lexicon.town_site_heads
            | lexicon.generic_site_heads):
        return None
    return next((p for p in resolved.values() if p is not None and p.feature == "city"
                 and p.lat is not None and name_key(p.mention.text) == name_key(name)), None)


def _without_determiners(name: str, determiners: frozenset[str]) -> str:
    """A name without the determiners and links before it: "de la Verrerie" is "Verrerie",
    "d'Auxerre" "Auxerre"."""
    while True:
        word, _, rest = name.partition(" ")
        elided = re.match(r"\w+'", word)
        if word.casefold() in determiners and rest:
            name = rest
        elif elided and elided.group().casefold() in determiners:
            name = name[elided.end():]
        else:
            return name


def _named_after_a_town(site: Mention, w: Weights) -> bool:
    """True when the place in a site's name is a town ("Kingston General Hospital"; Kingston
    parish is named after its town), not a state or country ("University of Nebraska")."""
    seats = _named_after_seat(site.candidates, w)
    return any(c.feature == "city" for c in site.candidates) and all(
        c.feature == "city" or c.id in seats for c in site.candidates)


def _town_near(mentions: list[Mention], i: int, resolved: dict[int, Place | None], text: str,
               words: _Words, w: Weights) -> Place | None:
    """The known town a name the gazetteer lacks is said to be near, right after it:
    "Fériana, à une trentaine de kilomètres de Kasserine", "Gonfreville-l'Orcher, près du
    Havre"; or the town it is listed with: "in Nansana and Kawempe", "Carndonagh and
    Clonmany", "de Shinahota, d'Ivirgarzama" (a list of places goes round one area), unless
    that town is at a road's far end."""
    def known(place: Place | None) -> bool:         # not "the highway towards Chittagong"
        return place is not None and place.lat is not None and place.feature == "city" \
            and not place.approximate and not _at_route_end(place, text, words, w)

    def listed(a: int, b: int) -> bool:             # "de Shinahota, d'Ivirgarzama"
        return bool(words.list_gap.fullmatch(text[mentions[a].end:mentions[b].start].lower()))

    after, before = resolved.get(i + 1), resolved.get(i - 1)
    if known(after) and words.near_town_gap.fullmatch(text[mentions[i].end:mentions[i + 1].start]):
        return after
    if known(before) and listed(i - 1, i):
        return before
    if known(after) and listed(i, i + 1):
        return after
    return None


def _town_for_site(mentions: list[Mention], i: int, resolved: dict[int, Place | None],
                   text: str, words: _Words, w: Weights) -> Place | None:
    """The town a site is in: named right after it ("the Bambino Gesu hospital in Rome"),
    else the last one its paragraph names before it; in a paragraph that names none before
    it, the one named most before it, and of those the last named as where things happen
    ("ont marché à Ouagadougou", not "l'attaque de Djibo"); else the one the article names
    most. A site whose sentence names no town, in a paragraph about towns other than the
    dateline's, is in the dateline's town. A town at a road's or a journey's far end is none
    of these ("l'autoroute vers Chittagong", "un vol en provenance de Tel-Aviv")."""
    after = resolved.get(i + 1)
    if after is not None and after.lat is not None \
            and after.feature in ("city", "region", "country") \
            and words.site_town_gap.fullmatch(text[mentions[i].end:mentions[i + 1].start]):
        return after
    towns = [p for p in resolved.values() if p is not None and p.feature == "city"
             and p.lat is not None and not _at_route_end(p, text, words, w)]
    start = mentions[i].start
    before = [p for p in towns if p.mention.start < start]
    paragraph = max((m.end() for m in PARAGRAPH_BREAK.finditer(text, 0, start)), default=0)
    here = [p for p in before if p.mention.start >= paragraph]
    dateline = next((p for p in towns if _in_capitals(p.mention, w)), None)
    if here and dateline is not None and _only_in_other_sentences(here, dateline, mentions[i]):
        town = dateline
    elif here:
        town = max(here, key=lambda p: p.mention.start)
    elif before:
        counts = Counter(p.gazetteer_id for p in before)
        town = max(before, key=lambda p: (counts[p.gazetteer_id], bool(
            words.town_preposition.search(text, max(0, p.mention.start - w.neighbour_chars),
                                          p.mention.start)), p.mention.start))
    elif towns:
        counts = Counter(p.gazetteer_id for p in towns)
        town = max(towns, key=lambda p: (counts[p.gazetteer_id], -p.mention.start))
    else:
        return None
    return replace(town, source="context")


def _only_in_other_sentences(towns: list[Place], dateline: Place, site: Mention) -> bool:
    """True when a site's sentence names none of its paragraph's towns and the paragraph
    leaves out the dateline's town: "À Nairobi, le ministre a promis un geste. Les navires
    attendaient au terminal de Kipevu", from MOMBASA, is at Mombasa, where the story is."""
    return dateline.gazetteer_id not in {p.gazetteer_id for p in towns} \
        and all(p.mention.sentence != site.sentence for p in towns)


def _at_route_end(town: Place, text: str, words: _Words, w: Weights) -> bool:
    """True for a town named at a road's or a journey's far end: "the highway towards
    Chittagong", "un vol en provenance de Tel-Aviv"."""
    return bool(words.route_end.search(text, max(0, town.mention.start - w.neighbour_chars),
                                       town.mention.start))


def _confidence(ranked: list[tuple[float, Candidate]], w: Weights) -> float:
    """How sure the best reading is: its lead over the next one, as a probability."""
    lead = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else w.lone_lead
    return 1.0 / (1.0 + math.exp(-lead))


def _other_town(mentions: list[Mention], i: int, landmark: Candidate,
                toponyms: dict[int, Place], text: str, words: _Words, w: Weights
                ) -> Place | None:
    """The town a landmark is said to be in ("the State Capitol in Atlanta": every US state
    has one), else the one its sentence names before it, when far from the landmark: every
    French town has its "place de la République". A landmark that names its own town stays
    there ("l'usine de tracteurs de Minsk" after "réfugiée à Vilnius"), unless the article
    reads that town's name as another town: "Paris City Hall" in a story of Paris,
    Tennessee."""
    mention = mentions[i]
    own_town = landmark.city and f" {strip_accents(name_key(landmark.city))} " in \
        f" {strip_accents(name_key(mention.text))} "
    named = _town_named_in(mention, toponyms) if own_town else None
    if named is not None and _km(named.lat, named.lon, landmark.lat, landmark.lon) > w.same_town_km:
        return named
    after = toponyms.get(i + 1)
    if not own_town and after is not None and after.feature == "city" \
            and mentions[i + 1].sentence == mention.sentence \
            and words.site_town_gap.fullmatch(text[mention.end:mentions[i + 1].start]):
        towns = [after]                             # "the State Capitol in Atlanta"
    else:
        towns = [p for j, p in toponyms.items() if mentions[j].sentence == mention.sentence
                 and mentions[j].start < mention.start and p.feature == "city"]
    if not towns or own_town or any(_km(p.lat, p.lon, landmark.lat, landmark.lon) <= w.same_town_km
                                    for p in towns):
        return None
    return towns[-1]


def _rivers_at_their_town(mentions: list[Mention], resolved: dict[int, Place | None],
                          w: Weights) -> None:
    """Place a river where the story meets it: at the first town its sentence names after
    it, else at the dateline's town, when that town lies within river_town_km of the
    river's point ("la crue du Tigre ... à Bagdad" is at Baghdad, not at the Tigris's
    middle). A town named before it is where people speak of it ("À Budapest, on craint la
    crue de la Tisza")."""
    towns = [p for p in resolved.values() if p is not None and p.feature == "city"
             and p.lat is not None and p.source == "gazetteer"]
    dateline = next((p for p in towns if _in_capitals(p.mention, w)), None)
    for i, river in list(resolved.items()):
        if river is None or river.site_kind != "river" or river.lat is None:
            continue
        after = [p for p in towns if p.mention.sentence == mentions[i].sentence
                 and p.mention.start > mentions[i].start]
        town = min(after, key=lambda p: p.mention.start) if after else dateline
        if town is not None and _km(town.lat, town.lon, river.lat, river.lon) <= w.river_town_km:
            resolved[i] = replace(river, lat=town.lat, lon=town.lon,
                                  country_code=town.country_code,
                                  name=f"{river.name}, {town.name}", approximate=True)


def _at_town(mention: Mention, town: Place, w: Weights) -> Place:
    """A site whose coordinates are its town's."""
    return Place(mention=mention, name=f"{mention.text}, {town.name}", lat=town.lat, lon=town.lon,
                 country_code=town.country_code, feature="landmark",
                 confidence=min(town.confidence, w.site_confidence), source="town",
                 approximate=True)


def _unknown_town_region(mention: Mention, neighbours: list[Mention], focus: dict[str, float],
                         w: Weights) -> Candidate | None:
    """The region named after a town none of whose readings lies in it: "Camp Murray, Wash."
    (no Murray in Washington); one of a country the article speaks of ("à Lankaran, dans le
    Sud" in a story on Azerbaijan is not Haiti's Sud). A big town under its own name is no
    unknown one: "Eldoret, Nakuru and Kericho" is a list; "Greenwood, W. Va." is no Kansas
    City, which GeoNames also calls Greenwood."""
    after = [n for n in neighbours if n.start > mention.end]
    if not after or any(c.feature in ("country", "other") or c.kind == "admin1"
                        or c.population >= w.strong_population
                        and _under_its_name(mention.text, c, w)
                        for c in mention.candidates):
        return None
    regions = [c for c in after[0].candidates if c.feature == "region" and c.kind == "admin1"
               and focus.get(c.country_code, 0.0) >= w.lookup_share]
    inside = {(c.country_code, c.admin1) for c in mention.candidates}
    if not regions or any(_contains(parent, c, w) for parent in after[0].candidates
                          for c in mention.candidates) \
            or any((r.country_code, r.admin1) in inside for r in regions):
        return None
    return max(regions, key=lambda c: (c.preferred, c.population))


def _holder_after(mentions: list[Mention], i: int, neighbours: list[Mention],
                  resolved: dict[int, Place | None], text: str, words: _Words) -> Place | None:
    """The region or town named right after a name the gazetteer lacks, that holds it:
    "à Kasindi, dans le Nord-Kivu", "in Kasindi (Beni, Nord-Kivu)", "Kotapola, a village in
    Matara district"."""
    after = resolved.get(i + 1)
    if i + 1 >= len(mentions) or after is None or after.lat is None \
            or after.source not in ("gazetteer", "region"):
        return None
    chosen = _chosen(mentions[i + 1], after)
    if after.feature not in ("city", "region") and (chosen is None or chosen.kind != "region"):
        return None                 # a town or a region, a curated one too ("le Darfour")
    described = words.appositive.match(text, mentions[i].end)
    listed = mentions[i + 1] in neighbours or described is not None \
        and words.neighbour_gap.fullmatch(text[described.end():mentions[i + 1].start])
    return after if listed else None


def _in_region(mention: Mention, region: Candidate | Place, w: Weights) -> Place:
    """A town the gazetteer lacks, placed at its region's (or its holding town's) point."""
    return Place(mention=mention, name=f"{mention.text}, {region.name}", lat=region.lat,
                 lon=region.lon, country_code=region.country_code, feature="city",
                 confidence=w.region_confidence, source="region", approximate=True)


def _place(mention: Mention, c: Candidate, confidence: float, source: str) -> Place:
    return Place(mention=mention, name=c.name, lat=c.lat, lon=c.lon, country_code=c.country_code,
                 feature=c.feature, confidence=confidence, source=source, gazetteer_id=c.id,
                 approximate=c.at_town_point, site_kind=c.kind or "")


def _neighbours(mentions: list[Mention], i: int, text: str, w: Weights,
                words: _Words) -> list[Mention]:
    """Mentions joined to mention i by a comma or a word like "in" ("Portland, Oregon")."""
    me = mentions[i]
    out = []
    for j in (i - 1, i + 1):
        if 0 <= j < len(mentions) and mentions[j].sentence == me.sentence:
            gap = text[mentions[j].end:me.start] if j < i else text[me.end:mentions[j].start]
            if len(gap) <= w.neighbour_chars and words.neighbour_gap.fullmatch(gap) \
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


def _beside_states(mentions: list[Mention], text: str, w: Weights) -> dict[int, set[str]]:
    """For each name listed right beside a first-level region's ("from Quebec and Ontario",
    "Genève et Vaud"), the countries of those regions: there, a region named after its
    town is the region."""
    states = [{c.country_code for c in m.candidates if c.kind == "admin1" and c.preferred}
              - {c.country_code for c in m.candidates
                 if c.id in _named_after_seat(m.candidates, w)} for m in mentions]
    beside: dict[int, set[str]] = defaultdict(set)
    for i in range(len(mentions) - 1):
        if _listed_together(mentions, i, i + 1, text):
            beside[mentions[i].start] |= states[i + 1]
            beside[mentions[i + 1].start] |= states[i]
    return beside


def _named_after_seat(candidates: list[Candidate], w: Weights) -> set[int]:
    """Regions that share their name with a town inside them: "Grodno", "Kayes", "Genève"."""
    towns = {(c.country_code, c.admin1) for c in candidates if c.feature == "city"}
    return {c.id for c in candidates if c.feature == "region" and c.kind in ("admin1", "admin2")
            and c.admin1 and (c.country_code, c.admin1) in towns
            and not (c.kind == "admin1" and c.country_code in w.seat_exceptions)}


def _namesake_penalties(name: str, candidates: list[Candidate], focus: dict[str, float],
                        neighbours: list[Mention], anchors: list[Candidate], w: Weights
                        ) -> dict[int, float]:
    """Small towns named like something much bigger yield to it unless something else
    names them: a country, a region a thousand times bigger or a sea ("Florida", New York;
    "California", Maryland; "Atlantic", Iowa), a capital of a million ("London", Ohio;
    "Vienne", the département), or a big town of a country the article is about, whatever
    name it goes by ("Gomel", not the village near Brest). A county named without "County"
    yields to a town of that name. A neighbour that holds the small one ("Gomel, région de
    Brest") lifts the last penalty. A town of the world's size, under its main name, beats
    a village far from all the article's other places whatever country the article is about
    ("tourists from Dubai", in Kerala; not "Madina", an alternate name of Medina)."""
    regions = [math.inf if c.feature == "other" else c.population for c in candidates
               if c.feature in ("region", "country", "other") and c.preferred]
    biggest = max(regions, default=0)
    capital = any(c.capital and c.population >= w.big_capital for c in candidates)
    big_towns = [c for c in candidates if c.feature == "city" and c.population >= w.big_town
                 and _spelling_of(name, c.name, w)]
    held = {c.id for n in neighbours for other in n.candidates for c in candidates
            if _contains(other, c, w)}
    penalties = {}
    town = any(c.feature == "city" and c.preferred for c in candidates)
    for c in candidates:
        if c.kind == "admin2" and not c.preferred and town:
            penalties[c.id] = w.short_county     # "in Shelby": the town, not Shelby County
        if c.kind == "admin2" and capital:
            penalties[c.id] = w.capital_namesake  # "Vienne": Vienna, not the département
        if c.feature != "city" or c.capital:
            continue
        if c.population < w.namesake_share * biggest:
            penalties[c.id] = w.small_namesake
        elif capital and c.population < w.capital_namesake_share * w.big_capital:
            penalties[c.id] = w.capital_namesake
        if c.id not in held and any(
                c.population < w.big_town_share * big.population
                and (focus.get(big.country_code, 0.0) >= focus.get(c.country_code, 0.0) > 0.0
                     or big.preferred and big.population >= w.world_city and bool(anchors)
                     and all(_km(c.lat, c.lon, a.lat, a.lon) > w.stray_km for a in anchors))
                for big in big_towns):
            penalties[c.id] = penalties.get(c.id, 0.0) + w.big_town_namesake
    return penalties


def _biggest_bearer(name: str, candidates: list[Candidate], w: Weights) -> Candidate:
    """The place a name means when nothing else tells: the biggest under its main name, or
    a big town it spells, next to which that one is a village ("Bagdad": Baghdad, not
    Bagdad, Florida; "Cancun": Cancún, not Changchun)."""
    top = max(candidates, key=lambda c: (c.preferred, c.population))
    towns = [c for c in candidates if c.feature == "city" and c.population >= w.big_town
             and top.population < w.big_town_share * c.population and _spelling_of(name, c.name, w)]
    return max(towns, key=lambda c: c.population, default=top)


def _under_its_name(name: str, c: Candidate, w: Weights) -> bool:
    """True when a name is the place's main name or a spelling of it, matched whole: "Gomel"
    is Homyel', "Greenwood" no Kansas City (a minor alternate name)."""
    return not c.fuzzy and (c.preferred or _spelling_of(name, c.name, w))


def _spelling_of(name: str, main_name: str, w: Weights) -> bool:
    """True when a name is the place's main name in another spelling ("Gomel", "Homel" for
    Homyel'), not an unrelated old name ("Franklin" for Columbus)."""
    a, b = strip_accents(name_key(name)), strip_accents(name_key(main_name))
    return difflib.SequenceMatcher(None, a, b).ratio() >= w.same_name_similarity


def _common_words_only(name: str, lang: str) -> bool:
    """True for a name made of the language's common words only, that many places bear:
    "place de la Nation", "Assemblée nationale" (not "place Tahrir", "Windsor Castle")."""
    common = mention_words(lang).common_word_zipf
    return all(zipf_frequency(word, lang) >= common for word in re.findall(r"\w+", name.lower()))


def _in_capitals(mention: Mention, w: Weights) -> bool:
    """A name in capitals is mostly a dateline, and datelines name towns: "WASHINGTON (AP)"."""
    return mention.text.isupper() and sum(ch.isalpha() for ch in mention.text) > w.code_letters


def _anchors(readings: dict[int, Candidate], names: dict[int, Mention],
             mention: Mention) -> list[Candidate]:
    """The readings of the article's other names that may pull this one's towards them."""
    return [c for i, c in readings.items() if names[i].text != mention.text and _anchor(c)]


def _anchor(c: Candidate) -> bool:
    """Places precise enough to pull their neighbours' readings towards them."""
    return c.feature in ("city", "region", "landmark") and c.kind != "continent"


def _regional(c: Candidate, candidates: list[Candidate]) -> bool:
    """True when the share of the article in the reading's region may count for it: not for
    a place under a minor alternate name that another place of its kind bears as its own
    (GeoNames calls Tours-sur-Meymont "Tours"), nor for a town named like a state of its
    country other than its own ("Florida", New York)."""
    if not c.preferred and any(o.preferred and o.feature == c.feature for o in candidates):
        return False
    return c.feature != "city" or not any(
        o.kind == "admin1" and o.preferred and o.country_code == c.country_code
        and o.admin1 != c.admin1 for o in candidates)


def _same_region(c: Candidate, anchors: list[Candidate], w: Weights) -> float:
    """A bonus for the share of the article's other places that lie in the reading's
    first-level region: "Indiana" six times and "Boone County" make "Montgomery County"
    the one in Indiana."""
    if not anchors or not c.admin1:
        return 0.0
    key = (c.country_code, c.admin1)
    return w.same_region * sum((a.country_code, a.admin1) == key for a in anchors) / len(anchors)


def _coherence(c: Candidate, anchors: list[Candidate], w: Weights) -> float:
    """A bonus for readings near the document's other places, or inside one of them."""
    if not anchors or c.feature == "country":
        return 0.0
    bonus = w.contained if any(_contains(a, c, w) or _contains(c, a, w) for a in anchors) else 0.0
    nearest = min(_km(c.lat, c.lon, a.lat, a.lon) for a in anchors)
    for limit, points in w.coherence_steps:
        if nearest <= limit:
            return bonus + points
    return bonus


class _Context:
    """What an article says around its names: its text, the towns it may name, and the
    readings of all its place names."""

    def __init__(self, text: str, mentions: list[Mention], w: Weights, words: _Words) -> None:
        self.text = text
        self.w = w
        self.words = words
        self.home = _dateline_region(text, mentions, w)
        self.sentence_countries: dict[int, set[str]] = defaultdict(set)
        for m in mentions:          # "À La Réunion, ... à Saint-Denis": the towns are there
            if m.kind == "toponym" and not m.metonymic and any(
                    c.feature == "country" and c.preferred for c in m.candidates):
                self.sentence_countries[m.sentence].update(
                    c.country_code for c in m.candidates if c.feature == "country")
        self.cities = {c.name.casefold() for m in mentions if m.kind == "toponym"
                       for c in m.candidates if c.feature == "city"}
        self.beside_states = _beside_states(mentions, text, w)
        groups: dict[str, list[Candidate]] = {}
        for m in mentions:
            if m.kind == "toponym" and m.candidates:
                groups.setdefault(m.text.casefold(), [c for c in m.candidates
                                                      if c.feature in ("city", "region")])
        self.names = [name for name, cands in groups.items() if cands]
        flat = [c for name in self.names for c in groups[name]]
        self.lat = np.array([c.lat for c in flat])
        self.lon = np.array([c.lon for c in flat])
        self.ids = np.array([c.id for c in flat])
        self.starts = np.cumsum([0] + [len(groups[name]) for name in self.names])[:-1]
        self.county_pairs = _county_pairs(groups, w)
        # a state named in a site's name counts as named: "Northeast Georgia Medical Center"
        in_sites = {c.name.casefold(): [c] for m in mentions if m.kind == "facility"
                    for c in m.candidates if c.kind == "admin1" and not c.fuzzy}
        self.state_pairs, self.state_pairs_at = _state_pairs({**in_sites, **groups}, mentions,
                                                             text, w)

    def support(self, c: Candidate, mention: Mention) -> float:
        """A bonus for each other name with a reading near this one. Local news names
        several nearby towns ("Richmond", "Berea"): readings that sit together support each
        other, whatever each name's most likely reading is. Nothing for names that may be a
        country or a sea ("Mexico", "Middle East")."""
        if c.feature not in ("city", "region", "landmark") or len(self.names) < 2 or any(
                o.feature in ("country", "other") and o.preferred for o in mention.candidates):
            return 0.0
        km = km_to_many(c.lat, c.lon, self.lat, self.lon)
        km[self.ids == c.id] = np.inf
        nearest = np.minimum.reduceat(km, self.starts)
        own = mention.text.casefold()
        points = sum(next((p for limit, p in self.w.support_steps if d <= limit), 0.0)
                     for name, d in zip(self.names, nearest) if name != own)
        return min(points, self.w.support_cap)


def _under_own_name(c: Candidate, name: str) -> bool:
    """True when the name is the place's own full name, not an alternate or a spelling."""
    return c.preferred and not c.fuzzy and c.name.casefold() == name


def _county_pairs(groups: dict[str, list[Candidate]], w: Weights) -> set[int]:
    """The readings of a county and of a town it holds, both named in the article: each
    settles the other ("an Athens man ... Henderson County" is Athens, Texas, in Henderson
    County, Texas). A county named after the town ("DeKalb" and "DeKalb County") settles
    nothing: many states have both; nor does a pair in a state other than those the article
    names ("London" and "Clark County" in Ohio, in an article about Kentucky), nor a name
    that is also a state's ("Florida")."""
    states = {(c.country_code, c.admin1) for cands in groups.values() for c in cands
              if c.kind == "admin1"}
    counties: dict[tuple[str, str], list[tuple[str, Candidate]]] = defaultdict(list)
    for name, cands in groups.items():
        if any(c.feature == "city" for c in cands):
            continue                                # "Paris": the town, not its département
        for c in cands:
            if c.kind == "admin2" and c.admin1 and _under_own_name(c, name):
                counties[c.country_code, c.admin1].append((name, c))
    pairs: set[int] = set()
    for name, cands in groups.items():
        if any(c.kind == "admin1" for c in cands):
            continue
        for c in cands:
            if c.feature != "city" or not _under_own_name(c, name) or (c.country_code, c.admin1) not in \
                    states and any(code == c.country_code for code, _ in states):
                continue
            for county_name, county in counties.get((c.country_code, c.admin1 or ""), ()):
                if not county_name.startswith(name) \
                        and _km(county.lat, county.lon, c.lat, c.lon) <= w.county_pair_km:
                    pairs.update((c.id, county.id))
    return pairs


def _state_pairs(groups: dict[str, list[Candidate]], mentions: list[Mention], text: str,
                 w: Weights) -> tuple[set[int], set[tuple[int, int]]]:
    """The readings of a first-level region and of a town it holds, both named in the
    article: "Albany" and "Georgia" are Albany, Georgia, and the state. A region the story
    names only right after a place's name ("convicted in Bronx County, N.Y.", "visiting from
    Westport, Connecticut") pairs with that one mention alone, given as (start, reading id):
    it says nothing of the story's "Charleston" or "Westport"."""
    held = _holders_only(text, mentions, w)
    states: dict[tuple[str, str], list[tuple[str, Candidate]]] = defaultdict(list)
    for name, cands in groups.items():
        seats = {(c.country_code, c.admin1) for c in cands if c.feature == "city"}
        for c in cands:                             # not "New York": the city as much as the state
            if c.kind == "admin1" and c.admin1 and _under_own_name(c, name) \
                    and (c.country_code, c.admin1) not in seats:
                states[c.country_code, c.admin1].append((name, c))
    pairs: set[int] = set()
    at: set[tuple[int, int]] = set()
    for name, cands in groups.items():
        if any(c.kind == "admin1" for c in cands):
            continue
        for c in cands:
            if c.feature != "city" or not _under_own_name(c, name):
                continue
            for state_name, state in states.get((c.country_code, c.admin1 or ""), ()):
                if state_name not in held:
                    pairs.update((c.id, state.id))
                else:
                    at.update((start, c.id) for held_name, start in held[state_name]
                              if held_name == name)
    return pairs, at


def _holders_only(text: str, mentions: list[Mention], w: Weights
                  ) -> dict[str, set[tuple[str, int]]]:
    """The names (casefolded) that the article writes, past its dateline, only right after
    another place's name and a comma, with that name and its start: "convicted in Bronx
    County, N.Y." gives {"n.y": {("bronx county", 1279)}}."""
    before = {m.end: m for m in mentions if m.kind == "toponym"}
    held: dict[str, set[tuple[str, int]]] = defaultdict(set)
    elsewhere: set[str] = set()
    for m in mentions:
        if m.kind != "toponym":
            continue
        name = m.text.casefold()
        holds = before.get(m.start - 2) if m.start > w.dateline_chars \
            and text[m.start - 2:m.start] == ", " else None
        if holds is None:
            elsewhere.add(name)
        else:
            held[name].add((holds.text.casefold(), holds.start))
    return {name: names for name, names in held.items() if name not in elsewhere}


def _dateline_region(text: str, mentions: list[Mention], w: Weights
                     ) -> tuple[str, str | None] | None:
    """The region of a local story's dateline: "CAMP MURRAY, Wash. —", "HELENA, Mont. (AP)"."""
    if len(mentions) < 2 or mentions[0].start > w.dateline_chars \
            or not _in_capitals(mentions[0], w) \
            or text[mentions[0].end:mentions[1].start].strip() != ",":
        return None
    regions = [c for c in mentions[1].candidates if c.feature == "region" and c.kind == "admin1"]
    if not regions:
        return None
    region = max(regions, key=lambda c: (c.preferred, c.population))
    return region.country_code, region.admin1


def _countries_named(mention: Mention, neighbours: list[Mention], w: Weights) -> set[str]:
    """The countries that a town's neighbour after it names beyond doubt: a reading in one
    of them beats every other, however well the story's towns support it ("Verona in
    Italy", in a story from Verona, Mississippi). Not "Georgia", which a US state bears
    too, and not after a country's name ("Iraq, Iran": a list)."""
    if any(c.feature == "country" for c in mention.candidates):
        return set()
    return {code for n in neighbours if n.start > mention.start
            for code in [_country_named(n, w)] if code}


def _held_by_a_region_after(mention: Mention, neighbours: list[Mention], w: Weights
                            ) -> set[int]:
    """The readings of a town that a first-level region named right after it holds: those
    beat every other, however well the story's towns support them ("coach parties bound for
    Banff in Alberta", in a story from Banff, Aberdeenshire)."""
    regions = [other for n in neighbours if n.start > mention.start
               for other in n.candidates if other.kind == "admin1" and other.preferred
               and not other.fuzzy]
    return {c.id for c in mention.candidates if c.feature == "city"
            and any(_contains(region, c, w) for region in regions)}


def _country_named(mention: Mention, w: Weights) -> str:
    """The country a name names beyond doubt, or "": "Italy" (IT), not "Georgia"."""
    country = next((c.country_code for c in mention.candidates
                    if c.feature == "country" and c.preferred), "")
    if country and any(c.feature in ("region", "city") and c.preferred
                       and c.population >= w.rival_population for c in mention.candidates):
        return ""
    return country


def _holders(mention: Mention, neighbours: list[Mention], w: Weights) -> list[Mention]:
    """The neighbours that may hold a mention's reading: a country's name beside another
    country's is one more item of a list ("from Iraq, Iran and Syria": Iraq is no Arāk in
    Iran), and holds nothing."""
    if not _country_named(mention, w):
        return neighbours
    return [n for n in neighbours if not _country_named(n, w)]


def _held_by(c: Candidate, neighbours: list[Mention], w: Weights) -> bool:
    """True when a neighbour's reading holds the candidate: "Elizabethtown, Pennsylvania"."""
    return any(_contains(other, c, w) and _holds_by_name(other)
               for n in neighbours for other in n.candidates)


def _holds_by_name(region: Candidate) -> bool:
    """True when a name read as a region can say which one holds its neighbour: not a county
    under a shortened name ("Brighton, Bristol, Liverpool": Bristol is no Bristol County)."""
    return region.preferred or region.kind != "admin2"


def _contains(parent: Candidate, child: Candidate, w: Weights) -> bool:
    """True when the parent (a country or region) contains the child place."""
    if parent.id == child.id or parent.country_code != child.country_code:
        return False
    if parent.feature == "country":
        return child.feature != "country"
    if parent.feature == "region":          # a county holds only the towns around its point
        holds = child.feature in ("city", "landmark") or (parent.kind, child.kind) == (
            "admin1", "admin2")             # "Kentucky" holds "Madison County"
        return holds and bool(parent.admin1) \
            and parent.admin1 == child.admin1 and (parent.kind != "admin2" or _km(
                parent.lat, parent.lon, child.lat, child.lon) <= w.county_km)
    return False
