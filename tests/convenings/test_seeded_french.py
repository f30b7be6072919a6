"""Issue 17, items 6 and 7: the archive in French. Every convening's title and summary and the whole
2013 declaration have French, marked (like the Spanish) as Organizer's translations from English;
public pages say so in the reader's language; records without French show the marked fallback."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from organizer.convenings.models import Convening, ConveningGoal
from organizer.convenings.seeding import SeedError, seed
from organizer.declarations.models import Clause, Declaration
from organizer.extensions import db
from organizer.organizations.labels import KIND_LABELS, SECTOR_LABELS
from organizer.organizations.models import Organization

ROOT = Path(__file__).resolve().parents[2]
NOT_YET = "(pas encore traduit)"


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed(ROOT / "seeds")
        db.session.commit()
    return app


def _french_records() -> dict[str, int]:
    convenings = db.session.scalars(db.select(Convening)).all()
    declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == "la-2013-declaration"))
    clauses = db.session.scalars(db.select(Clause).where(Clause.declaration_id == declaration.id)).all()
    return {
        "convenings": len(convenings),
        "convenings with a French title": sum("fr" in c.title for c in convenings),
        "convenings with a French summary": sum("fr" in c.description for c in convenings if c.description),
        "convenings with a summary": sum(bool(c.description) for c in convenings),
        "convenings with a French theme": sum("fr" in c.subtitle for c in convenings if c.subtitle),
        "convenings with a theme": sum(bool(c.subtitle) for c in convenings),
        "convenings with a French city": sum("fr" in c.city for c in convenings if c.city),
        "2013 clauses": len(clauses),
        "2013 clauses in French": sum("fr" in c.text for c in clauses),
    }


def test_every_convening_and_the_2013_declaration_have_french(seeded):
    with seeded.app_context():
        counts = _french_records()
        print("seeded French:", counts)
        assert counts["convenings"] == counts["convenings with a French title"] >= 11
        assert counts["convenings with a French summary"] == counts["convenings with a summary"] >= 11
        assert counts["convenings with a French theme"] == counts["convenings with a theme"]
        assert counts["convenings with a French city"] == counts["convenings"]
        assert counts["2013 clauses in French"] == counts["2013 clauses"] >= 9
        declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == "la-2013-declaration"))
        assert declaration.title["fr"] == "Déclaration de la conférence" and "fr" in declaration.process
        clauses = db.session.scalars(db.select(Clause).where(Clause.declaration_id == declaration.id)).all()
        assert all(c.status_for("fr") == "reviewed" for c in clauses)


def test_seeded_spanish_and_french_are_organizers_translations_from_english(seeded):
    with seeded.app_context():
        la = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2013"))
        goal = db.session.scalars(db.select(ConveningGoal).where(ConveningGoal.convening_id == la.id)).first()
        for value in (la.title, la.description, la.subtitle, goal.text):
            assert not value.provenance("en").is_translation
            assert value.provenance("es").source == "en" and value.provenance("es").organizer
        assert la.title.provenance("fr").source == "en" and la.title.provenance("fr").organizer
        clause = db.session.scalars(db.select(Clause).order_by(Clause.id)).first()
        assert clause.text.provenance("fr").organizer and clause.text.provenance("es").organizer
        fat = db.session.scalar(db.select(Organization).where(Organization.slug == "fat"))
        assert fat.name.provenance("es").organizer


def test_a_second_seed_changes_nothing_and_an_older_database_gets_the_provenance(seeded):
    with seeded.app_context():
        stats = seed(ROOT / "seeds")
        assert set(stats) == {"files read"}, stats
        # A record seeded before provenance existed (texts only) is updated by the next seed.
        db.session.execute(db.text("UPDATE convenings SET title = :t WHERE slug = 'la-2009'"),
                           {"t": '{"en": "ITSC binational gathering, Los Angeles 2009", "es": "x"}'})
        db.session.commit()
        stats = seed(ROOT / "seeds")
        db.session.commit()
        assert stats["convenings updated"] == 1
        la = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2009"))
        assert la.title.provenance("fr").organizer


@pytest.mark.parametrize("lang, title, note, absent", [
    ("fr", "Conférence trinationale de solidarité syndicale, Los Angeles 2013",
     "Traduction d&#39;Organizer; original en anglais", NOT_YET),
    ("es", "Conferencia trinacional de solidaridad laboral, Los Ángeles 2013",
     "Traducción de Organizer; original en inglés", NOT_YET),
    ("en", "Trinational labor solidarity conference, Los Angeles 2013", None, "Organizer&#39;s translation"),
])
def test_public_pages_of_seeded_records_say_whose_translation(seeded, client, lang, title, note, absent):
    html = client.get(f"/{lang}/convenings/la-2013/").get_data(as_text=True)
    assert title in html
    assert (note in html) if note else True
    assert absent not in html.split("<main", 1)[1].split("Participating", 1)[0] if lang == "en" else True
    html = client.get(f"/{lang}/declarations/la-2013-declaration").get_data(as_text=True)
    if lang == "fr":
        assert "<h1>Déclaration de la conférence</h1>" in html and note in html
        assert "Émise au nom des participantes et participants" in html


def test_records_without_french_show_the_marked_fallback(seeded, client):
    html = client.get("/fr/organizations/fat/").get_data(as_text=True)
    assert NOT_YET in html  # its description is in English and Spanish only
    assert "Fédération" in html  # its kind, from the French catalog


def test_sectors_and_kinds_of_organizations_read_and_search_in_french(seeded, client):
    with open(ROOT / "translations/fr/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    for label in [*KIND_LABELS.values(), *SECTOR_LABELS.values()]:
        english = label._args[0]
        message = catalog.get(english)
        assert message is not None and message.string and not message.fuzzy, english
    # French words find organizations by kind and sector ("enseignants": teachers' unions).
    html = client.get("/fr/search/?q=enseignants").get_data(as_text=True)
    assert "CNTE" in html or "Coordinadora Nacional" in html or "Coordination" in html


def test_a_french_text_in_a_seed_file_may_not_be_empty(app, tmp_path):
    (tmp_path / "sources.yaml").write_text('sources:\n  - file: a.txt\n    title: {en: "A", es: "A", fr: ""}\n')
    with app.app_context(), pytest.raises(SeedError) as error:
        seed(tmp_path)
    assert "title.fr" in str(error.value)
