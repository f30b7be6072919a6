"""Organization directory, organization and person pages, search."""
from __future__ import annotations

import pytest

from organizer.extensions import db
from organizer.platform import http_cache


def text(response) -> str:
    return response.get_data(as_text=True)


def uncached(app) -> None:
    """Drop the shared copies of the pages, so that the next request renders (and its queries can
    be counted): anonymous visitors are otherwise answered from the cache without a query."""
    with app.app_context():
        http_cache.backend(app).clear()


def test_directory_in_both_languages_with_counts(client, archive):
    en = text(client.get("/en/organizations/"))
    es = text(client.get("/es/organizations/"))
    assert "Authentic Labor Front" in en and "Frente Auténtico del Trabajo" in es
    assert "7 organizations" in en and "7 organizaciones" in es
    # Facets with counts: 3 in Mexico... (fat, cnte) = 2 MX, 3 US (utla, gates), CA 2, INT 1
    assert '>Mexico</a> <span class="count">(2)</span>' in en
    assert '>México</a> <span class="count">(2)</span>' in es
    assert '>Educación</a> <span class="count">(3)</span>' in es
    assert '>Sindicato</a> <span class="count">(' in es


def test_directory_filters_combine_and_counts_follow(client, archive):
    body = text(client.get("/en/organizations/?country=MX&sector=education"))
    assert "1 organization" in body and "National Coordination of Education Workers" in body
    assert "Authentic Labor Front" not in body.split("results-heading")[1]
    body = text(client.get("/en/organizations/?network=tnsa"))
    assert "2 organizations" in body and "Authentic Labor Front" in body and "United Teachers" not in body
    body = text(client.get("/en/organizations/?kind=foundation"))
    assert "Gates Foundation" in body and "1 organization" in body


def test_directory_ignores_nonsense_filters(client, archive):
    response = client.get("/en/organizations/?kind=<script>&sector=x&country=ZZZZ&page=abc")
    assert response.status_code == 200 and "7 organizations" in text(response)


def test_directory_paginates(app, client):
    from tests import factories as f

    with app.app_context():
        for i in range(120):
            f.org(f"org-{i:03d}", f"Organization {i:03d}", country="US")
        db.session.commit()
    first = text(client.get("/en/organizations/"))
    assert "Organization 000" in first and "Organization 050" not in first and "Page 1 of 3" in first
    third = text(client.get("/es/organizations/?page=3"))
    assert "Organization 119" in third and "Página 3 de 3" in third


def test_unverified_organizations_are_not_public(app, client, make_user, login_as):
    from tests import factories as f

    with app.app_context():
        f.org("proposed", "Proposed Union", verified=False)
        db.session.commit()
    assert "Proposed Union" not in text(client.get("/en/organizations/"))
    assert client.get("/en/organizations/proposed/").status_code == 404
    assert "Proposed Union" not in text(client.get("/en/search/?q=proposed"))
    login_as(make_user(admin=True))
    assert client.get("/en/organizations/proposed/").status_code == 200


def test_organization_page_lists_convenings_roles_networks_people(client, archive):
    en = text(client.get("/en/organizations/fat/"))
    assert "Los Angeles conference 2013" in en and "Los Angeles gathering 2024" in en
    assert "Participant" in en and "Host" in en
    assert "Trinational Solidarity Alliance" in en  # its network
    assert "Auto industry" in en and "Mining" in en
    assert "Ana López" in en and "National coordinator" in en
    assert "Private Person" not in en  # not public
    assert "Secret draft" not in en
    es = text(client.get("/es/organizations/fat/"))
    assert "Conferencia de Los Ángeles 2013" in es and "Anfitriona" in es and "Industria automotriz" in es
    assert "Coordinadora nacional" in es and "diciembre de 2013" in es


def test_network_page_lists_members_and_parent_page_children(client, archive):
    assert "Authentic Labor Front" in text(client.get("/en/organizations/tnsa/")).split("Members of this network")[1]
    assert "USW Local 1" in text(client.get("/en/organizations/usw/"))
    assert "United Steelworkers" in text(client.get("/en/organizations/usw-local-1/"))


def test_person_page_only_for_public_people_and_never_contact_data(app, client, archive):
    en = text(client.get("/en/people/ana-lopez/"))
    assert "Ana López" in en and "Los Angeles conference 2013" in en and "Speaker" in en
    es = text(client.get("/es/people/ana-lopez/"))
    assert "Ponente" in es and "Frente Auténtico del Trabajo" in es
    assert "@" not in es.split("<main")[1].split("</main>")[0]
    assert client.get("/en/people/private-person/").status_code == 404
    assert client.get("/es/people/nobody/").status_code == 404


@pytest.mark.parametrize("query, expected", [
    ("Mexico", "Mexico City convening 2030"),
    ("mexico", "Mexico City convening 2030"),
    ("MÉXICO", "Mexico City convening 2030"),
    ("Authentic Labor Front", "Authentic Labor Front"),
    ("frente autentico", "Authentic Labor Front"),
    ("FAT", "Authentic Labor Front"),
    ("ana lopez", "Ana López"),
    ("los angeles 2013", "Los Angeles conference 2013"),
])
def test_search_ignores_accents_case_and_language(client, archive, query, expected):
    body = text(client.get("/en/search/", query_string={"q": query}))
    assert expected in body


@pytest.mark.parametrize("query", ["maestros", "teachers", "Maestros", "docentes", "magisterio"])
def test_search_finds_teachers_organizations_in_either_language(client, archive, query):
    body = text(client.get("/es/search/", query_string={"q": query}))
    assert "Maestros Unidos de Los Ángeles" in body
    assert "Coordinadora Nacional de Trabajadores de la Educación" in body
    assert "Fundación Gates" not in body  # a foundation working on education is not a teachers' organization
    assert "Frente Auténtico del Trabajo" not in body


def test_search_hides_drafts_and_private_people(client, archive):
    assert "Secret draft" not in text(client.get("/en/search/?q=secret"))
    assert "Private Person" not in text(client.get("/en/search/?q=private"))


def test_search_empty_and_no_results(client, archive):
    assert client.get("/es/search/").status_code == 200
    body = text(client.get("/es/search/?q=zzzzzz"))
    assert "Nada coincide con «zzzzzz»" in body


def test_search_text_follows_edits(app, archive):
    from organizer.organizations.models import Organization

    with app.app_context():
        fat = db.session.scalar(db.select(Organization).where(Organization.slug == "fat"))
        fat.set_sectors(["education"])
        db.session.commit()
        fat = db.session.scalar(db.select(Organization).where(Organization.slug == "fat"))
        assert "maestros" in fat.search_text and "mineros" not in fat.search_text


def _orgs(app, start, n):
    from tests import factories as f

    with app.app_context():
        tnsa = db.session.scalar(db.select(f.Organization).where(f.Organization.slug == "tnsa-x"))
        if tnsa is None:
            tnsa = f.org("tnsa-x", "Trinational Alliance", kind="network", country="INT")
        for i in range(start, start + n):
            f.org(f"teachers-{i}", f"Teachers Union {i}", country=("US", "MX", "CA")[i % 3],
                  sectors=["education", "public_sector"][: 1 + i % 2], networks=[tnsa] if i % 2 else [])
            f.person(f"person-{i}", f"Teacher Person {i}")
            f.convening(f"teachers-conv-{i}", f"Teachers convening {i}", start=f"{2000 + i % 20}")
        db.session.commit()


@pytest.mark.parametrize("path", ["/en/organizations/", "/en/organizations/?country=MX&sector=education&network=tnsa-x",
                                  "/en/search/?q=teachers", "/es/search/?q=maestros+mexico"])
def test_query_count_is_constant(app, client, count_queries, path):
    _orgs(app, 0, 3)
    client.get(path)
    uncached(app)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    _orgs(app, 3, 297)
    uncached(app)
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert len(few) == len(many), (len(few), len(many))


def test_sort_keys_are_stored_per_language_and_follow_edits(app, client):
    from tests import factories as f

    from organizer.organizations.models import Organization

    with app.app_context():
        f.org("zeta", "Zeta Workers", "Alfa Trabajadores", country="US")
        f.org("beta", "Beta Union", None, country="US")  # English only: sorted by it in Spanish too
        db.session.commit()
        zeta = db.session.scalar(db.select(Organization).where(Organization.slug == "zeta"))
        assert (zeta.sort_name_en, zeta.sort_name_es, zeta.sort_name_fr) == ("zeta workers", "alfa trabajadores",
                                                                             "zeta workers")
        beta = db.session.scalar(db.select(Organization).where(Organization.slug == "beta"))
        assert beta.sort_name_es == "beta union"
    en, es = text(client.get("/en/organizations/")), text(client.get("/es/organizations/"))
    assert en.index("Beta Union") < en.index("Zeta Workers")
    assert es.index("Alfa Trabajadores") < es.index("Beta Union")
    with app.app_context():
        zeta = db.session.scalar(db.select(Organization).where(Organization.slug == "zeta"))
        from organizer.i18n.translated import TranslatedText

        zeta.name = TranslatedText(en="Aardvark Workers", es="Zorro Trabajadores")
        db.session.commit()
        assert db.session.scalar(db.select(Organization.sort_name_es).where(Organization.slug == "zeta")) == \
            "zorro trabajadores"


def test_directory_counts_its_facets_in_one_grouped_statement(app, client, archive, count_queries):
    client.get("/en/organizations/?country=MX&sector=education")
    uncached(app)
    with count_queries() as statements:
        assert client.get("/en/organizations/?country=MX&sector=education").status_code == 200
    grouped = [s for s in statements if "GROUP BY" in s.upper()]
    assert len(grouped) == 1 and grouped[0].upper().count("UNION ALL") == 4
