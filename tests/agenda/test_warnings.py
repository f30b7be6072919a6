"""Checks before release: rooms, people, parallel sessions, dates, room hours, interpretation."""
from __future__ import annotations

from datetime import date

from organizer.agenda import services
from organizer.agenda.models import RoomAvailability
from organizer.convenings.models import Convening
from organizer.extensions import db

from .conftest import local

BASE = "/en/convenings/la-2013/agenda/manage"


def _warnings(app, world):
    with app.test_request_context("/en/"):
        return [(w.kind, w.message) for w in services.check(db.session.get(Convening, world.convening))]


def test_no_warnings_for_a_clean_agenda(app, world, add_session):
    add_session("A", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                people=[(world.ana, None, "speaker")])
    add_session("B", start=local(2013, 12, 2, 10), end=local(2013, 12, 2, 11), room=world.hall,
                people=[(world.ana, None, "speaker")])
    add_session("C", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.room_b)
    assert _warnings(app, world) == []


def test_room_used_twice_and_person_in_two_places(app, world, add_session):
    add_session("Mining", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 11), room=world.hall,
                people=[(world.ana, world.fat, "speaker")])
    add_session("Energy", start=local(2013, 12, 2, 10), end=local(2013, 12, 2, 12), room=world.hall,
                people=[(world.bob, None, "speaker")])
    add_session("Women", start=local(2013, 12, 2, 10, 30), end=local(2013, 12, 2, 11, 30), room=world.room_b,
                people=[(world.ana, world.fat, "moderator")])
    found = _warnings(app, world)
    kinds = sorted(k for k, _ in found)
    assert kinds == ["person", "room"]
    messages = " ".join(m for _, m in found)
    assert "Main hall is used twice at once" in messages and "Ana López is in two places at once" in messages


def test_plenary_without_parallel_sessions(app, world, add_session):
    add_session("Opening plenary", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                kind="plenary", parallel=False)
    add_session("Side caucus", start=local(2013, 12, 2, 9, 30), end=local(2013, 12, 2, 10, 30), room=world.room_b)
    assert [k for k, _ in _warnings(app, world)] == ["parallel"]


def test_outside_dates_and_room_hours(app, world, add_session):
    with app.app_context():
        db.session.add(RoomAvailability(room_id=world.room_b, start=local(2013, 12, 2, 8), end=local(2013, 12, 2, 18)))
        db.session.commit()
    add_session("Too early", start=local(2013, 12, 1, 9), end=local(2013, 12, 1, 10), room=world.hall)
    add_session("Day after", day=date(2013, 12, 4))
    add_session("Late night", start=local(2013, 12, 2, 19), end=local(2013, 12, 2, 20), room=world.room_b)
    add_session("Fine", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.room_b)
    assert sorted(k for k, _ in _warnings(app, world)) == ["dates", "dates", "room_hours"]


def test_interpretation_into_languages_confirmed_delegates_listen_in(app, world, add_session):
    from organizer.delegations.models import Delegation, DelegationMember
    from organizer.i18n.translated import TranslatedText

    with app.app_context():
        confirmed = Delegation(convening_id=world.convening, lead_user_id=world.visitor, status="confirmed",
                               name=TranslatedText(en="Quebec", es="Quebec"))
        pending = Delegation(convening_id=world.convening, lead_user_id=world.visitor, status="submitted",
                             name=TranslatedText(en="Other", es="Otra"))
        db.session.add_all([confirmed, pending])
        db.session.flush()
        db.session.add_all([
            DelegationMember(delegation_id=confirmed.id, name="A", status="confirmed", listen_language="fr"),
            DelegationMember(delegation_id=confirmed.id, name="B", status="confirmed", listen_language="es"),
            DelegationMember(delegation_id=confirmed.id, name="C", status="declined", listen_language="de"),
            DelegationMember(delegation_id=pending.id, name="D", status="confirmed", listen_language="pt"),
        ])
        db.session.commit()
    add_session("Spanish only", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), languages=["es"])
    add_session("Interpreted", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), languages=["en"],
                interpretation=("simultaneous", ["es", "fr"]))
    add_session("Lunch", start=local(2013, 12, 2, 12), end=local(2013, 12, 2, 13), languages=[], kind="break")
    found = _warnings(app, world)
    assert [k for k, _ in found] == ["interpretation"]
    assert "Spanish only" in found[0][1] and "French" in found[0][1]


def test_release_needs_confirmation_when_there_are_warnings(client, app, world, login_as, add_session):
    add_session("A", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 11), room=world.hall)
    add_session("B", start=local(2013, 12, 2, 10), end=local(2013, 12, 2, 12), room=world.hall)
    login_as(world.organizer)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "1 warning before release" in page
    response = client.post(f"{BASE}/release", data={"name-en": "First", "name-es": "Primera"})
    assert response.status_code == 200
    assert "tick this box to release anyway" in response.get_data(as_text=True)
    assert client.get("/en/convenings/la-2013/agenda/").get_data(as_text=True).count("has not been published") == 1
    response = client.post(f"{BASE}/release", data={"name-en": "First", "name-es": "Primera", "despite_warnings": "y"})
    assert response.status_code == 302
    assert "Primera" in client.get("/es/convenings/la-2013/agenda/").get_data(as_text=True)
