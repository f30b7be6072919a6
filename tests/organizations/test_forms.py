"""Organizer forms for organizations: who may, duplicates, bad input."""
from __future__ import annotations

import pytest

from organizer.extensions import db
from organizer.organizations.models import Organization, organization_networks


def text(response) -> str:
    return response.get_data(as_text=True)


FORM = {"name-en": "Miners Union of Sonora", "name-es": "Sindicato Minero de Sonora", "acronym-en": "SMS",
        "acronym-es": "SMS", "country": "MX", "kind": "union", "sectors": ["mining"], "parent_slug": "fat",
        "website": "https://example.org/sms", "description-en": "", "description-es": ""}


@pytest.mark.parametrize("path", ["/en/organizations/new", "/en/organizations/fat/edit"])
def test_anonymous_goes_to_log_in_and_plain_users_are_refused(client, archive, login_as, make_user, path):
    response = client.get(path)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.post(path, data=FORM).status_code == 302
    login_as(make_user())
    assert client.get(path).status_code == 403
    assert client.post(path, data=FORM).status_code == 403


def test_organizer_creates_an_organization(app, client, archive, login_as):
    login_as(archive["organizer"])
    form = text(client.get("/es/organizations/new"))
    assert 'name="name-en"' in form and 'name="name-es"' in form and "Nueva organización" in form
    response = client.post("/es/organizations/new", data={**FORM, "member_of": []})
    assert response.status_code == 302, text(response)
    with app.app_context():
        org = db.session.scalar(db.select(Organization).where(Organization.slug == "sms"))
        assert org.name["es"] == "Sindicato Minero de Sonora" and org.sectors == ["mining"]
        assert org.parent_id == archive["fat"] and org.origin == "app"
        assert "mineros" in org.search_text and "miners" in org.search_text
    assert "Sindicato Minero de Sonora" in text(client.get("/es/organizations/sms/"))


@pytest.mark.parametrize("changes", [
    {"name-en": "AUTHENTIC labor front", "name-es": "", "acronym-en": "", "acronym-es": ""},  # same name, case
    {"name-en": "Something else", "name-es": "Frente Autentico del Trabajo", "acronym-en": "", "acronym-es": ""},  # accents
    {"name-en": "Another federation", "name-es": "Otra federación", "acronym-en": "fat", "acronym-es": ""},  # acronym
])
def test_duplicates_in_the_same_country_are_caught_with_a_link(app, client, archive, login_as, changes):
    login_as(archive["organizer"])
    response = client.post("/es/organizations/new", data={**FORM, "parent_slug": "", **changes})
    assert response.status_code == 400
    body = text(response)
    assert "Parece que esta organización ya está en el directorio" in body
    assert 'href="/es/organizations/fat/"' in body
    assert "Ya existe en este país una organización con este nombre o estas siglas." in body
    assert f'value="{changes["name-en"]}"' in body  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 7


def test_same_name_in_another_country_is_not_a_duplicate(app, client, archive, login_as):
    login_as(archive["organizer"])
    response = client.post("/en/organizations/new", data={**FORM, "parent_slug": "", "country": "US", "name-en": "Authentic Labor Front",
                                                            "name-es": "", "acronym-en": "FAT", "acronym-es": ""})
    assert response.status_code == 302


def test_bad_input_shows_field_errors(app, client, archive, login_as):
    login_as(archive["organizer"])
    response = client.post("/es/organizations/new", data={**FORM, "name-en": "", "name-es": "", "country": "",
                                                            "kind": "guild", "website": "example dot org",
                                                            "parent_slug": "nobody", "acronym-en": "XYZ"})
    assert response.status_code == 400
    body = text(response)
    assert "Llena este campo al menos en un idioma." in body
    assert "Elige un país." in body
    assert "Escribe una dirección web completa" in body
    assert 'value="example dot org"' in body and 'value="XYZ"' in body


def test_unknown_parent_is_a_field_error(client, archive, login_as):
    login_as(archive["organizer"])
    body = text(client.post("/es/organizations/new", data={**FORM, "parent_slug": "nobody"}))
    assert "No hay ninguna organización con este nombre corto." in body


def test_edit_keeps_its_own_name_and_sets_networks(app, client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    page = text(client.get("/en/organizations/fat/edit"))
    assert 'value="Authentic Labor Front"' in page and '<input checked id="sectors-3" name="sectors" type="checkbox" value="auto">' in page
    with app.app_context():
        tnsa_id = db.session.scalar(db.select(Organization.id).where(Organization.slug == "tnsa"))
    data = {"name-en": "Authentic Labor Front", "name-es": "Frente Auténtico del Trabajo", "acronym-en": "FAT",
            "acronym-es": "FAT", "country": "MX", "kind": "federation", "sectors": ["auto", "education"],
            "member_of": [str(tnsa_id)], "parent_slug": "", "website": ""}
    response = client.post("/en/organizations/fat/edit", data=data)
    assert response.status_code == 302, text(response)
    with app.app_context():
        fat = db.session.get(Organization, archive["fat"])
        assert fat.sectors == ["auto", "education"]
        assert list(db.session.execute(db.select(organization_networks.c.network_id).where(
            organization_networks.c.organization_id == fat.id)).scalars()) == [tnsa_id]


def test_an_organization_cannot_be_its_own_parent(client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    data = {"name-en": "Authentic Labor Front", "country": "MX", "kind": "federation", "parent_slug": "fat"}
    body = text(client.post("/en/organizations/fat/edit", data=data))
    assert "An organization cannot be its own parent." in body


def test_people_forms_need_an_organizer(client, archive, login_as, make_user):
    assert client.get("/en/people/new").status_code == 302
    login_as(make_user())
    assert client.get("/en/people/new").status_code == 403
    assert client.post("/en/people/ana-lopez/edit", data={"name": "X"}).status_code == 403


def test_organizer_records_a_person_with_duplicate_check(app, client, archive, login_as):
    from organizer.organizations.models import Affiliation, Person

    login_as(archive["organizer"])
    data = {"name": "ana lopez", "country": "MX", "is_public": "y", "organization": "fat",
            "title-en": "Delegate", "title-es": "Delegada", "as_of": "2027"}
    response = client.post("/es/people/new", data=data)
    assert response.status_code == 400
    body = text(response)
    assert 'href="/es/people/ana-lopez/"' in body and 'value="ana lopez"' in body
    response = client.post("/es/people/new?back=/es/convenings/la-2013/participants", data={**data, "confirm_duplicate": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/es/convenings/la-2013/participants"
    with app.app_context():
        person = db.session.scalar(db.select(Person).where(Person.slug == "ana-lopez-2"))
        assert person.is_public and person.origin == "app"
        aff = db.session.scalar(db.select(Affiliation).where(Affiliation.person_id == person.id))
        assert aff.title["es"] == "Delegada" and aff.as_of == "2027"
    assert client.post("/es/people/new", data={**data, "name": "Luz", "as_of": "ayer"}).status_code == 400


def test_private_people_are_seen_by_organizers_only(client, archive, login_as):
    assert client.get("/en/people/private-person/").status_code == 404
    login_as(archive["organizer"])
    body = text(client.get("/en/people/private-person/"))
    assert "No public page" in body
