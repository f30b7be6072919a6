"""Issue 18: the directory, organization and person pages and the site search answer anonymous
visitors from the shared cache (``archive.caching``): a repeated request renders nothing and reads
nothing, only the pages' own parameters make another page, and signed-in organizers (who see the
edit links) never share a page with anonymous visitors."""
from __future__ import annotations

import pytest

from organizer.platform import http_cache

PAGES = ["/en/organizations/", "/es/organizations/?country=MX&sector=education", "/en/organizations/fat/",
         "/es/organizations/tnsa/", "/en/people/ana-lopez/", "/en/search/?q=frente", "/es/search/?q=maestros"]


def text(response) -> str:
    return response.get_data(as_text=True)


def renders(app) -> int:
    return http_cache.stats(app).renders


@pytest.mark.parametrize("path", PAGES)
def test_a_second_anonymous_request_renders_nothing_and_reads_nothing(app, archive, count_queries, path):
    client = app.test_client()
    first = client.get(path)
    assert first.status_code == 200
    # stored: the page made no form token (its only forms are GET forms) and has validators
    assert first.headers["Cache-Control"] == "public, max-age=60" and first.headers["ETag"].startswith('"')
    before = renders(app)
    joiner = "&" if "?" in path else "?"
    with count_queries() as queries:
        again = client.get(f"{path}{joiner}utm_source=newsletter&fbclid=IwAR0x")
    assert again.status_code == 200 and again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert len(queries) == 0 and renders(app) == before
    with count_queries() as queries:
        conditional = app.test_client().get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304 and not conditional.data and len(queries) == 0


def test_other_parameters_are_the_same_entry_and_never_stored(app, archive):
    client = app.test_client()
    tagged = client.get("/en/organizations/?country=MX&utm_source=newsletter&zqparam=1")
    body = text(tagged)
    assert "utm_source" not in body and "zqparam" not in body  # not even in the language links
    before = renders(app)
    plain = client.get("/en/organizations/?country=MX")
    assert plain.headers["ETag"] == tagged.headers["ETag"] and renders(app) == before
    search = client.get("/en/search/?q=frente&utm_campaign=spring")
    assert "utm_campaign" not in text(search)
    assert client.get("/en/search/?q=frente").headers["ETag"] == search.headers["ETag"]


def test_filters_pages_queries_and_languages_are_different_pages(app, archive):
    client = app.test_client()
    directory = {path: client.get(path) for path in (
        "/en/organizations/", "/es/organizations/", "/en/organizations/?country=MX", "/en/organizations/?country=US",
        "/en/organizations/?kind=foundation", "/en/organizations/?sector=steel", "/en/organizations/?network=tnsa",
        "/en/organizations/?page=2")}
    assert len({r.headers["ETag"] for r in directory.values()}) == len(directory)
    results = {path: text(r).split("results-heading")[-1] for path, r in directory.items()}
    assert "Authentic Labor Front" in results["/en/organizations/?country=MX"]
    assert "United Teachers" not in results["/en/organizations/?country=MX"]
    assert "United Teachers" in results["/en/organizations/?country=US"]
    assert "Gates Foundation" in results["/en/organizations/?kind=foundation"]
    assert "1 organization" in results["/en/organizations/?sector=steel"]
    assert "2 organizations" in results["/en/organizations/?network=tnsa"]
    assert "Frente Auténtico del Trabajo" in results["/es/organizations/"]
    frente, teachers = client.get("/en/search/?q=frente"), client.get("/en/search/?q=teachers")
    assert frente.headers["ETag"] != teachers.headers["ETag"]
    assert "Authentic Labor Front" in text(frente) and "United Teachers Los Angeles" in text(teachers)
    assert "United Teachers Los Angeles" not in text(frente)
    empty = client.get("/en/search/")
    assert empty.status_code == 200 and empty.headers["ETag"] not in (frente.headers["ETag"], teachers.headers["ETag"])


EDIT_LINKS = {"/en/organizations/": "Add an organization", "/en/organizations/fat/": "Edit this organization",
              "/en/people/ana-lopez/": "Edit this person"}


def test_an_organizer_never_gets_the_anonymous_page_and_the_other_way_round(app, client, archive, build,
                                                                            login_as):
    with build() as f:
        f.org("proposed", "Proposed Union", verified=False)
    anonymous = app.test_client()
    stored = {path: anonymous.get(path) for path in EDIT_LINKS}
    login_as(archive["organizer"])
    for path, link in EDIT_LINKS.items():
        assert link not in text(stored[path])
        mine = client.get(path)
        assert mine.status_code == 200 and link in text(mine)
        assert mine.headers["Cache-Control"] == "private, no-store" and "ETag" not in mine.headers
    search = client.get("/en/search/?q=frente")
    assert search.headers["Cache-Control"] == "private, no-store"
    # only organizers see people without a public page and unverified organizations: the anonymous
    # answer stays a 404 (never stored)
    for path in ("/en/people/private-person/", "/en/organizations/proposed/"):
        assert client.get(path).status_code == 200
        assert anonymous.get(path).status_code == 404 and anonymous.get(path).status_code == 404
    before = renders(app)
    for path, link in EDIT_LINKS.items():
        theirs = anonymous.get(path)
        assert link not in text(theirs) and theirs.data == stored[path].data
    assert renders(app) == before

    # the other way round: the organizer asks first, on an empty cache
    with app.app_context():
        http_cache.backend(app).clear()
    for path, link in EDIT_LINKS.items():
        assert link in text(client.get(path))
        theirs = anonymous.get(path)
        assert link not in text(theirs) and theirs.headers["Cache-Control"] == "public, max-age=60"
        assert "Log out" not in text(theirs)


def test_after_an_edit_the_directory_is_rendered_ahead_in_every_language(app, archive):
    from organizer.extensions import db
    from organizer.organizations import services

    app.config["RENDER_AHEAD"] = "thread"
    with app.app_context():
        assert {f"/{lang}/organizations/" for lang in app.config["LANGUAGES"]} <= \
            set(http_cache.paths_for([http_cache.GLOBAL]))  # `flask organizer render-ahead` keeps them warm
        org = services.organization_by_slug("gates")
        services.update_organization(org, name=org.name, acronym=org.acronym, country=org.country, kind=org.kind,
                                     sectors=["education", "health"], networks=[], parent=None)
        db.session.commit()
    http_cache.wait_render_ahead()
    warmed = set(http_cache.stats(app).warmed)
    assert {f"/{lang}/organizations/" for lang in app.config["LANGUAGES"]} <= warmed
    before = renders(app)
    for lang in app.config["LANGUAGES"]:
        response = app.test_client().get(f"/{lang}/organizations/")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=60"
    assert renders(app) == before  # no visitor paid a render
