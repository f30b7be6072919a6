"""Issue 17, item 5: the member import in French. The template downloaded from a French page is in
French (headers, oui/non, example row); a file with French headers and oui/non, CSV or XLSX, imports
from any page; the import page explains the columns in French."""
from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook

from organizer.delegations.models import DelegationMember
from organizer.extensions import db


def _rows(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _members(app, delegation):
    with app.app_context():
        return {m.name: m for m in db.session.scalars(
            db.select(DelegationMember).where(DelegationMember.delegation_id == delegation))}


def _setup(make_user, make_convening, make_delegation, login_as):
    convening = make_convening(questions={"organization": "off"})
    lead = make_user(language="fr")
    delegation = make_delegation(convening, lead)
    login_as(lead)
    return delegation


def test_the_french_template_imports_with_oui_and_non(app, client, make_user, make_convening, make_delegation,
                                                      login_as):
    delegation = _setup(make_user, make_convening, make_delegation, login_as)
    page = client.get(f"/fr/registration/d/{delegation}/import").get_data(as_text=True)
    assert "AAAA-MM-JJ" in page and "YYYY-MM-DD" not in page
    assert "oui ou non" in page and "en anglais, espagnol ou français" in page
    template = client.get(f"/fr/registration/d/{delegation}/import/template.csv")
    rows = _rows(template)
    assert rows[0][0] == "Nom" and "Arrivée" in rows[0] and "Name" not in rows[0]
    assert "oui" in rows[1] and "non" in rows[1] and "yes" not in rows[1] and "no" not in rows[1]
    for page_lang in ("fr", "en"):
        response = client.post(f"/{page_lang}/registration/d/{delegation}/import",
                               data={"file": (io.BytesIO(template.data), "modele.csv")},
                               content_type="multipart/form-data")
        assert response.status_code == 302, re.sub(r"\s+", " ", response.get_data(as_text=True)).split("form-errors")[-1][:600]
        member = _members(app, delegation)["Ana López"]
        assert member.lodging_needed is True and member.visa_letter is False and member.public_listing is False
        with app.app_context():
            db.session.delete(db.session.get(DelegationMember, member.id))
            db.session.commit()


def test_hand_made_french_headers_in_csv_and_xlsx(app, client, make_user, make_convening, make_delegation,
                                                  login_as):
    delegation = _setup(make_user, make_convening, make_delegation, login_as)
    header = ["Nom complet", "Adresse courriel", "Pays", "Langues parlées", "Écoute en", "Parle en", "Arrivée",
              "Départ", "Hébergement", "Lettre de visa", "Publique", "Nom dans le passeport", "Nationalité",
              "Numéro de passeport"]
    csv_data = io.StringIO()
    csv.writer(csv_data).writerows([header, ["Marie Tremblay", "marie@example.org", "Canada", "français, anglais",
                                             "anglais", "espagnol", "2027-03-10", "2027-03-12", "Oui", "non", "NON"]])  # no visa letter: no passport
    response = client.post(f"/fr/registration/d/{delegation}/import",
                           data={"file": (io.BytesIO(csv_data.getvalue().encode()), "membres.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, re.sub(r"\s+", " ", response.get_data(as_text=True)).split("form-errors")[-1][:600]
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append(["Jean Roy", "jean@example.org", "CA", "fr", "en", "en", "2027-03-10", "2027-03-12", "non", "oui",
                  "oui", "JEAN ROY", "Canada", "AB123456"])
    xlsx = io.BytesIO()
    book.save(xlsx)
    response = client.post(f"/fr/registration/d/{delegation}/import",
                           data={"file": (io.BytesIO(xlsx.getvalue()), "membres.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, re.sub(r"\s+", " ", response.get_data(as_text=True)).split("form-errors")[-1][:600]
    members = _members(app, delegation)
    marie, jean = members["Marie Tremblay"], members["Jean Roy"]
    assert marie.country == "CA" and set(marie.languages) == {"fr", "en"} and marie.listen_language == "en"
    assert marie.lodging_needed is True and marie.visa_letter is False and marie.public_listing is False
    assert jean.lodging_needed is False and jean.visa_letter is True and jean.public_listing is True
    assert jean.passport_name == "JEAN ROY" and jean.nationality == "CA" and jean.passport_number == "AB123456"


def test_a_bad_french_value_is_reported_in_french(app, client, make_user, make_convening, make_delegation, login_as):
    delegation = _setup(make_user, make_convening, make_delegation, login_as)
    data = "Nom,Hébergement\nMarie Tremblay,peut-être\n".encode()
    response = client.post(f"/fr/registration/d/{delegation}/import",
                           data={"file": (io.BytesIO(data), "membres.csv")}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "« peut-être » devrait être oui ou non" in html
    assert "Marie Tremblay" not in _members(app, delegation)
