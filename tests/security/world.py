"""A small world with one user per role, for permission tests across every domain.

Roles: anonymous; ``delegate`` (member of a delegation of convening A); ``other_lead`` (leads a
delegation of convening B); ``other_organizer`` (organizes convening B); ``lead`` (leads the
delegation of A); ``organizer`` (organizes A); ``admin``."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from organizer.accounts import services as accounts
from organizer.convenings.models import Convening, ConveningOrganizer
from organizer.delegations.models import CONFIRMED, Delegation, DelegationMember
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations.models import Organization, Person

ROLES = ("anonymous", "delegate", "other_lead", "other_organizer", "lead", "organizer", "admin")
PASSWORD = "correct horse battery"


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    """Call inside an app context; commits."""
    w = World()
    for role in ROLES[1:]:
        email = f"{role}@example.org"
        user = accounts.create_user(email, role.replace("_", " ").title(), PASSWORD, "en",
                                    is_admin=(role == "admin"), confirmed=True)
        w.users[role], w.emails[role] = user.id, email
    conv_a = Convening(slug="conv-a", title=TranslatedText(en="Convening A", es="Encuentro A"), kind="trinational",
                       status="registration_open", timezone="America/Mexico_City", countries=["US", "MX", "CA"],
                       start_date=date(2030, 5, 10), end_date=date(2030, 5, 12))
    conv_b = Convening(slug="conv-b", title=TranslatedText(en="Convening B", es="Encuentro B"), kind="binational",
                       status="registration_open", timezone="America/Los_Angeles", countries=["US", "MX"],
                       start_date=date(2030, 8, 1), end_date=date(2030, 8, 2))
    org = Organization(slug="union-a", name=TranslatedText(en="Union A", es="Sindicato A"), country="MX", kind="union")
    person = Person(slug="speaker-a", name="Speaker A", country="MX", is_public=True)
    db.session.add_all([conv_a, conv_b, org, person])
    db.session.flush()
    db.session.add_all([
        ConveningOrganizer(convening_id=conv_a.id, user_id=w.users["organizer"]),
        ConveningOrganizer(convening_id=conv_b.id, user_id=w.users["other_organizer"]),
    ])
    deleg_a = Delegation(convening_id=conv_a.id, lead_user_id=w.users["lead"], status=CONFIRMED,
                         name=TranslatedText(en="Delegation A", es="Delegación A"))
    deleg_b = Delegation(convening_id=conv_b.id, lead_user_id=w.users["other_lead"], status=CONFIRMED,
                         name=TranslatedText(en="Delegation B", es="Delegación B"))
    db.session.add_all([deleg_a, deleg_b])
    db.session.flush()
    member = DelegationMember(delegation_id=deleg_a.id, user_id=w.users["delegate"], name="Delegate",
                              email="delegate@example.org", status=CONFIRMED, listen_language="es",
                              speak_language="es")
    db.session.add(member)
    db.session.flush()
    w.ids.update(convening=conv_a.id, other_convening=conv_b.id, organization=org.id, person=person.id,
                 delegation=deleg_a.id, other_delegation=deleg_b.id, member=member.id)
    w.slugs.update(convening=conv_a.slug, other_convening=conv_b.slug, organization=org.slug, person=person.slug)
    db.session.commit()
    return w
