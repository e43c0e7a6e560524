"""Fallback geocoding with geopy (Nominatim) for names the gazetteer does not know.

Every answer, "not found" included, is cached in SQLite, so a query reaches
the network once. Errors (timeouts, HTTP 429 or 5xx, no network) are never
cached: the mention stays unresolved and is tried again on a later run.
After an error the geocoder pauses for a while, so a batch does not wait on
a dead service once per name.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from geopy.adapters import RequestsAdapter
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

FOUND, NOT_FOUND, ERROR, OFF = "found", "not_found", "error", "off"
_PAUSE_AFTER_ERROR = 60.0
_FEATURES = {"country": "country", "state": "region", "county": "region", "region": "region",
             "province": "region", "city": "city", "town": "city", "village": "city",
             "hamlet": "city", "suburb": "city", "municipality": "city"}


@dataclass(frozen=True)
class GeocoderConfig:
    """Settings for the fallback geocoder, read from the environment."""

    enabled: bool = True
    domain: str = "nominatim.openstreetmap.org"
    scheme: str = "https"
    user_agent: str = "geomap (https://github.com/geomap/geomap)"
    min_delay: float = 1.0
    timeout: float = 5.0
    cache_path: Path = Path("instance/geocoder-cache.sqlite")

    @classmethod
    def from_env(cls, instance_dir: Path, env: dict[str, str] | None = None) -> GeocoderConfig:
        env = os.environ if env is None else env
        return cls(
            enabled=env.get("GEOMAP_GEOCODER", "nominatim").lower() not in ("off", "0", "false", "no"),
            domain=env.get("GEOMAP_NOMINATIM_DOMAIN", cls.domain),
            scheme=env.get("GEOMAP_NOMINATIM_SCHEME", cls.scheme),
            user_agent=env.get("GEOMAP_GEOCODER_USER_AGENT", cls.user_agent),
            min_delay=float(env.get("GEOMAP_GEOCODER_MIN_DELAY", cls.min_delay)),
            timeout=float(env.get("GEOMAP_GEOCODER_TIMEOUT", cls.timeout)),
            cache_path=Path(env.get("GEOMAP_GEOCODER_CACHE", instance_dir / "geocoder-cache.sqlite")),
        )


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

    def __init__(self, config: GeocoderConfig) -> None:
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
        except (GeopyError, OSError, ValueError):
            return GeocodeResult(ERROR)
        if location is None:
            return GeocodeResult(NOT_FOUND)
        raw = location.raw or {}
        address = raw.get("address") or {}
        return GeocodeResult(
            FOUND, name=str(raw.get("name") or location.address.split(",")[0]),
            lat=float(location.latitude), lon=float(location.longitude),
            country_code=str(address.get("country_code", "")).upper(),
            feature=_FEATURES.get(str(raw.get("addresstype") or raw.get("type")), "other"),
        )

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
