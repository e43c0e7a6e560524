"""The Flask app: an app factory with the map and API blueprints."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from geomap.config import database_url, instance_dir
from geomap.gazetteer import PROJECT_ROOT


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Settings come from GEOMAP_* environment variables or test_config."""
    app = Flask(__name__, instance_path=str(instance_dir()),
                template_folder=str(PROJECT_ROOT / "templates"))
    app.config.from_mapping(
        DATABASE=database_url(),
        API_TOKEN=os.environ.get("GEOMAP_API_TOKEN", ""),
        TILES_URL=os.environ.get("GEOMAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        TILES_ATTRIBUTION=os.environ.get(
            "GEOMAP_TILES_ATTRIBUTION",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        LIST_EVENTS=100,
    )
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from geomap.web import api, assets, pages

    app.register_blueprint(assets.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    return app
