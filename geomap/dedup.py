"""Events across articles: when two reports are the same event.

The event stage merges the reports of one article into events, one per place, day and
type family, as ACLED codes them. This module says when an event of one article is an
event already stored from another article or an imported dataset, by the same rule:
the same family of event type, a day that fits both reports' time precision, and the
same place (the same gazetteer place, or close enough for the places' precision).

    >>> same_event(Report.of(minsk_rally_afp), Report.of(minsk_rally_reuters))
    True

Every threshold is in THRESHOLDS, with its reason; nothing else in geomap decides this.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from geomap.events.coding import family
from geomap.geodesy import km


@dataclass(frozen=True)
class Thresholds:
    """How close two reports must be to be one event. Distances in km, windows in days."""

    # One place under two gazetteer entries or two sources (GeoNames and ACLED place a town
    # up to about 2 km apart); two towns or two districts listed as towns lie further apart.
    same_point_km: float = 2.0
    # A square, a building or a district and a town are one place when the site lies within
    # the town: the radius the event stage uses to join a site to its town's protest.
    town_radius_km: float = 12.0
    # Two sites with points of their own are one site only this close: one square under two
    # names ("place de l'Indépendance", "Independence Square") whose points differ a little.
    same_site_km: float = 0.5
    # ACLED's geo_precision 2 is "near" the place given, within its district.
    near_km: float = 25.0
    # Half the window a report's date stands for, by time_precision: 1 the day itself,
    # 2 a week (the day ±3), 3 a month (±15).
    date_window_days: tuple[int, int, int] = (0, 3, 15)


THRESHOLDS = Thresholds()
# How far apart in days two stored events may be for a search of candidates to find them:
# the widest pair of windows.
SEARCH_DAYS = 2 * THRESHOLDS.date_window_days[-1] + 1


@dataclass(frozen=True)
class Report:
    """What matching reads of an event: its family, day and place.

    level is what the place is: "country", "region", "town", "site" (a landmark or a
    district with a point of its own), "placed" (a street or quarter the gazetteer lacks,
    placed at its town's point) or "near" (an imported event placed near a town, ACLED's
    geo_precision 2).
    """

    family: str
    day: date | None
    time_precision: int
    level: str
    lat: float | None
    lon: float | None
    country_code: str | None
    gazetteer_id: int | None = None
    name: str = ""

    @classmethod
    def of(cls, values: dict) -> Report:
        """From an event's stored values (a row of events or Event.as_dict())."""
        day = values.get("date")
        if isinstance(day, str):
            day = date.fromisoformat(day[:10]) if day else None
        gid = values.get("gazetteer_id")
        return cls(family=family(values.get("category") or ""), day=day,
                   time_precision=int(values.get("time_precision") or 1),
                   level=place_level(values.get("feature"), values.get("geo_precision")),
                   lat=_number(values.get("lat")), lon=_number(values.get("lon")),
                   country_code=values.get("country_code") or None,
                   gazetteer_id=int(gid) if _number(gid) is not None else None,
                   name=_folded(values.get("location") or ""))


def place_level(feature: str | None, geo_precision: int | None) -> str:
    """What a place is, from its gazetteer feature, else (imports) from its geo_precision."""
    precision = int(geo_precision) if _number(geo_precision) is not None else None
    if feature == "country" or feature is None and precision == 3:
        return "country"
    if feature in ("region", "other"):
        return "region"
    if feature is None:
        return "near" if precision == 2 else "town"
    if precision == 2:
        return "placed"
    return "town" if feature == "city" else "site"


def same_event(a: Report, b: Report, limits: Thresholds = THRESHOLDS) -> bool:
    """True when two reports are one event: same family, fitting days, same place."""
    return a.family == b.family and days_fit(a, b, limits) and same_place(a, b, limits)


def days_fit(a: Report, b: Report, limits: Thresholds = THRESHOLDS) -> bool:
    """True when the days the two reports stand for overlap. An undated report fits none."""
    if a.day is None or b.day is None:
        return False
    windows = limits.date_window_days
    reach = windows[_precision(a) - 1] + windows[_precision(b) - 1]
    return abs((a.day - b.day).days) <= reach


def same_place(a: Report, b: Report, limits: Thresholds = THRESHOLDS) -> bool:
    """True when two reports are at one place, for their levels (see Report)."""
    if a.level == "country" or b.level == "country":
        return a.level == b.level and a.country_code == b.country_code
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.gazetteer_id is not None and a.gazetteer_id == b.gazetteer_id:
        return True
    apart = distance_km(a, b)
    levels = {a.level, b.level}
    if "near" in levels:
        return apart <= limits.near_km
    if "region" in levels:
        return levels == {"region"} and apart <= limits.same_point_km
    if levels == {"town"}:
        return apart <= limits.same_point_km
    if "town" in levels:                          # a town and a site or street of it
        return apart <= limits.town_radius_km
    named_alike = a.name == b.name and apart <= limits.same_point_km
    if levels == {"site"}:
        return apart <= limits.same_site_km or named_alike
    return named_alike              # streets placed at one town's point: only by their name


def distance_km(a: Report, b: Report) -> float:
    """Great-circle distance; infinite when a point is missing."""
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    return km(a.lat, a.lon, b.lat, b.lon)


def closeness(a: Report, b: Report) -> tuple:
    """A sort key among the events a report matches: the same gazetteer place first, then
    the nearest, then the nearest day."""
    gap = abs((a.day - b.day).days) if a.day and b.day else 0
    same = a.gazetteer_id is not None and a.gazetteer_id == b.gazetteer_id
    return (not same, distance_km(a, b), gap)


def best_match(report: Report, candidates: list[tuple[object, Report]],
               limits: Thresholds = THRESHOLDS) -> object | None:
    """The key of the candidate that is the same event as the report and closest to it."""
    found = [(closeness(report, other), key) for key, other in candidates
             if same_event(report, other, limits)]
    return min(found, key=lambda pair: pair[0])[1] if found else None


def search_window(day: date) -> tuple[str, str]:
    """The first and last ISO dates a stored event may have to match a report of this day."""
    return ((day - timedelta(days=SEARCH_DAYS)).isoformat(),
            (day + timedelta(days=SEARCH_DAYS)).isoformat())


def _precision(report: Report) -> int:
    return min(max(report.time_precision, 1), 3)


def _number(value: object) -> float | None:
    try:
        number = float(value)            # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _folded(name: str) -> str:
    """A place name for comparing: lower case, without accents or punctuation."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in plain if ch.isalnum())
