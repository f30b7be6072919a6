"""Conditional JSON responses: a strong ETag from the body's bytes, ``If-None-Match`` answered with
304 (no body), and CORS for reads (any origin, never credentials).

Answers of public data go through the platform's shared cache (``shared``): its stamps say when
they change, its ETag is the one a client sees; the body's own ETag only answers the rare request
that reaches the view with a matching tag."""
from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable

from flask import Response, request

from ..platform import http_cache

#: Read-only, public, no cookies: any origin may read, none may send credentials.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Link",
    "Access-Control-Max-Age": "86400",
}
MAX_AGE = 60
CACHE_CONTROL = f"public, max-age={MAX_AGE}"


def dumps(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    """Strong: the same bytes, and only they, have the same tag."""
    return hashlib.sha256(body).hexdigest()[:40]


def not_modified(tag: str) -> bool:
    """True when the request's ``If-None-Match`` names ``tag`` (weak comparison, as RFC 9110 asks
    for If-None-Match) or is ``*``."""
    if not request.headers.get("If-None-Match"):
        return False
    return request.if_none_match.contains_weak(tag)


def json_response(payload, status: int = 200, links: dict | None = None) -> Response:
    body = dumps(payload)
    return respond(body, etag_of(body), status, links)


#: the query parameters an answer depends on (any other is ignored)
PARAMETERS = ("limit", "cursor", "version", "country")


def shared(stamps: Callable[..., list[str]] = lambda **_values: []):
    """Answer the view from the shared cache (``platform.http_cache``, and its edge before Flask),
    keyed by ``stamps(**view_args)`` and ``PARAMETERS``: a repeated request, conditional or not,
    costs no query and no shaping, on every worker and host. Errors are never stored."""

    def decorate(view):
        @functools.wraps(view)
        def answer(**values):
            name = request.endpoint + ":" + "|".join(f"{k}={v}" for k, v in sorted(values.items()))
            return http_cache.serve(name, stamps(**values), lambda: view(**values), vary=PARAMETERS,
                                    max_age=MAX_AGE)

        return answer

    return decorate


def respond(body: bytes, tag: str, status: int = 200, links: dict | None = None) -> Response:
    if status == 200 and request.method in ("GET", "HEAD") and not_modified(tag):
        response = Response(status=304)
    else:
        response = Response(body, status=status, mimetype="application/json")
    if status == 200:
        response.set_etag(tag)
        response.headers["Cache-Control"] = CACHE_CONTROL
    else:
        response.headers["Cache-Control"] = "no-store"
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    return response


def add_cors(response: Response) -> Response:
    for name, value in CORS_HEADERS.items():
        response.headers[name] = value
    response.headers.pop("Access-Control-Allow-Credentials", None)
    return response
