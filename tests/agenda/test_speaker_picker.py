"""Issue 15 item 4: the speaker picker never lists the whole archive, finds people by name or
organization (accents ignored), adds a new person inline (no JavaScript), and takes organizations
by name or acronym, never an internal code."""
from __future__ import annotations

import re

from organizer.agenda.models import Session
from organizer.extensions import db
from organizer.organizations.models import Affiliation, Organization, Person

from .conftest import local, session_form

BASE = "/en/convenings/la-2013/agenda/manage"


def _options(page, row=0):
    select = re.search(rf'<select[^>]*name="people-{row}-person".*?</select>', page, re.S).group(0)
    return re.findall(r">([^<]+)</option>", select)


def _selected(page, name):
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select)
    return found and (found.group(1) or found.group(2))


def _archive(app, world):
    from organizer.convenings.models import ConveningPerson

    with app.app_context():
        db.session.add(Person(slug="a-politician", name="A. Politician From Clippings", is_public=True))
        db.session.add(ConveningPerson(convening_id=world.convening, person_id=world.cam, role="participant"))
        db.session.add(Organization(slug="seiu-721", name={"en": "SEIU Local 721", "es": "SEIU Local 721"},
                                    acronym={"en": "SEIU 721", "es": "SEIU 721"}, country="US", kind="union"))
        db.session.commit()
        for model in (Person, Organization):
            for row in db.session.scalars(db.select(model)):
                row.refresh_search_text()
        db.session.commit()


def test_before_a_search_only_this_conventions_people_are_offered(client, app, world, login_as, add_session):
    _archive(app, world)
    add_session("Existing", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), people=[(world.bob, None, "speaker")])
    login_as(world.organizer)
    names = _options(client.get(f"{BASE}/sessions/new").get_data(as_text=True))
    assert "Camille Roy" in names  # on the participants list
    assert "Bob Smith" in names  # already speaks at this convening
    assert "A. Politician From Clippings" not in names and "Ana López" not in names
    # found by a search (accents ignored), then offered
    page = client.post(f"{BASE}/sessions/new", data=session_form(find_person="POLITICIAN", search_people="1")).get_data(as_text=True)
    assert "A. Politician From Clippings" in _options(page)
    page = client.post(f"{BASE}/sessions/new", data=session_form(find_person="lopez", search_people="1")).get_data(as_text=True)
    assert _options(page)[1:] == ["Ana López"]


def test_add_a_new_person_inline_with_an_organization_by_acronym(client, app, world, login_as):
    _archive(app, world)
    login_as(world.organizer)
    typed = session_form(**{"title-en": "Kept title", "find_person": "Rosa Martínez"})
    page = client.post(f"{BASE}/sessions/new", data={**typed, "search_people": "1"}).get_data(as_text=True)
    assert "Nobody found" in page and 'value="Rosa Martínez"' in page  # offered as the new person's name
    # unknown organization: a field error, nothing recorded, everything typed kept
    response = client.post(f"{BASE}/sessions/new", data={**typed, "add_person": "1", "new_person_name": "Rosa Martínez",
                                                         "new_person_organization": "seiu-999"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "No organization has this name or acronym" in page and "Kept title" in page
    with app.app_context():
        assert db.session.scalar(db.select(Person).where(Person.name == "Rosa Martínez")) is None
    # by acronym, as people write it
    response = client.post(f"{BASE}/sessions/new", data={**typed, "add_person": "1", "new_person_name": "Rosa Martínez",
                                                         "new_person_organization": "seiu 721"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Rosa Martínez is recorded" in page
    with app.app_context():
        rosa = db.session.scalar(db.select(Person).where(Person.name == "Rosa Martínez"))
        seiu = db.session.scalar(db.select(Organization).where(Organization.slug == "seiu-721"))
        assert db.session.scalar(db.select(Affiliation.organization_id).where(Affiliation.person_id == rosa.id)) == seiu.id
        assert db.session.scalar(db.select(db.func.count()).select_from(Session)) == 0  # not saved yet
    assert _selected(page, "people-0-person") == str(rosa.id)
    assert _selected(page, "people-0-organization") == str(seiu.id)
    # then saving the session keeps her
    data = {**typed, "people-0-person": str(rosa.id), "people-0-organization": str(seiu.id)}
    assert client.post(f"{BASE}/sessions/new", data=data).status_code == 302
    with app.app_context():
        from organizer.agenda.models import SessionPerson

        rows = db.session.execute(db.select(SessionPerson.person_id, SessionPerson.organization_id)).all()
        assert [tuple(r) for r in rows] == [(rosa.id, seiu.id)]


def test_adding_someone_already_recorded_asks_first(client, app, world, login_as):
    login_as(world.organizer)
    data = session_form(add_person="1", new_person_name="ana lopez", new_person_organization="Frente Autentico del Trabajo")
    page = client.post(f"{BASE}/sessions/new", data=data).get_data(as_text=True)
    assert "Someone with this name is already recorded" in page and 'name="new_person_confirm"' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 3
    page = client.post(f"{BASE}/sessions/new", data={**data, "new_person_confirm": "y"}).get_data(as_text=True)
    assert "ana lopez is recorded" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 4


def test_the_person_form_takes_an_organization_by_name_or_acronym(client, app, world, login_as, make_user):
    _archive(app, world)
    login_as(make_user("admin2@example.org", admin=True))
    for typed, slug in (("SEIU 721", "seiu-721"), ("frente autentico del trabajo", "fat"), ("FAT", "fat")):
        name = f"Worker {slug} {len(typed)}"
        response = client.post("/en/people/new", data={"name": name, "country": "US", "organization": typed})
        assert response.status_code == 302, response.get_data(as_text=True)
        with app.app_context():
            person = db.session.scalar(db.select(Person).where(Person.name == name))
            org = db.session.scalar(db.select(Organization.slug).join(Affiliation, Affiliation.organization_id == Organization.id)
                                    .where(Affiliation.person_id == person.id))
            assert org == slug
    response = client.post("/en/people/new", data={"name": "Nobody", "country": "US", "organization": "No such union"})
    assert response.status_code == 400 and "No organization has this name or acronym" in response.get_data(as_text=True)
