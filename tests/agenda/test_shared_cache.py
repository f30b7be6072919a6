"""Issue 18: public pages and exports from one shared cache, with conditional requests; the
convening page reads stored counts; rendering ahead after a release."""
from __future__ import annotations

from organizer.extensions import db
from organizer.platform import http_cache

from ..conftest import PASSWORD
from .conftest import local
from .test_queries import build

AGENDA = "/en/convenings/la-2013/agenda/"
EXPORTS = ["agenda.ics", "agenda.json", "schedule.xml"]


def _released(add_session, do_release):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")


def test_every_public_answer_has_validators_and_a_304_reads_nothing(app, world, add_session, do_release,
                                                                    count_queries):
    _released(add_session, do_release)
    client = app.test_client()
    for path, max_age in [(AGENDA, 60), (AGENDA + "agenda.ics", 3600), (AGENDA + "agenda.json", 60),
                          (AGENDA + "schedule.xml", 60), ("/es/convenings/la-2013/", 60)]:
        first = client.get(path)
        assert first.status_code == 200, path
        etag = first.headers["ETag"]
        assert etag.startswith('"') and not etag.startswith('W/'), path  # strong
        assert first.headers["Last-Modified"] and first.headers["Cache-Control"] == f"public, max-age={max_age}"
        renders = http_cache.stats(app).renders
        with count_queries() as queries:
            again = client.get(path + "?utm_source=newsletter", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.headers["ETag"] == etag and not again.data
        assert len(queries) == 0 and http_cache.stats(app).renders == renders  # nothing rendered, nothing read
        with count_queries() as queries:
            hit = client.get(path + "?fbclid=IwAR0x")
        assert hit.status_code == 200 and hit.data == first.data and len(queries) == 0
        assert http_cache.stats(app).renders == renders


def test_a_release_renews_the_validators_at_once(app, world, add_session, do_release):
    _released(add_session, do_release)
    client = app.test_client()
    etags = {name: client.get(AGENDA + name).headers["ETag"] for name in ["", *EXPORTS]}
    add_session("Second session", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
    do_release("v2")
    for name, etag in etags.items():
        response = client.get(AGENDA + name, headers={"If-None-Match": etag})
        assert response.status_code == 200 and response.headers["ETag"] != etag
        assert b"Second session" in response.data


def test_signed_in_pages_are_private(app, client, world, add_session, do_release):
    _released(add_session, do_release)
    client.post("/en/account/login", data={"email": "visitor@example.org", "password": PASSWORD})
    for path in (AGENDA, "/en/convenings/la-2013/"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
        assert "ETag" not in response.headers


def test_after_a_release_the_first_visitor_finds_every_language_cached(app, world, add_session, do_release):
    app.config["RENDER_AHEAD"] = "thread"
    _released(add_session, do_release)
    http_cache.wait_render_ahead()
    warmed = set(http_cache.stats(app).warmed)
    for lang in app.config["LANGUAGES"]:
        assert f"/{lang}/convenings/la-2013/agenda/" in warmed
        assert f"/{lang}/convenings/la-2013/agenda/agenda.ics" in warmed
        assert f"/{lang}/convenings/la-2013/" in warmed
    renders = http_cache.stats(app).renders
    for lang in app.config["LANGUAGES"]:
        for path in (f"/{lang}/convenings/la-2013/agenda/", f"/{lang}/convenings/la-2013/agenda/schedule.xml",
                     f"/{lang}/convenings/la-2013/"):
            assert app.test_client().get(path).status_code == 200
    assert http_cache.stats(app).renders == renders  # no visitor paid a render


def test_render_ahead_command_warms_every_public_page(app, world, add_session, do_release):
    _released(add_session, do_release)
    with app.app_context():
        http_cache.backend(app).clear()
    result = app.test_cli_runner().invoke(args=["organizer", "render-ahead"])
    assert result.exit_code == 0, result.output
    renders = http_cache.stats(app).renders
    assert app.test_client().get("/fr/convenings/la-2013/agenda/agenda.json").status_code == 200
    assert http_cache.stats(app).renders == renders


def test_convening_page_reads_stored_counts(app, world, count_queries):
    counts = []
    for n in (3, 300):
        with app.app_context():
            from organizer.agenda.models import Release, Session

            db.session.execute(db.delete(Session))
            db.session.execute(db.delete(Release))
            db.session.commit()
        build(app, world, n, 20, prefix=f"n{n}")
        with count_queries() as queries:
            response = app.test_client().get("/en/convenings/la-2013/")
        assert response.status_code == 200
        assert f"{n} sessions" in response.get_data(as_text=True)
        assert not any("snapshot" in q for q in queries)  # the agenda is never read
        counts.append(len(queries))
    assert counts[0] == counts[1]
