"""Which events to show or export: one EventFilter for the CLI, the web app and the store.

    EventFilter.parse(country="by", since="2020-08-10")   # from user strings
    -> EventFilter(country="BY", since=date(2020, 8, 10))

The store turns a filter into SQL through its table of rules (geomap.store.sql).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from babel import Locale

from geomap.model import InputError

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer
    from geomap.store import Store

_COUNTRY_CODES = frozenset(c for c in Locale("en").territories if c.isalpha() and c != "ZZ")
MAX_QUERY_CHARS = 200
MAX_ID_CHARS = 200
PARAMS = ("type", "sub_type", "since", "until", "country", "article", "q", "bbox", "planned",
          "status")
# How the planned filter is written: only planned events, or only those that happened.
PLANNED = {"yes": True, "no": False}
# Review statuses: as extracted, checked by a person, judged wrong, changed by a person.
STATUSES = ("auto", "verified", "rejected", "edited")
# What the map and the downloads show unless told otherwise: all but rejected events.
SHOWN = ("auto", "verified", "edited")


@dataclass(frozen=True)
class EventFilter:
    """Which events to show or export. Empty fields do not filter.

    type matches an event type, a sub-event type or a category; sub_type a
    sub-event type; q searches the sentence, the place, the trigger and the source, and
    q_places are more places it finds (the landmarks of the town q names, see
    with_places); article picks the events one article or imported dataset reports; bbox is
    (min lon, min lat, max lon, max lat); planned keeps only the events announced for
    later (True) or only those that happened (False); event_id picks one event, and
    after_id the events with a larger id (a download reads its events in chunks); status
    the review statuses shown (all but rejected by default).
    """

    type: str = ""
    since: date | None = None
    until: date | None = None
    country: str = ""
    article: str = ""
    sub_type: str = ""
    q: str = ""
    bbox: tuple[float, float, float, float] | None = None
    planned: bool | None = None
    event_id: int | None = None
    after_id: int | None = None
    q_places: tuple[str, ...] = ()
    status: tuple[str, ...] = SHOWN

    @classmethod
    def parse(cls, **raw: object) -> EventFilter:
        """From user strings; raises InputError for a bad date, country, bbox or query."""
        from geomap.articles import parse_date

        unknown = set(raw) - set(PARAMS)
        if unknown:
            raise InputError(f"unknown filter(s) {', '.join(sorted(unknown))}")
        values = {key: _text(key, raw.get(key)) for key in PARAMS}
        country = values["country"].upper()
        if country and (len(country) != 2 or not country.isascii() or not country.isalpha()):
            raise InputError(f"country {country!r} is not a two-letter ISO code like BY")
        if country and country not in _COUNTRY_CODES:
            raise InputError(f"country {country!r} is not an ISO 3166 country code")
        since = parse_date(values["since"], "since")
        until = parse_date(values["until"], "until")
        if since and until and since > until:
            raise InputError("since is after until")
        if len(values["q"]) > MAX_QUERY_CHARS:
            raise InputError(f"the search text is longer than {MAX_QUERY_CHARS} characters")
        for key in ("type", "sub_type", "article"):
            if len(values[key]) > MAX_ID_CHARS:
                raise InputError(f"{key} is longer than {MAX_ID_CHARS} characters")
        planned = values["planned"].lower()
        if planned and planned not in PLANNED:
            raise InputError(f"planned {values['planned']!r} is not yes or no")
        return cls(type=values["type"], since=since, until=until, country=country,
                   article=values["article"], sub_type=values["sub_type"], q=values["q"],
                   bbox=parse_bbox(values["bbox"]), planned=PLANNED.get(planned),
                   status=parse_status(values["status"]))

    def as_query(self) -> dict[str, str]:
        """The filter as URL query parameters (only those set)."""
        values = {"type": self.type, "sub_type": self.sub_type,
                  "since": self.since and self.since.isoformat(),
                  "until": self.until and self.until.isoformat(), "country": self.country,
                  "article": self.article, "q": self.q,
                  "bbox": self.bbox and ",".join(f"{v:g}" for v in self.bbox),
                  "planned": {True: "yes", False: "no"}.get(self.planned),
                  "status": "" if self.status == SHOWN else
                  "all" if set(self.status) == set(STATUSES) else ",".join(self.status)}
        return {k: v for k, v in values.items() if v}

    def without_time(self) -> EventFilter:
        return replace(self, since=None, until=None)

    def checked(self, terms: Mapping[str, str]) -> EventFilter:
        """The filter with its type and sub-type spelled as known ("protests" ->
        "Protests"); InputError naming one that is not known.

        terms maps case-folded spellings to known ones (taxonomy.known_terms).
        """
        spelled = {}
        for key in ("type", "sub_type"):
            value = getattr(self, key)
            if value and value.casefold() not in terms:
                raise InputError(f"{key} {value!r} is not an event type, sub-event type or"
                                 f" category geomap knows, such as Protests, Peaceful protest"
                                 f" or strike")
            spelled[key] = terms[value.casefold()] if value else value
        return replace(self, **spelled)

    def with_places(self, places: Iterable[str]) -> EventFilter:
        """The filter whose text search also finds events at these places (the landmarks
        of the town it names)."""
        return replace(self, q_places=tuple(sorted(set(places))))


def prepared(filters: EventFilter, store: Store,
             gazetteer: Callable[[], Gazetteer]) -> EventFilter:
    """The filter as the store answers it: its type checked and spelled as known, its
    article known, and its text search extended to the landmarks of the town it names
    ("Minsk": October Square; gazetteer gives the gazetteer, opened only for a search).
    The CLI and the web app run every filter through it."""
    from geomap.taxonomy import known_terms

    given = [v.casefold() for v in (filters.type, filters.sub_type) if v]
    terms = known_terms()
    if any(v not in terms for v in given):          # imports may bring other types
        terms = known_terms(store.event_types(), (s for _, s in store.sub_event_types()),
                            store.categories())
    filters = filters.checked(terms)
    if filters.article and not (store.article(filters.article) or store.dataset(filters.article)):
        raise InputError(f"no article or dataset {filters.article!r}")
    return filters.with_places(gazetteer().landmarks_of(filters.q)) if filters.q else filters


def _text(key: str, value: object) -> str:
    """A filter value as text: None is empty; only UTF-8 text without NUL is taken."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{key} must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{key} is not valid UTF-8 text") from None
    if "\x00" in value:
        raise InputError(f"{key} holds a NUL character")
    return value.strip()


def parse_status(value: str) -> tuple[str, ...]:
    """"verified,edited" -> ("verified", "edited"); "" -> all but rejected; "all" -> every
    status; InputError for another word."""
    if not value:
        return SHOWN
    if value.strip().lower() == "all":
        return STATUSES
    statuses = tuple(dict.fromkeys(s.strip().lower() for s in value.split(",") if s.strip()))
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown or not statuses:
        raise InputError(f"status {value!r} is not a list of {', '.join(STATUSES)} (or all)")
    return statuses


def parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    """"min lon,min lat,max lon,max lat" in degrees; None if empty; InputError if malformed."""
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError:
        raise InputError(f"bbox {value!r} is not four numbers: min lon,min lat,max lon,max lat") \
            from None
    finite = all(math.isfinite(v) for v in (west, south, east, north))
    if not (finite and -180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InputError(f"bbox {value!r} is out of range: need -180 <= min lon < max lon <= 180"
                         " and -90 <= min lat < max lat <= 90")
    return west, south, east, north
