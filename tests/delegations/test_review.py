"""Organizers confirm, waitlist or decline delegations and members, singly or in bulk; capacity,
the waiting list in order of submission, promotion or offers, emails in each lead's language."""
from __future__ import annotations

from organizer.delegations.models import (CONFIRMED, DECLINED, SUBMITTED, WAITLISTED, WITHDRAWN, Delegation,
                                          DelegationEvent, DelegationMember)
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def _statuses(app, delegation_id):
    with app.app_context():
        rows = db.session.execute(db.select(DelegationMember.name, DelegationMember.status)
                                  .where(DelegationMember.delegation_id == delegation_id)).all()
        return dict(rows)


def _delegation(app, delegation_id):
    with app.app_context():
        return db.session.get(Delegation, delegation_id)


def _mail(app, template=None):
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if template:
            query = query.where(OutboxMessage.template == template)
        return db.session.scalars(query).all()


def _organizer_setup(app, make_user, make_convening, login_as, **settings):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, **settings)
    return organizer, convening


def test_confirm_beyond_capacity_waitlists_the_rest_and_emails_the_lead(app, client, make_user, make_convening,
                                                                       make_delegation, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as, capacity=3)
    lead = make_user("lupita@example.org", language="es")
    delegation = make_delegation(convening, lead, [{"name": n} for n in "ABCD"], status=SUBMITTED)
    login_as(organizer)
    assert client.post(f"/en/registration/d/{delegation}/decide", data={"confirm": "yes", "action": "confirmed"}).status_code == 302
    assert _statuses(app, delegation) == {"A": CONFIRMED, "B": CONFIRMED, "C": CONFIRMED, "D": WAITLISTED}
    assert _delegation(app, delegation).status == CONFIRMED
    # one decision, one coherent message to the lead (not a confirmation and a waiting-list notice)
    assert [m.template for m in _mail(app)] == ["delegations_update"]
    message = _mail(app)[0]
    assert message.language == "es" and message.recipient == "lupita@example.org"
    assert "- A" in message.body_text and "- D (número 1 en la lista de espera)" in message.body_text
    history = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    history = history.split('id="history-heading"')[1]  # (the page shows the organizers' contact above)
    assert "Put on the waiting list" in history and "org@example.org" not in history


def test_decline_needs_a_reason_which_reaches_the_lead(app, client, make_user, make_convening, make_delegation,
                                                        login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as)
    lead = make_user(language="en")
    delegation = make_delegation(convening, lead, [{"name": "A"}], status=SUBMITTED)
    login_as(organizer)
    client.post(f"/en/registration/d/{delegation}/decide", data={"confirm": "yes", "action": "declined"})
    assert _statuses(app, delegation) == {"A": SUBMITTED}
    page = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    assert "Please give the reason for declining." in page
    client.post(f"/en/registration/d/{delegation}/decide", data={"confirm": "yes", "action": "declined", "reason": "Not a labor group"})
    assert _statuses(app, delegation) == {"A": DECLINED}
    assert _delegation(app, delegation).status == DECLINED
    assert _delegation(app, delegation).decline_reason == "Not a labor group"
    message = _mail(app, "delegations_declined")[0]
    assert "Not a labor group" in message.body_text
    with app.app_context():
        event = db.session.scalars(db.select(DelegationEvent).where(DelegationEvent.action == DECLINED)).one()
        assert event.reason == "Not a labor group" and event.user_id == organizer


def test_decide_for_single_members(app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as)
    delegation = make_delegation(convening, make_user(), [{"name": "A"}, {"name": "B"}], status=SUBMITTED)
    with app.app_context():
        b = db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.name == "B"))
    login_as(organizer)
    client.post(f"/en/registration/d/{delegation}/decide", data={"confirm": "yes", "action": "waitlisted", "member_ids": [b]})
    assert _statuses(app, delegation) == {"A": SUBMITTED, "B": WAITLISTED}
    assert _delegation(app, delegation).status == WAITLISTED


def test_bulk_decisions_on_many_delegations(app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as, capacity=3)
    lead = make_user()
    first = make_delegation(convening, lead, [{"name": "A1"}, {"name": "A2"}], status=SUBMITTED, name="First")
    second = make_delegation(convening, lead, [{"name": "B1"}, {"name": "B2"}], status=SUBMITTED, name="Second")
    draft = make_delegation(convening, lead, [{"name": "C1"}], name="Draft")
    login_as(organizer)
    page = client.get("/en/registration/c/delegations").get_data(as_text=True)
    assert "First" in page and "Second" in page and "Draft" in page
    response = client.post("/en/registration/c/delegations/decide",
                           data={"confirm": "yes", "action": "confirmed", "delegation_ids": [first, second, draft]})
    assert response.status_code == 302
    page = client.get("/en/registration/c/delegations").get_data(as_text=True)
    assert "Members confirmed: 3; on the waiting list: 1; declined: 0." in page
    assert "1 delegation was skipped" in page
    assert _statuses(app, first) == {"A1": CONFIRMED, "A2": CONFIRMED}
    assert _statuses(app, second) == {"B1": CONFIRMED, "B2": WAITLISTED}
    page = client.get("/en/registration/c/delegations?state=waitlisted").get_data(as_text=True)
    assert "First" not in page


def test_withdrawal_promotes_the_waiting_list_in_order(app, client, make_user, make_convening, make_delegation,
                                                       login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as, capacity=1,
                                            review_required=False)
    leads = [make_user(f"l{n}@example.org", language=lang) for n, lang in enumerate(["en", "es", "en"])]
    delegations = [make_delegation(convening, lead, [{"name": f"M{n}"}]) for n, lead in enumerate(leads)]
    for n, lead in enumerate(leads):
        client.post("/en/account/logout")
        login_as(lead)
        client.post(f"/en/registration/d/{delegations[n]}/submit")
    assert [_statuses(app, d) for d in delegations] == [{"M0": CONFIRMED}, {"M1": WAITLISTED}, {"M2": WAITLISTED}]
    client.post("/en/account/logout")
    login_as(leads[0])
    client.post(f"/en/registration/d/{delegations[0]}/withdraw", data={"confirm": "yes"})
    assert [_statuses(app, d) for d in delegations] == [{"M0": WITHDRAWN}, {"M1": CONFIRMED}, {"M2": WAITLISTED}]
    promoted = _mail(app, "delegations_promoted")
    assert len(promoted) == 1 and promoted[0].recipient == "l1@example.org" and promoted[0].language == "es"
    assert "lista de espera" in promoted[0].body_text


def test_offer_mode_holds_the_place_until_the_lead_answers(app, client, make_user, make_convening, make_delegation,
                                                           login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as, capacity=1,
                                            review_required=False, promotion="offer")
    first_lead, second_lead, third_lead = make_user(), make_user(), make_user()
    first = make_delegation(convening, first_lead, [{"name": "A"}], status=CONFIRMED)
    second = make_delegation(convening, second_lead, [{"name": "B"}], status=WAITLISTED)
    third = make_delegation(convening, third_lead, [{"name": "C"}], status=WAITLISTED)
    login_as(first_lead)
    client.post(f"/en/registration/d/{first}/withdraw", data={"confirm": "yes"})
    assert _statuses(app, second) == {"B": WAITLISTED}
    with app.app_context():
        b = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "B"))
        assert b.offered_at is not None
    assert len(_mail(app, "delegations_offered")) == 1
    client.post("/en/account/logout")
    login_as(second_lead)
    page = client.get(f"/en/registration/d/{second}/").get_data(as_text=True)
    assert "A place is offered" in page
    client.post(f"/en/registration/d/{second}/offer", data={"member_ids": [b.id], "answer": "decline"})
    assert _statuses(app, second) == {"B": WITHDRAWN}
    with app.app_context():  # the place goes to the next, who is offered it in turn
        c = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "C"))
        assert c.offered_at is not None
    client.post("/en/account/logout")
    login_as(third_lead)
    client.post(f"/en/registration/d/{third}/offer", data={"member_ids": [c.id], "answer": "accept"})
    assert _statuses(app, third) == {"C": CONFIRMED}


def test_raising_capacity_in_settings_promotes(app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as, capacity=1)
    delegation = make_delegation(convening, make_user(), [{"name": "A"}, {"name": "B"}], status=WAITLISTED)
    login_as(organizer)
    data = {"capacity": "1", "promotion": "auto", "interpretation_languages": ["en", "es"], "reminder_days": "7",
            "review_required": "y"} | {f"q_{k}": "optional" for k in ("organization", "position", "country",
            "languages", "interpretation", "accessibility", "dietary", "travel_dates", "lodging", "visa_letter")}
    assert client.post("/en/registration/c/settings", data=data).status_code == 302
    assert sorted(_statuses(app, delegation).values()) == [CONFIRMED, WAITLISTED]
    client.post("/en/registration/c/settings", data=data | {"capacity": "5"})
    assert sorted(_statuses(app, delegation).values()) == [CONFIRMED, CONFIRMED]


def test_settings_are_saved_and_validated(app, client, make_user, make_convening, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as)
    login_as(organizer)
    page = client.get("/es/registration/c/settings").get_data(as_text=True)
    assert "Configuración del registro" in page and "A las autoridades consulares" in page
    page = client.post("/es/registration/c/settings", data={
        "opens_at": "2027-03-10T09:00", "closes_at": "2027-03-01T09:00", "capacity": "0", "promotion": "auto",
        "reminder_days": "7"}).get_data(as_text=True)
    assert "El registro debe cerrar después de abrir." in page and "Elige al menos un idioma." in page
    assert "Escribe un número de 1 a 100000." in page
    response = client.post("/es/registration/c/settings", data={
        "opens_at": "2027-01-10T09:00", "closes_at": "2027-03-01T18:00", "change_deadline": "2027-03-05T18:00",
        "capacity": "120", "max_members": "35", "promotion": "offer", "interpretation_languages": ["en", "es", "fr"],
        "reminder_days": "5", "q_visa_letter": "off", "q_country": "required", "letter_template-en": "Dear {name}",
        "letter_template-es": "Estimada {name}", "letter_signatory": "Comité organizador"})
    assert response.status_code == 302
    from organizer.delegations.models import RegistrationSettings

    with app.app_context():
        settings = db.session.get(RegistrationSettings, convening)
        assert settings.capacity == 120 and settings.max_members == 35 and settings.promotion == "offer"
        assert not settings.review_required and settings.interpretation_languages == ["en", "es", "fr"]
        assert settings.question("visa_letter") == "off" and settings.requires("country")
        # 09:00 in Mexico City is 15:00 UTC
        assert settings.opens_at.isoformat() == "2027-01-10T15:00:00+00:00"
        assert settings.letter_template["es"] == "Estimada {name}"


def test_verifying_proposed_organizations(app, client, make_user, make_convening, make_organization, make_delegation,
                                          login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as)
    proposed = make_organization("Colectivo Nuevo", verified=False)
    make_delegation(convening, make_user(), organization_ids=[proposed])
    elsewhere = make_organization("Other Proposed", verified=False)
    login_as(organizer)
    page = client.get("/en/registration/c/organizations").get_data(as_text=True)
    assert "Colectivo Nuevo" in page and "Other Proposed" not in page
    assert client.post("/en/registration/c/organizations", data={"organization_id": elsewhere}).status_code == 404
    assert client.post("/en/registration/c/organizations", data={"organization_id": proposed}).status_code == 302
    from organizer.organizations.models import Organization

    with app.app_context():
        assert db.session.get(Organization, proposed).verified


def test_reminders_before_the_change_deadline(app, runner, make_user, make_convening, make_delegation):
    from datetime import timedelta

    from organizer.database import utcnow

    convening = make_convening(change_deadline=utcnow() + timedelta(days=3), reminder_days=7)
    far = make_convening(change_deadline=utcnow() + timedelta(days=30), reminder_days=7)
    lead = make_user("remind@example.org", language="es")
    make_delegation(convening, lead, [{"name": "A"}], status="draft")
    make_delegation(convening, make_user(), [{"name": "B"}], status="withdrawn")
    make_delegation(far, make_user(), [{"name": "C"}], status="submitted")
    result = runner.invoke(args=["organizer", "send-reminders"])
    assert result.exit_code == 0 and "Queued 1 reminder(s)." in result.output
    messages = _mail(app, "delegations_reminder")
    assert len(messages) == 1 and messages[0].recipient == "remind@example.org"
    assert messages[0].subject.startswith("Últimos días") and "sigue en borrador" in messages[0].body_text
    assert "Queued 0 reminder(s)." in runner.invoke(args=["organizer", "send-reminders"]).output


def test_emails_go_through_the_outbox_and_survive_an_smtp_outage(app, client, make_user, make_convening,
                                                                 make_delegation, login_as, smtp_server):
    from organizer.mail.services import deliver_pending

    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as)
    delegation = make_delegation(convening, make_user("lead@example.org"), [{"name": "A"}], status=SUBMITTED)
    login_as(organizer)
    client.post(f"/en/registration/d/{delegation}/decide", data={"confirm": "yes", "action": "confirmed"})
    with app.app_context():
        assert deliver_pending() == (0, 1)  # SMTP down (port 9): kept
        app.config["SMTP_PORT"] = smtp_server.port
        assert deliver_pending(respect_backoff=False) == (1, 0)  # a retry waits its back-off otherwise
    assert smtp_server.messages[0]["To"] == "lead@example.org"
    assert "Confirmed" in smtp_server.messages[0]["Subject"]


def test_organizers_do_not_see_draft_members(app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as)
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "Sent Person"}], status=SUBMITTED)
    with app.app_context():
        db.session.add(DelegationMember(delegation_id=delegation, name="Draft Person", status="draft", languages=[]))
        db.session.commit()
    login_as(organizer)
    page = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    assert "Sent Person" in page and "Draft Person" not in page
    client.post("/en/account/logout")
    login_as(lead)
    assert "Draft Person" in client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)


def test_unanswered_offers_lapse_and_go_to_the_next(app, runner, make_user, make_convening, make_delegation):
    from datetime import timedelta

    from organizer.database import utcnow
    from organizer.delegations import services

    convening = make_convening(capacity=1, promotion="offer", offer_hours=24)
    first = make_delegation(convening, make_user("first@example.org"), [{"name": "A"}], status=WAITLISTED)
    second = make_delegation(convening, make_user("second@example.org"), [{"name": "B"}], status=WAITLISTED)
    with app.app_context():
        a = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "A"))
        a.offered_at = utcnow() - timedelta(hours=30)
        db.session.commit()
    result = runner.invoke(args=["organizer", "expire-offers"])
    assert result.exit_code == 0 and "1 offer(s) lapsed." in result.output
    with app.app_context():
        a = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "A"))
        b = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "B"))
        assert a.status == WAITLISTED and a.offered_at is None
        assert b.offered_at is not None  # the next was offered the place
        assert services.places_used(convening) == 1
    assert [m.recipient for m in _mail(app, "delegations_offer_lapsed")] == ["first@example.org"]
    assert [m.recipient for m in _mail(app, "delegations_offered")] == ["second@example.org"]
    assert _statuses(app, first) == {"A": WAITLISTED} and _statuses(app, second) == {"B": WAITLISTED}
    assert "0 offer(s) lapsed." in runner.invoke(args=["organizer", "expire-offers"]).output


def test_moving_a_confirmed_member_to_the_waiting_list_gives_the_place_to_the_next(
        app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening = _organizer_setup(app, make_user, make_convening, login_as, capacity=1)
    first = make_delegation(convening, make_user(), [{"name": "A"}], status=CONFIRMED)
    second = make_delegation(convening, make_user(), [{"name": "B"}], status=WAITLISTED)
    login_as(organizer)
    client.post(f"/en/registration/d/{first}/decide", data={"confirm": "yes", "action": "waitlisted"})
    assert _statuses(app, first) == {"A": WAITLISTED} and _statuses(app, second) == {"B": CONFIRMED}
