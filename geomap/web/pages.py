"""HTML views: the map page, the embeddable map, the article page and the add form."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from geomap.model import InputError
from geomap.store import EventFilter
from geomap.web import context
from geomap.web.assets import asset_urls
from geomap.web.mapview import EVENT_COLOURS, build_map, map_parts

bp = Blueprint("pages", __name__)


def _map_parts(filters) -> dict[str, str]:
    m = build_map(
        geojson_url=url_for("api.events_geojson", **filters.as_query()),
        article_url=url_for("pages.index") + "articles/",
        assets=asset_urls(),
        tiles_url=current_app.config["TILES_URL"],
        attribution=current_app.config["TILES_ATTRIBUTION"],
    )
    return map_parts(m)


@bp.errorhandler(InputError)
def bad_input(error: InputError):
    return render_template("error.html", message=str(error)), 400


@bp.get("/")
def index():
    filters = context.request_filters()
    store = context.store()
    events = store.events(filters, limit=current_app.config["LIST_EVENTS"])
    query = filters.as_query()
    return render_template(
        "index.html", map=_map_parts(filters), filters=filters, articles=store.articles(),
        events=events.to_dict("records"), event_types=store.event_types(),
        colours=EVENT_COLOURS,
        embed_url=url_for("pages.embed", _external=True, **query),
        geojson_url=url_for("api.events_geojson", **query),
        csv_url=url_for("api.events_csv", **query),
        token_required=bool(current_app.config.get("API_TOKEN")),
    )


@bp.get("/embed")
def embed():
    return render_template("embed.html", map=_map_parts(context.request_filters()))


@bp.get("/articles/<article_id>")
def article(article_id: str):
    record = context.store().article(article_id)
    if record is None:
        abort(404)
    events = context.store().events(EventFilter(article=article_id))
    return render_template("article.html", article=record, events=events.to_dict("records"))


@bp.post("/articles")
def add_article():
    form = request.form
    if not context.token_ok(form.get("token")):
        return render_template("error.html", message="a valid API token is required"), 401
    article_id, _new = context.add_article({
        "text": form.get("text", ""), "lang": form.get("lang") or None,
        "published": form.get("published") or None, "title": form.get("title", ""),
        "url": form.get("url", ""), "source": form.get("source", ""),
    })
    return redirect(url_for("pages.article", article_id=article_id), code=303)
