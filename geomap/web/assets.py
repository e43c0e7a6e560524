"""Leaflet and Leaflet.markercluster, served from their XStatic packages (no CDN)."""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from flask import Blueprint, abort, send_from_directory, url_for

bp = Blueprint("assets", __name__, url_prefix="/vendor")
PACKAGES = {"leaflet": Path(leaflet.BASE_DIR), "markercluster": Path(markercluster.BASE_DIR)}


@bp.get("/<package>/<path:filename>")
def vendor(package: str, filename: str):
    if package not in PACKAGES:
        abort(404)
    return send_from_directory(PACKAGES[package], filename, max_age=86400)


def asset_urls() -> dict[str, str]:
    """URLs of the map's JavaScript and CSS files."""
    def u(package: str, filename: str) -> str:
        return url_for("assets.vendor", package=package, filename=filename)

    return {
        "leaflet.js": u("leaflet", "leaflet.js"),
        "leaflet.css": u("leaflet", "leaflet.css"),
        "markercluster.js": u("markercluster", "leaflet.markercluster.js"),
        "markercluster.css": u("markercluster", "MarkerCluster.css"),
        "markercluster.default.css": u("markercluster", "MarkerCluster.Default.css"),
    }
