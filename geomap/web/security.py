"""Response headers: a strict Content-Security-Policy with a per-request nonce.

Scripts and styles run only from the app itself or, when inline, with the
request's nonce (Folium writes its map set-up inline). Images may also come
from the tile server. Only /embed may be framed by other sites, and only by
those in FRAME_ANCESTORS.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from markupsafe import Markup

EMBEDDABLE = {"pages.embed"}
_OPENING_TAG = re.compile(r"<(script|style)(?=[\s>])")


def init_app(app: Flask) -> None:
    app.before_request(_new_nonce)
    app.after_request(_add_headers)
    app.jinja_env.globals["csp_nonce"] = nonce


def nonce() -> str:
    """This request's nonce for inline scripts and styles."""
    if "csp_nonce" not in g:
        _new_nonce()
    return g.csp_nonce


def nonced(html: str) -> Markup:
    """Trusted markup (Folium's) with the request's nonce on every script and style element."""
    return Markup(_OPENING_TAG.sub(lambda m: f'<{m.group(1)} nonce="{nonce()}"', html))


def tile_origin(tiles_url: str) -> str:
    """The origin images come from for a tile URL template ('' when it is the app's own)."""
    parts = urlsplit(tiles_url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def policy(request_nonce: str, tiles_url: str, frame_ancestors: str) -> str:
    images = " ".join(filter(None, ["'self'", "data:", tile_origin(tiles_url)]))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{request_nonce}'",
        f"style-src 'self' 'nonce-{request_nonce}'",
        f"img-src {images}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


def _new_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def _add_headers(response: Response) -> Response:
    settings = current_app.config["GEOMAP"]
    ancestors = settings.frame_ancestors if request.endpoint in EMBEDDABLE else "'self'"
    response.headers["Content-Security-Policy"] = policy(nonce(), settings.tiles_url, ancestors)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response
