"""Fallback geocoding with geopy (Nominatim) for names the gazetteer does not know.

It runs as its own serial pass after resolution (geocode_pass), in one process,
because Nominatim's rate limit is global, not per worker. Every answer, "not
found" included, is cached in SQLite, so a query reaches the network once.
Errors (timeouts, HTTP 429 or 5xx, no network, an answer of the wrong shape or
with coordinates missing or out of range) are never cached: the mention stays
unresolved, the article is marked pending, and it is tried again on a later run.
After an error the geocoder pauses for a while, so a batch does not wait on
a dead service once per name.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from geomap.geodesy import km
from geomap.model import Place
from geomap.settings import GeocoderSettings

FOUND, NOT_FOUND, ERROR, OFF = "found", "not_found", "error", "off"
_PAUSE_AFTER_ERROR = 60.0
_FEATURES = {"country": "country", "state": "region", "county": "region", "region": "region",
             "province": "region", "city": "city", "town": "city", "village": "city",
             "hamlet": "city", "suburb": "city", "municipality": "city"}


@dataclass(frozen=True)
class Lookup:
    """A name to ask the geocoder, with the article's language and the countries it is
    about: Lookup("Zzyzxville", "fr", ("fr",)). A quarter placed at its town meanwhile has
    near = (lat, lon, km): an answer farther from the town than that is a namesake."""

    query: str
    lang: str = ""
    country_codes: tuple[str, ...] = ()
    near: tuple[float, float, float] | None = None


def _adapter_without_retries(proxies, ssl_context) -> RequestsAdapter:
    """geopy's HTTP adapter, minus its own retries: they ignore the rate limit and timeout."""
    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


@dataclass(frozen=True)
class GeocodeResult:
    status: str
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    country_code: str = ""
    feature: str = "other"


class FallbackGeocoder:
    """Nominatim behind a persistent cache, a rate limit and an error pause."""

    def __init__(self, config: GeocoderSettings) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._last_call = 0.0
        self._paused_until = 0.0
        self._service = Nominatim(domain=config.domain, scheme=config.scheme,
                                  user_agent=config.user_agent, timeout=config.timeout,
                                  adapter_factory=_adapter_without_retries)
        self._cache: sqlite3.Connection | None = None

    def geocode(self, query: str, lang: str = "", country_codes: tuple[str, ...] = ()) -> GeocodeResult:
        if not self.config.enabled:
            return GeocodeResult(OFF)
        cache_key = json.dumps([query.strip().casefold(), lang, sorted(country_codes)])
        with self._lock:
            cached = self._cached(cache_key)
            if cached is not None:
                return cached
            if time.monotonic() < self._paused_until:
                return GeocodeResult(ERROR)
            result = self._ask(query, lang, country_codes)
            if result.status == ERROR:
                self._paused_until = time.monotonic() + _PAUSE_AFTER_ERROR
            else:
                self._store(cache_key, result)
            return result

    def _ask(self, query: str, lang: str, country_codes: tuple[str, ...]) -> GeocodeResult:
        wait = self._last_call + self.config.min_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_call = time.monotonic()
        try:
            location = self._service.geocode(
                query, exactly_one=True, addressdetails=True, language=lang or False,
                country_codes=list(country_codes) or None)
        except (GeopyError, OSError, ValueError, LookupError, TypeError, AttributeError):
            return GeocodeResult(ERROR)        # geopy fails on answers of the wrong shape
        if location is None:
            return GeocodeResult(NOT_FOUND)
        return _checked(location.raw, location.address)

    def _connection(self) -> sqlite3.Connection:
        if self._cache is None:
            self.config.cache_path.parent.mkdir(parents=True, exist_ok=True)
            self._cache = sqlite3.connect(self.config.cache_path, check_same_thread=False)
            self._cache.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT NOT NULL,"
                " asked_at REAL NOT NULL)")
        return self._cache

    def _cached(self, key: str) -> GeocodeResult | None:
        row = self._connection().execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        return GeocodeResult(**json.loads(row[0])) if row else None

    def _store(self, key: str, result: GeocodeResult) -> None:
        conn = self._connection()
        with conn:
            conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                         (key, json.dumps(result.__dict__), time.time()))


class DeferredGeocoder:
    """The geocoder of a bulk worker: it asks no one and answers every name "not now", so
    that an article with a name the gazetteer lacks is stored pending, and one process
    geocodes them all afterwards (Nominatim's rate limit is one for the whole cluster)."""

    def geocode(self, query: str, lang: str = "", country_codes: tuple[str, ...] = ()) -> GeocodeResult:
        return GeocodeResult(ERROR)


def _checked(raw: object, address: object) -> GeocodeResult:
    """A found place from one Nominatim result, or ERROR when the result is not a JSON
    object with a finite latitude from -90 to 90 and longitude from -180 to 180."""
    if not isinstance(raw, dict):
        return GeocodeResult(ERROR)
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError):
        return GeocodeResult(ERROR)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return GeocodeResult(ERROR)
    details = raw.get("address")
    details = details if isinstance(details, dict) else {}
    name = raw.get("name") or str(address or "").split(",")[0]
    code = str(details.get("country_code") or "").upper()
    return GeocodeResult(
        FOUND, name=str(name), lat=lat, lon=lon,
        country_code=code if len(code) == 2 and code.isalpha() else "",
        feature=_FEATURES.get(str(raw.get("addresstype") or raw.get("type")), "other"))


def geocode_pass(geocoder: FallbackGeocoder | DeferredGeocoder | None,
                 lookups: Iterable[tuple[Place, Lookup]]) -> bool:
    """Ask the geocoder, one query at a time, for the places the gazetteer lacked, and place
    those it finds. Returns True when an error left one to try again later."""
    if geocoder is None:
        return False
    failed = False
    for place, lookup in lookups:
        result = geocoder.geocode(lookup.query, lookup.lang, lookup.country_codes)
        if result.status == FOUND and _within(result, lookup.near):
            place.name, place.lat, place.lon = result.name, result.lat, result.lon
            place.country_code, place.feature = result.country_code, result.feature
            place.confidence, place.source = 0.5, "geocoder"
            place.approximate = False
        failed |= result.status == ERROR
    return failed


def _within(result: GeocodeResult, near: tuple[float, float, float] | None) -> bool:
    """True when the answer lies within the town a quarter was placed at, or nothing says
    where it should be."""
    if near is None:
        return True
    lat, lon, within = near
    return km(lat, lon, result.lat, result.lon) <= within
