"""Fixtures for registration tests: convenings with registration settings, organizations, roles."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText


@pytest.fixture
def make_convening(app):
    counter = iter(range(1, 10_000))

    def _make(slug: str | None = None, *, status: str = "registration_open", organizer: int | None = None,
              **settings):
        from organizer.convenings.models import Convening, ConveningOrganizer
        from organizer.delegations.models import RegistrationSettings

        n = next(counter)
        with app.app_context():
            convening = Convening(slug=slug or f"convening-{n}", kind="trinational", status=status,
                                  title=TranslatedText(en=f"Convening {n}", es=f"Encuentro {n}"),
                                  city=TranslatedText(en="Mexico City", es="Ciudad de México"),
                                  timezone="America/Mexico_City")
            db.session.add(convening)
            db.session.flush()
            db.session.add(RegistrationSettings(convening_id=convening.id, **settings))
            if organizer:
                db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=organizer))
            db.session.commit()
            return convening.id

    return _make


@pytest.fixture
def make_organization(app):
    counter = iter(range(1, 10_000))

    def _make(name: str | None = None, *, country: str = "MX", acronym: str | None = None, sectors=(),
              verified: bool = True):
        from organizer.organizations.models import Organization

        n = next(counter)
        with app.app_context():
            organization = Organization(slug=f"org-{n}", name=TranslatedText(en=name or f"Union {n}"),
                                        acronym=TranslatedText(en=acronym) if acronym else None,
                                        country=country, kind="union", verified=verified)
            organization.set_sectors(sectors)
            organization.refresh_search_text()
            db.session.add(organization)
            db.session.commit()
            return organization.id

    return _make


@pytest.fixture
def make_delegation(app):
    """A delegation with members, directly in the database (status per member)."""

    def _make(convening_id: int, lead_id: int, members=(), *, status: str = "draft", organization_ids=(),
              name: str = "Delegation"):
        from organizer.database import utcnow
        from organizer.delegations.models import Delegation, DelegationMember, DelegationOrganization

        with app.app_context():
            delegation = Delegation(convening_id=convening_id, lead_user_id=lead_id, name=TranslatedText(en=name),
                                    status=status, submitted_at=utcnow() if status != "draft" else None)
            db.session.add(delegation)
            db.session.flush()
            for position, organization_id in enumerate(organization_ids):
                db.session.add(DelegationOrganization(delegation_id=delegation.id, organization_id=organization_id,
                                                      position=position))
            for member in members:
                data = {"status": status, "languages": []} | dict(member)
                if data["status"] != "draft":
                    data.setdefault("queued_at", utcnow())
                db.session.add(DelegationMember(delegation_id=delegation.id, **data))
            db.session.commit()
            return delegation.id

    return _make


@dataclass
class World:
    convening: int
    other_convening: int
    slug: str
    other_slug: str
    lead: int
    other_lead: int
    organizer: int
    other_organizer: int
    admin: int
    stranger: int
    organization: int
    delegation: int
    other_delegation: int
    member_id: int


@pytest.fixture
def world(app, make_user, make_convening, make_organization, make_delegation):
    """Two convenings, each with its organizer and a delegation; a lead, another lead, a stranger."""
    from organizer.delegations.models import DelegationMember

    organizer = make_user("organizer@example.org")
    other_organizer = make_user("other-organizer@example.org")
    lead = make_user("lead@example.org", name="Lupita Lead", language="es")
    other_lead = make_user("other-lead@example.org")
    admin = make_user("admin@example.org", admin=True)
    stranger = make_user("stranger@example.org")
    convening = make_convening("encuentro-2027", organizer=organizer, capacity=10)
    other_convening = make_convening("other-2027", organizer=other_organizer)
    organization = make_organization("Teachers Union", acronym="SNTE", sectors=["education"])
    delegation = make_delegation(convening, lead, [
        {"name": "Ana López", "email": "ana@example.org", "organization_id": organization, "country": "MX",
         "listen_language": "es", "speak_language": "es", "visa_letter": True, "passport_name": "ANA LOPEZ",
         "nationality": "MX", "passport_number": "G12345678"}],
        status="submitted", organization_ids=[organization], name="California delegation")
    other_delegation = make_delegation(convening, other_lead, [{"name": "Bob Smith", "country": "US"}],
                                       status="submitted", organization_ids=[organization], name="Other delegation")
    with app.app_context():
        member_id = db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.delegation_id == delegation))
    return World(convening, other_convening, "encuentro-2027", "other-2027", lead, other_lead, organizer,
                 other_organizer, admin, stranger, organization, delegation, other_delegation, member_id)


