"""Issue 13, item 11: each member with an email hears about her own place, in her own language."""
from __future__ import annotations

from organizer.delegations.models import CONFIRMED, SUBMITTED, WAITLISTED
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def _mail(app):
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_each_member_receives_her_own_message_in_her_language(app, client, make_user, make_convening,
                                                              make_delegation, login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, capacity=2)
    make_user("rosa@example.org", language="es")  # Rosa has an account in Spanish
    lead = make_user("lead@example.org", language="en")
    delegation = make_delegation(convening, lead, [
        {"name": "Rosa", "email": "rosa@example.org", "listen_language": "en"},
        {"name": "Marie", "email": "marie@example.org", "listen_language": "fr"},
        {"name": "Juan", "email": "juan@example.org", "listen_language": "es"},
        {"name": "Lead herself", "email": "LEAD@example.org"}], status=SUBMITTED)
    login_as(organizer)
    preview = client.post(f"/en/registration/d/{delegation}/decide", data={"action": "confirmed"}).get_data(as_text=True)
    assert "juan@example.org" in preview and "rosa@example.org" in preview  # who will be emailed, before
    assert _mail(app) == []
    client.post(f"/en/registration/d/{delegation}/decide", data={"action": "confirmed", "confirm": "yes"})
    messages = {m.recipient: m for m in _mail(app)}
    assert set(messages) == {"lead@example.org", "rosa@example.org", "marie@example.org", "juan@example.org"}
    rosa, marie, juan = messages["rosa@example.org"], messages["marie@example.org"], messages["juan@example.org"]
    assert rosa.language == "es" and "Tu lugar está confirmado" in rosa.body_text  # her account's language
    assert "código de llegada" in rosa.body_text
    assert marie.language == "fr" and "Votre place est confirmée" in marie.body_text  # French is an interface language (issue 17)
    assert juan.language == "es" and "lista de espera" in juan.body_text and "número 1" in juan.body_text
    assert all(m.template == "delegations_member" for r, m in messages.items() if r != "lead@example.org")
    with app.app_context():
        from organizer.delegations.models import DelegationMember

        statuses = dict(db.session.execute(db.select(DelegationMember.name, DelegationMember.status)).all())
    assert statuses["Rosa"] == CONFIRMED and statuses["Juan"] == WAITLISTED
