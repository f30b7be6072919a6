"""Issue 15 item 5: addresses are chosen once, readable, editable by organizers, and old ones redirect."""
from __future__ import annotations

from organizer.convenings.models import Convening, ConveningOrganizer
from organizer.extensions import db
from organizer.platform.slugs import slugify

from .test_organizer import FORM, get_convening, text


def test_a_title_with_its_year_does_not_repeat_the_year(app, client, archive, login_as):
    login_as(archive["organizer"])
    response = client.post("/en/convenings/new", data={**FORM, "start": "2027-03"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/convenings/tijuana-convening-2027/")
    # Editing the title keeps the address.
    response = client.post("/en/convenings/tijuana-convening-2027/edit",
                           data={**FORM, "title-en": "Tijuana convening 2028", "start": "2028-03"})
    assert response.headers["Location"].endswith("/en/convenings/tijuana-convening-2027/")


def test_a_long_slug_is_cut_between_words():
    slug = slugify("Declaration of the Trinational Conference on Workers' Rights and Democracy", max_length=40)
    assert slug == "declaration-of-the-trinational"
    assert slugify("Supercalifragilisticexpialidocious", max_length=10) == "supercalif"


def _organize(app, archive):
    with app.app_context():
        db.session.add(ConveningOrganizer(convening_id=archive["la"], user_id=archive["organizer"]))
        db.session.commit()


def _edit_data(**extra):
    return {**FORM, "title-en": "LA 2013", "title-es": "LA 2013", "start": "2013-12-02", "end": "2013-12-03",
            "status": "past", **extra}


def test_organizers_edit_the_address_and_old_addresses_redirect(app, client, archive, login_as):
    _organize(app, archive)
    login_as(archive["organizer"])
    page = text(client.get("/en/convenings/la-2013/edit"))
    assert 'name="slug"' in page and 'value="la-2013"' in page
    response = client.post("/en/convenings/la-2013/edit", data=_edit_data(slug="los-angeles-2013"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/convenings/los-angeles-2013/")
    convening, _goals = get_convening(app, "los-angeles-2013")
    assert convening is not None
    # The old address, and the pages under it, redirect permanently to the new one.
    old = client.get("/es/convenings/la-2013/")
    assert old.status_code == 301 and old.headers["Location"].endswith("/es/convenings/los-angeles-2013/")
    agenda = client.get("/en/convenings/la-2013/agenda/?track=x")
    assert agenda.status_code == 301
    assert agenda.headers["Location"].endswith("/en/convenings/los-angeles-2013/agenda/?track=x")
    assert client.get("/en/convenings/never-was/").status_code == 404
    # Back to the first address: it is the convening's again, and no loop.
    response = client.post("/en/convenings/los-angeles-2013/edit", data=_edit_data(slug="la-2013"))
    assert response.status_code == 302
    assert client.get("/en/convenings/la-2013/").status_code == 200
    assert client.get("/en/convenings/los-angeles-2013/").status_code == 301


def test_a_bad_or_taken_address_is_refused_on_its_field(app, client, archive, login_as):
    _organize(app, archive)
    login_as(archive["organizer"])
    for value, message in (("Los Ángeles!", "lowercase"), ("la-2024", "already"), ("x" * 200, "lowercase")):
        response = client.post("/en/convenings/la-2013/edit", data=_edit_data(slug=value))
        page = text(response)
        assert response.status_code == 200 and message in page, value
    with app.app_context():
        assert db.session.scalar(db.select(Convening.slug).where(Convening.id == archive["la"])) == "la-2013"
    # A blank address keeps the current one.
    assert client.post("/en/convenings/la-2013/edit", data=_edit_data(slug="")).status_code == 302
    assert get_convening(app, "la-2013")[0] is not None
