"""The agenda speaks every language of the registry: sign and Indigenous languages can be spoken or
interpreted into, nothing is ticked for the organizer, and warnings name languages, never codes."""
from __future__ import annotations

import re

from organizer.agenda.models import Session
from organizer.extensions import db

from .conftest import local, session_form
from .test_warnings import _warnings

BASE = "/en/convenings/la-2013/agenda/manage"


def test_the_session_form_offers_every_registry_language_with_nothing_ticked(client, world, login_as):
    login_as(world.organizer)
    page = client.get(f"{BASE}/sessions/new").get_data(as_text=True)
    for code, name in (("lsm", "Mexican Sign Language (LSM)"), ("nah", "Nahuatl"), ("asl", "American Sign Language (ASL)"),
                       ("fr-CA", "Quebec French"), ("tsz", "Purépecha")):
        assert f'name="languages" type="checkbox" value="{code}"' in page and name in page
        assert f'name="interpretation_into" type="checkbox" value="{code}"' in page
    assert not re.search(r'name="(languages|interpretation_into)" type="checkbox" value="[^"]*" checked', page)
    assert not re.search(r'checked[^>]*name="(languages|interpretation_into)"', page)
    es = client.get(BASE.replace("/en/", "/es/") + "/sessions/new").get_data(as_text=True)
    assert "Lengua de Señas Mexicana (LSM)" in es and "Náhuatl" in es


def test_a_session_interpreted_into_lsm_is_saved_and_shown_by_name(client, app, world, login_as):
    login_as(world.organizer)
    response = client.post(f"{BASE}/sessions/new", data=session_form(
        languages=["es", "nah"], interpretation_mode="simultaneous", interpretation_into=["lsm", "en"]))
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalar(db.select(Session))
        assert session.languages == ["es", "nah"] and session.interpretation_into == ["lsm", "en"]


def test_a_sign_language_listener_gets_a_warning_that_names_the_language(app, world, add_session):
    from organizer.delegations.models import Delegation, DelegationMember
    from organizer.i18n.translated import TranslatedText

    with app.app_context():
        delegation = Delegation(convening_id=world.convening, lead_user_id=world.visitor, status="confirmed",
                                name=TranslatedText(en="Deaf workers", es="Trabajadores sordos"))
        db.session.add(delegation)
        db.session.flush()
        db.session.add(DelegationMember(delegation_id=delegation.id, name="A", status="confirmed", listen_language="lsm"))
        # A convening working in Spanish only (else English, a working language, is expected too).
        from organizer.convenings.models import Convening

        db.session.get(Convening, world.convening).working_languages = ["es"]
        db.session.commit()
    add_session("Spanish only", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), languages=["es"])
    add_session("Signed", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), languages=["es"],
                interpretation=("simultaneous", ["lsm"]))
    found = _warnings(app, world)
    assert len(found) == 1 and "Spanish only" in found[0][1]
    assert "Mexican Sign Language (LSM)" in found[0][1] and "lsm" not in found[0][1]
