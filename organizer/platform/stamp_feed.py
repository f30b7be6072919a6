"""Version stamps in each worker's memory, kept current by Redis (several hosts).

With files, reading a stamp is a local file read. With Redis it is a network round trip on every
request, as long as the answer itself. So every renewed stamp is also *published* on a channel;
each worker listens in a background thread and keeps the tokens it has read, replacing one the
moment its new value is published. A stamp read while listening costs no round trip.

Safety: the renewal writes the new token *before* publishing it, and a token read from Redis is
only remembered if no newer one arrived meanwhile (``setdefault``), so memory never holds an older
token than Redis. While the listener is not subscribed (starting, Redis restarted, connection lost)
nothing is remembered and every read goes to Redis, as without the feed.
"""
from __future__ import annotations

import logging
import os
import threading
import time

log = logging.getLogger(__name__)


class StampFeed:
    def __init__(self, store, channel: str):
        self.store = store  # the cachelib RedisCache of the stamps
        self.channel = channel
        self.tokens: dict[str, str] = {}
        self.live = False
        self.lock = threading.Lock()
        self.pid: int | None = None

    # ------------------------------------------------------------------ listening

    def ensure_started(self) -> None:
        """Start the listener in this process (once per process: a forked worker starts its own)."""
        if self.pid == os.getpid():
            return
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.live = False
            self.tokens = {}
        threading.Thread(target=self._listen, name="stamp-feed", daemon=True).start()

    def _listen(self) -> None:
        client = self.store._read_client
        while True:
            pubsub = None
            try:
                pubsub = client.pubsub(ignore_subscribe_messages=False)
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    kind = message.get("type")
                    if kind == "subscribe":
                        with self.lock:
                            self.tokens.clear()
                            self.live = True
                    elif kind == "message":
                        key, _sep, token = _text(message["data"]).partition("\n")
                        with self.lock:
                            self.tokens[key] = token
            except Exception:  # Redis restarted or unreachable: read through until subscribed again
                log.debug("stamp feed: listener lost its connection", exc_info=True)
            finally:
                with self.lock:
                    self.live = False
                    self.tokens.clear()
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:
                        pass
            time.sleep(1)

    # ------------------------------------------------------------------ reading and renewing

    def get_many(self, *keys: str) -> list:
        """The tokens of these stamp keys: from memory while listening, else from Redis."""
        if not self.live:
            return list(self.store.get_many(*keys))
        with self.lock:
            found = [self.tokens.get(key) for key in keys]
        missing = [key for key, value in zip(keys, found) if value is None]
        if missing:
            read = dict(zip(missing, self.store.get_many(*missing)))
            with self.lock:
                if self.live:
                    for key, value in read.items():
                        if value is not None:
                            self.tokens.setdefault(key, value)
            found = [value if value is not None else read.get(key) for key, value in zip(keys, found)]
        return found

    def published(self, key: str, token: str) -> None:
        """After ``set``: tell every listener (this process's included)."""
        self.store._write_client.publish(self.channel, f"{key}\n{token}")


def _text(data) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
