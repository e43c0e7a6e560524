"""Review: the queue of events still as extracted, an event's review page, and the audit log,
each with its JSON twin, and the API that reviews, corrects, merges and splits events.

    /review            /review.json          events still auto, newest and most reported first
    /review/<id>       /review/<id>.json     an event, its sources, other readings of its place
    /audit             /audit.json           every change people made, newest first

The forms of the review page and the API share one set of actions (ACTIONS): a form posts
to /review/<id>/<action>, the API to /api/events/<id>/<action> with JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import geopandas as gpd
from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

from geomap.basemap import country_at
from geomap.frames import records
from geomap.model import GEO_PRECISION, InputError
from geomap.query import STATUSES, EventFilter
from geomap.review import TYPES
from geomap.web import context
from geomap.web.api import json_body
from geomap.web.assets import asset_urls
from geomap.web.auth import editor_name, editor_required, local_path

bp = Blueprint("review", __name__)
QUEUE_PAGE = 50
CANDIDATES = 10


def _event(event_id: int) -> dict:
    """The event with every column, whatever its status; 404 when there is none."""
    found = context.store().events(EventFilter(event_id=event_id, status=STATUSES))
    if found.empty:
        abort(404, f"no event {event_id}")
    return records(found)[0]


def _mentioned_name(event: dict) -> str:
    """The place name as its article wrote it, else the event's location."""
    article = context.store().article(event["article_id"]) if event.get("place_start") is not None \
        else None
    if article:
        return article["text"][int(event["place_start"]):int(event["place_end"])]
    return event.get("location") or ""


def _place(candidate) -> dict:
    return {"gazetteer_id": candidate.id, "name": candidate.name, "feature": candidate.feature,
            "country_code": candidate.country_code, "admin1": candidate.admin1,
            "lat": candidate.lat, "lon": candidate.lon, "population": candidate.population}


def _candidates(event: dict) -> list[dict]:
    """The other readings of the event's place name in the gazetteer, most populous first."""
    name = _mentioned_name(event)
    found = sorted(context.gazetteer().candidates(name), key=lambda c: -c.population) if name else []
    return [_place(c) for c in found if c.lat is not None and c.id != event.get("gazetteer_id")][
        :CANDIDATES]


def _with_sources(events: list[dict]) -> list[dict]:
    """Events with their sources (every sentence that reports them) as a list."""
    for e in events:
        e["sources"] = json.loads(e["sources"]) if e.get("sources") else [
            {"sentence": e.get("sentence") or "", "article_id": e.get("article_id")}]
    return events


def _review_record(event_id: int) -> dict:
    store = context.store()
    event = _with_sources([_event(event_id)])[0]
    return {"event": event, "reports": store.event_reports(event_id),
            "candidates": _candidates(event), "audit": store.audit_log(event_id),
            "types": {t: list(subs) for t, subs in TYPES.items()}}


def _queue_record() -> dict:
    """The page of the review queue that ?page= asks for: its events, how many events are
    still auto, and the page's number."""
    page = max(1, request.args.get("page", 1, type=int) or 1)
    store = context.store()
    return {"events": _with_sources(records(store.review_queue(QUEUE_PAGE,
                                                               (page - 1) * QUEUE_PAGE))),
            "total": store.count_events(EventFilter(status=("auto",))), "page": page}


@bp.get("/review")
def queue():
    record = _queue_record()
    return render_template("review_queue.html", **record,
                           pages=max(1, -(-record["total"] // QUEUE_PAGE)), assets=asset_urls(),
                           tiles=context.settings().tiles_url)


@bp.get("/review.json")
def queue_json():
    return jsonify(_queue_record())


@bp.get("/review/<int:event_id>")
def event_page(event_id: int):
    return render_template("review_event.html", **_review_record(event_id), assets=asset_urls(),
                           tiles=context.settings().tiles_url)


@bp.get("/review/<int:event_id>.json")
def event_json(event_id: int):
    return jsonify(_review_record(event_id))


@bp.get("/audit")
def audit():
    return render_template("audit.html", entries=context.store().audit_log(limit=500))


@bp.get("/audit.json")
def audit_json():
    event_id = request.args.get("event", type=int)
    return jsonify(entries=context.store().audit_log(event_id, limit=500))


# -- actions -------------------------------------------------------------------------------

def _status(event_id: int, values: dict) -> dict:
    return context.store().set_status(event_id, values.get("status"), editor_name())


def _edit(event_id: int, values: dict) -> dict:
    changes = {k: v for k, v in values.items() if k != "status"}
    return context.store().correct(event_id, changes, editor_name())


def _move(event_id: int, values: dict) -> dict:
    """Move an event to a gazetteer place (gazetteer_id) or to a point (lat, lon, location)."""
    chosen = values.get("gazetteer_id")
    if chosen not in (None, ""):
        try:
            candidate = context.gazetteer().place(int(chosen))
        except (TypeError, ValueError):
            candidate = None
        if candidate is None or candidate.lat is None:
            raise InputError(f"no gazetteer place {chosen!r}")
        place = {k: v for k, v in _place(candidate).items()
                 if k in ("gazetteer_id", "lat", "lon", "country_code", "feature")}
        place.update(location=candidate.name, geo_precision=GEO_PRECISION[candidate.feature])
    else:
        place = {"location": values.get("location"), "lat": values.get("lat"),
                 "lon": values.get("lon"), "feature": "landmark", "geo_precision": 1,
                 "gazetteer_id": None, "country_code": _country(values)}
    return context.store().correct(event_id, place, editor_name())


def _country(values: dict) -> str | None:
    try:
        lat, lon = float(values.get("lat")), float(values.get("lon"))
    except (TypeError, ValueError):
        return None                 # check_place says what is wrong
    found = country_at(gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs="EPSG:4326"))
    return found.iloc[0] if found.notna().iloc[0] else None


def _merge(event_id: int, values: dict) -> dict:
    try:
        other = int(values.get("other"))
    except (TypeError, ValueError):
        raise InputError("give the id of the event to merge into this one (other)") from None
    return context.store().merge_events(event_id, other, editor_name())


def _split(event_id: int, values: dict) -> dict:
    reports = values.get("reports")
    if isinstance(reports, str):
        reports = [reports]
    try:
        ids = [int(r) for r in reports or []]
    except (TypeError, ValueError):
        raise InputError("reports must be the ids of the event's sources to split off") from None
    new_id = context.store().split_event(event_id, ids, editor_name())
    return {"id": event_id, "new_event": new_id}


ACTIONS: dict[str, Callable[[int, dict], dict]] = {
    "status": _status, "edit": _edit, "move": _move, "merge": _merge, "split": _split}


@bp.post("/review/<int:event_id>/<action>")
@editor_required
def act(event_id: int, action: str):
    """A review form: do the action, then go back to the page it came from."""
    if action not in ACTIONS:
        abort(404)
    _event(event_id)
    form = {k: (v if len(v) > 1 else v[0]) for k, v in request.form.lists() if k != "csrf_token"}
    form.pop("next", None)
    result = ACTIONS[action](event_id, form)
    shown = result.get("new_event", event_id) if action == "split" else event_id
    return redirect(local_path(request.form.get("next"),
                               url_for("review.event_page", event_id=shown)), code=303)


@bp.route("/api/events/<int:event_id>/<action>", methods=["POST"])
@editor_required
def api_act(event_id: int, action: str):
    """The API twin of the review forms: JSON in, the event (or the new one) out."""
    if action not in ACTIONS:
        return jsonify(error=f"unknown action {action!r}: {', '.join(ACTIONS)}"), 404
    _event(event_id)
    result = ACTIONS[action](event_id, json_body())
    return jsonify(event=result)
