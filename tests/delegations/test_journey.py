"""The lead's journey, in Spanish and English, without JavaScript: organizations, members one by one
or from a spreadsheet, review, submit, change, withdraw, invite."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import Workbook

from organizer.database import utcnow
from organizer.delegations.models import (CONFIRMED, DRAFT, SUBMITTED, WITHDRAWN, Delegation, DelegationEvent,
                                          DelegationMember, DelegationOrganization, RegistrationSettings)
from organizer.extensions import db
from organizer.mail.models import OutboxMessage
from organizer.organizations.models import Organization


def _one(app, model, *where):
    with app.app_context():
        return db.session.scalars(db.select(model).where(*where)).all()


def _mail(app):
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


MEMBER = {
    "name": "Rosa Martínez", "email": "rosa@example.org", "country": "MX", "position": "Secretaria",
    "languages": ["es", "en"], "listen_language": "es", "speak_language": "es", "dietary_needs": "Vegetariana",
    "arrival_date": "2027-03-10", "departure_date": "2027-03-13", "lodging_needed": "y",
}


def test_a_lead_registers_end_to_end_in_spanish(app, client, make_user, make_convening, make_organization, login_as):
    make_convening("encuentro", capacity=50, review_required=True)
    snte = make_organization("Sindicato Nacional de Trabajadores de la Educación", acronym="SNTE")
    lead = make_user("lupita@example.org", language="es")
    # Anonymous: asked to log in first, and brought back.
    page = client.get("/es/registration/encuentro/").get_data(as_text=True)
    assert "Iniciar sesión" in page or "Entrar" in page
    assert 'href="/es/account/login?next=/es/registration/encuentro/"' in page and "/es/account/signup" in page
    login_as(lead)

    page = client.get("/es/registration/encuentro/").get_data(as_text=True)
    assert "Registrar una delegación" in page and 'lang="es"' in page
    # Searching keeps what was typed and lists matching organizations.
    page = client.post("/es/registration/encuentro/", data={
        "name-es": "Delegación magisterial", "org_query": "snte", "search": "1"}).get_data(as_text=True)
    assert "Delegación magisterial" in page and "Sindicato Nacional de Trabajadores" in page
    # Nothing chosen: a field error in Spanish, nothing saved.
    page = client.post("/es/registration/encuentro/", data={"name-es": "Delegación magisterial"}).get_data(as_text=True)
    assert "Elige al menos una organización" in page
    assert _one(app, Delegation) == []
    # A coalition: an existing organization and a new one proposed.
    response = client.post("/es/registration/encuentro/", data={
        "name-es": "Delegación magisterial", "organizations": [str(snte)],
        "new_org_name": "Colectivo de Maestras de Oaxaca", "new_org_country": "MX", "new_org_kind": "union"})
    assert response.status_code == 302
    delegation = _one(app, Delegation)[0]
    assert delegation.status == DRAFT and delegation.name["es"] == "Delegación magisterial"
    proposed = _one(app, Organization, Organization.verified.is_(False))[0]
    assert str(proposed.name) == "Colectivo de Maestras de Oaxaca"
    links = _one(app, DelegationOrganization, DelegationOrganization.delegation_id == delegation.id)
    assert {link.organization_id for link in links} == {snte, proposed.id}
    # Starting again leads to the same delegation.
    assert client.get("/es/registration/encuentro/").headers["Location"].endswith(f"/registration/d/{delegation.id}/")

    # A member with a bad field: errors in Spanish, everything typed kept.
    bad = MEMBER | {"organization_id": str(snte), "departure_date": "2027-03-01", "visa_letter": "y"}
    page = client.post(f"/es/registration/d/{delegation.id}/members/new", data=bad).get_data(as_text=True)
    assert "La salida no puede ser antes de la llegada." in page
    assert "el número de pasaporte" in page
    assert 'value="Rosa Martínez"' in page and 'value="Vegetariana"' in page
    assert _one(app, DelegationMember) == []
    response = client.post(f"/es/registration/d/{delegation.id}/members/new",
                           data=MEMBER | {"organization_id": str(snte)})
    assert response.status_code == 302
    member = _one(app, DelegationMember)[0]
    assert member.status == DRAFT and member.languages == ["es", "en"] and member.lodging_needed

    page = client.get(f"/es/registration/d/{delegation.id}/").get_data(as_text=True)
    assert "Rosa Martínez" in page and "Borrador" in page and "Revisar y enviar" in page
    page = client.get(f"/es/registration/d/{delegation.id}/review").get_data(as_text=True)
    assert "Enviar 1 integrante" in page
    response = client.post(f"/es/registration/d/{delegation.id}/submit")
    assert response.status_code == 302
    delegation = _one(app, Delegation)[0]
    assert delegation.status == SUBMITTED and delegation.submitted_at is not None
    messages = _mail(app)
    assert [m.template for m in messages] == ["delegations_received"]
    assert messages[0].recipient == "lupita@example.org" and messages[0].language == "es"
    assert "Recibimos" in messages[0].subject and "Rosa Martínez" in messages[0].body_text
    assert f"/es/registration/d/{delegation.id}/" in messages[0].body_text

    # Changes after submission are kept in the history.
    response = client.post(f"/es/registration/d/{delegation.id}/members/{member.id}/edit",
                           data=MEMBER | {"organization_id": str(snte), "dietary_needs": "Vegana"})
    assert response.status_code == 302
    events = _one(app, DelegationEvent, DelegationEvent.action == "member_updated")
    assert events[0].changes["dietary_needs"] == ["Vegetariana", "Vegana"]
    assert events[0].user_id == lead


def test_the_deadline_stops_changes(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening("late", change_deadline=utcnow() - timedelta(hours=1))
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "A"}], status="submitted")
    login_as(lead)
    page = client.get(f"/en/registration/d/{delegation}/").get_data(as_text=True)
    assert "The time for changes is over" in page and "Add a member" not in page
    response = client.post(f"/en/registration/d/{delegation}/members/new", data={"name": "B"})
    assert response.status_code == 302
    assert len(_one(app, DelegationMember)) == 1
    assert client.post(f"/en/registration/d/{delegation}/withdraw", data={"confirm": "yes"}).status_code == 302
    assert _one(app, Delegation)[0].status == "submitted"


def test_registration_closed_and_not_yet_open(app, client, make_user, make_convening, login_as):
    make_convening("closed", closes_at=utcnow() - timedelta(days=1))
    make_convening("soon", opens_at=utcnow() + timedelta(days=3))
    login_as(make_user())
    assert "Registration is closed." in client.get("/en/registration/closed/").get_data(as_text=True)
    assert "Registration opens on" in client.get("/en/registration/soon/").get_data(as_text=True)
    assert client.post("/en/registration/closed/", data={"name-en": "X", "new_org_name": "Y",
                                                          "new_org_country": "MX"}).status_code == 200
    assert _one(app, Delegation) == []


def test_max_members_per_delegation(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening(max_members=2, questions={"country": "off", "organization": "off"})
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "A"}, {"name": "B"}])
    login_as(lead)
    # told before the form, not after filling it in
    page = client.get(f"/en/registration/d/{delegation}/members/new", follow_redirects=True).get_data(as_text=True)
    assert "This delegation has its 2 members" in page and 'name="name"' not in page
    page = client.post(f"/en/registration/d/{delegation}/members/new", data={"name": "C"},
                       follow_redirects=True).get_data(as_text=True)
    assert "This delegation has its 2 members" in page
    assert len(_one(app, DelegationMember)) == 2


def test_questions_follow_the_settings(app, client, make_user, make_convening, make_delegation, login_as):
    questions = {"organization": "off", "country": "required", "dietary": "off", "travel_dates": "required",
                 "visa_letter": "off", "interpretation": "required"}
    convening = make_convening(questions=questions, interpretation_languages=["en", "es", "fr"])
    lead = make_user()
    delegation = make_delegation(convening, lead)
    login_as(lead)
    page = client.get(f"/en/registration/d/{delegation}/members/new").get_data(as_text=True)
    assert 'name="dietary_needs"' not in page and 'name="passport_number"' not in page
    assert 'name="organization_id"' not in page and 'value="fr"' in page
    page = client.post(f"/en/registration/d/{delegation}/members/new",
                       data={"name": "X", "listen_language": "pt"}).get_data(as_text=True)
    assert page.count("This is required.") >= 3  # country, arrival, departure, speaks in
    assert "Interpretation is offered in: English, Spanish, and French." in page
    assert _one(app, DelegationMember) == []


def _csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return io.BytesIO(out.getvalue().encode("utf-8"))


def test_import_csv_all_or_nothing_reports_every_bad_row(app, client, make_user, make_convening, make_organization,
                                                         make_delegation, login_as):
    convening = make_convening()
    org = make_organization("United Teachers Los Angeles", acronym="UTLA", country="US")
    lead = make_user(language="es")
    delegation = make_delegation(convening, lead, organization_ids=[org])
    login_as(lead)
    broken = _csv([
        ["nombre", "correo", "organización", "país", "idiomas", "llegada", "salida", "hospedaje"],
        ["Ana", "ana@example.org", "UTLA", "Estados Unidos", "inglés, español", "2027-03-10", "2027-03-12", "sí"],
        ["", "x@example.org", "UTLA", "US", "", "", "", ""],
        ["Beto", "not-an-email", "Teamsters", "Narnia", "klingon", "2027-13-01", "", "maybe"],
    ])
    response = client.post(f"/es/registration/d/{delegation}/import",
                           data={"file": (broken, "miembros.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "No se importó nada" in page
    assert "Fila 3:" in page and "Fila 4:" in page and "Fila 2:" not in page
    assert "Teamsters" in page and "Narnia" in page and "klingon" in page and "maybe" in page
    assert _one(app, DelegationMember) == []

    good = _csv([
        ["name", "email", "organization", "country", "languages", "listens in", "arrival", "departure", "lodging",
         "visa letter", "name as in passport", "nationality", "passport number"],
        ["Ana", "ana@example.org", "UTLA", "US", "en, es", "English", "2027-03-10", "2027-03-12", "yes", "no", "", "", ""],
        ["Carlos", "", "united teachers los angeles", "Mexico", "es", "es", "", "", "no", "yes", "CARLOS RUIZ", "MX", "X1"],
    ])
    response = client.post(f"/es/registration/d/{delegation}/import", data={"file": (good, "m.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    members = sorted(_one(app, DelegationMember), key=lambda m: m.name)
    assert [m.name for m in members] == ["Ana", "Carlos"]
    assert members[0].organization_id == org and members[0].languages == ["en", "es"] and members[0].lodging_needed
    assert members[0].listen_language == "en" and members[1].country == "MX" and members[1].passport_number == "X1"
    assert all(m.status == DRAFT for m in members)


def test_import_xlsx_and_damaged_files(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening(questions={"organization": "off"})
    lead = make_user()
    delegation = make_delegation(convening, lead)
    login_as(lead)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Country", "Arrival"])
    sheet.append(["Dana", "CA", __import__("datetime").datetime(2027, 3, 9)])
    sheet.append(["Eve", "Canada", None])
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    response = client.post(f"/en/registration/d/{delegation}/import", data={"file": (out, "members.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    members = sorted(_one(app, DelegationMember), key=lambda m: m.name)
    assert [(m.name, m.country, str(m.arrival_date)) for m in members] == [("Dana", "CA", "2027-03-09"), ("Eve", "CA", "None")]
    page = client.post(f"/en/registration/d/{delegation}/import", data={"file": (io.BytesIO(b"garbage"), "x.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "not a readable XLSX spreadsheet" in page
    page = client.post(f"/en/registration/d/{delegation}/import", data={"file": (io.BytesIO(b"a,b"), "x.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Upload a .csv or .xlsx file." in page
    assert len(_one(app, DelegationMember)) == 2


def test_withdraw_a_member_and_the_whole_delegation(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening()
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "A"}, {"name": "B"}], status="confirmed")
    login_as(lead)
    a, b = sorted(_one(app, DelegationMember), key=lambda m: m.name)
    assert client.post(f"/en/registration/d/{delegation}/members/{a.id}/withdraw", data={"confirm": "yes"}).status_code == 302
    assert {m.name: m.status for m in _one(app, DelegationMember)} == {"A": WITHDRAWN, "B": CONFIRMED}
    assert _one(app, Delegation)[0].status == CONFIRMED
    assert "Withdraw" in client.get(f"/en/registration/d/{delegation}/withdraw").get_data(as_text=True)
    assert client.post(f"/en/registration/d/{delegation}/withdraw", data={"confirm": "yes"}).status_code == 302
    assert _one(app, Delegation)[0].status == WITHDRAWN
    assert {m.status for m in _one(app, DelegationMember)} == {WITHDRAWN}
    actions = [e.action for e in _one(app, DelegationEvent)]
    assert "member_withdrawn" in actions and "withdrawn" in actions


def test_member_invitation_to_complete_and_confirm_details(app, client, make_user, make_convening, make_delegation,
                                                           login_as):
    convening = make_convening(questions={"organization": "off", "country": "required"})
    lead = make_user()
    make_user("maria@example.org", language="es")  # the member has an account in Spanish
    delegation = make_delegation(convening, lead, [{"name": "María", "email": "maria@example.org"}])
    login_as(lead)
    member = _one(app, DelegationMember)[0]
    assert client.post(f"/en/registration/d/{delegation}/members/{member.id}/invite").status_code == 302
    message = [m for m in _mail(app) if m.template == "delegations_invitation"][0]
    assert message.recipient == "maria@example.org" and message.language == "es"
    url = re.search(r"http://\S+/invitation/\S+", message.body_text).group(0)
    path = url.split("localhost", 1)[1]
    assert path.startswith("/es/")
    client.post("/en/account/logout")
    other = app.test_client()  # no account needed
    page = other.get(path).get_data(as_text=True)
    assert "María" in page and "Confirmar mis datos" in page
    page = other.post(path, data={"name": "María Pérez"}).get_data(as_text=True)
    assert "Esto es obligatorio." in page
    assert other.post(path, data={"name": "María Pérez", "country": "MX"}).status_code == 302
    member = _one(app, DelegationMember)[0]
    assert member.name == "María Pérez" and member.country == "MX" and member.confirmed_by_member_at
    assert member.email == "maria@example.org"  # the member cannot change the address invited
    events = _one(app, DelegationEvent, DelegationEvent.action == "member_self_confirmed")
    assert events[0].actor_name == "María Pérez"
    # A new invitation replaces the old link.
    login_as(lead)
    client.post(f"/en/registration/d/{delegation}/members/{member.id}/invite")
    assert other.get(path).status_code == 404
    assert other.get("/en/registration/invitation/forged-token").status_code == 404


@pytest.mark.parametrize("lang", ["en", "es"])
def test_pages_have_no_untranslated_interface(app, client, world, login_as, lang):
    login_as(world.lead)
    for url in [f"/{lang}/registration/d/{world.delegation}/", f"/{lang}/registration/d/{world.delegation}/members/new",
                f"/{lang}/registration/d/{world.delegation}/import"]:
        assert client.get(url).status_code == 200
    if lang == "es":
        page = client.get(f"/es/registration/d/{world.delegation}/members/new").get_data(as_text=True)
        for english in ("Full name", "Needs lodging", "Languages spoken", "Save and add another", "Back to the"):
            assert english not in page
        assert RegistrationSettings  # imported for the settings-based fixtures


def test_proposing_an_organization_needs_its_country(app, client, make_user, make_convening, login_as):
    make_convening("c")
    login_as(make_user())
    page = client.post("/en/registration/c/", data={"name-en": "D", "new_org_name": "New Union"}).get_data(as_text=True)
    assert "Choose the country of the new organization." in page and 'value="New Union"' in page
    assert _one(app, Delegation) == []


@pytest.mark.parametrize("status, text", [("published", "Registration is not open yet."),
                                          ("registration_closed", "Registration is closed."),
                                          ("past", "Registration is closed.")])
def test_the_convenings_status_opens_and_closes_registration(app, client, make_user, make_convening,
                                                              make_delegation, login_as, status, text):
    convening = make_convening("c", status=status)
    lead = make_user()
    login_as(lead)
    assert text in client.get("/en/registration/c/").get_data(as_text=True)
    # A draft cannot be completed once registration is closed; a submitted delegation still can.
    draft = make_delegation(convening, make_user(), [{"name": "A"}])
    submitted = make_delegation(convening, lead, [{"name": "B"}], status="submitted")
    assert "Add a member" in client.get(f"/en/registration/d/{submitted}/").get_data(as_text=True)
    with app.app_context():
        from organizer.delegations import services

        delegation = db.session.get(Delegation, draft)
        assert not services.changes_allowed(delegation, services.get_settings(convening))


def test_anonymous_visitors_of_a_closed_registration_are_told_so(app, client, make_convening):
    make_convening("old", status="past")
    page = client.get("/es/registration/old/").get_data(as_text=True)
    assert "El registro está cerrado." in page and "Crear una cuenta" not in page
