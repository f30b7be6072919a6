"""One cache for rendered public pages and exports, shared by every worker and host, and the
conditional requests (ETag, Last-Modified, 304) built on it.

The store is Flask-Caching: a ``FileSystemCache`` under ``instance/cache`` by default (bounded by
``CACHE_THRESHOLD`` files), Redis when ``CACHE_URL`` (``ORGANIZER_CACHE_URL``) is set. When the
store fails (Redis down) pages are rendered as if nothing were cached.

Freshness without a database round trip: every cached answer is keyed by the *version stamps* of
the content it shows (``"convening:<slug>"``, ``"declarations"``...), small tokens kept in the same
shared store. A domain says which of its models change which stamps (``watch``); when a unit of
work that changed such a row commits, the stamps get new tokens at once, on every worker and host
(they read the same store). Bulk ``UPDATE``/``DELETE`` statements on a watched model renew the
global stamp ``"*"`` that every key includes. A stamp's token carries the time it was set, which is
the answer's ``Last-Modified``; the key's hash is its strong ``ETag``. With Redis, renewed stamps are
also published, and each worker keeps the tokens in memory (``stamp_feed``): no round trip per
request, a renewal seen within milliseconds on every host.

A view answers through ``serve(name, stamps, render, ...)``: a signed-in (or flashed-to) visitor
gets a fresh, ``private, no-store`` page; an anonymous one gets the shared copy, or a 304 when the
``If-None-Match`` matches, without rendering and without reading the database. Only the query
parameters the view names (``vary``) make a different page: any other (``?utm_source``,
``?fbclid``) is ignored, and hidden from the render so it cannot end up in the stored body.

Render ahead: ``warmer(fn)`` registers ``fn(stamp) -> [paths]``; after a commit that renewed
stamps, ``render_ahead`` requests those paths in a background thread (``RENDER_AHEAD="thread"``) so
the first visitor finds them cached; ``flask organizer render-ahead`` (and the mail worker's loop)
keeps every public page warm.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate

from flask import Flask, Response, current_app, has_app_context, request, session
from flask_caching import Cache
from sqlalchemy import event
from sqlalchemy.orm import Session

cache = Cache()

GLOBAL = "*"
_CHANGED = "http_cache_changed"
_watched: dict[type, list[Callable]] = {}
_warmers: list[Callable[[str], Iterable[str]]] = []


@dataclass
class Stats:
    """This process's counters (tests and the benchmark read them)."""

    hits: int = 0
    misses: int = 0
    not_modified: int = 0
    renders: int = 0
    errors: int = 0
    warmed: list = field(default_factory=list)


def stats(app: Flask | None = None) -> Stats:
    app = app or current_app
    return app.extensions.setdefault("http_cache_stats", Stats())


def backend(app: Flask | None = None):
    app = app or current_app
    return app.extensions["cache"][cache]


def feed(app: Flask | None = None):
    """The Redis stamp feed (``stamp_feed``), or None (files, or ``CACHE_STAMP_FEED`` off)."""
    app = app or current_app
    return app.extensions.get("http_cache_feed")


def stamp_store(app: Flask | None = None):
    """Where the version stamps live: with files, a folder of their own beside the cache's
    (``instance/cache-stamps``), never pruned (a bounded cache drops its oldest files first, and
    stamps are the oldest); with Redis, the same store."""
    app = app or current_app
    return app.extensions.get("http_cache_stamps") or backend(app)


# ------------------------------------------------------------------------------ version stamps

def _token() -> str:
    return f"{time.time():.6f}-{secrets.token_hex(4)}"


def versions(names: Iterable[str]) -> list[str]:
    """The current token of each stamp (the global one first). A stamp never set gets one now
    (``add``: the first writer wins, so every worker agrees)."""
    keys = ["v:" + name for name in (GLOBAL, *names)]
    store = stamp_store()
    listener = feed()
    if listener is not None:
        listener.ensure_started()
    values = list((listener or store).get_many(*keys))
    for i, value in enumerate(values):
        if value is None:
            store.add(keys[i], _token(), timeout=0)
            values[i] = store.get(keys[i]) or _token()
    return values


def renew(names: Iterable[str], app: Flask | None = None) -> None:
    """Give these stamps new tokens now (every answer keyed by them is stale at once)."""
    store = stamp_store(app)
    listener = feed(app)
    for name in names:
        try:
            token = _token()
            store.set("v:" + name, token, timeout=0)
            if listener is not None:
                listener.published("v:" + name, token)
        except Exception:  # the store is down: nothing cached can be served from it either
            (app or current_app).logger.exception("cache: could not renew %s", name)


def renew_on_commit(session: Session, names: Iterable[str]) -> None:
    """Renew these stamps when ``session`` commits (rows written outside the ORM's sight)."""
    session.info.setdefault(_CHANGED, set()).update(names)


def watch(model: type, stamps: Callable[[object, Session], Iterable[str]]) -> None:
    """``stamps(obj, session)`` names the stamps a new, changed or deleted ``model`` row renews
    when its unit of work commits. Connected once per model and function."""
    functions = _watched.setdefault(model, [])
    if stamps not in functions:
        functions.append(stamps)


def _watchers(cls) -> list[Callable]:
    found = []
    for klass in cls.__mro__:
        found.extend(_watched.get(klass, ()))
    return found


def _after_flush(session: Session, _context) -> None:
    if not _watched:
        return
    changed = session.info.setdefault(_CHANGED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        for function in _watchers(type(obj)):
            with session.no_autoflush:
                changed.update(function(obj, session) or ())


def _bulk(state) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and _watchers(state.bind_mapper.class_):
        state.session.info.setdefault(_CHANGED, set()).add(GLOBAL)


def _after_commit(session: Session) -> None:
    changed = session.info.pop(_CHANGED, None)
    if not changed or not has_app_context():
        return
    app = current_app._get_current_object()
    if app.extensions.get("cache", {}).get(cache) is None:
        return
    renew(changed, app)
    render_ahead(app, changed)


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "do_orm_execute", _bulk)
event.listen(Session, "after_commit", _after_commit)


# ------------------------------------------------------------------------------ serving

def _etag(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(tokens: list[str]) -> float:
    return max(float(token.partition("-")[0] or 0) for token in tokens)


def _restrict_args(vary: Iterable[str]) -> dict:
    """Hide every query parameter the page does not vary on from the render (language switcher
    links repeat the query string), and keep only the first value of those it does; returns them."""
    from . import edge

    args = request.args
    kept = {key: args.get(key, "")[:edge.VALUE_LIMIT] for key in vary if args.get(key)}
    if len(args) != len(kept) or any(len(args.getlist(key)) > 1 or args[key] != value for key, value in kept.items()):
        request.__dict__["args"] = request.parameter_storage_class(list(kept.items()))  # the app's own checks kept
    return kept


def _anonymous() -> bool:
    from .visitors import plain_anonymous_visitor

    return plain_anonymous_visitor()


def serve(name: str, stamps: Iterable[str], render: Callable[[], object], *, vary: Iterable[str] = (),
          bypass: Iterable[str] = (), max_age: int | None = None, timeout: int | None = None) -> Response:
    """The public answer ``name`` (the route and its arguments), shared by every anonymous visitor
    in the URL's language. ``render()`` returns what a view returns; only a 200 is stored.
    ``max_age``: the ``Cache-Control`` max-age (default ``CACHE_PAGE_MAX_AGE``); ``timeout``: how
    long the store keeps it (default ``CACHE_TIMEOUT``; pages that show the time of day, shorter);
    ``bypass``: parameters with which the view does not call ``serve`` (the edge passes them on)."""
    from flask import g

    from . import edge

    config = current_app.config
    max_age = config["CACHE_PAGE_MAX_AGE"] if max_age is None else max_age
    vary, bypass = tuple(vary), tuple(bypass)
    kept = _restrict_args(vary)
    if not _anonymous():
        response = current_app.make_response(render())
        response.headers["Cache-Control"] = "private, no-store"
        return response
    counters = stats()
    lang = g.get("lang_code") or ""
    stamps = list(stamps)
    try:
        tokens = versions(stamps)
    except Exception:
        counters.errors += 1
        current_app.logger.warning("cache: store unavailable; rendering", exc_info=True)
        return current_app.make_response(render())
    key = "|".join([config["CACHE_CODE_VERSION"], name, lang, repr(sorted(kept.items())), *stamps, *tokens])
    etag = _etag(key)
    headers = {"ETag": f'"{etag}"', "Last-Modified": formatdate(_last_modified(tokens), usegmt=True),
               "Cache-Control": f"public, max-age={max_age}"}
    # "*" is not honoured: it would answer 304 for a page that may not exist
    if request.if_none_match and etag in request.if_none_match.as_set(include_weak=True):
        counters.not_modified += 1
        return Response(status=304, headers=headers)
    store = backend()
    timeout = config["CACHE_TIMEOUT"] if timeout is None else timeout

    def keep_at_edge():
        edge.mark(request.environ, code=config["CACHE_CODE_VERSION"], kept=kept, vary=vary, bypass=bypass, stamps=[GLOBAL, *stamps], tokens=tokens,
                  etag=etag, timeout=timeout, language=None if g.get("keep_language_cookie") else lang or None)

    try:
        entry = store.get("page:" + etag)
    except Exception:
        counters.errors += 1
        entry = None
    if entry is not None:
        counters.hits += 1
        body, mimetype, extra = entry
        keep_at_edge()
        return Response(body, mimetype=mimetype, headers={**extra, **headers})
    counters.misses += 1
    counters.renders += 1
    response = current_app.make_response(render())
    if response.status_code != 200 or response.direct_passthrough:
        return response
    if session.modified and session.get("csrf_token"):  # a form token was made: not shareable
        response.headers["Cache-Control"] = "private, no-store"
        return response
    extra = {k: v for k, v in response.headers.items() if k in ("Content-Disposition",)}
    try:
        store.set("page:" + etag, (response.get_data(), response.mimetype, extra), timeout=timeout)
        keep_at_edge()
    except Exception:
        counters.errors += 1
        current_app.logger.warning("cache: could not store %s", name, exc_info=True)
    response.headers.update(headers)
    return response


# ------------------------------------------------------------------------------ rendering ahead

def warmer(paths: Callable[[str], Iterable[str]]) -> None:
    """``paths(stamp)``: the public paths (language included) to render again when ``stamp`` is
    renewed, e.g. a convening's agenda page and exports in every language."""
    if paths not in _warmers:
        _warmers.append(paths)


def paths_for(names: Iterable[str]) -> list[str]:
    found: list[str] = []
    for name in names:
        for function in _warmers:
            found.extend(function(name) or ())
    return list(dict.fromkeys(found))


_threads: list[threading.Thread] = []


def render_ahead(app: Flask, names: Iterable[str]) -> threading.Thread | None:
    """After a commit: render the pages of the renewed stamps outside the request (a background
    thread of this process) when ``RENDER_AHEAD`` is ``"thread"``."""
    # the global stamp (a bulk change, a renamed organization) would mean every page: left to the
    # mail worker's passes and `flask organizer render-ahead`, not to a web worker's thread
    names = [name for name in names if name != GLOBAL]
    if app.config.get("RENDER_AHEAD") != "thread" or not names:
        return None
    thread = threading.Thread(target=_warm_names, args=(app, names), daemon=True, name="render-ahead")
    _threads.append(thread)
    thread.start()
    return thread


def wait_render_ahead(timeout: float = 60) -> None:
    """Wait for the render-ahead threads started so far (tests, and a command before it exits)."""
    while _threads:
        _threads.pop(0).join(timeout)


def _warm_names(app: Flask, names: list[str]) -> None:
    try:
        with app.app_context():
            paths = paths_for(names)
    except Exception:
        app.logger.exception("render ahead: could not list the pages of %s", names)
        return
    warm(app, paths)


def warm(app: Flask, paths: Iterable[str]) -> int:
    """Request each path as an anonymous visitor at the public address: a cached page costs a
    look-up, a missing one is rendered and stored. Returns how many were rendered."""
    client = app.test_client()
    base = app.config["PUBLIC_BASE_URL"]
    rendered = 0
    counters = stats(app)
    for path in paths:
        before = counters.renders
        try:
            client.get(path, base_url=base)
        except Exception:
            app.logger.exception("render ahead: %s failed", path)
            continue
        if counters.renders != before:
            rendered += 1
        counters.warmed.append(path)
    return rendered


def warm_everything(app: Flask) -> int:
    """Every public page the warmers know (``warmer`` functions answer the stamp ``"*"`` with all
    their paths). The ``render-ahead`` command and the mail worker's loop call it. Runs in a thread
    of its own (no request or command context leaks into the pages), waited for."""
    result = []

    def run():
        with app.app_context():
            paths = paths_for([GLOBAL])
        result.append(warm(app, paths))

    thread = threading.Thread(target=run, name="render-ahead")
    thread.start()
    thread.join()
    return result[0] if result else 0


# ------------------------------------------------------------------------------ setup

def init_app(app: Flask) -> None:
    config = app.config
    config.setdefault("CACHE_URL", None)
    config.setdefault("CACHE_DIR", None)
    config.setdefault("CACHE_THRESHOLD", 2000)
    config.setdefault("CACHE_TIMEOUT", 24 * 3600)
    config.setdefault("CACHE_PAGE_MAX_AGE", 60)
    if not config.get("CACHE_CODE_VERSION"):
        from .code_version import code_version, settings_version

        config["CACHE_CODE_VERSION"] = code_version(app) + "-" + settings_version(app)
    if config.get("RENDER_AHEAD") is None:
        config["RENDER_AHEAD"] = "off" if config.get("TESTING") else "thread"
    if config.get("RENDER_AHEAD_INTERVAL") is None:
        config["RENDER_AHEAD_INTERVAL"] = 0 if config.get("TESTING") else 60
    if config["CACHE_URL"]:
        prefix = config.get("CACHE_KEY_PREFIX") or "organizer:"
        options = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config["CACHE_URL"], "CACHE_KEY_PREFIX": prefix,
                   "CACHE_OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1}}
    else:
        import os

        directory = config["CACHE_DIR"] or os.path.join(app.instance_path, "cache")
        options = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": directory,
                   "CACHE_THRESHOLD": int(config["CACHE_THRESHOLD"])}
        from cachelib import FileSystemCache

        app.extensions["http_cache_stamps"] = FileSystemCache(directory.rstrip("/\\") + "-stamps", threshold=0,
                                                              default_timeout=0)
    options["CACHE_DEFAULT_TIMEOUT"] = int(config["CACHE_TIMEOUT"])
    cache.init_app(app, config=options)
    stats(app)
    if config["CACHE_URL"] and config.get("CACHE_STAMP_FEED", True):
        from .stamp_feed import StampFeed

        app.extensions["http_cache_feed"] = StampFeed(backend(app), options["CACHE_KEY_PREFIX"] + "stamps")
    from .edge import Edge

    config.setdefault("CACHE_EDGE", True)
    app.wsgi_app = Edge(app, app.wsgi_app)
