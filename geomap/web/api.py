"""Data views: events as GeoJSON, CSV and GeoPackage, one event, the timeline, the map's
grid of event counts, articles as JSON, and adding articles."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from geomap.frames import (event_details, listed_events, parse_fields, places_frame, records,
                           stream_events)
from geomap.grid import event_grid
from geomap.model import InputError
from geomap.query import EventFilter
from geomap.web import context
from geomap.web.auth import editor_name, editor_required

bp = Blueprint("api", __name__)
FORMATS = {
    "geojson": ("application/geo+json", "geojson"),
    "csv": ("text/csv", "csv"),                 # Flask adds "; charset=utf-8"
    "gpkg": ("application/geopackage+sqlite3", "gpkg"),
}
MAX_EVENT_ID = 2**63 - 1                        # the largest id a database integer holds


def _download(fmt: str) -> Response:
    """The filtered events (?fields= picks columns) as an attachment."""
    mimetype, suffix = FORMATS[fmt]
    pieces = stream_events(context.store(), context.request_filters(), fmt,
                           fields=parse_fields(request.args.get("fields")),
                           coarsen=context.coarsening())
    response = Response(pieces, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="geomap-events.{suffix}"'
    return response


@bp.get("/events.geojson")
def events_geojson() -> Response:
    return _download("geojson")


@bp.get("/events.csv")
def events_csv() -> Response:
    return _download("csv")


@bp.get("/events.gpkg")
def events_gpkg() -> Response:
    return _download("gpkg")


@bp.get(f"/events/<int(max={MAX_EVENT_ID}):event_id>.json")
def event_json(event_id: int):
    """One located event with its provenance: what a map popup shows."""
    record = event_details(context.store(), event_id, coarsen=context.coarsening(),
                           status=context.published(EventFilter()).status)
    if record is None:
        return jsonify(error=f"no located event {event_id}"), 404
    record["article_page"] = url_for("pages.article", article_id=record["article_id"])
    return jsonify(event=record)


@bp.get("/events/timeline.json")
def timeline_json():
    """Events per date for the filters: what the time histogram shows."""
    return jsonify(dates=context.store().timeline(context.request_filters()))


@bp.get("/events/grid.json")
def grid_json():
    """The filtered events counted per cell of the grid for ?zoom=0..18 (in ?bbox= when
    given): what the map draws while it shows too many events to draw one by one."""
    grid = event_grid(context.store(), context.request_filters(), context.request_zoom(),
                      coarsen=context.coarsening())
    return jsonify(grid.as_json())


@bp.get("/places.geojson")
def places_geojson() -> Response:
    """The resolved place mentions (of one article with ?article=ID)."""
    frame = places_frame(context.store(), request.args.get("article", ""))
    return Response(frame.to_json(na="null", drop_id=True), mimetype="application/geo+json")


@bp.get("/articles.json")
def articles_json():
    return jsonify(articles=context.store().articles())


@bp.get("/articles/<article_id>.json")
def article_json(article_id: str):
    """An article (or imported dataset) with its events, at most ARTICLE_EVENTS of them."""
    store = context.store()
    record = store.article(article_id) or store.dataset(article_id)
    if record is None:
        return jsonify(error=f"no article {article_id!r}"), 404
    filters = context.published(EventFilter(article=article_id))
    limit = current_app.config["ARTICLE_EVENTS"]
    events = listed_events(store, filters, limit, context.coarsening())
    return jsonify(article=record, events=records(events),
                   events_total=store.count_events(filters),
                   events_download=url_for("api.events_geojson", article=article_id))


@bp.post("/api/articles")
@editor_required
def add_article():
    """Add an article from JSON {"text", "lang", "published", "title", "url", "source", "id"}.

    An id that another article has is refused with 409.
    """
    record = json_body()
    article_id, new = context.add_article(record, on_collision="refuse")
    return jsonify(_article_links(article_id, new=new)), 201 if new else 200


@bp.put("/api/articles/<article_id>")
@editor_required
def replace_article(article_id: str):
    """Replace an article by a new version (JSON as for adding; its id is the URL's): it is
    extracted again, and its events keep their ids and reviews."""
    if context.store().article(article_id) is None:
        return jsonify(error=f"no article {article_id!r}"), 404
    stored_id, _new = context.add_article({**json_body(), "id": article_id}, replace=True)
    return jsonify(_article_links(stored_id, replaced=stored_id == article_id))


@bp.delete("/api/articles/<article_id>")
@editor_required
def delete_article(article_id: str):
    """Delete an article and the events only it reports."""
    if not context.store().delete_article(article_id, editor_name()):
        return jsonify(error=f"no article {article_id!r}"), 404
    return jsonify(deleted=article_id)


def _article_links(article_id: str, **flags: bool) -> dict:
    return {"id": article_id, **flags, "url": url_for("pages.article", article_id=article_id),
            "events": url_for("api.events_geojson", article=article_id)}


def json_body() -> dict:
    """The request's JSON object; InputError when it is not one or not valid JSON."""
    if not request.is_json:
        raise InputError("send the article as JSON (Content-Type: application/json)")
    try:
        record = json.loads(request.get_data(as_text=False).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError("the request body is not valid UTF-8 JSON") from None
    if not isinstance(record, dict):
        raise InputError("the request body must be a JSON object with at least \"text\"")
    return record
