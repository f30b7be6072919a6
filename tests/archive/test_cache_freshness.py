"""Issue 18: the cached directory, organization and person pages and the site search show a change
at once (``archive.caching``): every row they show renews their stamp when its unit of work
commits, and so does rebuilding the search index. Each page is first served from the cache (a
second request renders nothing), then asked again after the change."""
from __future__ import annotations

from sqlalchemy import update

from organizer.convenings.models import Convening, ConveningOrganization, ConveningPerson
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations import services
from organizer.organizations.models import Affiliation, Organization, Person
from organizer.platform import http_cache


def text(response) -> str:
    return response.get_data(as_text=True)


def cached(app, client, path: str) -> str:
    """The page for an anonymous visitor, asked twice: the second answer is the shared copy."""
    first = client.get(path)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60", path
    renders = http_cache.stats(app).renders
    again = client.get(path)
    assert again.data == first.data and http_cache.stats(app).renders == renders, path
    return text(again)


def _id(model, slug: str) -> int:
    return db.session.scalar(db.select(model.id).where(model.slug == slug))


def test_renaming_an_organization_through_its_service_shows_everywhere_at_once(app, archive):
    client = app.test_client()
    pages = {"/en/organizations/": "Authentic Labor Front", "/es/organizations/": "Frente Auténtico del Trabajo",
             "/en/organizations/fat/": "Authentic Labor Front", "/en/organizations/tnsa/": "Authentic Labor Front",
             "/en/people/ana-lopez/": "Authentic Labor Front", "/en/search/?q=fat": "Authentic Labor Front",
             "/es/search/?q=frente": "Frente Auténtico del Trabajo"}
    for path, old in pages.items():
        assert old in cached(app, client, path), path
    with app.app_context():
        org = services.organization_by_slug("fat")
        services.update_organization(
            org, name=TranslatedText(en="Authentic Workers Front", es="Frente Auténtico de los Trabajadores"),
            acronym=org.acronym, country=org.country, kind=org.kind, sectors=org.sectors,
            networks=services.network_ids(org), parent=None)
        db.session.commit()
    for path, old in pages.items():
        page = text(client.get(path))
        assert old not in page, path
        assert "Authentic Workers Front" in page or "Frente Auténtico de los Trabajadores" in page, path


def test_a_new_affiliation_shows_on_the_organization_and_the_person_at_once(app, archive):
    client = app.test_client()
    assert "Ana López" not in cached(app, client, "/en/organizations/utla/")
    assert "United Teachers Los Angeles" not in cached(app, client, "/en/people/ana-lopez/")
    with app.app_context():  # the row alone: neither the person nor the organization is written
        db.session.add(Affiliation(person_id=_id(Person, "ana-lopez"), organization_id=_id(Organization, "utla"),
                                   title=TranslatedText(en="Visiting teacher", es="Maestra invitada"), as_of="2020"))
        db.session.commit()
    assert "Ana López" in text(client.get("/en/organizations/utla/"))
    person = text(client.get("/en/people/ana-lopez/"))
    assert "United Teachers Los Angeles" in person and "Visiting teacher" in person


def test_a_new_participation_shows_on_the_organization_and_the_person_at_once(app, archive):
    client = app.test_client()
    assert "Los Angeles gathering 2024" not in cached(app, client, "/en/organizations/utla/")
    assert "Los Angeles gathering 2024" not in cached(app, client, "/en/people/ana-lopez/")
    with app.app_context():
        convening, utla = _id(Convening, "la-2024"), _id(Organization, "utla")
        db.session.add(ConveningOrganization(convening_id=convening, organization_id=utla, role="participant"))
        db.session.add(ConveningPerson(convening_id=convening, person_id=_id(Person, "ana-lopez"), role="speaker",
                                       organization_id=utla))
        db.session.commit()
    organization = text(client.get("/en/organizations/utla/"))
    assert "Los Angeles gathering 2024" in organization and "Ana López" in organization  # who took part for it
    assert "Los Angeles gathering 2024" in text(client.get("/en/people/ana-lopez/"))


def test_a_retitled_or_unpublished_convening_shows_at_once(app, archive):
    client = app.test_client()
    paths = ["/en/organizations/fat/", "/en/people/ana-lopez/", "/en/search/?q=conference"]
    for path in paths:
        assert "Los Angeles conference 2013" in cached(app, client, path), path
    with app.app_context():
        convening = db.session.get(Convening, archive["la"])
        convening.title = TranslatedText(en="Los Angeles conference on NAFTA", es="Conferencia sobre el TLCAN")
        db.session.commit()
    for path in paths:
        page = text(client.get(path))
        assert "Los Angeles conference 2013" not in page and "Los Angeles conference on NAFTA" in page, path
    with app.app_context():
        db.session.get(Convening, archive["la"]).status = "draft"
        db.session.commit()
    for path in paths:
        assert "Los Angeles conference on NAFTA" not in text(client.get(path)), path


def test_network_memberships_written_by_the_seeder_show_at_once(app, archive):
    client = app.test_client()
    assert "United Teachers Los Angeles" not in cached(app, client, "/en/organizations/tnsa/")
    assert "2 organizations" in cached(app, client, "/en/organizations/?network=tnsa")
    with app.app_context():  # the networks table is written with plain statements
        utla = services.organization_by_slug("utla")
        services.set_seeded_relations(utla, None, [_id(Organization, "tnsa")], set())
        db.session.commit()
    assert "United Teachers Los Angeles" in text(client.get("/en/organizations/tnsa/"))
    assert "3 organizations" in text(client.get("/en/organizations/?network=tnsa"))


def test_rebuilding_the_search_index_shows_at_once(app, runner, archive):
    client = app.test_client()
    assert "United Teachers Los Angeles" in cached(app, client, "/en/search/?q=utla")
    assert "United Teachers Los Angeles" in cached(app, client, "/en/organizations/utla/")
    with app.app_context(), db.engine.begin() as connection:  # rows written outside the application
        connection.execute(update(Organization.__table__).where(Organization.__table__.c.slug == "utla").values(
            name=TranslatedText(en="United Educators of Los Angeles", es="Educadores Unidos de Los Ángeles")))
    assert "United Teachers Los Angeles" in text(client.get("/en/search/?q=utla"))  # not seen until rebuilt
    result = runner.invoke(args=["organizer", "search-index"])
    assert result.exit_code == 0, result.output
    page = text(client.get("/en/search/?q=utla"))
    assert "United Educators of Los Angeles" in page and "United Teachers Los Angeles" not in page
    # and every other page may show rows loaded outside the application: all of them are renewed
    assert "United Educators of Los Angeles" in text(client.get("/en/organizations/utla/"))
