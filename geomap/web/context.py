"""What the views share: the store, the pipeline, filters and the API token."""

from __future__ import annotations

import hmac
import threading

from flask import current_app, request

from geomap.articles import article_from_record
from geomap.config import instance_dir
from geomap.geocoder import FallbackGeocoder, GeocoderConfig
from geomap.ingest import ingest
from geomap.model import InputError
from geomap.pipeline import Pipeline
from geomap.store import EventFilter, SQLiteStore, open_store
from geomap.web.mapview import MAX_ZOOM

_lock = threading.RLock()        # one extraction at a time; the models are not thread-safe


def store() -> SQLiteStore:
    ext = current_app.extensions
    if "geomap.store" not in ext:
        ext["geomap.store"] = open_store(current_app.config["DATABASE"])
    return ext["geomap.store"]


def pipeline() -> Pipeline:
    """The extraction pipeline, loaded on the first article added (a few seconds)."""
    ext = current_app.extensions
    with _lock:
        if "geomap.pipeline" not in ext:
            config = GeocoderConfig.from_env(instance_dir())
            ext["geomap.pipeline"] = Pipeline(
                geocoder=FallbackGeocoder(config) if config.enabled else None)
    return ext["geomap.pipeline"]


FILTER_PARAMS = ("type", "sub_type", "since", "until", "country", "article", "q", "bbox")


def request_filters() -> EventFilter:
    """The event filter given in the query string; InputError if malformed."""
    return EventFilter.parse(**{name: request.args.get(name) for name in FILTER_PARAMS})


def request_view() -> dict | None:
    """The preset view ?center=LAT,LON&zoom=Z, or None; InputError if malformed."""
    center, zoom = request.args.get("center", ""), request.args.get("zoom", "")
    if not center and not zoom:
        return None
    try:
        lat, lon = (float(v) for v in center.split(","))
        level = int(zoom)
    except ValueError:
        raise InputError("a view needs center=LAT,LON and zoom=0 to 18, e.g."
                         " center=53.9,27.56&zoom=7") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= level <= MAX_ZOOM):
        raise InputError(f"view out of range: center {lat},{lon} zoom {level}")
    return {"center": [lat, lon], "zoom": level}


def coarsen_terms() -> frozenset[str]:
    """Event types, sub-types or categories whose precise places are shown at the nearest town."""
    return frozenset(t.strip() for t in current_app.config.get("COARSEN", "").split(",")
                     if t.strip())


def token_ok(given: str | None) -> bool:
    """True when no API token is configured, or the given one matches it."""
    expected = current_app.config.get("API_TOKEN") or ""
    return not expected or hmac.compare_digest(expected, given or "")


def add_article(record: dict) -> tuple[str, bool]:
    """Extract and store one article. Returns its id and whether it is new."""
    article = article_from_record(record)
    with _lock:
        added = ingest(store(), [article], pipeline=pipeline())
    if added:
        return added[0], True
    return store().id_for_text(article.text) or article.id, False
