"""The shared cache's backends (issue 18): files under instance/cache by default, bounded; Redis
when CACHE_URL is set; an unreachable Redis costs renders, never an error page."""
from __future__ import annotations

import os

import pytest
from cachelib import FileSystemCache, RedisCache

from organizer import create_app
from organizer.platform import http_cache

from .agenda.test_two_hosts import REDIS_URL, redis_available
from .conftest import base_config


@pytest.mark.backends("sqlite")
def test_files_under_the_instance_folder_by_default(app, backend):
    with app.app_context():
        store = http_cache.backend(app)
        assert isinstance(store, FileSystemCache)
        assert store._threshold == app.config["CACHE_THRESHOLD"] > 0
    assert os.path.isdir(os.path.join(app.instance_path, "cache"))


@pytest.mark.backends("sqlite")
def test_redis_when_configured_and_a_dead_redis_is_only_slower(database_url, tmp_path, backend):
    if redis_available():
        live = create_app({**base_config(tmp_path / "live", database_url), "CACHE_URL": REDIS_URL,
                           "CACHE_KEY_PREFIX": f"test-{os.getpid()}-{id(tmp_path)}:"})
        with live.app_context():
            assert isinstance(http_cache.backend(live), RedisCache)
            assert http_cache.versions(["convening:x"]) == http_cache.versions(["convening:x"])
    dead = create_app({**base_config(tmp_path / "dead", database_url), "CACHE_URL": "redis://127.0.0.1:9/0"})
    client = dead.test_client()
    for _ in range(2):
        assert client.get("/en/convenings/").status_code == 200
        assert client.get("/en/convenings/nothing-here/agenda/agenda.ics").status_code == 404
    assert http_cache.stats(dead).errors >= 2
