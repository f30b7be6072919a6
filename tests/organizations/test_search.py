"""Site search (issue 16 item 12): full text over convenings, sessions, organizations, people and
declarations, every language at once, with synonyms, ranked and grouped, on both databases."""
from __future__ import annotations

from pathlib import Path

import pytest

from organizer.archive import search_index
from organizer.convenings.seeding import seed
from organizer.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed(ROOT / "seeds")
        db.session.commit()
        yield app


def found(query: str, language: str = "es") -> dict[str, list[str]]:
    results = search_index.search(query, language=language, limit=100)
    return {kind: [hit.slug for hit in hits] for kind, hits in results.groups.items()}


def test_declaracion_finds_the_declarations(seeded, client):
    hits = found("declaración")
    assert {"la-2013-declaration", "mexico-city-2014-joint-declaration"} <= set(hits["declaration"])
    page = text(client.get("/es/search/", query_string={"q": "declaración"}))
    assert "Declaraciones" in page and 'href="/es/declarations/la-2013-declaration' in page


def test_frente_autentico_finds_the_fat_la_2013_the_2014_forums_and_benedicto_martinez(seeded):
    hits = found("Frente Auténtico")
    assert hits["organization"][0] == "fat"
    assert {"la-2013", "mexico-city-2014"} <= set(hits["convening"])
    assert "benedicto-martinez" in hits["person"]
    assert hits.get("session"), "the sessions where the FAT spoke"


def test_maestros_finds_teachers_organizations_convenings_and_people_without_false_hits(seeded):
    hits = found("maestros")
    organizations = hits["organization"]
    teachers = {"snte", "cnte", "utla", "cft", "cta", "aft", "bctf", "tncdpe"}
    assert teachers <= set(organizations[:len(teachers)]), organizations  # named for teachers: first
    assert "stunam" not in organizations and "cide" not in organizations  # university workers; "teaching"
    assert hits.get("convening") and hits.get("person")
    assert "elba-esther-gordillo" in hits["person"]  # the teachers' union (SNTE) leader


def test_sindicato_minero_ranks_los_mineros_first(seeded):
    organizations = found("sindicato minero")["organization"]
    assert organizations[0] == "mineros"
    if "industriall" in organizations:
        assert organizations.index("mineros") < organizations.index("industriall")


@pytest.mark.parametrize("query", ["USMCA", "T-MEC", "CUSMA", "aceum"])
def test_usmca_finds_more_than_la_2024(seeded, query):
    hits = found(query, "en")
    assert "la-2024" in hits["convening"]
    assert hits.get("organization") and "kim-nolan" in hits.get("person", [])


def test_results_are_grouped_with_escaped_highlighted_snippets(app, client, archive):
    from organizer.organizations import services
    from organizer.i18n.translated import TranslatedText

    with app.app_context():
        org = services.organization_by_slug("utla")
        services.update_organization(org, name=org.name, acronym=org.acronym, country=org.country, kind=org.kind,
                                     sectors=org.sectors, networks=[], parent=None, website=None,
                                     description=TranslatedText(en="<script>alert(1)</script> Teachers of the city's schools"))
        db.session.commit()
    page = text(client.get("/en/search/", query_string={"q": "schools"}))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<mark>schools</mark>" in page
    assert 'aria-labelledby="r-organization"' in page


@pytest.mark.parametrize("query", ['"', '""', "*", "maestros*", "NEAR(a b)", "a NEAR b", "AND", "OR NOT", "(", ")",
                                  "{title_en}: x", "^x", "col:x", "-x", "x\x00y", "\x00", "%", "_", "'; DROP TABLE x;--",
                                  "é" * 10_000, "maestros " * 2_000, "ñ:*", "!&|<->", "\\", "\ufeff", "𝕏"])
def test_hostile_queries_never_fail(app, client, archive, query):
    response = client.get("/en/search/", query_string={"q": query})
    # a NUL anywhere in a query string is refused by the app (400) before any view
    assert response.status_code == (400 if "\x00" in query else 200)
    with app.test_request_context("/en/"):
        search_index.search(query)  # the engines themselves never see syntax


def test_the_index_follows_every_write(app, archive):
    from tests import factories as f

    from organizer.convenings.models import Convening
    from organizer.organizations import services

    with app.test_request_context("/en/"):
        f.org("ilwu", "International Longshore and Warehouse Union", "Sindicato de Estibadores", acronym="ILWU",
              country="US")
        db.session.commit()
        assert found("estibadores")["organization"] == ["ilwu"]
        assert found("longshore")["organization"] == ["ilwu"]
        org = services.organization_by_slug("ilwu")
        db.session.delete(org)
        db.session.commit()
        assert "organization" not in found("estibadores")
        # a convening turned back into a draft leaves the public search, with what belongs to it
        la = db.session.get(Convening, archive["la"])
        assert "la-2013" in found("conferencia", "es").get("convening", [])
        la.status = "draft"
        db.session.commit()
        assert "la-2013" not in found("conferencia", "es").get("convening", [])


def test_renaming_an_organization_updates_the_people_and_convenings_that_show_it(app, archive):
    from organizer.organizations import services
    from organizer.i18n.translated import TranslatedText

    with app.test_request_context("/en/"):
        assert "ana-lopez" not in found("Quetzalcoatl").get("person", [])
        org = services.organization_by_slug("fat")
        services.update_organization(org, name=TranslatedText(en="Quetzalcoatl Labor Front", es="Frente Quetzalcóatl"),
                                     acronym=org.acronym, country=org.country, kind=org.kind, sectors=org.sectors,
                                     networks=[], parent=None, website=None, description=None)
        db.session.commit()
        hits = found("Quetzalcoatl")
        assert hits["organization"] == ["fat"]
        assert "ana-lopez" in hits["person"] and "la-2013" in hits["convening"]


def test_private_people_and_draft_declarations_are_not_found(seeded):
    from organizer.declarations.models import Declaration

    with seeded.app_context():
        declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == "la-2013-declaration"))
        declaration.status = "draft"
        db.session.commit()
        assert "la-2013-declaration" not in found("declaración").get("declaration", [])


def test_rebuilding_the_index_gives_the_same_answers(seeded, runner):
    before = found("Frente Auténtico")
    result = runner.invoke(args=["organizer", "search-index"])
    assert result.exit_code == 0, result.output
    assert "organization" in result.output
    with seeded.app_context():
        assert found("Frente Auténtico") == before


def test_synonyms_are_data_and_cover_the_field():
    from organizer.archive import analysis

    groups = [set(" ".join(s) for s in g) for g in analysis.synonym_groups()]

    def together(*words):
        return any(set(words) <= g for g in groups)

    assert together("nafta", "tlcan", "alena")
    assert together("usmca", "t mec", "aceum", "cusma")
    assert together("teachers", "maestros", "magisterio", "docentes", "enseignants")
    assert together("miners", "mineros", "mineurs")
    assert together("union", "sindicato", "syndicat")
    assert together("fat", "frente autentico del trabajo", "authentic labor front")
