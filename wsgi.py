"""The WSGI entry point: `gunicorn wsgi:app`, configured by GEOMAP_* variables."""

from geomap.settings import Settings
from geomap.web import create_app

app = create_app(Settings.from_env())
