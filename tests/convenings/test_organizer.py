"""Organizer pages: create, edit, copy, participants, organizers; who may use them; bad input."""
from __future__ import annotations

import pytest

from organizer.convenings.models import Convening, ConveningGoal, ConveningOrganization, ConveningOrganizer, ConveningPerson
from organizer.extensions import db


def text(response) -> str:
    return response.get_data(as_text=True)


FORM = {
    "title-en": "Tijuana convening 2027", "title-es": "Encuentro de Tijuana 2027",
    "subtitle-en": "Maquiladora workers", "subtitle-es": "Trabajadoras de la maquila",
    "kind": "binational", "status": "published", "countries": ["US", "MX"],
    "city-en": "Tijuana", "city-es": "Tijuana", "country": "MX", "timezone": "America/Tijuana",
    "start": "2027-03", "end": "",
    "goals-0-text-en": "First goal", "goals-0-text-es": "Primer objetivo",
    "goals-1-text-en": "", "goals-1-text-es": "",
    "goals-2-text-en": "Second goal", "goals-2-text-es": "Segundo objetivo",
}


def get_convening(app, slug):
    with app.app_context():
        c = db.session.scalar(db.select(Convening).where(Convening.slug == slug))
        goals = list(db.session.scalars(db.select(ConveningGoal).where(ConveningGoal.convening_id == c.id)
                                        .order_by(ConveningGoal.position))) if c else []
        db.session.expunge_all()
        return c, goals


# --------------------------------------------------------------------------------- who may

@pytest.mark.parametrize("path", ["/en/convenings/new", "/en/convenings/la-2013/edit", "/en/convenings/la-2013/copy",
                                  "/en/convenings/la-2013/participants", "/en/convenings/la-2013/organizers"])
def test_anonymous_is_sent_to_log_in(client, archive, path):
    response = client.get(path)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/en/convenings/new", "/en/convenings/la-2013/edit", "/en/convenings/la-2013/copy",
                                  "/en/convenings/la-2013/participants", "/en/convenings/la-2013/organizers"])
def test_plain_user_is_refused(client, archive, login_as, make_user, path):
    login_as(make_user())
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("method, path", [
    ("get", "/en/convenings/la-2013/edit"), ("post", "/en/convenings/la-2013/edit"),
    ("get", "/en/convenings/la-2013/participants"),
    ("post", "/en/convenings/la-2013/participants/organizations"),
    ("post", "/en/convenings/la-2013/participants/people"),
    ("get", "/en/convenings/la-2013/organizers"),
    ("get", "/en/convenings/secret-draft/edit"),
])
def test_organizer_of_another_convening_is_refused(client, archive, login_as, method, path):
    login_as(archive["other_organizer"])
    assert getattr(client, method)(path, data={"organization": "fat", "role": "host"}).status_code == 403


def test_removing_participants_needs_the_organizer(app, client, archive, login_as):
    with app.app_context():
        row = db.session.scalar(db.select(ConveningOrganization).where(ConveningOrganization.convening_id == archive["la"]))
        person_row = db.session.scalar(db.select(ConveningPerson).where(ConveningPerson.convening_id == archive["la"]))
        row_id, person_row_id = row.id, person_row.id
    login_as(archive["other_organizer"])
    assert client.post(f"/en/convenings/la-2013/participants/organizations/{row_id}/remove").status_code == 403
    assert client.post(f"/en/convenings/la-2013/participants/people/{person_row_id}/remove").status_code == 403
    with app.app_context():
        assert db.session.get(ConveningOrganization, row_id) is not None


def test_a_convening_organizer_may_create_another(client, archive, login_as):
    login_as(archive["organizer"])
    assert client.get("/en/convenings/new").status_code == 200


# --------------------------------------------------------------------------------- create and edit

def test_admin_creates_a_convening_and_becomes_its_organizer(app, client, archive, login_as, make_user):
    admin = make_user(admin=True)
    login_as(admin)
    form_page = text(client.get("/es/convenings/new"))
    assert 'name="title-en"' in form_page and 'name="title-es"' in form_page  # side by side
    assert "Nuevo encuentro" in form_page
    response = client.post("/es/convenings/new", data=FORM)
    assert response.status_code == 302
    slug = response.headers["Location"].split("/convenings/")[1].strip("/")
    convening, goals = get_convening(app, slug)
    assert convening.title == {"en": "Tijuana convening 2027", "es": "Encuentro de Tijuana 2027"}
    assert convening.start_precision == "month" and convening.start_date.isoformat() == "2027-03-01"
    assert convening.end_date is None
    assert [g.text["es"] for g in goals] == ["Primer objetivo", "Segundo objetivo"]
    assert "tijuana" in convening.search_text and "mexico" in convening.search_text
    with app.app_context():
        assert db.session.get(ConveningOrganizer, (convening.id, admin)) is not None
    page = text(client.get(f"/es/convenings/{slug}/"))
    assert "marzo de 2027" in page and "Primer objetivo" in page


def test_bad_input_shows_field_errors_and_keeps_what_was_typed(app, client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    data = {**FORM, "title-en": "", "title-es": "", "start": "March 2027", "end": "2026", "kind": "party",
            "subtitle-es": "Texto que no se pierde"}
    response = client.post("/es/convenings/new", data=data)
    assert response.status_code == 200
    body = text(response)
    assert "Escribe la fecha como AAAA, AAAA-MM o AAAA-MM-DD" in body
    assert "Llena este campo al menos en un idioma." in body  # the title needs a language
    assert 'value="March 2027"' in body and "Texto que no se pierde" in body and "Primer objetivo" in body
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Convening)) == 5


def test_end_before_start_is_refused(client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    body = text(client.post("/en/convenings/new", data={**FORM, "start": "2027-03-05", "end": "2027-03-01"}))
    assert "The end is before the start." in body


def test_organizer_edits_goals_in_order_and_takes_the_record_from_the_seeds(app, client, archive, login_as):
    with app.app_context():
        c = db.session.get(Convening, archive["la"])
        c.origin = "seed"
        db.session.commit()
    login_as(make := archive["organizer"])  # noqa: F841
    with app.app_context():
        db.session.add(ConveningOrganizer(convening_id=archive["la"], user_id=archive["organizer"]))
        db.session.commit()
    page = text(client.get("/en/convenings/la-2013/edit"))
    assert 'value="2013-12-02"' in page and "Learn from the networks" in page
    assert "archive files" in page
    data = {**FORM, "title-en": "LA 2013", "title-es": "LA 2013", "start": "2013-12-02", "end": "2013-12-03",
            "status": "past",
            "goals-0-text-en": "Build solidarity", "goals-0-text-es": "Construir solidaridad",
            "goals-1-text-en": "Learn", "goals-1-text-es": "Aprender", "goals-2-text-en": "", "goals-2-text-es": ""}
    response = client.post("/en/convenings/la-2013/edit", data=data)
    assert response.status_code == 302
    convening, goals = get_convening(app, "la-2013")
    assert [g.text["en"] for g in goals] == ["Build solidarity", "Learn"]
    assert convening.origin == "app" and convening.end_precision == "day"


def test_copy_takes_hosts_goals_and_place_but_not_dates_or_status(app, client, archive, login_as):
    login_as(archive["organizer"])
    page = text(client.get("/en/convenings/la-2013/copy"))
    assert "Learn from the networks" in page and 'value="2013-12-02"' not in page
    data = {k: v for k, v in FORM.items() if not k.startswith("goals")}
    data.update({"title-en": "Los Angeles 2028", "title-es": "Los Ángeles 2028", "start": "2028-05", "status": "draft",
                 "goals-0-text-en": "Learn from the networks", "goals-0-text-es": "Aprender de las redes"})
    response = client.post("/en/convenings/la-2013/copy", data=data)
    assert response.status_code == 302
    slug = response.headers["Location"].split("/convenings/")[1].strip("/")
    convening, goals = get_convening(app, slug)
    assert convening.status == "draft" and convening.start_date.year == 2028
    assert [g.text["es"] for g in goals] == ["Aprender de las redes"]
    with app.app_context():
        roles = sorted(db.session.execute(db.select(ConveningOrganization.role).where(
            ConveningOrganization.convening_id == convening.id)).scalars())
        assert roles == ["co_host", "host"]  # hosts copied; participants are not
        assert db.session.get(ConveningOrganizer, (convening.id, archive["organizer"])) is not None


def test_copy_of_a_draft_is_404_for_others(client, archive, login_as):
    login_as(archive["organizer"])
    assert client.get("/en/convenings/other-draft/copy").status_code == 404


# --------------------------------------------------------------------------------- participants

@pytest.fixture
def organizer_of_la(app, archive, login_as):
    with app.app_context():
        db.session.add(ConveningOrganizer(convening_id=archive["la"], user_id=archive["organizer"]))
        db.session.commit()
    return login_as(archive["organizer"])


def test_participants_page_finds_and_adds_organizations_and_people(app, client, archive, organizer_of_la):
    page = text(client.get("/es/convenings/la-2013/participants?q_org=gates"))
    assert "Fundación Gates" in page and 'value="gates"' in page
    response = client.post("/es/convenings/la-2013/participants/organizations", data={"organization": "gates", "role": "funder"})
    assert response.status_code == 302
    response = client.post("/es/convenings/la-2013/participants/people",
                           data={"person": "ana-lopez", "role": "moderator", "organization": "fat"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(ConveningOrganization).where(
            ConveningOrganization.convening_id == archive["la"], ConveningOrganization.role == "funder")).origin == "app"
        row = db.session.scalar(db.select(ConveningPerson).where(
            ConveningPerson.convening_id == archive["la"], ConveningPerson.role == "moderator"))
        assert row.organization_id == archive["fat"]
        row_id = row.id
    assert client.post(f"/es/convenings/la-2013/participants/people/{row_id}/remove").status_code == 302
    with app.app_context():
        assert db.session.get(ConveningPerson, row_id) is None


def test_participants_bad_input_names_the_field(client, archive, organizer_of_la):
    response = client.post("/es/convenings/la-2013/participants/organizations", data={"organization": "nope", "role": "host"})
    assert response.status_code == 200  # the form again, with the error by its field
    assert "No hay ninguna organización con este nombre corto." in text(response)
    response = client.post("/es/convenings/la-2013/participants/people",
                           data={"person": "nobody", "role": "speaker", "organization": ""})
    assert response.status_code == 200 and "No hay ninguna persona" in text(response)


def test_a_row_of_another_convening_cannot_be_removed_through_this_one(app, client, archive, organizer_of_la):
    with app.app_context():
        other = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2024"))
        row = db.session.scalar(db.select(ConveningOrganization).where(ConveningOrganization.convening_id == other.id))
        row_id = row.id
    assert client.post(f"/en/convenings/la-2013/participants/organizations/{row_id}/remove").status_code == 404


# --------------------------------------------------------------------------------- organizers

def test_admin_adds_organizers_by_email(app, client, archive, login_as, make_user):
    newcomer = make_user("newcomer@example.org", name="Rosa Newcomer")
    login_as(make_user(admin=True))
    response = client.post("/es/convenings/la-2013/organizers", data={"email": "nobody@example.org"})
    assert response.status_code == 200 and "Ninguna cuenta usa este correo" in text(response)
    assert 'value="nobody@example.org"' in text(response)
    assert client.post("/es/convenings/la-2013/organizers", data={"email": "Newcomer@Example.org"}).status_code == 302
    assert "Rosa Newcomer" in text(client.get("/es/convenings/la-2013/organizers"))
    with app.app_context():
        assert db.session.get(ConveningOrganizer, (archive["la"], newcomer)) is not None
    assert client.post(f"/es/convenings/la-2013/organizers/{newcomer}/remove").status_code == 302
    with app.app_context():
        assert db.session.get(ConveningOrganizer, (archive["la"], newcomer)) is None


def test_organizers_cannot_add_or_remove_organizers(app, client, archive, organizer_of_la, make_user):
    other = make_user("someone@example.org")
    assert client.get("/en/convenings/la-2013/organizers").status_code == 200
    assert client.post("/en/convenings/la-2013/organizers", data={"email": "someone@example.org"}).status_code == 403
    assert client.post(f"/en/convenings/la-2013/organizers/{archive['organizer']}/remove").status_code == 403
    with app.app_context():
        assert db.session.get(ConveningOrganizer, (archive["la"], other)) is None


def test_goals_are_reordered_by_their_position_numbers(app, client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    data = {**FORM, "goals-0-position": "3", "goals-2-position": "1",
            "goals-3-text-en": "Third typed", "goals-3-text-es": "Tercero escrito", "goals-3-position": "2"}
    response = client.post("/en/convenings/new", data=data)
    assert response.status_code == 302
    slug = response.headers["Location"].split("/convenings/")[1].strip("/")
    _, goals = get_convening(app, slug)
    assert [g.text["en"] for g in goals] == ["Second goal", "Third typed", "First goal"]
    body = text(client.post("/es/convenings/new", data={**FORM, "goals-0-position": "cero"}))
    assert "Escribe un número del 1 al 99." in body and 'value="cero"' in body
