"""Issue 13, fixes 1-9: no silent surprises. Withdrawals ask first and can be undone; decisions show
their consequences first and send one coherent email per lead; organizers change anything at any
time; a contact on every page and email; confirmed people on badges; letters that look like
letters; dates checked; duplicates and limits told early; offers with a deadline; places left and
waiting-list positions."""
from __future__ import annotations

from datetime import date, timedelta, timezone

from organizer.database import utcnow
from organizer.delegations.models import (CONFIRMED, DECLINED, SUBMITTED, WAITLISTED, WITHDRAWN, Delegation,
                                          DelegationEvent, DelegationMember, RegistrationSettings)
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def _statuses(app, delegation_id):
    with app.app_context():
        return dict(db.session.execute(db.select(DelegationMember.name, DelegationMember.status)
                                       .where(DelegationMember.delegation_id == delegation_id)).all())


def _member_id(app, name):
    with app.app_context():
        return db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.name == name))


def _mail(app):
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _full_convening(make_user, make_convening, make_delegation, **settings):
    """Capacity 1: the lead's A holds the place, another delegation's W waits for it."""
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, capacity=1, **settings)
    lead = make_user("lead@example.org", language="es")
    other = make_user("other@example.org")
    mine = make_delegation(convening, lead, [{"name": "A", "status": CONFIRMED}], status=CONFIRMED, name="Mine")
    theirs = make_delegation(convening, other, [{"name": "W", "status": WAITLISTED}], status=WAITLISTED,
                             name="Theirs")
    return organizer, convening, lead, mine, theirs


# --- 1. withdrawing asks first, says what happens to the place, and can be undone -----------------

def test_withdrawing_a_confirmed_member_asks_first_and_the_place_moves_only_after(app, client, make_user,
                                                                                make_convening, make_delegation,
                                                                                login_as):
    organizer, convening, lead, mine, theirs = _full_convening(make_user, make_convening, make_delegation)
    a = _member_id(app, "A")
    login_as(lead)
    # one tap (a POST without the answer) acts no more: it asks
    page = client.post(f"/en/registration/d/{mine}/members/{a}/withdraw").get_data(as_text=True)
    assert "What will happen:" in page and "1 confirmed place is given up." in page
    assert "next on the waiting list, who is confirmed" in page and "Only the organizers can undo this." in page
    assert _statuses(app, mine) == {"A": CONFIRMED} and _statuses(app, theirs) == {"W": WAITLISTED}
    assert _mail(app) == []
    assert "What will happen:" in client.get(f"/en/registration/d/{mine}/members/{a}/withdraw").get_data(as_text=True)
    # the confirmed answer withdraws, and only then does the place go to the next
    client.post(f"/en/registration/d/{mine}/members/{a}/withdraw", data={"confirm": "yes"})
    assert _statuses(app, mine) == {"A": WITHDRAWN} and _statuses(app, theirs) == {"W": CONFIRMED}


def test_an_organizer_undoes_a_withdrawal(app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening, lead, mine, theirs = _full_convening(make_user, make_convening, make_delegation)
    a = _member_id(app, "A")
    login_as(lead)
    client.post(f"/en/registration/d/{mine}/withdraw", data={"confirm": "yes"})
    assert _statuses(app, mine) == {"A": WITHDRAWN}
    client.post("/en/account/logout")
    login_as(organizer)
    page = client.get(f"/en/registration/d/{mine}/").get_data(as_text=True)
    assert "Undo the withdrawal" in page
    client.post(f"/en/registration/d/{mine}/members/{a}/reinstate")
    # the place went to W meanwhile: A comes back on the waiting list, not over capacity
    assert _statuses(app, mine) == {"A": WAITLISTED} and _statuses(app, theirs) == {"W": CONFIRMED}
    with app.app_context():
        assert db.session.get(Delegation, mine).status == WAITLISTED
        event = db.session.scalars(db.select(DelegationEvent).where(DelegationEvent.action == "member_reinstated")).one()
        assert event.user_id == organizer


def test_withdrawn_member_gets_her_place_back_when_it_is_still_free(app, client, make_user, make_convening,
                                                                    make_delegation, login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, capacity=5)
    delegation = make_delegation(convening, make_user(), [{"name": "A", "status": CONFIRMED}], status=CONFIRMED)
    a = _member_id(app, "A")
    login_as(organizer)
    page = client.get(f"/en/registration/d/{delegation}/members/{a}/withdraw").get_data(as_text=True)
    assert "Nobody is waiting for it now" in page and "bring a withdrawn member back" in page
    client.post(f"/en/registration/d/{delegation}/members/{a}/withdraw", data={"confirm": "yes"})
    client.post(f"/en/registration/d/{delegation}/members/{a}/reinstate")
    assert _statuses(app, delegation) == {"A": CONFIRMED}


# --- 2. every decision shows its consequences first; one email per recipient ---------------------

def test_declining_shows_who_is_promoted_and_the_lead_gets_one_coherent_email(app, client, make_user, make_convening,
                                                                             make_delegation, login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, capacity=1)
    lead = make_user("lead@example.org", language="es")
    delegation = make_delegation(convening, lead, [{"name": "A", "status": CONFIRMED},
                                                   {"name": "B", "status": WAITLISTED}], status=CONFIRMED)
    a = _member_id(app, "A")
    login_as(organizer)
    data = {"action": "declined", "reason": "Sin credencial", "member_ids": [a]}
    page = client.post(f"/en/registration/d/{delegation}/decide", data=data).get_data(as_text=True)
    assert "Nothing has changed yet" in page
    assert "Declined" in page and "Moved up from the waiting list, confirmed" in page
    assert "lead@example.org" in page and 'name="confirm" value="yes"' in page
    assert _statuses(app, delegation) == {"A": CONFIRMED, "B": WAITLISTED} and _mail(app) == []
    client.post(f"/en/registration/d/{delegation}/decide", data=data | {"confirm": "yes"})
    assert _statuses(app, delegation) == {"A": DECLINED, "B": CONFIRMED}
    messages = _mail(app)
    assert len(messages) == 1 and messages[0].recipient == "lead@example.org"
    body = messages[0].body_text
    assert "No aceptados:" in body and "- A" in body and "Sin credencial" in body
    assert "- B" in body


def test_bulk_decisions_show_their_consequences_first(app, client, make_user, make_convening, make_delegation,
                                                       login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, capacity=1)
    first = make_delegation(convening, make_user("l1@example.org"), [{"name": "A1"}], status=SUBMITTED, name="First")
    second = make_delegation(convening, make_user("l2@example.org"), [{"name": "B1"}], status=SUBMITTED,
                             name="Second")
    login_as(organizer)
    page = client.post("/en/registration/c/delegations/decide",
                       data={"action": "confirmed", "delegation_ids": [first, second]}).get_data(as_text=True)
    assert "First" in page and "Second" in page and "l1@example.org" in page and "l2@example.org" in page
    assert "Put on the waiting list" in page
    assert _statuses(app, first) == {"A1": SUBMITTED}
    client.post("/en/registration/c/delegations/decide",
                data={"action": "confirmed", "delegation_ids": [first, second], "confirm": "yes"})
    assert _statuses(app, first) == {"A1": CONFIRMED} and _statuses(app, second) == {"B1": WAITLISTED}
    assert sorted(m.recipient for m in _mail(app)) == ["l1@example.org", "l2@example.org"]


# --- 3. organizers change anything at any time, recorded; a contact everywhere -------------------

def test_after_the_deadline_an_admin_and_an_organizer_edit_add_move_and_withdraw(app, client, make_user,
                                                                                 make_convening, make_delegation,
                                                                                 login_as):
    organizer = make_user("org@example.org", name="Olga Organizer")
    admin = make_user("admin@example.org", admin=True, name="Adam Admin")
    convening = make_convening("c", organizer=organizer, change_deadline=utcnow() - timedelta(days=1),
                               questions={"country": "off", "organization": "off"},
                               contact_email="registro@example.org", contact_phone="+52 55 1234 5678")
    lead = make_user("lead@example.org")
    delegation = make_delegation(convening, lead, [{"name": "A"}], status=SUBMITTED, name="Mine")
    other = make_delegation(convening, make_user(), [{"name": "Z"}], status=SUBMITTED, name="Other")
    a = _member_id(app, "A")
    login_as(lead)
    page = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    assert "The time for changes is over" in page and "registro@example.org" in page and "+52 55 1234 5678" in page
    assert client.get(f"/en/registration/d/{delegation}/members/{a}/edit").status_code == 302
    client.post("/en/account/logout")
    login_as(admin)
    assert client.get(f"/en/registration/d/{delegation}/members/{a}/edit").status_code == 200
    client.post(f"/en/registration/d/{delegation}/members/{a}/edit", data={"name": "Ana"})
    client.post(f"/en/registration/d/{delegation}/members/new", data={"name": "Nueva"})
    assert _statuses(app, delegation) == {"Ana": SUBMITTED, "Nueva": SUBMITTED}  # submitted for review at once
    client.post("/en/account/logout")
    login_as(organizer)
    assert "Move" in client.get(f"/en/registration/d/{delegation}/members/{a}/move").get_data(as_text=True)
    client.post(f"/en/registration/d/{delegation}/members/{a}/move", data={"delegation_id": other})
    assert _statuses(app, other) == {"Z": SUBMITTED, "Ana": SUBMITTED}
    nueva = _member_id(app, "Nueva")
    client.post(f"/en/registration/d/{delegation}/members/{nueva}/withdraw", data={"confirm": "yes"})
    assert _statuses(app, delegation) == {"Nueva": WITHDRAWN}
    history = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    assert "Adam Admin" in history and "Olga Organizer" in history and "Member moved to another delegation" in history


def test_the_contact_is_on_the_public_page_and_in_every_registration_email(app, client, make_user, make_convening,
                                                                          make_delegation, login_as):
    organizer = make_user("olga@example.org")
    convening = make_convening("c", organizer=organizer, review_required=False, capacity=3,
                               questions={"country": "off", "organization": "off"})
    page = client.get("/en/convenings/c/").get_data(as_text=True)
    assert "olga@example.org" in page  # no contact set: the first organizer's address
    with app.app_context():
        db.session.get(RegistrationSettings, convening).contact_email = "registro@example.org"
        db.session.commit()
    assert "registro@example.org" in client.get("/en/convenings/c/").get_data(as_text=True)
    lead = make_user("lead@example.org")
    delegation = make_delegation(convening, lead, [{"name": "A"}])
    login_as(lead)
    client.post(f"/en/registration/d/{delegation}/submit")
    messages = _mail(app)
    assert messages and all("registro@example.org" in m.body_text for m in messages)


# --- 4. badges and roster: confirmed people by default --------------------------------------------

def test_badges_and_roster_default_to_confirmed_people(app, client, make_user, make_convening, make_delegation,
                                                       login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer)
    make_delegation(convening, make_user(), [{"name": "Confirmada", "status": CONFIRMED},
                                             {"name": "Esperando", "status": WAITLISTED}], status=CONFIRMED)
    login_as(organizer)
    for path in ("badges", "roster", "badges?country=", "roster?q="):
        page = client.get(f"/en/registration/c/{path}").get_data(as_text=True)
        assert "Confirmada" in page and "Esperando" not in page, path
    dashboard = client.get("/en/registration/c/dashboard").get_data(as_text=True)
    assert "/en/registration/c/badges?state=confirmed" in dashboard
    assert "Esperando" in client.get("/en/registration/c/badges?state=waitlisted").get_data(as_text=True)


# --- 5. visa letters look like letters; the lead downloads them ----------------------------------

def test_the_visa_letter_is_a_letter_and_the_lead_gets_every_confirmed_members(app, client, make_user,
                                                                              make_convening, make_delegation,
                                                                              login_as):
    from organizer.i18n.translated import TranslatedText

    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, letter_signatory="María Pérez, coordinadora",
                               letter_template=TranslatedText(en="Mexico City, {today}\n\nTo the consul:\n\n"
                                                                 "Line one\nLine two", es="Hola\n\nUno\nDos"))
    lead = make_user("lead@example.org")
    visa = {"visa_letter": True, "passport_name": "X", "nationality": "US", "passport_number": "P1"}
    delegation = make_delegation(convening, lead, [{"name": "Ana", "status": CONFIRMED, **visa},
                                                   {"name": "Bea", "status": CONFIRMED, **visa},
                                                   {"name": "Eva", "status": WAITLISTED, **visa}], status=CONFIRMED)
    login_as(lead)
    ana = _member_id(app, "Ana")
    page = client.get(f"/en/registration/d/{delegation}/members/{ana}/letter").get_data(as_text=True)
    assert page.count('class="letter letter-page" lang="en"') == 1 and 'lang="es"' in page
    assert "Line one<br>Line two" in page and "Uno<br>Dos" in page
    assert 'class="letterhead"' in page and "María Pérez, coordinadora" in page and 'class="letter-date"' in page
    assert "letter-columns" not in page
    overview = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    assert "Visa letters of the confirmed members" in overview
    letters = client.get(f"/en/registration/d/{delegation}/letters").get_data(as_text=True)
    assert letters.count("letter letter-page") == 4 and "Eva" not in letters
    import pathlib

    css = (pathlib.Path(app.static_folder) / "delegations.css").read_text()
    assert ".letter-page { break-after: page; }" in css and "@page" in css


# --- 6. dates checked against each other; the status shown follows them --------------------------

def test_settings_dates_are_checked_against_the_convening(app, client, make_user, make_convening, login_as):
    from organizer.convenings.models import Convening

    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer)
    with app.app_context():
        row = db.session.get(Convening, convening)
        row.start_date, row.end_date = date(2027, 3, 10), date(2027, 3, 12)
        db.session.commit()
    login_as(organizer)
    data = {"opens_at": "2027-01-01T09:00", "closes_at": "2027-04-01T09:00", "change_deadline": "2027-03-20T09:00",
            "interpretation_languages": ["en", "es"], "promotion": "auto", "offer_hours": "72"}
    response = client.post("/en/registration/c/settings", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Registration must close by the end of the convening" in page
    assert "The last moment for changes must come before the convening starts" in page
    assert 'value="2027-04-01T09:00"' in page  # nothing typed is lost


def test_member_travel_dates_near_the_convening(app, client, make_user, make_convening, make_delegation, login_as):
    from organizer.convenings.models import Convening

    convening = make_convening("c", questions={"country": "off", "organization": "off"})
    with app.app_context():
        row = db.session.get(Convening, convening)
        row.start_date, row.end_date = date(2027, 3, 10), date(2027, 3, 12)
        db.session.commit()
    lead = make_user()
    delegation = make_delegation(convening, lead)
    login_as(lead)
    page = client.post(f"/en/registration/d/{delegation}/members/new",
                       data={"name": "Ana", "arrival_date": "2020-03-09", "departure_date": "2027-03-13"}
                       ).get_data(as_text=True)
    assert "Choose a date from" in page and 'value="2020-03-09"' in page
    assert _statuses(app, delegation) == {}


def test_a_closed_registration_never_shows_an_open_badge(app, client, make_user, make_convening):
    from organizer.convenings.models import Convening

    make_convening("c", closes_at=utcnow() - timedelta(days=1))
    past = make_convening("old")
    with app.app_context():
        db.session.get(Convening, past).start_date = date(2020, 3, 1)
        db.session.commit()
    for slug in ("c", "old"):
        page = client.get(f"/en/convenings/{slug}/").get_data(as_text=True)
        assert ">Registration open<" not in page, slug
        assert "Registration closed" in page or "Registration is closed" in page, slug
    assert ">Registration open<" not in client.get("/en/convenings/").get_data(as_text=True)
    assert ">Registration open<" not in client.get("/en/").get_data(as_text=True)
    assert "Registration is closed" in client.get("/en/registration/old/").get_data(as_text=True)


# --- 7. duplicates and the member limit, told early -----------------------------------------------

def test_duplicate_members_are_refused_at_the_field(app, client, make_user, make_convening, make_delegation,
                                                     login_as):
    convening = make_convening(questions={"country": "off", "organization": "off"})
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "José Pérez", "email": "jose@example.org"}])
    login_as(lead)
    page = client.post(f"/en/registration/d/{delegation}/members/new",
                       data={"name": "  jose   PEREZ "}).get_data(as_text=True)
    assert "José Pérez is already a member of the delegation." in page and 'value="  jose   PEREZ "' in page
    page = client.post(f"/en/registration/d/{delegation}/members/new",
                       data={"name": "Otro", "email": "JOSE@example.org"}).get_data(as_text=True)
    assert "already has this email address" in page
    assert len(_statuses(app, delegation)) == 1


def test_the_member_limit_is_shown_before_the_form(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening(max_members=3, questions={"country": "off", "organization": "off"})
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "A"}, {"name": "B"}])
    login_as(lead)
    assert "room for 1 more" in client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)


# --- 8. offers say until when, in the convening's time zone ---------------------------------------

def test_an_offer_says_until_when_in_the_convenings_time_zone(app, client, make_user, make_convening,
                                                              make_delegation, login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, capacity=1, promotion="offer", offer_hours=48)
    lead = make_user("lead@example.org", language="es")
    first = make_delegation(convening, make_user(), [{"name": "A", "status": CONFIRMED}], status=CONFIRMED)
    waiting = make_delegation(convening, lead, [{"name": "W", "status": WAITLISTED}], status=WAITLISTED)
    login_as(organizer)
    client.post(f"/en/registration/d/{first}/withdraw", data={"confirm": "yes"})
    with app.app_context():
        offered_at = db.session.scalar(db.select(DelegationMember.offered_at).where(DelegationMember.name == "W"))
    deadline = (offered_at.replace(tzinfo=offered_at.tzinfo or timezone.utc) + timedelta(hours=48))
    from zoneinfo import ZoneInfo

    local = deadline.astimezone(ZoneInfo("America/Mexico_City"))
    message = [m for m in _mail(app) if m.recipient == "lead@example.org"][0]
    assert message.template == "delegations_offered"
    assert f"{local:%H:%M}" in message.body_text and "hora de México (Ciudad de México)" in message.body_text
    client.post("/en/account/logout")
    login_as(lead)
    page = client.get(f"/es/registration/d/{waiting}/").get_data(as_text=True)
    assert f"{local:%H:%M}" in page and "Ciudad de México" in page


# --- 9. the lead hears the convening is full and her position; the public page counts places ------

def test_full_convening_is_told_before_and_after_submitting_with_positions(app, client, make_user, make_convening,
                                                                          make_delegation, login_as):
    convening = make_convening("c", capacity=1, review_required=False)
    make_delegation(convening, make_user(), [{"name": "A", "status": CONFIRMED}], status=CONFIRMED)
    make_delegation(convening, make_user(), [{"name": "W", "status": WAITLISTED}], status=WAITLISTED)
    public = client.get("/en/convenings/c/").get_data(as_text=True)
    assert "Full: the waiting list is open." in public
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "X"}, {"name": "Y"}])
    login_as(lead)
    assert "The convening is full." in client.get(f"/en/registration/d/{delegation}/review").get_data(as_text=True)
    page = client.post(f"/en/registration/d/{delegation}/submit", follow_redirects=True).get_data(as_text=True)
    assert "The convening is full" in page and "Their places on the waiting list: 2, 3." in page
    assert "number 2 on the waiting list" in page and "number 3 on the waiting list" in page


def test_the_public_page_says_how_many_places_are_left(app, client, make_user, make_convening, make_delegation):
    convening = make_convening("c", capacity=5)
    make_delegation(convening, make_user(), [{"name": "A", "status": CONFIRMED}], status=CONFIRMED)
    assert "4 places left." in client.get("/en/convenings/c/").get_data(as_text=True)
