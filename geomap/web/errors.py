"""Errors as answers: bad input is a 4xx with its reason, and no traceback reaches a user.

Data routes (the API, .json, .geojson, .csv and .gpkg) answer JSON {"error": reason};
pages answer the error page.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from geomap.model import InputError
from geomap.store import IdCollision
from geomap.web.context import Busy, TooLong

DATA_SUFFIXES = (".json", ".geojson", ".csv", ".gpkg")
RETRY_AFTER = 60                # seconds, when the models are busy
# The most specific class first: what each error answers.
STATUS = ((TooLong, 413), (IdCollision, 409), (InputError, 400), (Busy, 503))


def init_app(app: Flask) -> None:
    for error, status in STATUS:
        app.register_error_handler(error, lambda e, status=status: answer(str(e), status))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def answer(message: str, status: int):
    """The error as JSON on data routes, else as the error page; a 503 says when to retry."""
    if request.path.startswith("/api/") or request.path.endswith(DATA_SUFFIXES):
        response = jsonify(error=message)
    else:
        response = render_template("error.html", message=message)
    headers = {"Retry-After": str(RETRY_AFTER)} if status == 503 else {}
    return response, status, headers


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:          # redirects of the routing
        return error
    return answer(error.description or error.name, error.code or 500)


def _unexpected(error: Exception):
    """A fault of geomap's own: logged with its traceback, answered without it."""
    from flask import current_app

    current_app.logger.exception("unexpected error on %s", request.path)
    return answer("geomap could not answer this request; the error is logged", 500)
