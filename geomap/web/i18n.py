"""The interface in French or English (Flask-Babel): from ?lang=, then the choice kept in a
cookie, then the browser's languages. Dates follow the language.

The messages are in geomap/translations/<lang>/LC_MESSAGES/messages.po, compiled to
messages.mo (see the README: pybabel extract, update, compile).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Flask, Response, request, url_for
from flask_babel import Babel, format_date, get_locale

LANGUAGES = ("en", "fr")
NAMES = {"en": "English", "fr": "Français"}
COOKIE = "geomap_lang"
COOKIE_MAX_AGE = 365 * 86400
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)
    app.after_request(_keep_choice)
    app.jinja_env.filters["day"] = day
    app.context_processor(_template_values)


def select_locale() -> str:
    """?lang=fr, else the cookie, else the browser's best match, else English."""
    for choice in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if choice in LANGUAGES:
            return choice
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def _keep_choice(response: Response) -> Response:
    """A language picked with ?lang= is kept for the next pages."""
    choice = request.args.get("lang")
    if choice in LANGUAGES and request.cookies.get(COOKIE) != choice:
        response.set_cookie(COOKIE, choice, max_age=COOKIE_MAX_AGE, samesite="Lax")
    return response


def day(value: str | date) -> str:
    """A date in the interface's language: "15 août 2020", "Aug 15, 2020"."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, "medium")


def language_url(code: str) -> str:
    """This page in another language."""
    args = {**request.args, "lang": code}
    return url_for(request.endpoint or "pages.index", **(request.view_args or {}), **args)


def _template_values() -> dict:
    from geomap.web.mapview import type_names

    names = type_names()
    return {"interface_lang": str(get_locale() or LANGUAGES[0])[:2],
            "languages": [(code, NAMES[code]) for code in LANGUAGES],
            "language_url": language_url, "type_name": lambda t: names.get(t, t)}
