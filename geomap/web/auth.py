"""Who may do what: reading is open; adding, reviewing and deleting need a signed-in editor
(Flask-Login) or, for the API, the API token.

Every request that changes something (POST, PUT, PATCH, DELETE) carries either the API
token (Authorization: Bearer ...) or the CSRF token of a form of this site (Flask-WTF):
a form posted from another site is refused with 400. Session cookies are HttpOnly,
SameSite=Lax and, unless GEOMAP_SECURE_COOKIES=off, Secure.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from flask import (Blueprint, Flask, current_app, g, jsonify, redirect, render_template, request,
                   session, url_for)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from geomap.accounts import check_password
from geomap.settings import Settings

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()
login_manager = LoginManager()
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
API_USER = "api token"           # the name the audit log gives changes made with the token
SESSION_HOURS = 12


class Editor(UserMixin):
    """A signed-in editor; Flask-Login keeps their name in the session."""

    def __init__(self, name: str) -> None:
        self.id = name
        self.name = name


def init_app(app: Flask) -> None:
    settings: Settings = app.config["GEOMAP"]
    app.config.update(
        SECRET_KEY=settings.secret_key or _instance_secret(Path(app.instance_path)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="geomap_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        WTF_CSRF_CHECK_DEFAULT=False,       # checked in _guard, unless the API token is sent
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"
    app.before_request(_guard)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_blueprint(bp)
    app.jinja_env.globals["is_editor"] = is_editor
    if "_" not in app.jinja_env.globals:          # until the interface is translated
        app.jinja_env.add_extension("jinja2.ext.i18n")
        app.jinja_env.install_null_translations(newstyle=True)


def _instance_secret(instance: Path) -> str:
    """The instance's session key: made once (random), kept in instance/secret_key, readable
    only by its owner, and shared by every worker of the instance. It is written aside and
    linked into place, so a worker starting at the same moment never reads half of it."""
    path = instance / "secret_key"
    instance.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        aside = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(aside, path)
        except FileExistsError:
            pass                                # another worker made it first
        finally:
            aside.unlink()
    return path.read_text().strip()


@login_manager.user_loader
def _load(name: str) -> Editor | None:
    from geomap.web.context import store

    return Editor(name) if store().user(name) else None


def is_editor() -> bool:
    """True when the request comes from a signed-in editor or carries the API token."""
    return bool(g.get("api_user")) or current_user.is_authenticated


def editor_name() -> str:
    return API_USER if g.get("api_user") else current_user.name


def token_ok(given: str | None) -> bool:
    """True when an API token is set and the given one is it (compared in constant time)."""
    expected = current_app.config["GEOMAP"].api_token.encode()
    given_bytes = (given or "").encode("utf-8", "replace")
    same = hmac.compare_digest(expected or b"\0", given_bytes)
    return bool(expected) and same


def _bearer() -> str | None:
    """The token of an Authorization: Bearer header, or None without one."""
    header = request.headers.get("Authorization", "")
    if not header.strip():
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _guard():
    """Changes need the API token, or a form of this site (its CSRF token)."""
    if request.method not in UNSAFE:
        return None
    signed_in = current_user.is_authenticated   # read first: every refusal does the same work
    token = _bearer()
    if token is not None:
        if not token_ok(token):
            return jsonify(error="a valid API token is required (Authorization: Bearer TOKEN)"), 401
        g.api_user = True
        return None
    if request.path.startswith("/api/") and not signed_in:
        return jsonify(error="sign in, or send the API token (Authorization: Bearer TOKEN)"), 401
    csrf.protect()
    return None


def _csrf_refused(error: CSRFError):
    from geomap.web.errors import answer

    return answer("this form was not sent from a page of this site, or it has expired:"
                  " open the page again and resend it", 400)


def editor_required(view: Callable) -> Callable:
    """The view needs an editor: others get 401 (data routes) or are sent to sign in."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if is_editor():
            return view(*args, **kwargs)
        if request.path.startswith("/api/") or request.path.endswith(".json"):
            return jsonify(error="sign in, or send the API token"), 401
        return redirect(url_for("auth.login", next=local_path(request.full_path)), code=303)
    return wrapped


def local_path(target: str | None, fallback: str | None = None) -> str:
    """A path of this site to go back to; anything else (another site, "/\\evil.example")
    is the fallback, else the map."""
    target = (target or "").strip()
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc \
            or "\\" in target:
        return fallback or url_for("pages.index")
    return target.rstrip("?")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with a name and password; a refusal does not say which was wrong."""
    target = local_path(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next=target, failed=False)
    from geomap.web.context import store

    user = check_password(store(), request.form.get("name", ""), request.form.get("password", ""))
    if user is None:
        return render_template("login.html", next=target, failed=True,
                               name=request.form.get("name", "")), 401
    session.clear()
    login_user(Editor(user["name"]))
    session.permanent = True
    return redirect(target, code=303)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("pages.index"), code=303)


@bp.get("/login.json")
def whoami():
    """Who is signed in: the data twin of the sign-in page."""
    return jsonify(editor=current_user.name if current_user.is_authenticated else None)
