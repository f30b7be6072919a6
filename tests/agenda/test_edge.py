"""Issue 18: the edge answers a plain anonymous request for a fresh public answer before Flask (no
request context, no hook, no query), with exactly the response Flask sent; anything it cannot tell
goes to Flask."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from flask import request_started

from organizer.extensions import db
from organizer.platform import http_cache

from ..conftest import PASSWORD
from .conftest import local

AGENDA = "/en/convenings/la-2013/agenda/"


@contextmanager
def flask_requests(app):
    """How many requests reached Flask inside the block."""
    seen: list = []

    def started(sender, **_extra):
        seen.append(1)

    request_started.connect(started, app)
    try:
        yield seen
    finally:
        request_started.disconnect(started, app)


def _released(add_session, do_release, title="Political context"):
    add_session(title, start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")


def _headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k not in ("Set-Cookie", "Date")}


def test_a_second_visitor_gets_flasks_whole_response_without_flask(app, world, add_session, do_release,
                                                                   count_queries):
    _released(add_session, do_release)
    for path in (AGENDA, AGENDA + "agenda.ics", AGENDA + "agenda.json", AGENDA + "schedule.xml",
                 "/es/convenings/la-2013/"):
        first = app.test_client().get(path)
        assert first.status_code == 200
        with flask_requests(app) as seen, count_queries() as queries:
            again = app.test_client().get(path)
            with_query = app.test_client().get(path + "?utm_source=x&fbclid=y")
        assert not seen and len(queries) == 0, path
        for response in (again, with_query):
            assert response.status_code == 200 and response.data == first.data
            assert _headers(response) == _headers(first)  # security headers, Vary, ETag, Cache-Control...


def test_the_language_cookie_is_set_as_flask_sets_it(app, world, add_session, do_release):
    _released(add_session, do_release)
    app.test_client().get("/es/convenings/la-2013/agenda/")
    client = app.test_client()
    with flask_requests(app) as seen:
        first = client.get("/es/convenings/la-2013/agenda/")
        second = client.get("/es/convenings/la-2013/agenda/")
    assert not seen
    assert "organizer_lang=es" in first.headers["Set-Cookie"] and "HttpOnly" in first.headers["Set-Cookie"]
    assert "Set-Cookie" not in second.headers  # the browser has it now


def test_304_and_head_at_the_edge(app, world, add_session, do_release):
    _released(add_session, do_release)
    first = app.test_client().get(AGENDA)
    with flask_requests(app) as seen:
        not_modified = app.test_client().get(AGENDA, headers={"If-None-Match": first.headers["ETag"]})
        head = app.test_client().head(AGENDA)
    assert not seen
    assert not_modified.status_code == 304 and not not_modified.data
    assert not_modified.headers["ETag"] == first.headers["ETag"] and "Content-Length" not in not_modified.headers
    assert head.status_code == 200 and not head.data
    assert head.headers["Content-Length"] == str(len(first.data))


def test_a_new_release_is_seen_at_once(app, world, add_session, do_release):
    _released(add_session, do_release)
    client = app.test_client()
    client.get(AGENDA)
    add_session("Second session", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
    do_release("v2")
    with flask_requests(app) as seen:
        fresh = app.test_client().get(AGENDA)
        again = app.test_client().get(AGENDA)
    assert len(seen) == 1  # the stale copy was not served: Flask rendered, the edge kept it
    assert b"Second session" in fresh.data and again.data == fresh.data


def test_parameters_the_page_varies_on_are_different_answers(app, world, add_session, do_release):
    _released(add_session, do_release)
    add_session("Other room", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
    do_release("v2")
    app.test_client().get(AGENDA + "?track=none-such")
    plain = app.test_client().get(AGENDA)
    with flask_requests(app) as seen:
        filtered = app.test_client().get(AGENDA + "?track=none-such&utm_source=x")
        again = app.test_client().get(AGENDA + "?utm_source=x")
    assert not seen
    assert filtered.data != plain.data and again.data == plain.data


def test_embed_colors_are_passed_to_flask_and_set_no_cookie(app, world, add_session, do_release):
    _released(add_session, do_release)
    app.test_client().get(AGENDA + "embed")
    with flask_requests(app) as seen:
        plain = app.test_client().get(AGENDA + "embed")
        colored = app.test_client().get(AGENDA + "embed?accent=aa0000")
    assert len(seen) == 1  # only the colored one
    assert "Set-Cookie" not in plain.headers
    assert colored.data != plain.data


def test_sessions_posts_and_hostile_addresses_go_to_flask(app, client, world, add_session, do_release):
    _released(add_session, do_release)
    app.test_client().get(AGENDA)
    client.post("/en/account/login", data={"email": "visitor@example.org", "password": PASSWORD})
    with flask_requests(app) as seen:
        signed_in = client.get(AGENDA)
        bad = app.test_client().get(AGENDA + "?utm_source=%00")
        posted = app.test_client().post(AGENDA)
        other_host = app.test_client().get(AGENDA, headers={"Host": "evil.example"})
    assert len(seen) == 4 and other_host.status_code == 400
    assert signed_in.headers["Cache-Control"] == "private, no-store"
    assert bad.status_code == 400 and posted.status_code in (400, 405)


def test_a_renewed_stamp_or_a_failing_store_means_flask(app, world, add_session, do_release, monkeypatch):
    _released(add_session, do_release)
    app.test_client().get(AGENDA)
    with app.app_context():
        http_cache.renew(["convening:la-2013"])
    with flask_requests(app) as seen:
        assert app.test_client().get(AGENDA).status_code == 200
    assert len(seen) == 1

    def broken(*_args, **_kwargs):
        raise ConnectionError("store down")

    with app.app_context():
        store = http_cache.backend(app)
    monkeypatch.setattr(store, "get", broken)
    monkeypatch.setattr(store, "get_many", broken)
    with flask_requests(app) as seen:
        response = app.test_client().get(AGENDA)
    assert response.status_code == 200 and b"Political context" in response.data and len(seen) == 1


def test_new_code_never_serves_what_the_old_code_rendered(app, world, add_session, do_release, database_url,
                                                          tmp_path):
    from organizer import create_app

    from ..conftest import base_config

    _released(add_session, do_release)
    assert app.test_client().get(AGENDA).status_code == 200
    upgraded = create_app({**base_config(tmp_path, database_url), "INSTANCE_PATH": app.instance_path,
                           "CACHE_CODE_VERSION": "next-release"})  # the same cache folder, newer code
    try:
        with flask_requests(upgraded) as seen:
            response = upgraded.test_client().get(AGENDA)
    finally:
        with upgraded.app_context():
            db.engine.dispose()
    assert len(seen) == 1 and response.status_code == 200
    assert response.headers["ETag"] != app.test_client().get(AGENDA).headers["ETag"]


def test_a_worker_keeps_only_so_many_bodies_in_memory(app):
    from organizer.platform.edge import Edge

    edge = Edge(app, app.wsgi_app)
    edge.bodies = type(edge.bodies)(maxsize=1000, getsizeof=len)

    class Store(dict):
        get = dict.get

    store = Store({f"b{i}": bytes(200) for i in range(10)} | {"big": bytes(400)})
    for i in range(10):
        assert edge._body(store, f"b{i}") == bytes(200)
    assert edge.bodies.currsize <= 1000 and "b9" in edge.bodies and "b0" not in edge.bodies
    assert edge._body(store, "big") == bytes(400) and "big" not in edge.bodies  # over a quarter: not kept


@pytest.mark.backends("sqlite")
def test_with_redis_a_worker_reads_stamps_from_memory_and_sees_a_renewal_at_once(app, world, add_session,
                                                                                 do_release, database_url,
                                                                                 tmp_path, monkeypatch):
    import time
    import uuid

    from organizer import create_app

    from ..conftest import base_config
    from .test_two_hosts import REDIS_URL, redis_available

    if not redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    _released(add_session, do_release)
    prefix = f"test-{uuid.uuid4().hex}:"
    hosts = [create_app({**base_config(tmp_path / name, database_url), "CACHE_URL": REDIS_URL,
                         "CACHE_KEY_PREFIX": prefix}) for name in ("a", "b")]
    a, b = hosts
    try:
        feed = http_cache.feed(b)
        assert b.test_client().get(AGENDA).status_code == 200
        deadline = time.monotonic() + 10
        while not feed.live and time.monotonic() < deadline:
            time.sleep(0.05)
        assert feed.live
        b.test_client().get(AGENDA)  # kept in memory now
        reads = []
        store = http_cache.backend(b)
        for name in ("get", "get_many"):
            original = getattr(store, name)
            monkeypatch.setattr(store, name, lambda *args, _o=original, **kw: reads.append(args) or _o(*args, **kw))
        with flask_requests(b) as seen:
            hit = b.test_client().get(AGENDA)
        assert hit.status_code == 200 and not seen and not reads  # no round trip to Redis at all

        before = feed.tokens.get("v:convening:la-2013")
        with a.app_context():
            http_cache.renew(["convening:la-2013"])  # host A's commit
        deadline = time.monotonic() + 5  # the message arrives within milliseconds
        while feed.tokens.get("v:convening:la-2013") == before and time.monotonic() < deadline:
            time.sleep(0.001)
        with flask_requests(b) as seen:
            fresh = b.test_client().get(AGENDA)
        assert len(seen) == 1 and fresh.headers["ETag"] != hit.headers["ETag"]  # rendered against the new stamp

        feed.live = False  # the listener lost Redis: every read goes to Redis again
        assert b.test_client().get(AGENDA).headers["ETag"] == fresh.headers["ETag"] and reads
    finally:
        for host in hosts:
            with host.app_context():
                db.engine.dispose()
