"""Rendered public agenda pages, cached per released version and language.

The key holds the id of the convening's latest release and the convening's ``updated_at``, read
from the database on every request (one small query). A new release changes the key, so every
worker process shows it at once; stale entries simply age out of the bounded LRU.
"""
from __future__ import annotations

from collections import OrderedDict
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
