"""A convening with every role around one declaration."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText


@dataclass
class World:
    convening_id: int
    convening_slug: str
    other_convening_id: int
    declaration_id: int
    slug: str
    clause_ids: list
    organizer: int
    committee: int
    lead: int
    delegation_id: int
    other_lead: int
    other_organizer: int
    admin: int
    group_member: int
    group_id: int
    stranger: int


def make_convening(slug: str, status: str = "published"):
    from organizer.convenings.models import Convening

    convening = Convening(slug=slug, title=TranslatedText(en=f"Convening {slug}", es=f"Encuentro {slug}"),
                          kind="trinational", status=status, timezone="America/Mexico_City", countries=["US", "MX"])
    db.session.add(convening)
    db.session.flush()
    return convening


def make_delegation(convening_id: int, lead_id: int, status: str = "submitted", name: str = "Delegation"):
    from organizer.delegations.models import Delegation

    delegation = Delegation(convening_id=convening_id, lead_user_id=lead_id, status=status,
                            name=TranslatedText(en=name, es=f"Delegación {name}"))
    db.session.add(delegation)
    db.session.flush()
    return delegation


_HASH: dict = {}


@pytest.fixture
def fast_user(app):
    """Users made directly, with one password hash computed once per session (hashing is slow)."""
    from organizer.accounts.models import User
    from organizer.database import utcnow

    from ..factories import password_hash

    if "hash" not in _HASH:
        _HASH["hash"] = password_hash()

    def _make(email, *, name, language="en", admin=False):
        with app.app_context():
            user = User(email=email, name=name, password_hash=_HASH["hash"], preferred_language=language,
                        is_admin=admin, email_confirmed_at=utcnow())
            db.session.add(user)
            db.session.commit()
            return user.id

    return _make


@pytest.fixture
def world(app, fast_user) -> World:
    make_user = fast_user
    from organizer.accounts.models import User
    from organizer.convenings.models import ConveningOrganizer
    from organizer.declarations import services
    from organizer.declarations.models import ConstituencyGroup, ConstituencyMember

    organizer = make_user("organizer@example.org", name="Olga Organizer")
    committee = make_user("committee@example.org", name="Carla Committee", language="es")
    lead = make_user("lead@example.org", name="Luis Lead", language="es")
    other_lead = make_user("otherlead@example.org", name="Otto Otherlead")
    other_organizer = make_user("otherorg@example.org", name="Oscar Otherorg")
    admin = make_user("admin@example.org", name="Ada Admin", admin=True)
    group_member = make_user("group@example.org", name="Gina Group")
    stranger = make_user("stranger@example.org", name="Sam Stranger")
    with app.test_request_context("/en/"):
        convening = make_convening("la-2030")
        other = make_convening("mx-2031")
        db.session.add_all([ConveningOrganizer(convening_id=convening.id, user_id=organizer),
                            ConveningOrganizer(convening_id=other.id, user_id=other_organizer)])
        delegation = make_delegation(convening.id, lead, "confirmed", "Teachers")
        make_delegation(other.id, other_lead, "confirmed", "Miners")
        group = ConstituencyGroup(convening_id=convening.id, key="mining", name=TranslatedText(en="Mining", es="Minería"))
        db.session.add(group)
        db.session.flush()
        db.session.add(ConstituencyMember(group_id=group.id, user_id=group_member))
        declaration = services.create_declaration(
            convening, TranslatedText(en="Joint declaration", es="Declaración conjunta"), db.session.get(User, organizer))
        services.set_committee(declaration, add_user=db.session.get(User, committee))
        c = db.session.get(User, committee)
        first = services.add_clause(declaration, c, kind="preamble", original_language="en",
                                    text=TranslatedText(en="We the workers meet.", es="Las y los trabajadores nos reunimos."),
                                    reviewed=("en", "es"))
        second = services.add_clause(declaration, c, kind="demand", original_language="es",
                                     text=TranslatedText(es="Exigimos salarios dignos."))
        db.session.commit()
        return World(convening.id, convening.slug, other.id, declaration.id, declaration.slug, [first.id, second.id],
                     organizer, committee, lead, delegation.id, other_lead, other_organizer, admin, group_member,
                     group.id, stranger)


@pytest.fixture
def db_ctx(app):
    with app.test_request_context("/en/"):
        yield db.session
