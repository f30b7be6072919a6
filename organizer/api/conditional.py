"""Conditional JSON responses: a strong ETag from the body's bytes, ``If-None-Match`` answered with
304 (no body), and CORS for reads (any origin, never credentials).

Self-contained on purpose (the platform may later hold a shared helper; this one is small enough
to fold into it)."""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Response, current_app, request

#: Read-only, public, no cookies: any origin may read, none may send credentials.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Link",
    "Access-Control-Max-Age": "86400",
}
CACHE_CONTROL = "public, max-age=60"


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


class Bodies:
    """Answers made from frozen data (a released agenda never changes), kept per key: a repeated
    request, conditional or not, costs no shaping. Bounded LRU, per process."""

    def __init__(self, size: int = 128):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def set(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


def frozen_response(key: tuple, build: Callable[[], tuple[object, dict | None]]) -> Response:
    """The answer for ``key`` (which must name everything the body depends on), built once by
    ``build() -> (payload, links)``."""
    bodies = current_app.extensions.setdefault("api_bodies", Bodies())
    config = current_app.config
    key = (*key, config["PUBLIC_BASE_URL"], tuple(config["LANGUAGES"]), tuple(config.get("CONTENT_FALLBACK") or ()))
    found = bodies.get(key)
    if found is None:
        payload, links = build()
        body = dumps(payload)
        found = (body, etag_of(body), links)
        bodies.set(key, found)
    body, tag, links = found
    return respond(body, tag, 200, links)


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
