"""Issue 16, item 11: every seeded record shows the source passage it rests on (document and a short
quotation), and every quotation is really in its document."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from organizer.agenda.models import Session
from organizer.convenings.models import Citation, Convening, ConveningGoal, ConveningOrganization, ConveningPerson
from organizer.convenings.seeding import SeedError, seed
from organizer.declarations.models import Clause, Declaration
from organizer.extensions import db
from organizer.organizations.models import ORIGIN_SEED, Affiliation, Organization, Person

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def source_texts_dir() -> Path | None:
    """The source documents live outside the repository, in ``../shared/seeds`` of the checkout (or
    of its parent, for a worktree)."""
    for base in ROOT.parents:
        candidate = base / "shared" / "seeds"
        if (candidate / "004_289e62a384239937.txt").is_file():
            return candidate
    return None


@pytest.fixture
def seeded(app):
    texts = source_texts_dir()
    app.config["SOURCE_TEXTS_DIR"] = str(texts) if texts else None
    with app.app_context():
        seed(SEEDS)
        db.session.commit()
        yield app


def _records() -> dict[str, list[int]]:
    seeded_people = db.select(Person.id).where(Person.origin == ORIGIN_SEED)
    seeded_convenings = db.select(Convening.id).where(Convening.origin == ORIGIN_SEED)
    ids = lambda query: list(db.session.scalars(query))  # noqa: E731
    return {
        "organization": ids(db.select(Organization.id).where(Organization.origin == ORIGIN_SEED)),
        "person": ids(seeded_people),
        "affiliation": ids(db.select(Affiliation.id).where(Affiliation.person_id.in_(seeded_people))),
        "convening": ids(seeded_convenings),
        "convening_organization": ids(db.select(ConveningOrganization.id).where(ConveningOrganization.origin == ORIGIN_SEED)),
        "convening_person": ids(db.select(ConveningPerson.id).where(ConveningPerson.origin == ORIGIN_SEED)),
        "goal": ids(db.select(ConveningGoal.id).where(ConveningGoal.convening_id.in_(seeded_convenings))),
        "session": ids(db.select(Session.id).where(Session.origin == ORIGIN_SEED)),
        "declaration": ids(db.select(Declaration.id).where(Declaration.origin == ORIGIN_SEED)),
        "clause": ids(db.select(Clause.id).where(Clause.origin == ORIGIN_SEED)),
    }


def test_every_seeded_record_has_a_source_passage(seeded):
    cited = {tuple(row) for row in db.session.execute(db.select(Citation.record_kind, Citation.record_id))}
    records = _records()
    missing = {kind: [i for i in ids if (kind, i) not in cited] for kind, ids in records.items()}
    assert {kind: ids for kind, ids in missing.items() if ids} == {}
    total = sum(len(ids) for ids in records.values())
    print(f"\nrecords with a source passage: {total} "
          + ", ".join(f"{kind} {len(ids)}" for kind, ids in records.items()))
    assert total >= 400
    for citation in db.session.scalars(db.select(Citation)):
        assert citation.quote or citation.locator


def test_every_quotation_is_in_its_source_document():
    texts = source_texts_dir()
    if texts is None:
        pytest.skip("the source documents (../shared/seeds) are not next to this checkout")
    normal = {}
    citations = yaml.safe_load((SEEDS / "citations.yaml").read_text(encoding="utf-8"))["citations"]
    for item in citations:
        if item["file"] not in normal:
            normal[item["file"]] = re.sub(r"\s+", " ", (texts / item["file"]).read_text(encoding="utf-8"))
        assert re.sub(r"\s+", " ", item["quote"]).strip() in normal[item["file"]], item["record"]
        assert len(item["quote"]) <= 400, item["record"]
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w", item["quote"]), item["record"]  # never contact data


SOURCES = """
sources:
  - file: 004_289e62a384239937.txt
    title: {en: "Report", es: "Informe"}
"""
ORGS = """
organizations:
  - slug: fat
    name: {en: Authentic Labor Front, es: Frente Auténtico del Trabajo}
    acronym: {en: FAT, es: FAT}
    country: MX
    kind: federation
    sources: [004_289e62a384239937.txt]
"""


@pytest.mark.parametrize("citation, field", [
    ("- {record: organization/nobody, file: 004_289e62a384239937.txt, quote: Authentic Labor Front}", "record"),
    ("- {record: organization/fat, file: 004_289e62a384239937.txt, quote: Inauthentic Labor Front}", "quote"),
    ("- {record: organization/fat, file: 004_289e62a384239937.txt}", "quote"),
    ("- {record: organization/fat, file: 999.txt, quote: Authentic Labor Front}", "file"),
    ("- {record: convening/nowhere/session/x, file: 004_289e62a384239937.txt, quote: Authentic Labor Front}", "record"),
])
def test_a_citation_that_names_nothing_or_misquotes_stops_the_file(app, tmp_path, citation, field):
    # a source text of its own, so that a misquote is caught wherever the suite runs
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "004_289e62a384239937.txt").write_text("The Authentic Labor Front (FAT) spoke.\n", encoding="utf-8")
    app.config["SOURCE_TEXTS_DIR"] = str(texts)
    base = tmp_path / "seeds"
    base.mkdir()
    (base / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (base / "organizations.yaml").write_text(ORGS, encoding="utf-8")
    (base / "citations.yaml").write_text("citations:\n" + citation + "\n", encoding="utf-8")
    with app.app_context():
        with pytest.raises(SeedError) as info:
            seed(base)
        assert (info.value.file, info.value.field) == ("citations.yaml", field)
        assert db.session.scalar(db.select(db.func.count()).select_from(Citation)) == 0


def test_a_citation_the_file_drops_goes_on_the_next_run(app, tmp_path):
    base = tmp_path / "seeds"
    base.mkdir()
    (base / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (base / "organizations.yaml").write_text(ORGS, encoding="utf-8")
    (base / "citations.yaml").write_text(
        "citations:\n- {record: organization/fat, file: 004_289e62a384239937.txt, quote: Authentic Labor Front}\n"
        "- {record: organization/fat, file: 004_289e62a384239937.txt, locator: 'p. 2'}\n", encoding="utf-8")
    with app.app_context():
        seed(base)
        assert db.session.scalar(db.select(db.func.count()).select_from(Citation)) == 2
        (base / "citations.yaml").write_text(
            "citations:\n- {record: organization/fat, file: 004_289e62a384239937.txt, locator: 'p. 2'}\n", encoding="utf-8")
        seed(base)
        assert [(c.quote, c.locator, c.position) for c in db.session.scalars(db.select(Citation))] == [(None, "p. 2", 0)]


def _page(client, url: str) -> str:
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang, label, quoted_in", [
    ("en", "Source:", None), ("es", "Fuente:", "(cita en inglés)"), ("fr", "Source :", "(citation en anglais)")])
def test_public_pages_show_the_source_passage_in_the_readers_language(seeded, client, lang, label, quoted_in):
    import html
    pages = {
        f"/{lang}/convenings/la-2013/": "met in Los Angeles on December 2–3, 2013",
        f"/{lang}/organizations/fat/": "copresident of the Authentic",
        f"/{lang}/people/kent-wong/": "Kent Wong, director of the UCLA Labor Center",
        f"/{lang}/declarations/la-2013-declaration": "We also declare our solidarity with the fifteen workers at First Energy",
    }
    for url, quote in pages.items():
        page = html.unescape(_page(client, url))
        assert label in page, url
        assert quote in page, url
        assert 'lang="en"' in page
        if quoted_in:
            assert quoted_in in page, url
        else:
            assert "(quoted in" not in page


def test_the_source_passage_costs_one_query_per_kind(seeded, client, count_queries):
    """Constant query count: the citations of a page load once per kind, however many records it lists."""
    with count_queries() as queries:
        _page(client, "/en/convenings/mexico-city-2023/")  # 20 organizations, 2 people, 5 goals
    citation_queries = [q for q in queries if "FROM citations" in q]
    assert len(citation_queries) == 4  # convening, goal, convening_organization, convening_person


def test_a_session_page_shows_its_source_passage(seeded, client):
    import html

    from organizer.agenda.seeding import seeded_guid
    page = html.unescape(_page(client, f"/es/convenings/mexico-city-2014/agenda/sessions/{seeded_guid('mexico-city-2014', 'forum-agriculture')}/"))
    assert "Fuente:" in page and "“The next day, forums focused on agriculture and labor.”" in page
    assert "(cita en inglés)" in page
