"""The Flask app: an app factory with the map and API blueprints."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from geomap.config import database_url, instance_dir
from geomap.gazetteer import PROJECT_ROOT

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
                   ' contributors')


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Settings come from GEOMAP_* environment variables or test_config."""
    app = Flask(__name__, instance_path=str(instance_dir()),
                template_folder=str(PROJECT_ROOT / "templates"),
                static_folder=str(Path(__file__).parent / "static"))
    env = os.environ.get
    app.config.from_mapping(
        DATABASE=database_url(),
        API_TOKEN=env("GEOMAP_API_TOKEN", ""),
        TILES_URL=env("GEOMAP_TILES_URL", OSM_TILES),
        TILES_ATTRIBUTION=env("GEOMAP_TILES_ATTRIBUTION", OSM_ATTRIBUTION),
        FRAME_ANCESTORS=env("GEOMAP_FRAME_ANCESTORS", "*"),
        COARSEN=env("GEOMAP_COARSEN", ""),
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        LIST_EVENTS=100,
        LIST_ARTICLES=50,
        ARTICLE_EVENTS=200,
    )
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from geomap.web import api, assets, pages, security

    security.init_app(app)
    app.register_blueprint(assets.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    return app
