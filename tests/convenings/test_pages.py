"""Public convening pages: index, convening page, drafts, home section, in both languages."""
from __future__ import annotations

import re

import pytest

from organizer.platform import signals
from organizer.extensions import db


def text(response) -> str:
    return response.get_data(as_text=True)


def test_index_lists_upcoming_first_then_past_by_year(client, archive):
    body = text(client.get("/en/convenings/"))
    assert body.index("Mexico City convening 2030") < body.index("Los Angeles gathering 2024") < body.index(
        "Los Angeles conference 2013")
    assert "<h3>2024</h3>" in body and "<h3>2013</h3>" in body
    assert "February 2024" in body  # month precision: no invented day
    assert "Secret draft" not in body and "Other draft" not in body


def test_index_in_spanish(client, archive):
    body = text(client.get("/es/convenings/"))
    assert "Encuentro de la Ciudad de México 2030" in body
    assert "febrero de 2024" in body
    assert "2–3 de diciembre de 2013" in body


def test_organizer_sees_only_their_drafts(client, archive, login_as):
    login_as(archive["organizer"])
    body = text(client.get("/en/convenings/"))
    assert "Secret draft convening" in body
    assert "Other draft" not in body


def test_convening_page_in_both_languages(client, archive):
    en = text(client.get("/en/convenings/la-2013/"))
    es = text(client.get("/es/convenings/la-2013/"))
    assert re.search(r"Dec(ember)? 2\s*–\s*3, 2013", en)
    assert "2–3 de diciembre de 2013" in es
    assert "Conferencia de Los Ángeles 2013" in es and "Veinte años de TLCAN" in es
    assert "Aprender de las redes" in es and "Learn from the networks" in en
    # Hosts, goals in order, organizations by country with counts, people with their organization.
    assert en.index("Learn from the networks") < en.index("Build solidarity")
    assert "United Teachers Los Angeles" in en.split("Participating organizations")[0]  # host near the top
    assert "Mexico <span class=\"count\">(2 organizations)</span>" in en
    assert "México <span class=\"count\">(2 organizaciones)</span>" in es
    assert "Ana López" in en and "Private Person" not in en
    assert "Informe sobre la conferencia" in es and "Jane Writer" in es and "004_source.txt" in es
    assert "febrero de 2014" in es


def test_convening_sections_from_other_domains_render_in_order(app, client, archive, tmp_path):
    from jinja2 import DictLoader, ChoiceLoader

    app.jinja_loader  # noqa: B018 - make sure the loader exists
    app.jinja_env.loader = ChoiceLoader([DictLoader({
        "test/_a.html": "<p>SECTION-A {{ ctx.n }}</p>", "test/_b.html": "<p>SECTION-B</p>"}), app.jinja_env.loader])
    def second(convening):
        return signals.Section("test/_b.html", order=20)

    def first(convening):
        return signals.Section("test/_a.html", order=10, context={"n": convening.slug})

    with signals.convening_sections.connected_to(second), signals.convening_sections.connected_to(first):
        body = text(client.get("/en/convenings/la-2013/"))
    assert body.index("SECTION-A la-2013") < body.index("SECTION-B")


def test_drafts_are_hidden_from_everyone_but_their_organizers(client, archive, login_as, make_user):
    assert client.get("/en/convenings/secret-draft/").status_code == 404
    login_as(archive["other_organizer"])
    assert client.get("/en/convenings/secret-draft/").status_code == 404
    client.post("/en/account/logout")
    login_as(archive["organizer"])
    response = client.get("/en/convenings/secret-draft/")
    assert response.status_code == 200
    assert "Edit the convening" in text(response)  # organizer tools


def test_admin_sees_drafts_and_tools(client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    assert client.get("/en/convenings/other-draft/").status_code == 200
    assert "Other draft" in text(client.get("/en/convenings/"))


def test_public_page_has_no_tools_for_visitors(client, archive):
    body = text(client.get("/en/convenings/la-2013/"))
    assert "Organizer tools" not in body and "/edit" not in body


def test_unknown_convening_is_404(client, archive):
    assert client.get("/es/convenings/nothing-here/").status_code == 404


def test_home_shows_upcoming_and_recent(client, archive):
    en = text(client.get("/en/"))
    assert "Mexico City convening 2030" in en and "Los Angeles gathering 2024" in en
    es = text(client.get("/es/"))
    assert "Encuentro de la Ciudad de México 2030" in es
    assert "Convocatorias" in es or "Encuentros" in es


def test_navigation_has_convenings_organizations_and_search(client, archive):
    es = text(client.get("/es/"))
    assert 'href="/es/convenings/"' in es and 'href="/es/organizations/"' in es and 'href="/es/search/"' in es


def _many(app, n):
    from tests import factories as f

    with app.app_context():
        orgs = [f.org(f"o{i}", f"Org {i}", country=("US", "MX", "CA")[i % 3]) for i in range(3)]
        for i in range(n):
            f.convening(f"c-{i}", f"Convening {i}", start=f"{2000 + i % 30}-0{1 + i % 9}",
                        organizations=[(orgs[i % 3], "host")])
        db.session.commit()


@pytest.mark.parametrize("path", ["/en/convenings/", "/en/"])
def test_index_query_count_is_constant(app, client, count_queries, path):
    _many(app, 3)
    client.get(path)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    _many_more = 297
    with app.app_context():
        from tests import factories as f
        for i in range(_many_more):
            f.convening(f"d-{i}", f"Convening d{i}", start=f"{1990 + i % 30}")
        db.session.commit()
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert len(few) == len(many), (few, many)


def test_convening_page_query_count_is_constant(app, client, count_queries):
    from tests import factories as f

    with app.app_context():
        orgs = [f.org(f"o{i}", f"Org {i}", country=("US", "MX", "CA")[i % 3]) for i in range(300)]
        people = [f.person(f"p{i}", f"Person {i}") for i in range(300)]
        f.convening("small", "Small", organizations=[(o, "participant") for o in orgs[:3]],
                    people=[(p, "speaker", orgs[0]) for p in people[:3]], goals=[("a", "a")] * 3)
        f.convening("big", "Big", organizations=[(o, "participant") for o in orgs],
                    people=[(p, "speaker", orgs[i]) for i, p in enumerate(people)], goals=[("a", "a")] * 30)
        db.session.commit()
    with count_queries() as small:
        assert client.get("/en/convenings/small/").status_code == 200
    with count_queries() as big:
        assert client.get("/en/convenings/big/").status_code == 200
    assert len(small) == len(big)
