"""The edge: a shared public answer served before Flask handles the request.

``http_cache.serve`` keeps every public page and export in the shared store, but a request that
reaches Flask still pays for the request context, the session, routing and every hook (security
headers, language cookie...): as much again as the answer itself. The edge is a WSGI middleware in
front of the app that answers a request from a copy of the *whole* response (status, every header
the hooks added, body) when it can tell, without Flask and without the database, that the request
is a plain anonymous ``GET``/``HEAD`` for a page whose version stamps have not moved:

- no session or remember-me cookie (a session may hold a sign-in or a flashed message: Flask
  decides), no NUL in the address, a ``Host`` the app serves (``TRUSTED_HOSTS``);
- the entry for the path and the query parameters the page varies on (the others are ignored as
  ``serve`` ignores them; a page that names parameters it renders without the shared copy, the
  embeddable agenda's colors, is passed to Flask when one is present);
- every version stamp the answer was rendered against still has the same token (one read of the
  shared store with Redis, since the stamp names are remembered per entry).

The entry is a small *head* (status, headers, ETag, stamps and their tokens) and the body under
its content hash; a worker keeps the bodies it served last in memory (``CACHE_EDGE_MEMORY`` bytes,
12 MiB by default), and the heads it served last, so a hit reads only the stamps' tokens (with Redis,
from the worker's memory: ``stamp_feed``), and a 304 never reads a body.

Anything else, and any failure of the store, goes to Flask, where ``serve`` renders or finds the
answer, and the edge then keeps the response Flask sent (only a 200 that ``serve`` marked, with no
cookie but the language one). It answers ``If-None-Match`` with a 304, ``HEAD`` without a body, and
sets the language cookie as the app would (not for a page framed in another site).
"""
from __future__ import annotations

import hashlib
import logging
import threading
from urllib.parse import parse_qsl, urlencode

from cachetools import LRUCache
from werkzeug.http import dump_cookie, parse_cookie, parse_etags
from werkzeug.wsgi import get_host

ENVIRON = "organizer.edge"
#: the longest value of a parameter a page varies on (longer ones are cut, here and in ``serve``)
VALUE_LIMIT = 200
_DROP_ON_304 = frozenset(("content-length", "content-type", "content-disposition"))
log = logging.getLogger(__name__)


def entry_key(code: str, path: str, kept: dict) -> str:
    """The store key of the answer for ``path`` with these kept parameters, rendered by this code."""
    query = urlencode(sorted(kept.items()))
    return "edge:" + hashlib.sha256(f"{code}|{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()[:40]


def path_of(environ) -> str:
    return environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")


def mark(environ, *, code: str, kept: dict, vary, bypass, stamps: list[str], tokens: list[str], etag: str,
         timeout: int | None, language: str | None) -> None:
    """Called by ``serve`` for an answer the edge may keep (a request the edge found eligible)."""
    if environ.get(ENVIRON) is not True:
        return
    environ[ENVIRON] = {"key": entry_key(code, path_of(environ), kept), "vary": (tuple(vary), tuple(bypass)),
                        "stamps": tuple("v:" + s for s in stamps), "tokens": tuple(tokens), "etag": etag,
                        "timeout": timeout, "language": language}


class Edge:
    """``app.wsgi_app = Edge(app, app.wsgi_app)``."""

    def __init__(self, app, wsgi_app):
        from ..i18n.locale import COOKIE

        self.app = app
        self.wsgi_app = wsgi_app
        config = app.config
        self.private_cookies = (config.get("SESSION_COOKIE_NAME") or "session",
                                config.get("REMEMBER_COOKIE_NAME") or "remember_token")
        self.language_cookie = COOKIE
        self.secure = bool(config.get("SESSION_COOKIE_SECURE"))
        self.enabled = bool(config.get("CACHE_EDGE", True))
        self.code = config["CACHE_CODE_VERSION"]
        self.trusted_hosts = config.get("TRUSTED_HOSTS")
        # bodies by content hash, bounded in bytes (CACHE_EDGE_MEMORY, per worker; 0: none)
        self.bodies = LRUCache(maxsize=max(1, int(config.get("CACHE_EDGE_MEMORY", 12 * 2**20))), getsizeof=len)
        self.lock = threading.Lock()
        self.varies = LRUCache(maxsize=4096)  # path -> the parameters its page varies on
        self.heads = LRUCache(maxsize=1024)  # the heads served last

    def _trusted(self, environ) -> bool:
        """The ``Host`` is one the app serves (else Flask answers it, with its 400)."""
        if self.trusted_hosts is None:
            return True
        try:
            get_host(environ, self.trusted_hosts)
        except Exception:
            return False
        return True

    def vary_key(self, path: str) -> str:
        return "edge-vary:" + hashlib.sha256(f"{self.code}|{path}".encode("utf-8", "surrogateescape")).hexdigest()[:40]

    # ------------------------------------------------------------------ the request

    def __call__(self, environ, start_response):
        if not self.enabled or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        cookies = parse_cookie(environ.get("HTTP_COOKIE", "")) if environ.get("HTTP_COOKIE") else {}
        path = path_of(environ)
        if "\x00" in path or any(name in cookies for name in self.private_cookies) or not self._trusted(environ):
            return self.wsgi_app(environ, start_response)
        try:
            answer = self._answer(environ, path, cookies)
        except Exception:  # the store failed: Flask answers (and logs what it finds)
            log.debug("edge: look-up failed", exc_info=True)
            answer = None
        if answer is not None:
            status, headers, body = answer
            start_response(status, headers)
            return [body]
        environ[ENVIRON] = True
        return self._pass(environ, start_response)

    def _kept(self, environ, path: str, store) -> dict | None:
        """The parameters the page varies on (None: let Flask answer)."""
        query = environ.get("QUERY_STRING", "")
        if not query:
            return {}
        if "\x00" in query or "%00" in query:
            return None
        vary_key = self.vary_key(path)
        with self.lock:
            known = self.varies.get(vary_key)
        if known is None:
            known = store.get(vary_key)
            if known is None:
                return None
            with self.lock:
                self.varies[vary_key] = known  # the same for as long as the code is
        vary, bypass = known
        args = parse_qsl(query, keep_blank_values=True, errors="replace")
        kept: dict = {}
        for name, value in args:
            if name in bypass:
                return None
            if name in vary and value and name not in kept:
                kept[name] = value[:VALUE_LIMIT]
        return kept

    def _answer(self, environ, path: str, cookies) -> tuple | None:
        from . import http_cache

        store = http_cache.backend(self.app)
        kept = self._kept(environ, path, store)
        if kept is None:
            return None
        key = entry_key(self.code, path, kept)
        head = self._fresh_head(key, store, http_cache.stamp_store(self.app), http_cache.feed(self.app))
        if head is None:
            return None
        headers = list(head["headers"])
        language = head["language"]
        if language and cookies.get(self.language_cookie) != language:
            headers.append(("Set-Cookie", dump_cookie(self.language_cookie, language, max_age=365 * 24 * 3600,
                                                      samesite="Lax", httponly=True, secure=self.secure)))
        counters = http_cache.stats(self.app)
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match and parse_etags(match).contains_weak(head["etag"]):
            counters.not_modified += 1
            return "304 NOT MODIFIED", [(k, v) for k, v in headers if k.lower() not in _DROP_ON_304], b""
        if environ["REQUEST_METHOD"] == "HEAD":
            body = b""
        else:
            body = self._body(store, head["body"])
            if body is None:
                return None
        counters.hits += 1
        return head["status"], headers, body

    def _fresh_head(self, key: str, store, stamps, feed) -> dict | None:
        """The head of the answer under ``key`` if every stamp it was rendered against still has
        the same token, else None. The head served last is remembered, so a hit reads only the
        tokens: from this worker's memory with the Redis stamp feed, else from the stamp store."""
        tokens = stamps
        if feed is not None:
            feed.ensure_started()
            tokens = feed
        with self.lock:
            known = self.heads.get(key)
        if known is not None and tuple(tokens.get_many(*known["stamps"])) == known["tokens"]:
            return known
        head = store.get(key)
        if head is None or tuple(tokens.get_many(*head["stamps"])) != head["tokens"]:
            return None
        with self.lock:
            self.heads[key] = head
        return head

    def _body(self, store, key: str) -> bytes | None:
        """A body by its content hash: from this worker's memory (a body never changes under its
        hash), else from the store (remembered when it fits)."""
        with self.lock:
            body = self.bodies.get(key)
        if body is None:
            body = store.get(key)
            if body is not None and len(body) <= self.bodies.maxsize // 4:
                with self.lock:
                    self.bodies[key] = body
        return body

    # ------------------------------------------------------------------ keeping Flask's answer

    def _pass(self, environ, start_response):
        sent: list = []

        def capture(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        marked = environ.get(ENVIRON)
        if not isinstance(marked, dict) or not sent or not sent[0].startswith("200") \
                or environ["REQUEST_METHOD"] != "GET":
            return result
        status, headers = sent
        if any(k.lower() == "set-cookie" and not v.startswith(self.language_cookie + "=") for k, v in headers):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self._keep(environ, marked, status, headers, body)
        return [body]

    def _keep(self, environ, marked: dict, status: str, headers, body: bytes) -> None:
        from . import http_cache

        body_key = "edge-body:" + hashlib.sha256(body).hexdigest()[:40]
        head = {"status": status, "body": body_key, "etag": marked["etag"], "stamps": marked["stamps"],
                "tokens": marked["tokens"], "language": marked["language"],
                "headers": tuple((k, v) for k, v in headers if k.lower() != "set-cookie")}
        timeout = marked["timeout"]
        if timeout is None:
            timeout = int(self.app.config["CACHE_TIMEOUT"])
        try:
            store = http_cache.backend(self.app)
            store.set(self.vary_key(path_of(environ)), marked["vary"], timeout=timeout)
            store.set(body_key, body, timeout=timeout)
            store.set(marked["key"], head, timeout=timeout)
            with self.lock:
                self.heads[marked["key"]] = head
        except Exception:
            log.warning("edge: could not keep %s", path_of(environ), exc_info=True)
