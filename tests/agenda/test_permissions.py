"""Only a convening's organizers (and site admins) edit its agenda; the public reads released ones."""
from __future__ import annotations

import pytest

from organizer.agenda.models import Room, Session, Track
from organizer.extensions import db

from .conftest import local, session_form

M = "/en/convenings/la-2013/agenda/manage"


@pytest.fixture
def objects(app, world, add_session, do_release):
    sid = add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release()
    return {"sid": sid, "room": world.hall, "track": world.track}


def _routes(o):
    return [
        ("GET", f"{M}/", None),
        ("GET", f"{M}/day/2013-12-02/", None),
        ("GET", f"{M}/sessions/new", None),
        ("POST", f"{M}/sessions/new", session_form()),
        ("GET", f"{M}/sessions/{o['sid']}/edit", None),
        ("POST", f"{M}/sessions/{o['sid']}/edit", session_form()),
        ("POST", f"{M}/sessions/{o['sid']}/duplicate", {}),
        ("GET", f"{M}/sessions/{o['sid']}/move", None),
        ("POST", f"{M}/sessions/{o['sid']}/move", {"start": "2013-12-02T12:00", "room": "0"}),
        ("GET", f"{M}/sessions/{o['sid']}/delete", None),
        ("POST", f"{M}/sessions/{o['sid']}/delete", {}),
        ("GET", f"{M}/rooms/", None),
        ("GET", f"{M}/rooms/new", None),
        ("POST", f"{M}/rooms/new", {"name-en": "X", "name-es": "X"}),
        ("GET", f"{M}/rooms/{o['room']}/edit", None),
        ("POST", f"{M}/rooms/{o['room']}/delete", {}),
        ("GET", f"{M}/tracks/", None),
        ("POST", f"{M}/tracks/", {"name-en": "X", "name-es": "X"}),
        ("GET", f"{M}/tracks/{o['track']}/edit", None),
        ("POST", f"{M}/tracks/{o['track']}/delete", {}),
        ("POST", f"{M}/release", {"name-en": "X", "name-es": "X", "despite_warnings": "y"}),
    ]


def _state(app):
    with app.app_context():
        return (db.session.scalar(db.select(db.func.count()).select_from(Session)),
                db.session.scalar(db.select(db.func.count()).select_from(Room)),
                db.session.scalar(db.select(db.func.count()).select_from(Track)))


def test_anonymous_is_sent_to_log_in(client, app, world, objects):
    before = _state(app)
    for method, url, data in _routes(objects):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    assert _state(app) == before


@pytest.mark.parametrize("who", ["other", "visitor"])
def test_other_users_are_refused(client, app, world, objects, login_as, who):
    login_as(getattr(world, who))
    before = _state(app)
    for method, url, data in _routes(objects):
        assert client.open(url, method=method, data=data).status_code == 403, url
    assert _state(app) == before


@pytest.mark.parametrize("who", ["organizer", "admin"])
def test_organizers_and_admins_may(client, app, world, objects, login_as, who):
    login_as(getattr(world, who))
    for method, url, data in _routes(objects)[:10]:
        assert client.open(url, method=method, data=data).status_code in (200, 302), url


def test_unknown_convening_or_session_is_404(client, world, objects, login_as):
    login_as(world.organizer)
    assert client.get("/en/convenings/nope/agenda/manage/").status_code == 404
    assert client.get(f"{M}/sessions/99999/edit").status_code == 404
    assert client.get(f"{M}/day/not-a-day/").status_code == 404
    # a session of another convening is not reachable through this one
    assert client.get("/en/convenings/mx-2014/agenda/manage/").status_code == 403


def test_draft_convening_agenda_is_hidden_from_the_public(client, app, world, add_session, do_release, login_as):
    add_session("Secret session", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), convening=world.draft_convening)
    do_release(convening=world.draft_convening)
    public_urls = ["/en/convenings/secret/agenda/", "/en/convenings/secret/agenda/changes/",
                   "/en/convenings/secret/agenda/print/", "/en/convenings/secret/agenda/agenda.ics",
                   "/en/convenings/secret/agenda/agenda.json", "/en/convenings/secret/agenda/schedule.xml",
                   "/en/convenings/secret/agenda/v/1/"]
    for url in public_urls:
        assert client.get(url).status_code == 404, url
    login_as(world.other)
    for url in public_urls:
        assert client.get(url).status_code == 404, url
    client.post("/en/account/logout")
    login_as(world.organizer)
    assert "Secret session" in client.get(public_urls[0]).get_data(as_text=True)


def test_public_pages_of_a_public_convening(client, world, objects, app):
    with app.app_context():
        guid = db.session.get(Session, objects["sid"]).guid
    for url in ["/", "/v/1/", "/changes/", "/print/", f"/sessions/{guid}/", "/agenda.ics", "/agenda.json",
                "/schedule.xml", f"/sessions/{guid}.ics"]:
        for lang in ("en", "es"):
            assert client.get(f"/{lang}/convenings/la-2013/agenda{url}").status_code == 200, url
