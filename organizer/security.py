"""Security base: response headers, safe redirects, and hostile input stopped at the door (NUL
bytes, integers beyond the database's range, oversized bodies)."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote_to_bytes, urlsplit

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from .database import INT_MAX, db_int

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

#: The one policy for pages meant to be shown inside other sites (the embeddable agenda): the same,
#: except that any site may frame it. Every other page keeps ``frame-ancestors 'none'`` and
#: ``X-Frame-Options: DENY``.
FRAMEABLE_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def allow_framing(response):
    """Let any site show ``response`` in a frame (for the embeddable agenda only)."""
    response.headers["Content-Security-Policy"] = FRAMEABLE_CSP
    response.headers.pop("X-Frame-Options", None)
    response.frameable = True
    return response


def is_safe_path(target: str | None) -> bool:
    """True for a path on this site ("/es/agenda?x=1"); false for anything that could leave it."""
    if not target or not isinstance(target, str):
        return False
    if any(c in target for c in ("\\", "\r", "\n", "\t")) or not target.startswith("/"):
        return False
    if target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    return target if is_safe_path(target) else fallback


def _strict_int(value) -> int:
    number = db_int(value)
    if number is None:
        raise ValueError(value)
    return number


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` in every route: ASCII digits only, at most INT_MAX (a larger id cannot exist;
    PostgreSQL would refuse to compare it), so such addresses are a plain 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits, min, INT_MAX if max is None else max, signed)


def _without_nul(pairs):
    for key, value in pairs:
        if isinstance(key, str):
            key = key.replace("\x00", "")
        if isinstance(value, str):
            value = value.replace("\x00", "")
        yield key, value


class Parameters(ImmutableMultiDict):
    """Query and form values: NUL characters removed (no text column can store them, and no person
    types them), and ``.get(name, type=int)`` gives the default for integers the database cannot hold."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, Mapping):
            mapping = list(_without_nul(mapping))
        super().__init__(mapping)

    def get(self, key, default=None, type=None):
        return super().get(key, default, _strict_int if type is int else type)


class OrganizerRequest(Request):
    parameter_storage_class = Parameters


def _has_nul(text: str | bytes) -> bool:
    raw = text.encode("latin-1", "replace") if isinstance(text, str) else text
    return b"\x00" in raw or b"\x00" in unquote_to_bytes(raw)


def init_request_guards(app: Flask) -> None:
    """Runs before the blueprints are registered, so the int converter applies to every route.
    (``MAX_CONTENT_LENGTH`` in config.py refuses oversized bodies with a 413 before reading them.)"""
    app.request_class = OrganizerRequest
    app.url_map.converters["int"] = DatabaseIntConverter

    @app.before_request
    def _refuse_nul():
        """A NUL in the address names nothing (404); in the query string it is malformed (400)."""
        if "\x00" in request.path:
            abort(404)
        if _has_nul(request.query_string):
            abort(400)


def init_app(app: Flask) -> None:
    init_request_guards(app)

    @app.after_request
    def _security_headers(response):
        frameable = getattr(response, "frameable", False)
        for name, value in HEADERS.items():
            if frameable and name == "X-Frame-Options":
                continue
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
