"""The Flask app: an app factory that takes the settings, with the map and API blueprints."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from geomap.settings import Settings, shipped

# The largest article the app extracts while the request waits (characters); bigger ones
# are refused with 413 and go through `geomap ingest`.
MAX_INLINE_CHARS = 100_000
# The most events the map fetches one by one; more are counted per cell by the server.
MAP_POINTS = 5000


def create_app(settings: Settings, overrides: dict | None = None) -> Flask:
    """Build the app for the settings: `create_app(Settings.from_env())` in wsgi.py.

    overrides change Flask's own configuration (TESTING, LIST_EVENTS...).
    """
    app = Flask(__name__, instance_path=str(settings.instance.absolute()),
                template_folder=str(shipped("templates")),
                static_folder=str(Path(__file__).parent / "static"))
    app.config.from_mapping(
        GEOMAP=settings,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        MAX_INLINE_CHARS=MAX_INLINE_CHARS,
        LIST_EVENTS=100,
        LIST_ARTICLES=50,
        ARTICLE_EVENTS=200,
        MAP_POINTS=MAP_POINTS,
    )
    if overrides:
        app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from geomap.web import api, assets, auth, errors, i18n, pages, review, security

    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    app.register_blueprint(assets.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(review.bp)
    return app
