"""Coreference: the reports of one event merged into one event, as ACLED codes them.

ACLED's unit is one event per place, day and type. A protest, the police charge on it
and the arrests at it are one event (coded "Protest with intervention"); a protest and
a strike at one place on one day are two. So:
- protests, riots and strikes ("anchors") merge with the anchors of their family at the
  same place, on a day that fits;
- interventions, arrests and deaths join the protest or strike they happened at (the
  same place, or a site of the same town, that day); alone, they are events of their own;
- a headline never makes an event: its reports only join the events of the body.

    >>> [len(e.members) for e in merge(mentions)]      # one protest reported three times
    [3]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from geomap.events.attach import is_site, place_key
from geomap.events.coding import PROTEST_FAMILIES, codings
from geomap.geodesy import km
from geomap.lang import Lexicon
from geomap.model import EventMention, Place

SAME_TOWN_KM = 12.0         # an intervention this close to a protest that day is at it
WEEK_DAYS = 6


@dataclass
class Cluster:
    """One event: its family, place and day, and the reports that make it."""

    family: str
    place: Place
    day: date | None
    precision: int
    planned: bool
    members: list[tuple[EventMention, Place]] = field(default_factory=list)

    def fits(self, day: date | None, precision: int) -> bool:
        """True when a report's day can be this event's day."""
        if day is None or self.day is None:
            return True
        if precision == 1 and self.precision == 1:
            return day == self.day
        coarse = max(precision, self.precision)
        if coarse == 2:
            return abs((day - self.day).days) <= WEEK_DAYS and \
                day.isocalendar()[:2] == self.day.isocalendar()[:2]
        return (day.year, day.month) == (self.day.year, self.day.month)

    def add(self, mention: EventMention, place: Place) -> None:
        self.members.append((mention, place))
        if mention.day is not None and (self.day is None or mention.time_precision < self.precision):
            self.day, self.precision = mention.day, mention.time_precision


def merge(mentions: list[EventMention], headline: list[EventMention], lex: Lexicon) -> list[Cluster]:
    """The events the reports make, in the order they are first reported. Anchors (a
    protest, a riot, a strike) make events; the other reports join them or, alone, make
    their own, in the order the language data lists them: in "est mort en détention", the
    death is the event."""
    table = codings(lex.lang)
    clusters: list[Cluster] = []
    units = [(m, p) for m in mentions for p in m.places]
    for mention, place in units:
        coding = table[mention.trigger.category]
        if not coding.anchor:
            continue
        family = coding.family
        found = _same(clusters, family, mention, place) or _told_again(clusters, family, mention, place)
        if found is None:
            found = _new(clusters, family, mention, place)
        found.add(mention, place)
    order = list(table)
    satellites = [(m, p) for m, p in units if not table[m.trigger.category].anchor]
    # Reports with a day go first: "est décédé lundi" makes the event that "est mort cette
    # semaine" then joins.
    for mention, place in sorted(satellites, key=lambda u: (order.index(u[0].trigger.category),
                                                            u[0].time_precision)):
        coding = table[mention.trigger.category]
        found = _same_clause(clusters, mention, place) \
            or _same(clusters, coding.family, mention, place) \
            or _joined(clusters, mention, place, coding.joins)
        if found is None:
            found = _new(clusters, coding.family, mention, place)
        found.add(mention, place)
    for mention in headline:
        coding = table[mention.trigger.category]
        for place in mention.places:
            found = _same(clusters, coding.family, mention, place) or \
                _joined(clusters, mention, place, coding.joins or PROTEST_FAMILIES)
            if found is not None:
                found.add(mention, place)
    return sorted(clusters, key=lambda c: min(m.trigger.start for m, _ in c.members))


def _new(clusters: list[Cluster], family: str, mention: EventMention, place: Place) -> Cluster:
    cluster = Cluster(family, place, mention.day, mention.time_precision,
                      mention.status == "planned")
    clusters.append(cluster)
    return cluster


def _same(clusters: list[Cluster], family: str, mention: EventMention, place: Place) -> Cluster | None:
    """An event of the family at the same place, on a day that fits."""
    key = place_key(place)
    planned = mention.status == "planned"
    for cluster in clusters:
        if cluster.family == family and cluster.planned == planned and \
                place_key(cluster.place) == key and cluster.fits(mention.day, mention.time_precision):
            return cluster
    return None


def _told_again(clusters: list[Cluster], family: str, mention: EventMention,
                place: Place) -> Cluster | None:
    """The event of another sentence at the same town that day, when nothing says this is a
    new gathering: "Des milliers ont défilé vendredi dans le centre d'Alger. Dès la fin de la
    prière, la foule a envahi la Grande Poste" is one march. "Plus tard", "de nouveau",
    "quant à lui" make a new one."""
    if mention.episode or family not in PROTEST_FAMILIES:
        return None
    planned = mention.status == "planned"
    for cluster in clusters:
        if cluster.family == family and cluster.planned == planned and \
                cluster.place.country_code == place.country_code and \
                (is_site(cluster.place) or is_site(place)) and \
                _km(cluster.place, place) <= SAME_TOWN_KM and \
                all(m.sentence.index != mention.sentence.index for m, _ in cluster.members) and \
                cluster.fits(mention.day, mention.time_precision) and \
                not (mention.time_precision < cluster.precision):
            return cluster
    return None


def _same_clause(clusters: list[Cluster], mention: EventMention, place: Place) -> Cluster | None:
    """The event another report of the same clause and place made: one clause, one event."""
    key = place_key(place)
    for cluster in clusters:
        if any(m.sentence.index == mention.sentence.index and m.clause == mention.clause
               and place_key(p) == key for m, p in cluster.members):
            return cluster
    return None


def _joined(clusters: list[Cluster], mention: EventMention, place: Place,
            families: tuple[str, ...]) -> Cluster | None:
    """The event of one of the families (best first) that an intervention, arrest or death
    happened at: the same place, else the nearest site of the same town, that day."""
    planned = mention.status == "planned"
    near = [c for c in clusters if c.family in families and c.planned == planned
            and c.place.country_code == place.country_code
            and c.fits(mention.day, mention.time_precision)
            and not (mention.time_precision < c.precision)      # a dated report keeps its day
            and (place_key(c.place) == place_key(place) or _km(c.place, place) <= SAME_TOWN_KM)]
    if not near:
        return None
    return min(near, key=lambda c: (place_key(c.place) != place_key(place), families.index(c.family),
                                    _km(c.place, place)))


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None:
        return math.inf
    return km(a.lat, a.lon, b.lat, b.lon)
