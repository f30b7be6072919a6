"""Organizers' dashboard, exports, roster, badges, visa letters; the public section; constant queries."""
from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from organizer.platform import signals
from organizer.convenings.models import Convening
from organizer.database import utcnow
from organizer.delegations.models import Delegation, DelegationMember
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText


def _people(organizations):
    mx, us = organizations
    return [
        {"name": "Ana", "country": "MX", "organization_id": mx, "listen_language": "es", "speak_language": "es",
         "dietary_needs": "Vegetarian", "lodging_needed": True, "arrival_date": date(2027, 3, 10),
         "departure_date": date(2027, 3, 12), "visa_letter": True, "passport_name": "ANA", "nationality": "MX",
         "passport_number": "P1", "status": "confirmed", "public_listing": True},
        {"name": "Bob", "country": "US", "organization_id": us, "listen_language": "en", "speak_language": "es",
         "dietary_needs": " vegetarian", "lodging_needed": True, "arrival_date": date(2027, 3, 11),
         "departure_date": date(2027, 3, 12), "accessibility_needs": "Wheelchair access", "status": "submitted"},
        {"name": "Cruz", "country": "MX", "organization_id": mx, "listen_language": "es", "status": "waitlisted"},
        {"name": "Dee", "country": "CA", "status": "withdrawn"},
    ]


def test_dashboard_figures_and_filters(app, client, make_user, make_convening, make_organization, make_delegation,
                                       login_as):
    organizer = make_user()
    convening = make_convening("c", organizer=organizer, capacity=10)
    mx = make_organization("Sindicato Minero", sectors=["mining"])
    us = make_organization("Teachers", country="US", sectors=["education", "public_sector"])
    make_delegation(convening, make_user(), _people((mx, us)), status="submitted", organization_ids=[mx, us])
    login_as(organizer)
    page = client.get("/en/registration/c/dashboard").get_data(as_text=True)
    assert "3 people counted with these filters." in page  # withdrawn Dee is not counted
    assert "Capacity: 10 people; 9 places left." in page
    # Interpretation: Spanish listened by 2 (headsets), spoken by 2; English listened by 1.
    assert "<th scope=\"row\">Spanish</th><td>2</td><td>2</td>" in page
    assert "<th scope=\"row\">English</th><td>1</td><td>0</td>" in page
    assert "<th scope=\"row\">Mexico</th><td>2</td>" in page
    assert "<th scope=\"row\">Mining</th><td>2</td>" in page and "<th scope=\"row\">Education</th><td>1</td>" in page
    assert "vegetarian: 2" in page
    assert "Wheelchair access" in page
    assert "2 people need lodging." in page
    # 10 March: 1 arrival, 1 lodged; 11 March: 1 arrival, 2 lodged; 12 March: 2 departures.
    assert "<td>1</td><td>0</td><td>1</td>" in page and "<td>1</td><td>0</td><td>2</td>" in page
    assert "<td>0</td><td>2</td><td>0</td>" in page
    assert "Print the letter" in page
    page = client.get("/es/registration/c/dashboard?state=confirmed&country=MX").get_data(as_text=True)
    assert "1 persona contada con estos filtros." in page and "Planeación de la interpretación" in page
    assert "<th scope=\"row\">Español</th><td>1</td><td>1</td>" in page
    page = client.get(f"/en/registration/c/dashboard?organization={us}").get_data(as_text=True)
    assert "1 person counted with these filters." in page
    assert client.get("/en/registration/c/dashboard?state=bogus&organization=x").status_code == 200


def test_exports_follow_the_filters(app, client, make_user, make_convening, make_organization, make_delegation,
                                    login_as):
    organizer = make_user()
    convening = make_convening("c", organizer=organizer)
    mx = make_organization("Sindicato Minero")
    us = make_organization("Teachers", country="US")
    people = _people((mx, us))
    people[1]["name"] = "=HYPERLINK(\"http://evil\")"
    make_delegation(convening, make_user(), people, status="submitted", organization_ids=[mx, us], name="Deleg")
    login_as(organizer)
    response = client.get("/en/registration/c/export.csv?country=MX")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Delegation", "Delegation state", "Name"]
    assert [row[2] for row in rows[1:]] == ["Ana", "Cruz"]
    assert rows[1][rows[0].index("Passport number")] == "P1"
    response = client.get("/es/registration/c/export.xlsx?state=all")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][2] == "Nombre" and len(values) == 5
    assert values[2][2].startswith("'=")  # formulas never run from what people typed
    assert "Sí" in values[1] or "sí" in values[1]


def test_roster_badges_and_visa_letter(app, client, make_user, make_convening, make_organization, make_delegation,
                                       login_as):
    organizer = make_user()
    convening = make_convening("c", organizer=organizer)
    mx = make_organization("Sindicato Minero", acronym="SM")
    delegation = make_delegation(convening, make_user(), _people((mx, mx)), status="confirmed",
                                 organization_ids=[mx], name="Mineros")
    login_as(organizer)
    page = client.get("/en/registration/c/roster").get_data(as_text=True)
    assert "Mineros" in page and "Ana" in page and "Bob" not in page  # confirmed only by default
    page = client.get("/en/registration/c/roster?state=active").get_data(as_text=True)
    assert "Bob" in page and "Dee" not in page
    page = client.get("/es/registration/c/badges").get_data(as_text=True)
    assert 'class="name-badge"' in page and "Ana" in page and "SM" in page and "Escucha en Español" in page
    with app.app_context():
        ana = db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.name == "Ana"))
        cruz = db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.name == "Cruz"))
    page = client.get(f"/en/registration/d/{delegation}/members/{ana}/letter").get_data(as_text=True)
    assert "We are pleased to invite ANA (nationality: Mexico; passport number: P1), member of Sindicato Minero" in page
    assert "Nos complace invitar a ANA (nacionalidad: México; pasaporte número: P1), integrante de Sindicato Minero" in page
    assert "(dates to be announced)" in page and "(fechas por anunciar)" in page
    assert 'lang="es"' in page and "Ciudad de México" in page
    assert client.get(f"/en/registration/d/{delegation}/members/{cruz}/letter").status_code == 302
    # An organizer-edited template.
    from organizer.delegations.models import RegistrationSettings

    with app.app_context():
        db.session.get(RegistrationSettings, convening).letter_template = TranslatedText(
            en="Dear {name} from {organization}", es="Estimada {name} de {organization} {unknown}")
        db.session.commit()
    page = client.get(f"/en/registration/d/{delegation}/members/{ana}/letter").get_data(as_text=True)
    # The organization is named by the one function: with its acronym.
    assert "Dear Ana from Sindicato Minero (SM)" in page and "Estimada Ana de Sindicato Minero (SM) {unknown}" in page


def test_public_section_shows_organizations_and_consenting_people_only(app, client, make_user, make_convening,
                                                                       make_organization, make_delegation, login_as):
    organizer = make_user()
    convening = make_convening("c", organizer=organizer)
    mx = make_organization("Sindicato Minero")
    hidden = make_organization("Unverified Org", verified=False)
    make_delegation(convening, make_user(), _people((mx, hidden)), status="confirmed", organization_ids=[mx, hidden])
    make_delegation(convening, make_user(), [{"name": "Zed", "organization_id": mx}], status="submitted")
    html = client.get("/en/convenings/c/").get_data(as_text=True)  # the convening's public page
    assert "Register a delegation" in html and "Sindicato Minero" in html
    assert "Ana" in html  # consented
    assert "Bob" not in html and "Cruz" not in html and "Zed" not in html and "Unverified Org" not in html
    assert "Registration dashboard" not in html
    html = client.get("/es/convenings/c/").get_data(as_text=True)
    assert "Registrar una delegación" in html and "Organizaciones con delegación confirmada" in html
    login_as(organizer)
    html = client.get("/en/convenings/c/").get_data(as_text=True)
    assert "/en/registration/c/dashboard" in html and "Registration dashboard" in html
    with app.test_request_context("/en/"):
        links = signals.collect(signals.convening_admin_links, db.session.get(Convening, convening))
    assert not any("/registration/" in url for url, _label in links)  # anonymous: no registration tools


def _bulk(app, convening_id, lead_id, organization_id, n_delegations, per_delegation):
    from organizer.delegations.models import DelegationOrganization

    with app.app_context():
        for d in range(n_delegations):
            delegation = Delegation(convening_id=convening_id, lead_user_id=lead_id, status="submitted",
                                    name=TranslatedText(en=f"D{d}"), submitted_at=utcnow())
            db.session.add(delegation)
            db.session.flush()
            db.session.add(DelegationOrganization(delegation_id=delegation.id, organization_id=organization_id))
            db.session.add_all(DelegationMember(
                delegation_id=delegation.id, name=f"M{d}-{k}", status="submitted", languages=["es"],
                country="MX", organization_id=organization_id, listen_language="es", queued_at=utcnow(),
                dietary_needs="vegan" if k % 3 else None, accessibility_needs="ramp" if k % 7 == 0 else None,
                arrival_date=date(2027, 3, 9 + k % 3), departure_date=date(2027, 3, 13), lodging_needed=bool(k % 2),
                visa_letter=k % 5 == 0, nationality="MX") for k in range(per_delegation))
        db.session.commit()


def test_constant_queries_at_3_and_300(app, client, make_user, make_convening, make_organization, login_as,
                                       count_queries):
    organizer, lead = make_user(), make_user()
    small = make_convening("small", organizer=organizer)
    large = make_convening("large", organizer=organizer)
    org = make_organization("Union", sectors=["mining"])
    _bulk(app, small, lead, org, 1, 3)
    _bulk(app, large, lead, org, 30, 10)
    login_as(organizer)
    for path in ("dashboard", "delegations", "roster?state=active", "badges?state=active", "export.csv",
                 "export.xlsx"):
        counts = []
        for slug in ("small", "large"):
            with count_queries() as queries:
                response = client.get(f"/en/registration/{slug}/{path}")
            assert response.status_code == 200, path
            counts.append(len(queries))
        assert counts[0] == counts[1], (path, counts)
    with count_queries() as queries:
        client.get("/en/registration/large/dashboard")
    assert len(queries) <= 16
    # A delegation's page, for its organizer, with 3 and with 300 members.
    with app.app_context():
        small_id = db.session.scalar(db.select(Delegation.id).where(Delegation.convening_id == small))
        big = Delegation(convening_id=large, lead_user_id=lead, status="submitted", name=TranslatedText(en="Big"),
                         submitted_at=utcnow())
        db.session.add(big)
        db.session.flush()
        from organizer.delegations.models import DelegationOrganization

        db.session.add(DelegationOrganization(delegation_id=big.id, organization_id=org))
        db.session.add_all(DelegationMember(delegation_id=big.id, name=f"B{k}", status="submitted", languages=[],
                                           organization_id=org, queued_at=utcnow()) for k in range(300))
        db.session.commit()
        big_id = big.id
    counts = []
    for delegation_id in (small_id, big_id):
        with count_queries() as queries:
            assert client.get(f"/en/registration/d/{delegation_id}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_no_public_section_for_an_archived_convening_without_registrations(app, make_convening):
    convening = make_convening("old", status="past")
    with app.test_request_context("/en/"):
        sections = signals.sections(signals.convening_sections, db.session.get(Convening, convening))
        assert [s for s in sections if s.template.startswith("delegations/")] == []  # other domains may add theirs
