"""Past agendas seeded through the "seed_convening" hook, with the real SeedContext."""
from __future__ import annotations

import copy

import pytest

from organizer.agenda.models import Release, Session, Track
from organizer.agenda.seeding import seed_sessions, seeded_guid
from organizer.convenings.models import Convening
from organizer.convenings.seeding import SeedContext, SeedError
from organizer.extensions import db


def seed_context():
    """The real seeding context, as `flask organizer seed` gives it to the loader."""
    return SeedContext("convenings/la-2013.yaml")

DATA = {
    "slug": "la-2013",
    "sessions": [
        {"key": "political-context", "title": {"en": "Political context", "es": "Contexto político"},
         "description": {"en": "The setting.", "es": "El contexto."}, "kind": "panel", "day": "2013-12-02",
         "languages": ["en", "es"],
         "speakers": [{"person": "ana-lopez", "organization": "fat", "role": "speaker"},
                      {"person": "bob-smith", "organization": None, "role": "moderator"}]},
        {"key": "mining-forum", "title": {"en": "Mining forum", "es": "Foro de minería"}, "kind": "forum",
         "day": None, "track": {"en": "Mining", "es": "Minería"}, "languages": ["es"], "speakers": []},
        {"key": "conclusions", "title": {"en": "Conclusions", "es": "Conclusiones"}, "kind": "plenary",
         "day": None, "languages": ["en", "es"]},
    ],
}


def _seed(app, world, data=DATA, ctx=None):
    ctx = ctx or seed_context()
    with app.test_request_context("/en/"):
        convening = db.session.get(Convening, world.convening)
        seed_sessions(ctx, convening, copy.deepcopy(data))
        db.session.commit()
    return ctx


def test_seeds_sessions_and_releases_them_as_the_archive(app, client, world):
    ctx = _seed(app, world)
    assert ctx.stats["sessions created"] == 3 and ctx.stats["agenda releases created"] == 1
    with app.app_context():
        sessions = {s.key: s for s in db.session.scalars(db.select(Session))}
        assert sessions["political-context"].precision == "day" and sessions["political-context"].start is None
        assert sessions["conclusions"].precision == "convening" and sessions["conclusions"].day is None
        assert sessions["political-context"].guid == seeded_guid("la-2013", "political-context")
        assert db.session.scalars(db.select(Track.key)).all() == ["mining"]
        [release] = db.session.scalars(db.select(Release)).all()
        assert release.name["es"] == "Archivo" and release.origin == "seed"
    en = client.get("/en/convenings/la-2013/agenda/").get_data(as_text=True)
    assert "December 2–3, 2013, time not recorded" in en
    assert "Political context" in en and "Ana López" in en and "Time not recorded" in en
    es = client.get("/es/convenings/la-2013/agenda/").get_data(as_text=True)
    assert "2–3 de diciembre de 2013, hora no registrada" in es and "Contexto político" in es
    guid = seeded_guid("la-2013", "political-context")
    page = client.get(f"/en/convenings/la-2013/agenda/sessions/{guid}/").get_data(as_text=True)
    assert "December 2, 2013, time not recorded" in page and "for Authentic Labor Front" in page
    page_es = client.get(f"/es/convenings/la-2013/agenda/sessions/{guid}/").get_data(as_text=True)
    assert "2 de diciembre de 2013, hora no registrada" in page_es and "por Frente Auténtico del Trabajo" in page_es


def test_a_second_run_changes_nothing_and_an_edit_updates(app, world):
    _seed(app, world)
    again = _seed(app, world)
    assert sum(again.stats.values()) == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Release)) == 1
    edited = copy.deepcopy(DATA)
    edited["sessions"][0]["title"] = {"en": "The political context", "es": "El contexto político"}
    ctx = _seed(app, world, edited)
    assert ctx.stats["sessions updated"] == 1 and ctx.stats["agenda releases updated"] == 1
    with app.app_context():
        [release] = db.session.scalars(db.select(Release)).all()
        titles = [s["title"]["en"] for s in release.snapshot["sessions"]]
        assert "The political context" in titles


def test_app_made_sessions_are_never_touched(app, world, add_session):
    sid = add_session("Made in the app")
    with app.app_context():
        db.session.get(Session, sid).key = "conclusions"
        db.session.commit()
    _seed(app, world)
    with app.app_context():
        assert db.session.get(Session, sid).title["en"] == "Made in the app"
        assert db.session.get(Session, sid).origin == "app"


@pytest.mark.parametrize("change, field", [
    ({"kind": "party"}, "kind"),
    ({"day": "2013-12"}, "day"),
    ({"title": {"en": "Only English"}}, "title"),
    ({"speakers": [{"person": "nobody"}]}, "speakers.person"),
    ({"languages": ["xx"]}, "languages"),
    ({"key": ""}, "key"),
])
def test_invalid_sessions_name_the_field(app, world, change, field):
    data = copy.deepcopy(DATA)
    data["sessions"][0].update(change)
    with pytest.raises(SeedError) as error:
        _seed(app, world, data)
    assert error.value.field == field or error.value.field.startswith((field + ".", field + "["))  # the real context may name the language or item
