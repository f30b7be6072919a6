"""The one module of test builders: users, organizations, people, convenings, sources (used by
the tests and the benchmarks). Each flushes and returns the row; the caller commits.

Passwords: every user made here has the shared test password, hashed once per process with a cheap
method (``FAST_HASH_METHOD``); ``tests/conftest.py`` makes the application hash that way too, so
signing in costs nothing.
"""
from __future__ import annotations

from werkzeug.security import generate_password_hash

from organizer.accounts.models import User
from organizer.database import utcnow

from organizer.convenings.models import (Convening, ConveningGoal, ConveningOrganization, ConveningOrganizer,
                                         ConveningPerson, ConveningSource, Source)
from organizer.extensions import db
from organizer.i18n.formatting import PartialDate
from organizer.i18n.translated import TranslatedText
from organizer.organizations.models import Affiliation, Organization, Person, organization_networks


PASSWORD = "correct horse battery"
FAST_HASH_METHOD = "pbkdf2:sha256:1"
_HASHES: dict[str, str] = {}


def password_hash(password: str = PASSWORD) -> str:
    """The cheap hash of ``password``, computed once."""
    if password not in _HASHES:
        _HASHES[password] = generate_password_hash(password, method=FAST_HASH_METHOD)
    return _HASHES[password]


def user(email: str, name: str | None = None, *, language: str = "en", admin: bool = False,
         confirmed: bool = True, password: str = PASSWORD) -> User:
    """A user who can sign in with ``password`` (confirmed unless told otherwise)."""
    u = User(email=email, name=name or email.split("@")[0].title(), preferred_language=language, is_admin=admin,
             email_confirmed_at=utcnow() if confirmed else None, password_hash=password_hash(password))
    db.session.add(u)
    db.session.flush()
    return u


def T(en: str, es: str | None = None) -> TranslatedText:
    return TranslatedText(en=en, es=es if es is not None else en)


def org(slug: str, en: str, es: str | None = None, *, acronym: str | None = None, country: str = "MX",
        kind: str = "union", sectors=(), networks=(), parent: Organization | None = None,
        verified: bool = True) -> Organization:
    o = Organization(slug=slug, name=T(en, es), acronym=T(acronym) if acronym else None, country=country, kind=kind,
                     parent_id=parent.id if parent else None, verified=verified)
    o.set_sectors(sectors)
    db.session.add(o)
    db.session.flush()
    if networks:
        db.session.execute(organization_networks.insert(),
                           [{"organization_id": o.id, "network_id": n.id} for n in networks])
    return o


def person(slug: str, name: str, *, public: bool = True, country: str | None = "US",
           affiliations=()) -> Person:
    p = Person(slug=slug, name=name, is_public=public, country=country)
    db.session.add(p)
    db.session.flush()
    for organization, title, as_of in affiliations:
        db.session.add(Affiliation(person_id=p.id, organization_id=organization.id, title=T(*title) if title else None,
                                   as_of=as_of))
    return p


def convening(slug: str, en: str, es: str | None = None, *, start: str | None = "2013-12-02",
              end: str | None = None, status: str = "past", kind: str = "trinational", city=("Los Angeles", "Los Ángeles"),
              country: str = "US", goals=(), organizations=(), people=(), sources=(), organizers=(),
              subtitle=None) -> Convening:
    c = Convening(slug=slug, title=T(en, es), kind=kind, status=status, countries=["US", "MX", "CA"],
                  city=T(*city) if city else None, country=country, timezone="America/Los_Angeles",
                  subtitle=T(*subtitle) if subtitle else None)
    c.start = PartialDate.parse(start) if start else None
    c.end = PartialDate.parse(end) if end else None
    db.session.add(c)
    db.session.flush()
    for i, goal in enumerate(goals):
        db.session.add(ConveningGoal(convening_id=c.id, position=i, text=T(*goal)))
    for organization, role in organizations:
        db.session.add(ConveningOrganization(convening_id=c.id, organization_id=organization.id, role=role))
    for p, role, organization in people:
        db.session.add(ConveningPerson(convening_id=c.id, person_id=p.id, role=role,
                                       organization_id=organization.id if organization else None))
    for source in sources:
        db.session.add(ConveningSource(convening_id=c.id, source_id=source.id))
    for user_id in organizers:
        db.session.add(ConveningOrganizer(convening_id=c.id, user_id=user_id))
    db.session.flush()
    return c


def source(file: str, en: str, es: str | None = None, *, author: str | None = None, date: str | None = None) -> Source:
    s = Source(file=file, title=T(en, es), author=author, date=date)
    db.session.add(s)
    db.session.flush()
    return s
