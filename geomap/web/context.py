"""What the views share: the settings, the store, the pipeline, filters and the API token."""

from __future__ import annotations

import threading
from dataclasses import replace

from babel import Locale
from flask import current_app, request
from flask_babel import get_locale

from geomap.articles import article_from_record
from geomap.frames import Coarsening
from geomap.ingest import ingest
from geomap.model import InputError
from geomap.pipeline import Pipeline
from geomap.gazetteer import Gazetteer
from geomap.query import PARAMS, EventFilter, prepared
from geomap.settings import Settings
from geomap.store import Store, open_store
from geomap.web.mapview import MAX_ZOOM

_lock = threading.RLock()        # one extraction at a time; the models are not thread-safe
EXTRACTION_WAIT = 60.0           # seconds a request waits for another one's extraction


class Busy(Exception):
    """Other requests' extractions kept the models for EXTRACTION_WAIT seconds."""


class TooLong(InputError):
    """An article too long to extract while the request waits."""


def settings() -> Settings:
    return current_app.config["GEOMAP"]


def store() -> Store:
    ext = current_app.extensions
    if "geomap.store" not in ext:
        ext["geomap.store"] = open_store(settings().database)
    return ext["geomap.store"]


def pipeline() -> Pipeline:
    """The extraction pipeline, loaded on the first article added (a few seconds)."""
    ext = current_app.extensions
    with _lock:
        if "geomap.pipeline" not in ext:
            ext["geomap.pipeline"] = Pipeline.from_settings(settings())
    return ext["geomap.pipeline"]


def language() -> str:
    """The interface's language: "fr" or "en"."""
    return str(get_locale() or "en")[:2]


def territory_names() -> dict[str, str]:
    """Country names in the interface's language, by ISO code."""
    return Locale(language()).territories


def gazetteer() -> Gazetteer:
    ext = current_app.extensions
    if "geomap.gazetteer" not in ext:
        ext["geomap.gazetteer"] = Gazetteer(settings().gazetteer)
    return ext["geomap.gazetteer"]


def request_filters() -> EventFilter:
    """The event filter given in the query string, checked against what the store and the
    gazetteer know (see query.prepared); InputError if malformed or unknown. Readers who
    are not editors see only verified events when the settings publish only those."""
    filters = EventFilter.parse(**{name: request.args.get(name) for name in PARAMS})
    return published(prepared(filters, store(), gazetteer))


def published(filters: EventFilter) -> EventFilter:
    """The filter limited to what the reader may see (see Settings.publish)."""
    from geomap.web.auth import is_editor

    if settings().publish == "verified" and not is_editor():
        return replace(filters, status=("verified",))
    return filters


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


def request_zoom() -> int:
    """The zoom level ?zoom=0..18 of a grid request; InputError if missing or malformed."""
    value = request.args.get("zoom", "")
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ZOOM:
        raise InputError(f"zoom {value!r} is not a zoom level from 0 to {MAX_ZOOM}")
    return int(value)


def coarsening() -> Coarsening | None:
    """Where the settings coarsen precise places to the nearest town, if anywhere."""
    terms = settings().coarsen
    return Coarsening(terms, settings().gazetteer) if terms else None


def add_article(record: dict, on_collision: str = "rename",
                replace: bool = False) -> tuple[str, bool]:
    """Extract and store one article. Returns its id and whether it is new.

    With replace, it replaces the stored article with its id or URL (see Store.replace).
    InputError for bad input or a text over MAX_INLINE_CHARS; IdCollision when its id is
    another article's and on_collision is "refuse"; Busy when other extractions kept the
    models for EXTRACTION_WAIT seconds.
    """
    article = article_from_record(record)
    limit = current_app.config["MAX_INLINE_CHARS"]
    if len(article.text) > limit:
        raise TooLong(f"the article is longer than {limit:,} characters, the most this"
                      " app extracts while you wait: store it with `geomap ingest`")
    if not _lock.acquire(timeout=EXTRACTION_WAIT):
        raise Busy("other articles are being extracted: try again in a minute")
    try:
        report = ingest(store(), [article], pipeline(), workers=1, on_collision=on_collision,
                        replace=replace)
    finally:
        _lock.release()
    if report.new:
        return report.new[0], True
    return (report.replaced or report.known)[0], False

