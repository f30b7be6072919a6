"""Issue 12, item 7: exports, the import template and the import help in the reader's language; the
import reads the headers and yes/no values of both languages, whichever the file uses."""
from __future__ import annotations

import csv
import io

from flask_babel import force_locale

from organizer.delegations.models import DelegationMember
from organizer.extensions import db

from .test_dashboard import _people


def _rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_spanish_export_has_no_english_and_matches_the_form(app, client, make_user, make_convening,
                                                                make_organization, make_delegation, login_as):
    organizer = make_user()
    convening = make_convening("c", organizer=organizer)
    mx = make_organization("Sindicato Minero")
    make_delegation(convening, make_user(), _people((mx, mx)), status="submitted", organization_ids=[mx], name="D")
    login_as(organizer)
    header = _rows(client.get("/es/registration/c/export.csv"))[0]
    assert "Estatus de la delegación" in header and "Delegation state" not in header
    assert "Cargo en la organización" in header and "Posición" not in header
    english = _rows(client.get("/en/registration/c/export.csv"))[0]
    assert "Delegation state" in english and "Position in the organization" in english


def test_international_is_a_word_not_a_code(app):
    from organizer.i18n.registry import country_name

    with app.test_request_context("/es/"), force_locale("es"):
        assert country_name("INT") == "Internacional"
        assert country_name("MX") == "México"


def test_the_template_speaks_the_readers_language_and_imports_in_the_other(
        app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening(questions={"organization": "off"})
    lead = make_user(language="es")
    delegation = make_delegation(convening, lead)
    login_as(lead)
    page = client.get(f"/es/registration/d/{delegation}/import").get_data(as_text=True)
    assert "AAAA-MM-DD" in page and "YYYY-MM-DD" not in page
    assert "<code>Cargo en la organización</code>" in page and "<code>name</code>" not in page
    template = client.get(f"/es/registration/d/{delegation}/import/template.csv")
    rows = _rows(template)
    assert rows[0][0] == "Nombre" and "Cargo en la organización" in rows[0] and "Llegada" in rows[0]
    assert "sí" in rows[1] and "yes" not in rows[1] and "Secretaria general" in rows[1]
    # The Spanish template, filled in, is imported from the English page (and the reverse).
    response = client.post(f"/en/registration/d/{delegation}/import",
                           data={"file": (io.BytesIO(template.data), "plantilla.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    with app.app_context():
        [member] = db.session.scalars(db.select(DelegationMember).where(DelegationMember.name == "Ana López")).all()
        assert member.lodging_needed is True and member.visa_letter is False
        assert member.position == "Secretaria general"
        db.session.delete(member)
        db.session.commit()
    english = client.get(f"/en/registration/d/{delegation}/import/template.csv")
    assert _rows(english)[0][0] == "Name" and "yes" in _rows(english)[1]
    response = client.post(f"/es/registration/d/{delegation}/import",
                           data={"file": (io.BytesIO(english.data), "template.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302


def test_bilingual_fields_name_the_languages_in_the_readers_words(app):
    from organizer.i18n.fields import TranslatedField
    from flask_wtf import FlaskForm

    class F(FlaskForm):
        title = TranslatedField("Title")

    with app.test_request_context("/es/"), force_locale("es"):
        html = str(F(meta={"csrf": False}).title())
        assert ">Inglés</label>" in html and ">Español</label>" in html and "English" not in html
