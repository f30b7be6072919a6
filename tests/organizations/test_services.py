"""organizations.services is the one owner of organizations: every path deduplicates, slugs, and
stores a name only in the language it was given in."""
from __future__ import annotations

import pytest

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations import services
from organizer.organizations.models import Organization


@pytest.fixture
def ctx(app, archive):
    with app.test_request_context("/en/"):
        yield db.session


def test_a_proposed_name_is_stored_in_its_language_only_and_stays_unverified(ctx, client, login_as, archive):
    org = services.propose_organization("Colectivo de Maestras de Oaxaca", country="MX", language="es",
                                        acronym="CMO", sectors=["education"])
    assert org.name.to_dict() == {"es": "Colectivo de Maestras de Oaxaca"} and org.acronym.to_dict() == {"es": "CMO"}
    assert org.verified is False and org.slug == "cmo" and org.sectors == ["education"]
    slug = org.slug
    db.session.commit()
    login_as(archive["organizer"])
    page = client.get(f"/en/organizations/{slug}/").get_data(as_text=True)
    assert "Colectivo de Maestras de Oaxaca" in page and "not yet translated" in page
    assert "Colectivo de Maestras de Oaxaca" not in client.get("/en/organizations/").get_data(as_text=True)


@pytest.mark.parametrize("name, acronym", [("Frente Autentico del Trabajo", None), ("frente auténtico DEL trabajo", None),
                                           ("Some other wording", "fat")])
def test_proposing_a_known_organization_gives_the_known_one(ctx, archive, name, acronym):
    before = db.session.scalar(db.select(db.func.count()).select_from(Organization))
    org = services.propose_organization(name, country="MX", language="es", acronym=acronym)
    assert org.id == archive["fat"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == before


def test_the_same_name_in_another_country_is_another_organization(ctx, archive):
    org = services.propose_organization("Authentic Labor Front", country="US", language="en")
    assert org.id != archive["fat"] and org.country == "US" and org.slug == "authentic-labor-front"


def test_creating_a_duplicate_is_refused_with_the_duplicates(ctx, archive):
    with pytest.raises(services.DuplicateOrganization) as refused:
        services.create_organization(name=TranslatedText(en="FAT"), country="MX", kind="union")
    assert [o.slug for o in refused.value.duplicates] == ["fat"] and refused.value.field == "name"
    with pytest.raises(services.OrganizationError):
        services.propose_organization("  ", country="MX", language="en")


def test_an_organization_of_unknown_country_is_shown_and_filtered(ctx, client, archive):
    org = services.create_organization(name=TranslatedText(en="Mystery Workers Union"), country=None, kind="union")
    assert org.country == "ZZ" and org.verified and org.slug == "mystery-workers-union"
    db.session.commit()
    page = client.get("/en/organizations/?country=ZZ").get_data(as_text=True)
    assert "1 organization" in page and "Mystery Workers Union" in page and "Country not known" in page


def test_update_checks_before_changing_anything(ctx, archive):
    fat = db.session.get(Organization, archive["fat"])
    with pytest.raises(services.OrganizationError) as refused:
        services.update_organization(fat, name=fat.name, country="MX", kind="union", parent=fat)
    assert refused.value.field == "parent_slug" and fat.kind == "federation"
    with pytest.raises(services.DuplicateOrganization):
        services.update_organization(fat, name=TranslatedText(en="CNTE"), country="MX", kind="union")
    assert str(fat.name) == "Authentic Labor Front"


def test_verify_and_find_by_name_acronym_or_short_name(ctx, archive):
    org = services.propose_organization("SEIU Local 721", country="US", language="en", acronym="SEIU 721")
    assert services.organization_named("seiu 721").id == org.id
    assert services.organization_named("SEIU Local 721", country="US").id == org.id
    assert services.organization_named("SEIU 721", country="MX") is None
    assert services.organization_named("fat").id == archive["fat"]
    assert services.verify_organization(org).verified is True
    assert [o.slug for o in services.find_organizations("teachers los angeles")] == ["utla"]
