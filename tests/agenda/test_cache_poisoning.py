"""The cached public agenda cannot be poisoned (issue 11, item 6): cached bodies hold links built
from PUBLIC_BASE_URL only, unknown Host values are refused, and only the agenda's own filters make
a different cache entry (random query parameters neither force fresh renders nor get stored)."""
from __future__ import annotations

from organizer.agenda import cache

from .conftest import local

PUBLIC = "/en/convenings/la-2013/agenda/"


def stored_bodies(app) -> list[str]:
    return [value.decode() for value in cache.get(app)._data.values()]


def test_a_forged_host_and_random_parameters_change_nothing_for_others(app, world, add_session, do_release):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    attacker = app.test_client()
    for _ in range(12):
        assert attacker.get(PUBLIC, headers={"Host": "evil.example"}).status_code == 400
    # a host we do answer to (127.0.0.1 in testing) still gets, and stores, the public address
    aliased = attacker.get(PUBLIC, headers={"Host": "127.0.0.1:5000"}).get_data(as_text=True)
    assert "webcal://localhost/en/convenings/la-2013/agenda/" in aliased and "127.0.0.1" not in aliased
    renders = cache.get(app).misses
    for n in range(12):
        response = attacker.get(f"{PUBLIC}?x={n}")
        assert response.status_code == 302 and response.headers["Location"] == PUBLIC
    assert cache.get(app).misses == renders  # no fresh render for ?x=
    response = attacker.get(f"{PUBLIC}?track=zz&x=1&track=yy")
    assert response.headers["Location"] == f"{PUBLIC}?track=zz"
    page = app.test_client().get(PUBLIC).get_data(as_text=True)
    assert "Political context" in page and "webcal://localhost/" in page
    for body in stored_bodies(app) + [page]:
        assert "evil.example" not in body and "127.0.0.1" not in body and "?x=" not in body and "&amp;x=" not in body
    assert len(stored_bodies(app)) == 1
