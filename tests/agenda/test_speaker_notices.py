"""Issue 15 item 6: a release that moves, re-times, re-rooms or cancels a session tells its speakers
(in their own language, times at the venue with the zone) and shows organizers who was told."""
from __future__ import annotations

import re

from organizer.agenda.models import Session, SpeakerNotice
from organizer.extensions import db
from organizer.mail.models import OutboxMessage
from organizer.organizations.models import Person

from .conftest import local, tt

MANAGE = "/en/convenings/la-2013/agenda/manage"


def _link(app, person_id, user_id):
    with app.app_context():
        db.session.get(Person, person_id).user_id = user_id
        db.session.commit()


def _edit(app, sid, **values):
    with app.app_context():
        s = db.session.get(Session, sid)
        for key, value in values.items():
            setattr(s, key, value)
        db.session.commit()


def _release(client, name):
    return client.post(f"{MANAGE}/release", data={"name-en": name, "name-es": name, "despite_warnings": "y"})


def _messages(app):
    with app.app_context():
        return [(m.recipient, m.language, m.subject, m.body_text)
                for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == "agenda_speaker_changes")
                                            .order_by(OutboxMessage.id))]


def test_moved_rerooomed_and_cancelled_sessions_tell_their_speakers(client, app, world, login_as, make_user, add_session):
    ana_user = make_user("ana@example.org", language="es")
    cam_user = make_user("camille@example.org", language="fr")
    _link(app, world.ana, ana_user)
    _link(app, world.cam, cam_user)
    moved = add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                        people=[(world.ana, world.fat, "speaker"), (world.bob, None, "moderator")])
    cancelled = add_session("Teachers", start=local(2013, 12, 3, 9), end=local(2013, 12, 3, 10), room=world.room_b,
                            people=[(world.ana, None, "speaker")])
    add_session("Unchanged", start=local(2013, 12, 3, 11), end=local(2013, 12, 3, 12), people=[(world.cam, None, "speaker")])
    login_as(world.organizer)
    assert _release(client, "v1").status_code == 302
    assert _messages(app) == []  # a first release moves nothing

    # v2: a retitle only: nobody is told
    _edit(app, moved, title=tt("Political context today"))
    assert _release(client, "v2").status_code == 302
    assert _messages(app) == []

    # v3: moved (time and room) and a cancellation
    _edit(app, moved, start=local(2013, 12, 2, 14), end=local(2013, 12, 2, 15), room_id=world.room_b)
    with app.app_context():
        db.session.delete(db.session.get(Session, cancelled))
        db.session.commit()
    assert _release(client, "v3").status_code == 302
    messages = _messages(app)
    assert [(to, lang) for to, lang, _s, _b in messages] == [("ana@example.org", "es")]  # Bob has no email; Camille unchanged
    _to, _lang, subject, body = messages[0]
    assert "Conferencia de Los Ángeles" in subject
    assert "Hola, Ana López" in body, body
    assert "Political context today (es)" in body and "Teachers (es)" in body
    # times at the venue, in Spanish, labelled with the zone
    assert re.search(r"lunes, 2 de diciembre de 2013, 9:00–10:00 GMT-08:00 a lunes, 2 de diciembre de 2013, 14:00–15:00 GMT-08:00",
                     body), body
    assert "hora del Pacífico" in body
    assert "Salón principal" in body and "Sala B" in body
    assert "/es/convenings/la-2013/agenda/" in body
    assert "Cancelada: " in body and "Cambio de sala: de Salón principal a Sala B" in body
    with app.app_context():
        notices = {n.name: n for n in db.session.scalars(db.select(SpeakerNotice))}
        assert set(notices) == {"Ana López", "Bob Smith"}
        assert notices["Ana López"].message_id is not None and len(notices["Ana López"].sessions) == 2
        assert notices["Bob Smith"].message_id is None  # not told: no email
    # organizers see who was told and who could not be
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(f"{MANAGE}/").get_data(as_text=True)))
    assert "Speakers told: Ana López" in page, page
    assert "No email on record: Bob Smith" in page


def test_a_refused_release_tells_nobody(client, app, world, login_as, make_user, add_session):
    _link(app, world.ana, make_user("ana@example.org", language="es"))
    sid = add_session("A", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), people=[(world.ana, None, "speaker")])
    add_session("B", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), people=[(world.ana, None, "speaker")])
    login_as(world.organizer)
    assert _release(client, "v1").status_code == 302
    _edit(app, sid, start=local(2013, 12, 2, 9, 30), end=local(2013, 12, 2, 10, 30))
    # warnings (Ana in two places) and the box not ticked: refused, nothing queued
    response = client.post(f"{MANAGE}/release", data={"name-en": "v2", "name-es": "v2"})
    assert response.status_code == 200
    assert _messages(app) == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SpeakerNotice)) == 0
