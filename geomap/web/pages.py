"""HTML views: the map page, the embeddable map, the article page and the add form.

Each has a data twin: the map's events are /events.geojson (and .csv, .gpkg), or
counted per cell /events/grid.json, its histogram /events/timeline.json, its popups
/events/<id>.json, the articles list /articles.json and an article /articles/<id>.json.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from geomap.frames import MAP_FIELDS, listed_events, records
from geomap.query import STATUSES, EventFilter
from geomap.web import context
from geomap.web.assets import asset_urls
from geomap.web.auth import editor_name, editor_required, is_editor
from geomap.web.mapview import WORLD_VIEW, build_map, map_parts, script_text, type_names

bp = Blueprint("pages", __name__)


def _map(filters: EventFilter, view: dict | None, embed: bool, total: int) -> dict[str, str]:
    """The map's parts, set up to load the filtered events (total of them) in geomap.js:
    one by one, or while they are more than MAP_POINTS, counted per cell by the server."""
    assets = asset_urls()
    points_limit = current_app.config["MAP_POINTS"]
    aggregate = total > points_limit
    config = {
        "events": url_for("api.events_geojson"),
        "timeline": url_for("api.timeline_json"),
        "table": url_for("pages.events_table"),
        "details": url_for("api.event_json", event_id=0).replace("0.json", "{id}.json"),
        "basemap": assets["countries"],
        "regions": assets["regions"],
        "labels": assets["labels"],
        "place_search": assets["place_search"],
        "lang": context.language(),
        "text": script_text(),
        "type_names": type_names(),
        "page": url_for("pages.embed" if embed else "pages.index"),
        "full": url_for("pages.index"),
        "embed_url": url_for("pages.embed", _external=True),
        "filters": filters.without_time().as_query(),
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
        "fields": ",".join(MAP_FIELDS),
        "embed": embed,
        "grid": url_for("api.grid_json"),
        "points_limit": points_limit,
        "aggregate": aggregate,
        # Without a preset view the first request is known here: the page preloads it.
        "preload": None if view else (
            url_for("api.grid_json", **filters.as_query(), zoom=WORLD_VIEW["zoom"]) if aggregate
            else url_for("api.events_geojson", **filters.as_query(), fields=",".join(MAP_FIELDS))),
    }
    settings = context.settings()
    m = build_map(config, assets, tiles_url=settings.tiles_url,
                  attribution=settings.tiles_attribution, view=view)
    return {**map_parts(m), "preload": config["preload"]}


@bp.get("/")
def index():
    filters, view = context.request_filters(), context.request_view()
    store = context.store()
    config = current_app.config
    events = listed_events(store, filters, config["LIST_EVENTS"], context.coarsening())
    query = filters.as_query()
    sub_types: dict[str, list[str]] = {}
    for event_type, sub_type in store.sub_event_types():
        sub_types.setdefault(event_type, []).append(sub_type)
    articles = store.articles(limit=config["LIST_ARTICLES"])
    view_query = {"center": ",".join(f"{v:g}" for v in view["center"]),
                  "zoom": view["zoom"]} if view else {}
    total = store.count_events(filters)
    return render_template(
        "index.html", map=_map(filters, view, embed=False, total=total), filters=filters,
        articles=articles, events=records(events), events_total=total,
        event_types=store.event_types(), sub_types=sub_types,
        countries=[(code, context.territory_names().get(code, code)) for code in store.countries()],
        type_names=type_names(),
        downloads={fmt: url_for(f"api.events_{fmt}", **query) for fmt in ("geojson", "csv", "gpkg")},
        embed_url=url_for("pages.embed", _external=True, **query, **view_query),
        view_query=view_query,
    )


@bp.get("/events/table")
def events_table():
    """The events table of the map page for what it shows (filters, time window, box): the
    map page swaps it in when these change."""
    filters = context.request_filters()
    store = context.store()
    events = listed_events(store, filters, current_app.config["LIST_EVENTS"], context.coarsening())
    return render_template("events_table.html", events=records(events),
                           events_total=store.count_events(filters))


@bp.get("/embed")
def embed():
    filters, view = context.request_filters(), context.request_view()
    total = context.store().count_events(filters)
    return render_template("embed.html", map=_map(filters, view, embed=True, total=total))


@bp.get("/articles/<article_id>")
def article(article_id: str):
    store = context.store()
    record = store.article(article_id) or store.dataset(article_id)
    if record is None:
        abort(404, f"no article or dataset {article_id!r}")
    # Editors see every event of the article, rejected ones too, with their status.
    filters = EventFilter(article=article_id, status=STATUSES) if is_editor() else \
        context.published(EventFilter(article=article_id))
    events = listed_events(store, filters, current_app.config["ARTICLE_EVENTS"],
                           context.coarsening())
    return render_template("article.html", article=record, events=records(events),
                           events_total=store.count_events(filters))


def _form_article() -> dict:
    form = request.form
    return {"text": form.get("text", ""), "lang": form.get("lang") or None,
            "published": form.get("published") or None, "title": form.get("title", ""),
            "url": form.get("url", ""), "source": form.get("source", "")}


@bp.post("/articles")
@editor_required
def add_article():
    article_id, _new = context.add_article(_form_article())
    return redirect(url_for("pages.article", article_id=article_id), code=303)


@bp.post("/articles/<article_id>/replace")
@editor_required
def replace_article(article_id: str):
    """Replace an article by its corrected version, keeping its events' ids and reviews."""
    if context.store().article(article_id) is None:
        abort(404, f"no article {article_id!r}")
    stored_id, _new = context.add_article({**_form_article(), "id": article_id}, replace=True)
    return redirect(url_for("pages.article", article_id=stored_id), code=303)


@bp.post("/articles/<article_id>/delete")
@editor_required
def delete_article(article_id: str):
    if not context.store().delete_article(article_id, editor_name()):
        abort(404, f"no article {article_id!r}")
    return redirect(url_for("pages.index"), code=303)
