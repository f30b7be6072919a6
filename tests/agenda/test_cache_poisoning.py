"""The cached public agenda cannot be poisoned (issue 11, item 6): cached bodies hold links built
from PUBLIC_BASE_URL only, unknown Host values are refused, and only the agenda's own filters make
a different cache entry (random query parameters neither force fresh renders nor get stored)."""
from __future__ import annotations

from organizer.platform import http_cache

from .conftest import local

PUBLIC = "/en/convenings/la-2013/agenda/"


def test_a_forged_host_and_random_parameters_change_nothing_for_others(app, world, add_session, do_release):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    attacker = app.test_client()
    for _ in range(12):
        assert attacker.get(PUBLIC, headers={"Host": "evil.example"}).status_code == 400
    # a host we do answer to (127.0.0.1 in testing) still gets, and stores, the public address
    first = attacker.get(f"{PUBLIC}?utm_source=mail&fbclid=abc", headers={"Host": "127.0.0.1:5000"})
    aliased = first.get_data(as_text=True)
    assert "webcal://localhost/en/convenings/la-2013/agenda/" in aliased and "127.0.0.1" not in aliased
    assert "utm_source" not in aliased and "fbclid" not in aliased  # not even in the language links
    renders = http_cache.stats(app).renders
    for n in range(12):
        response = attacker.get(f"{PUBLIC}?x={n}&utm_source=u{n}&fbclid={n}")
        assert response.status_code == 200 and response.headers["ETag"] == first.headers["ETag"]
    assert http_cache.stats(app).renders == renders  # the same entry: no fresh render for ?x=
    # only the agenda's own filters (their first value) make another page
    assert attacker.get(f"{PUBLIC}?track=zz&x=1&track=yy").headers["ETag"] == \
        attacker.get(f"{PUBLIC}?track=zz").headers["ETag"] != first.headers["ETag"]
    page = app.test_client().get(PUBLIC).get_data(as_text=True)
    assert "Political context" in page and "webcal://localhost/" in page
    assert "evil.example" not in page and "127.0.0.1" not in page and "?x=" not in page and "&amp;x=" not in page
    assert "fbclid" not in page
