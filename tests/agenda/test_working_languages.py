"""Issue 17, item 3: the agenda's interpretation warnings expect the convening's working languages."""
from __future__ import annotations

from organizer.agenda import services
from organizer.convenings.models import Convening
from organizer.extensions import db

from .conftest import local


def _warnings(app, world):
    with app.test_request_context("/en/"):
        return [(w.kind, w.message) for w in services.check(db.session.get(Convening, world.convening))]


def _work_in(app, world, langs):
    with app.app_context():
        db.session.get(Convening, world.convening).working_languages = langs
        db.session.commit()


def test_a_session_not_interpreted_into_a_working_language_warns(app, world, add_session):
    add_session("Bilingual", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), languages=["en", "es"])
    add_session("Interpreted", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), languages=["en"],
                interpretation=("simultaneous", ["es", "fr"]))
    add_session("Lunch", start=local(2013, 12, 2, 12), end=local(2013, 12, 2, 13), languages=[], kind="break")
    assert _warnings(app, world) == []  # English and Spanish: every session is heard in both
    _work_in(app, world, ["en", "es", "fr"])
    found = _warnings(app, world)
    assert [k for k, _ in found] == ["interpretation"]
    assert "Bilingual" in found[0][1] and "French" in found[0][1] and "working language" in found[0][1]


def test_a_spanish_only_convening_does_not_expect_english(app, world, add_session):
    _work_in(app, world, ["es"])
    add_session("En español", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), languages=["es"])
    assert _warnings(app, world) == []
    add_session("In English", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), languages=["en"])
    found = _warnings(app, world)
    assert len(found) == 1 and "In English" in found[0][1] and "Spanish" in found[0][1]
