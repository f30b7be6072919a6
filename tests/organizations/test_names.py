"""Issue 12, item 8: one function names an organization with its acronym; places are not repeated."""
from __future__ import annotations

import re

from flask_babel import force_locale

from organizer.convenings.labels import place_label
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations.labels import organization_name
from organizer.organizations.models import Organization

CWA = dict(name=TranslatedText(en="Communications Workers of America",
                               es="Sindicato de Trabajadores de las Comunicaciones de Estados Unidos (CWA)"),
           acronym=TranslatedText(en="CWA", es="CWA"))
AFL = dict(name=TranslatedText(en="AFL-CIO", es="AFL-CIO (Federación Estadounidense del Trabajo y Congreso de "
                                              "Organizaciones Industriales)"),
           acronym=TranslatedText(en="AFL-CIO", es="AFL-CIO"))
UCLA = dict(name=TranslatedText(en="UCLA Labor Center", es="Centro Laboral de UCLA (UCLA Labor Center)"))


def test_the_acronym_is_added_once_and_never_twice(app):
    with app.test_request_context("/es/"), force_locale("es"):
        assert organization_name(**CWA) == "Sindicato de Trabajadores de las Comunicaciones de Estados Unidos (CWA)"
        assert organization_name(**AFL).count("AFL-CIO") == 1
        assert organization_name(**AFL, lang="en") == "AFL-CIO"
        assert organization_name(**CWA, lang="en") == "Communications Workers of America (CWA)"
        assert organization_name(name=TranslatedText(en="Union of the EU (UE)"), acronym="UE") == "Union of the EU (UE)"
        assert organization_name(name="United Electrical Workers", acronym="UE") == "United Electrical Workers (UE)"
        assert organization_name(name="SNTE members", acronym="SNTE") == "SNTE members"


def test_a_short_mention_never_nests_parentheses(app):
    with app.test_request_context("/es/"), force_locale("es"):
        assert organization_name(**UCLA, short=True) == "Centro Laboral de UCLA"
        assert organization_name(**CWA, short=True) == "CWA"
        assert f"({organization_name(**UCLA, short=True)})".count("(") == 1


def test_organization_pages_say_the_acronym_once(app, client):
    with app.app_context():
        db.session.add_all([Organization(slug="cwa", country="US", kind="union", **CWA),
                            Organization(slug="afl-cio", country="US", kind="federation", **AFL)])
        db.session.commit()
    def text(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))

    cwa = text("/es/organizations/cwa/")
    assert "Estados Unidos (CWA)" in cwa and "(CWA) (CWA)" not in cwa
    afl = text("/es/organizations/afl-cio/")
    assert "Industriales)" in afl and "Industriales) (AFL-CIO)" not in afl
    directory = text("/es/organizations/")
    assert "(CWA) (CWA)" not in directory and "(AFL-CIO)" not in directory


def test_places_are_not_repeated(app):
    with app.test_request_context("/es/"), force_locale("es"):
        assert place_label(None, TranslatedText(es="Ciudad de México"), "México") == "Ciudad de México, México"
        assert place_label("Ciudad de México", "Ciudad de México", "México") == "Ciudad de México, México"
        assert place_label("Hotel Casa Blanca, Ciudad de México", "Ciudad de México", "México") == \
            "Hotel Casa Blanca, Ciudad de México, México"
        assert place_label(None, None, "México") == "México"


def test_the_english_name_on_a_spanish_page_is_labelled_or_left_out(app, client):
    """Item 6."""
    with app.app_context():
        db.session.add_all([
            Organization(slug="teachers", country="US", kind="union",
                         name=TranslatedText(en="Chicago Teachers Union", es="Sindicato de Maestros de Chicago")),
            Organization(slug="ucla", country="US", kind="university", **UCLA)])
        db.session.commit()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/es/organizations/teachers/").get_data(as_text=True)))
    assert "Nombre en inglés: Chicago Teachers Union" in page
    ucla = client.get("/es/organizations/ucla/").get_data(as_text=True)
    assert "Nombre en inglés" not in ucla  # the Spanish name already carries it
    english = client.get("/en/organizations/teachers/").get_data(as_text=True)
    assert "Name in Spanish:" in english and 'lang="es">Sindicato de Maestros de Chicago' in english
