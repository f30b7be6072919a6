"""The repository's archive seeds say what the source documents say, and nothing more (issue 16).

Each test loads the real `seeds/` directory and checks facts against /work/shared/seeds/*.txt.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from organizer.agenda.models import Session
from organizer.convenings.models import Convening
from organizer.convenings.seeding import seed
from organizer.declarations.models import Clause, Declaration
from organizer.extensions import db
from organizer.organizations.models import Organization

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed(ROOT / "seeds")
        db.session.commit()
        yield app


def org(slug: str) -> Organization:
    return db.session.scalar(db.select(Organization).where(Organization.slug == slug))


def sessions(slug: str) -> dict[str, Session]:
    convening = db.session.scalar(db.select(Convening).where(Convening.slug == slug))
    return {s.key: s for s in db.session.scalars(db.select(Session).where(Session.convening_id == convening.id))}


# Item 7: the 2013 declaration protects "international conventions" (Spanish "convenios").
def test_2013_declaration_speaks_of_international_conventions(seeded):
    declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == "la-2013-declaration"))
    clauses = db.session.scalars(db.select(Clause).where(Clause.declaration_id == declaration.id))
    clause = next(c for c in clauses if "Peña Nieto" in c.text["en"])
    assert "international conventions" in clause.text["en"]
    assert "treat" not in clause.text["en"]
    assert "convenios internacionales" in clause.text["es"]


# Item 8: the SME helped start the National Assembly of Utility Users.
def test_sme_description_names_the_utility_users_assembly(seeded):
    sme, assembly = org("sme"), org("anuee")
    assert assembly.name["en"] in sme.description["en"]
    assert "Electric Power Users" not in sme.description["en"]
    assert assembly.name["es"] in sme.description["es"]
