"""The map's files, all served by the app (no CDN): Leaflet and Leaflet.markercluster from
their XStatic packages, geomap's own script and style, and the offline basemap."""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from flask import Blueprint, abort, send_file, send_from_directory, url_for

from geomap.basemap import COUNTRIES_PATH

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
    }
