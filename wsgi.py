"""The WSGI entry point: `gunicorn wsgi:app`."""

from geomap.web import create_app

app = create_app()
