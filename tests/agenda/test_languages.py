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


def test_no_page_of_the_agenda_shows_a_language_code(client, app, world, login_as, add_session, do_release):
    """Issue 15 item 2: every page and export names languages through the registry, in the reader's
    language; a code such as "lsm" never shows."""
    from icalendar import Calendar

    from organizer.delegations.models import Delegation, DelegationMember
    from organizer.i18n.registry import language_codes, language_label
    from organizer.i18n.translated import TranslatedText

    codes = ("lsm", "asl", "lsq", "nah", "tsz")
    with app.app_context():
        delegation = Delegation(convening_id=world.convening, lead_user_id=world.visitor, status="confirmed",
                                name=TranslatedText(en="Deaf workers", es="Trabajadores sordos"))
        db.session.add(delegation)
        db.session.flush()
        db.session.add(DelegationMember(delegation_id=delegation.id, name="A", status="confirmed", listen_language="lsq",
                                        user_id=world.visitor))
        db.session.commit()
    sid = add_session("Signed", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), languages=["es", "nah"],
                      interpretation=("simultaneous", ["lsm", "asl"]))
    add_session("Purépecha", day=__import__("datetime").date(2013, 12, 3), languages=["tsz"])
    do_release("v1")
    with app.app_context():
        s = db.session.get(Session, sid)
        s.interpretation_into = ["lsm", "lsq"]
        s.languages = ["nah"]
        db.session.commit()
    do_release("v2")
    with app.app_context():
        guid = db.session.get(Session, sid).guid

    def visible(html):
        html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")

    def without_names(text, lang):
        with app.test_request_context(f"/{lang}/"):
            names = sorted({language_label(c, lang, sentence=s) for c in language_codes() for s in (True, False)},
                           key=len, reverse=True)
        for name in names:
            text = text.replace(name, " ")
        return text

    login_as(world.organizer)
    checked = 0
    for lang in ("en", "es", "fr"):
        a = f"/{lang}/convenings/la-2013/agenda"
        client.post(f"{a}/sessions/{guid}/star", data={"star": "1"})
        pages = [f"{a}/", f"{a}/?language=lsq", f"{a}/sessions/{guid}/", f"{a}/print/", f"{a}/changes/", f"{a}/mine/",
                 f"{a}/manage/", f"{a}/manage/day/2013-12-02/", f"{a}/manage/sessions/{sid}/edit"]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible(response.get_data(as_text=True))
            assert "Signed" in text or url.endswith("/edit"), url
            rest = without_names(text, lang)
            found = [c for c in codes if re.search(rf"(?<![\w/-]){c}(?![\w/-])", rest, re.I)]
            assert not found, (url, found, rest[:3000])
            checked += 1
        # the calendar names them too, in the feed's language
        cal = Calendar.from_ical(client.get(f"{a}/agenda.ics").data)
        description = " ".join(str(e.get("description", "")) for e in cal.walk("VEVENT"))
        with app.test_request_context(f"/{lang}/"):
            assert language_label("lsm", lang) in description
        assert not re.search(r"\blsm\b", without_names(description, lang), re.I)
    assert checked == 27
