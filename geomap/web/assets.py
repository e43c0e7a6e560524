"""The map's files, all served by the app (no CDN): Leaflet and Leaflet.markercluster from
their XStatic packages, geomap's own script and style, and the offline basemap: country
and region outlines, and the place labels and place search drawn from the gazetteer."""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from flask import Blueprint, Response, abort, jsonify, request, send_file, send_from_directory, url_for

from geomap.basemap import COUNTRIES_PATH, regions_of
from geomap.model import InputError
from geomap.query import parse_bbox
from geomap.web import context
from geomap.web.mapview import MAX_ZOOM

bp = Blueprint("assets", __name__)
PACKAGES = {"leaflet": Path(leaflet.BASE_DIR), "markercluster": Path(markercluster.BASE_DIR)}
MAX_AGE = 86400


@bp.get("/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str):
    if package not in PACKAGES:
        abort(404)
    return send_from_directory(PACKAGES[package], filename, max_age=MAX_AGE)


@bp.get("/basemap/countries.geojson")
def countries():
    """Natural Earth country outlines: the basemap when no tile server answers."""
    return send_file(COUNTRIES_PATH, mimetype="application/geo+json", max_age=MAX_AGE)


@bp.get("/basemap/regions/<code>.geojson")
def regions(code: str):
    """The first-level region outlines of one country (ISO alpha-2 code)."""
    if len(code) != 2 or not code.isalpha():
        abort(404)
    shapes = regions_of(code)
    if not shapes:
        return jsonify(error=f"no region outlines for {code!r}"), 404
    response = Response(shapes, mimetype="application/geo+json")
    response.cache_control.max_age = MAX_AGE
    return response


# Up to this zoom the map names countries; from this one it also says which town it is near.
COUNTRY_LABEL_ZOOM = 5
NEAR_ZOOM = 10


@bp.get("/basemap/labels.json")
def labels():
    """The names to draw on the offline map of a box (?bbox=) at a zoom (?zoom=): countries
    at low zoom, capitals and towns by size, landmarks at street level; and, zoomed in, the
    town the box's middle is near ("near"), which the map shows even when no name is in view."""
    bbox = parse_bbox(request.args.get("bbox", ""))
    try:
        zoom = int(request.args.get("zoom", ""))
    except ValueError:
        zoom = -1
    if bbox is None or not 0 <= zoom <= MAX_ZOOM:
        raise InputError("labels need bbox=min lon,min lat,max lon,max lat and zoom=0 to 18")
    gazetteer = context.gazetteer()
    found = [list(label) for label in gazetteer.labels(bbox, zoom)]
    if zoom <= COUNTRY_LABEL_ZOOM:         # after the capitals: the map draws them first
        names = context.territory_names()
        west, south, east, north = bbox
        capitals = [label for label in found if label[3] == "capital"]
        countries = [[names.get(code, c.name), c.lat, c.lon, "country"]
                     for code, c in sorted(gazetteer.countries.items(),
                                           key=lambda i: -i[1].population)
                     if south <= c.lat <= north and west <= c.lon <= east]
        found = capitals + countries + [label for label in found if label[3] != "capital"]
    west, south, east, north = bbox
    near = (gazetteer.nearest_town((south + north) / 2, (west + east) / 2)
            if zoom >= NEAR_ZOOM else None)
    response = jsonify(labels=found, near=near)
    response.cache_control.max_age = MAX_AGE
    return response


# The zoom the map shows a found place at, by its feature.
PLACE_ZOOM = {"country": 5, "region": 7, "city": 11, "landmark": 15, "other": 6}


@bp.get("/places/search.json")
def place_search():
    """Places whose name (French, English or local) starts with ?q=, to move the map to, or
    an event (gazetteer_id: see the review pages)."""
    text = request.args.get("q", "")[:100]
    names = context.territory_names()
    places = [{"name": names.get(p.country_code, p.name) if p.feature == "country" else p.name,
               "country": names.get(p.country_code, p.country_code), "feature": p.feature,
               "lat": p.lat, "lon": p.lon, "zoom": PLACE_ZOOM.get(p.feature, 10),
               "gazetteer_id": p.id, "country_code": p.country_code, "admin1": p.admin1}
              for p in context.gazetteer().search(text)]
    return jsonify(places=places)


def asset_urls() -> dict[str, str]:
    """URLs of the map's JavaScript, CSS and basemap files."""
    def u(package: str, filename: str) -> str:
        return url_for("assets.vendor", package=package, filename=filename)

    return {
        "leaflet.js": u("leaflet", "leaflet.js"),
        "leaflet.css": u("leaflet", "leaflet.css"),
        "markercluster.js": u("markercluster", "leaflet.markercluster.js"),
        "markercluster.css": u("markercluster", "MarkerCluster.css"),
        "markercluster.default.css": u("markercluster", "MarkerCluster.Default.css"),
        "geomap.js": url_for("static", filename="geomap.js"),
        "geomap.css": url_for("static", filename="geomap.css"),
        "countries": url_for("assets.countries"),
        "regions": url_for("assets.regions", code="XX").replace("XX", "{code}"),
        "labels": url_for("assets.labels"),
        "place_search": url_for("assets.place_search"),
    }
