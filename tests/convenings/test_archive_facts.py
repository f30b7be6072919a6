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


# Item 6: four concurrent forums over the first two days, two each day.
def test_2014_forums_are_four_two_each_day(seeded):
    forums = [s for s in sessions("mexico-city-2014").values() if s.kind == "forum"]
    assert len(forums) == 4
    assert sorted(str(s.day) for s in forums) == ["2014-01-28", "2014-01-28", "2014-01-29", "2014-01-29"]
    titles = {s.key: s.title["en"] for s in forums}
    assert "environment and on women" in titles["forum-environment"]
    assert "forum-women" not in titles


def test_a_forum_dropped_from_the_seeds_goes_on_the_next_run(seeded, tmp_path):
    """A database seeded with the old five forums loses the fifth (and its track) when seeded again."""
    import shutil
    from organizer.agenda.models import Track
    from organizer.agenda.seeding import seeded_guid
    convening = db.session.scalar(db.select(Convening).where(Convening.slug == "mexico-city-2014"))
    track = Track(convening_id=convening.id, key="women", name={"en": "Women", "es": "Mujeres"}, position=9,
                  origin="seed")
    db.session.add(track)
    db.session.flush()
    db.session.add(Session(convening_id=convening.id, key="forum-women", guid=seeded_guid(convening.slug, "forum-women"),
                           title={"en": "Forum: women", "es": "Foro: mujeres"}, kind="forum", precision="day",
                           track_id=track.id, origin="seed", people=[]))
    db.session.add(Session(convening_id=convening.id, key="made-in-app", title={"en": "Ours", "es": "Nuestra"},
                           kind="panel", precision="convening", origin="app", people=[]))
    db.session.commit()
    stats = seed(ROOT / "seeds")
    db.session.commit()
    assert stats["sessions deleted"] == 1 and stats["tracks deleted"] == 1
    keys = set(sessions("mexico-city-2014"))
    assert "forum-women" not in keys and "made-in-app" in keys
    assert set(seed(ROOT / "seeds")) == {"files read"}
