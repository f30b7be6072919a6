"""Draft and release: the public sees only the latest release; versions by URL; the changelog."""
from __future__ import annotations

import re

from organizer import create_app
from organizer.agenda import services
from organizer.agenda.models import Session, SessionPerson
from organizer.convenings.models import Convening
from organizer.extensions import db

from .conftest import local, tt

PUBLIC = "/en/convenings/la-2013/agenda"


def _edit(app, sid, **values):
    with app.app_context():
        s = db.session.get(Session, sid)
        for key, value in values.items():
            setattr(s, key, value)
        db.session.commit()


def test_public_sees_only_released_versions(client, app, world, add_session, do_release):
    assert "has not been published" in client.get(f"{PUBLIC}/").get_data(as_text=True)
    sid = add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    assert "Political context" not in client.get(f"{PUBLIC}/").get_data(as_text=True)
    do_release("v1")
    assert "Political context" in client.get(f"{PUBLIC}/").get_data(as_text=True)
    # A draft edit stays private until the next release.
    _edit(app, sid, title=tt("Changed in the draft"))
    add_session("Draft only", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
    page = client.get(f"{PUBLIC}/").get_data(as_text=True)
    assert "Political context" in page and "Changed in the draft" not in page and "Draft only" not in page
    with app.app_context():
        guid = db.session.get(Session, sid).guid
        draft_guid = db.session.scalars(db.select(Session.guid).where(Session.id != sid)).one()
    assert client.get(f"{PUBLIC}/sessions/{draft_guid}/").status_code == 404
    do_release("v2")
    assert "Changed in the draft" in client.get(f"{PUBLIC}/sessions/{guid}/").get_data(as_text=True)
    # The older version stays reachable by URL, saying it is older.
    old = client.get(f"{PUBLIC}/v/1/").get_data(as_text=True)
    assert "Political context" in old and "older version" in old and "Draft only" not in old
    assert "Political context" in client.get(f"{PUBLIC}/v/1/sessions/{guid}/").get_data(as_text=True)
    assert client.get(f"{PUBLIC}/v/9/").status_code == 404


def test_changelog_across_three_releases(client, app, world, add_session, do_release):
    a = add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                    people=[(world.ana, world.fat, "speaker")])
    b = add_session("Networks", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), room=world.hall)
    c = add_session("Teachers", start=local(2013, 12, 3, 9), end=local(2013, 12, 3, 10), room=world.room_b)
    do_release("v1")
    # v2: A moves in time, B is retitled, C is removed, D is added.
    _edit(app, a, start=local(2013, 12, 2, 14), end=local(2013, 12, 2, 15))
    _edit(app, b, title=tt("Trinational networks", "Redes trinacionales"))
    with app.app_context():
        db.session.delete(db.session.get(Session, c))
        db.session.commit()
    d = add_session("Plans", day=__import__("datetime").date(2013, 12, 3))
    do_release("v2")
    # v3: A changes room, D's speakers change.
    _edit(app, a, room_id=world.room_b)
    with app.app_context():
        db.session.add(SessionPerson(session_id=d, person_id=world.bob, role="speaker"))
        db.session.commit()
    do_release("v3")

    with app.test_request_context("/en/"):
        history = services.history(db.session.get(Convening, world.convening))
        summary = [(r.number, sorted((c.kind, c.title["en"]) for c in changes)) for r, changes in history]
    assert summary == [
        (3, [("room", "Political context"), ("speakers", "Plans")]),
        (2, [("added", "Plans"), ("moved", "Political context"), ("removed", "Teachers"),
             ("retitled", "Trinational networks")]),
        (1, [("added", "Networks"), ("added", "Political context"), ("added", "Teachers")]),
    ]
    page = client.get(f"{PUBLIC}/changes/").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Room changed Political context : from Main hall to Room B" in text
    assert "Speakers changed Plans : joining: Bob Smith" in text
    assert "Moved Political context : from Monday, December 2, 2013, 9:00" in text
    assert "“Networks” is now “Trinational networks”" in text
    assert "Removed Teachers" in text
    assert "First version: 3 sessions." in text
    es = client.get(PUBLIC.replace("/en/", "/es/") + "/changes/").get_data(as_text=True)
    assert "Redes trinacionales" in es


def test_a_new_release_shows_at_once_in_every_process(client, app, world, add_session, do_release, database_url,
                                                      tmp_path, backend):
    """Two app instances (two worker processes of one host) share the database and the cache
    directory under instance/: a release made through one shows at once in the other."""
    from ..conftest import base_config

    add_session("First session", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    import os

    shared = os.path.join(app.instance_path, "cache")
    other = create_app({**base_config(tmp_path / "other", database_url), "CACHE_DIR": shared})
    other_client = other.test_client()
    for c in (client, other_client):
        assert "First session" in c.get(f"{PUBLIC}/").get_data(as_text=True)
        assert "First session" in c.get(f"{PUBLIC}/").get_data(as_text=True)  # from the cache
    from organizer.platform import http_cache
    assert http_cache.stats(app).hits >= 1 and http_cache.stats(other).hits >= 1
    add_session("Second session", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
    do_release("v2")
    for c in (client, other_client):
        assert "Second session" in c.get(f"{PUBLIC}/").get_data(as_text=True)
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_releasing_through_the_editor(client, app, world, login_as, add_session):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    login_as(world.organizer)
    response = client.post(f"{PUBLIC}/manage/release", data={"name-en": "", "name-es": "", "note-en": "kept note"})
    assert response.status_code == 200 and "kept note" in response.get_data(as_text=True)
    response = client.post(f"{PUBLIC}/manage/release", data={
        "name-en": "First draft", "name-es": "Primer borrador",
        "note-en": "For delegations to review.", "note-es": "Para que las delegaciones lo revisen."})
    assert response.status_code == 302
    changes = client.get("/es/convenings/la-2013/agenda/changes/").get_data(as_text=True)
    assert "Primer borrador" in changes and "Para que las delegaciones lo revisen." in changes


def test_a_new_release_shows_at_once_in_other_worker_processes(client, app, world, add_session, do_release,
                                                               database_url, tmp_path):
    """Two real OS processes share the database and the cache directory (one host)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from ..conftest import base_config

    add_session("First session", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    root = Path(__file__).resolve().parents[2]
    workers = []
    for n in range(2):
        config = {**base_config(tmp_path / f"worker{n}", database_url),
                  "CACHE_DIR": os.path.join(app.instance_path, "cache")}
        workers.append(subprocess.Popen(
            [sys.executable, "-m", "tests.agenda.worker_process", json.dumps(config)], cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    try:
        for w in workers:
            assert w.stdout.readline().strip() == "ready"

        def ask(w, marker):
            w.stdin.write(f"{PUBLIC}/\t{marker}\n")
            w.stdin.flush()
            return json.loads(w.stdout.readline())

        for w in workers:
            assert ask(w, "First session")["found"]
            again = ask(w, "First session")
            assert again["found"] and again["hits"] >= 1  # served from the shared cache
        add_session("Second session", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
        do_release("v2")
        for w in workers:
            assert ask(w, "Second session")["found"]
    finally:
        for w in workers:
            w.stdin.close()
            w.wait(timeout=20)
            w.stdout.close()


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_changelog_shows_interpretation_languages_description_and_track(client, app, world, login_as,
                                                                         add_session, do_release):
    """Issue 15 item 1: every field a participant relies on is compared and shown, in the reader's
    language, publicly and in the organizer's pre-release list."""
    a = add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall)
    _edit(app, a, languages=["en"], interpretation_mode="simultaneous", interpretation_into=["es"],
          interpretation_channel="2", description=tt("Old description", "Descripción vieja"))
    do_release("v1")
    _edit(app, a, languages=["es"], interpretation_mode="consecutive", interpretation_into=["en", "fr"],
          interpretation_channel="5", description=tt("New description", "Descripción nueva"),
          track_id=world.track)
    login_as(world.organizer)
    manage = _text(client.get(f"{PUBLIC}/manage/").get_data(as_text=True))
    assert "no session changes" not in manage
    assert "Spoken languages changed" in manage and "Interpretation changed" in manage
    assert "Description changed" in manage and "Track changed" in manage
    do_release("v2")
    with app.test_request_context("/en/"):
        history = services.history(db.session.get(Convening, world.convening))
    kinds = sorted(c.kind for c in history[0][1])
    assert kinds == ["description", "interpretation", "languages", "track"]
    text = _text(client.get(f"{PUBLIC}/changes/").get_data(as_text=True))
    assert "No session changed" not in text
    assert "Spoken languages changed Political context : from English to Spanish" in text
    assert ("Interpretation changed Political context : from Simultaneous into Spanish, channel 2 "
            "to Consecutive into English and French, channel 5") in text
    assert "Description changed Political context" in text and "New description" in text
    assert "Track changed Political context : from no track to Mining" in text
    es = _text(client.get(PUBLIC.replace("/en/", "/es/") + "/changes/").get_data(as_text=True))
    assert "Minería" in es and "Descripción nueva" in es and "español" in es.lower()
