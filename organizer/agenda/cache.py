"""Rendered public agenda pages, cached per released version and language.

The key holds the id of the convening's latest release and the convening's ``updated_at``, read
from the database on every request (one small query, ``probe``). A new release changes the key, so every
worker process shows it at once; stale entries simply age out of the bounded LRU.
"""
from __future__ import annotations

from collections import OrderedDict
import threading
from threading import Lock

MAX_ENTRIES = 512


class RenderCache:
    def __init__(self, size: int = MAX_ENTRIES):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def set(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def get(app) -> RenderCache:
    return app.extensions.setdefault("agenda_render_cache", RenderCache())


class ReleaseProbe:
    """What the cache key needs about a convening, in one small query on a connection of its own
    (no ORM session, plain DB-API cursor): the convening's id, status and last change, and its
    latest release (id and time: ids may be reused after a deletion on SQLite, times are not).
    The statement is compiled once per dialect; each thread keeps one autocommit connection, so
    the probe never sits in an open transaction. It runs on every anonymous public agenda request,
    cached or not, so it costs less than loading the convening."""

    def __init__(self):
        self._compiled: dict = {}
        self._local = threading.local()

    def __call__(self, engine, slug: str):
        sql, positions = self._statement(engine)
        params = (slug,) * positions if positions else {"slug": slug}
        for attempt in (1, 2):
            connection = self._connection(engine)
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute(sql, params)
                    return cursor.fetchone()
                finally:
                    cursor.close()
            except engine.dialect.loaded_dbapi.Error:
                self._drop()
                if attempt == 2:
                    raise
        return None

    def _statement(self, engine) -> tuple[str, int]:
        compiled = self._compiled.get(engine.dialect.name)
        if compiled is None:
            statement = _probe_statement().compile(dialect=engine.dialect)
            # the only parameter is the slug (possibly repeated): its layout is worked out once
            assert set(statement.construct_params({"slug": ""})) == {"slug"}
            compiled = self._compiled[engine.dialect.name] = (statement.string, len(statement.positiontup or ()))
        return compiled

    def _connection(self, engine):
        held = getattr(self._local, "held", None)
        if held is not None and held[0] is engine:
            return held[1]
        self._drop()
        fairy = engine.raw_connection()
        fairy.detach()  # ours now: the pool makes another for everyone else
        connection = fairy.dbapi_connection
        if engine.dialect.name == "postgresql":
            connection.rollback()  # end whatever the pool's ping began
            connection.autocommit = True
        self._local.held = (engine, connection, fairy)
        return connection

    def _drop(self) -> None:
        held = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None:
            try:
                held[1].close()
            except Exception:  # already gone: nothing to release
                pass


def _probe_statement():
    from ..convenings.models import Convening
    from ..extensions import db
    from .models import Release

    table = Convening.__table__
    latest = (db.select(db.func.max(Release.id)).where(Release.convening_id == Convening.id)
              .correlate(Convening).scalar_subquery())
    latest_at = (db.select(db.func.max(Release.released_at)).where(Release.convening_id == Convening.id)
                 .correlate(Convening).scalar_subquery())
    return (db.select(table.c.id, table.c.status, table.c.updated_at, latest, latest_at)
            .where(table.c.slug == db.bindparam("slug")))


_probe = ReleaseProbe()


def probe(slug: str):
    """(convening id, status, updated_at, latest release id, latest release time) or None."""
    from ..extensions import db

    return _probe(db.engine, slug)
