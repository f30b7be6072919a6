"""The open API: shapes, languages, pagination, ETag/304, CORS, errors, and no private data ever."""
from __future__ import annotations

import json

import pytest

from .conftest import SECRETS

BASE = "http://localhost/api/v1"


def get(client, url, **headers):
    return client.get(url, headers=headers)


def crawl(client, start=BASE + "/"):
    """Every API address reachable by following the links of the answers (and each next page)."""
    seen, queue, answers = set(), [start], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        answers[url] = response
        assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
        if url.endswith("/openapi.json"):
            continue
        stack = [response.get_json()]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and item.startswith(BASE) and item not in seen:
                queue.append(item)
    return answers


def test_every_answer_is_public_data_only(client, api_world):
    answers = crawl(client)
    # every kind of endpoint was reached by following links
    paths = " ".join(answers)
    for part in ("/convenings/api-2030/agendas/1", "/convenings/api-2030/sessions/", "/organizations/fat",
                 "/declarations/" + api_world["adopted"], "/convenings/api-2030/speakers"):
        assert part in paths, part
    for url, response in answers.items():
        body = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret.lower() not in body.lower(), (secret, url)
    # and asking for private things by address answers 404
    for url in ("/convenings/draft-convening-secret", "/convenings/draft-convening-secret/agendas/latest",
                "/organizations/unverified-org-secret", "/declarations/" + api_world["draft_declaration"]):
        response = client.get(BASE + url)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["status"] == 404
        assert "SECRET" not in response.get_data(as_text=True)


def test_languages_are_stated(client, api_world):
    body = client.get(BASE + "/convenings/api-2030").get_json()
    assert body["title"]["es"] == {"value": "Trinacional 2030", "lang": "es", "fallback": False}
    # French is not written: the English text stands in, and says so
    assert body["title"]["fr"] == {"value": "Trinational 2030", "lang": "en", "fallback": True}
    assert body["description"]["es"] == {"value": "Only in English", "lang": "en", "fallback": True}
    assert body["subtitle"] is None
    assert set(body["links"]["html"]) == {"en", "es", "fr"}
    assert body["latest_agenda"]["number"] == 1
    agenda = client.get(BASE + "/convenings/api-2030/agendas/latest").get_json()
    opening = next(s for s in agenda["sessions"] if s["id"] == api_world["opening"])
    assert opening["languages"] == ["es"]
    assert opening["interpretation"] == {"mode": "simultaneous", "into": ["en", "fr", "lsm"], "channel": "3"}
    assert opening["start"] == "2030-05-10T14:00:00Z"
    assert opening["local_start"] == "2030-05-10T07:00:00-07:00"
    ana, hidden = opening["people"]
    assert ana["name"] == "Ana López" and ana["profile"]["es"].endswith("/es/people/ana-lopez/")
    assert ana["organization"]["acronym"]["en"]["value"] == "FAT"
    assert hidden["name"] == "Hidden Speaker" and hidden["profile"] is None and hidden["role"] == "moderator"
    assert [s["title"]["en"]["value"] for s in agenda["sessions"]] == ["Opening plenary", "Session 0", "Session 1"]
    declaration = client.get(BASE + "/declarations/" + api_world["adopted"]).get_json()
    first, second = declaration["clauses"]
    assert first["text"]["es"] == {"value": "Solidaridad.", "lang": "es", "fallback": False, "status": "reviewed"}
    assert second["text"]["es"]["fallback"] is True and second["text"]["es"]["status"] == "missing"
    assert [s["organization"]["slug"] for s in declaration["signatories"]] == ["ctu"]
    assert declaration["signatory_count"] == 1


def test_pagination_follows_next_to_the_end(client, api_world, app):
    from organizer.extensions import db

    from .. import factories

    with app.app_context():
        for i in range(7):
            factories.org(f"page-org-{i}", f"Page org {i}")
        db.session.commit()
    slugs, url, pages = [], BASE + "/organizations?limit=3", 0
    while url:
        response = client.get(url)
        body = response.get_json()
        assert len(body["data"]) <= 3
        slugs += [o["slug"] for o in body["data"]]
        url = body["links"]["next"]
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
        pages += 1
    assert pages == 3 and len(slugs) == len(set(slugs)) == 9
    assert "unverified-org-secret" not in slugs
    only_us = client.get(BASE + "/organizations?country=us").get_json()
    assert [o["slug"] for o in only_us["data"]] == ["ctu"]
    sessions = client.get(BASE + "/convenings/api-2030/sessions?limit=2").get_json()
    assert len(sessions["data"]) == 2
    rest = client.get(sessions["links"]["next"]).get_json()
    assert len(rest["data"]) == 1 and rest["links"]["next"] is None


def test_etag_and_if_none_match(client, api_world, app):
    url = BASE + "/convenings/api-2030/agendas/latest"
    first = client.get(url)
    tag = first.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
    assert client.get(url, headers={"If-None-Match": '"other", ' + tag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "W/" + tag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    # a new release changes the answer and its tag
    from organizer.agenda import services
    from organizer.convenings.models import Convening
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText

    with app.app_context():
        services.release(db.session.get(Convening, api_world["convening_id"]), TranslatedText(en="v2"), None, None)
        db.session.commit()
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    assert "UNRELEASED-SESSION-SECRET" in changed.get_data(as_text=True)  # released now: public


def test_cors_for_reads_without_credentials(client, api_world):
    response = client.get(BASE + "/convenings", headers={"Origin": "https://union.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Set-Cookie" not in response.headers
    preflight = client.options(BASE + "/convenings/api-2030/agendas/latest",
                               headers={"Origin": "https://union.example", "Access-Control-Request-Method": "GET",
                                        "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert client.post(BASE + "/convenings").status_code == 405
    # the site's pages are not opened to other origins
    assert "Access-Control-Allow-Origin" not in client.get("/en/convenings/").headers


@pytest.mark.parametrize("query", [
    "limit=0", "limit=-1", "limit=201", "limit=abc", "limit=99999999999999999999", "cursor=%FF%FE", "cursor=%00",
    "cursor=" + "x" * 5000, "cursor=cDk5OTk5OTk5OTk5OTk5", "cursor=!!", "version=-1", "version=99999999999999999999",
    "country=%E2%80%AE", "country=" + "y" * 5000, "limit=%C2%B2",
])
def test_hostile_parameters_are_400_or_ignored(client, api_world, query):
    for path in ("/convenings", "/organizations", "/declarations", "/convenings/api-2030/sessions",
                 "/convenings/api-2030/speakers", "/convenings/api-2030/agendas", "/convenings/api-2030/rooms",
                 "/convenings/api-2030/sessions/" + api_world["opening"]):
        response = client.get(f"{BASE}{path}?{query}")
        assert response.status_code in (200, 400, 404), (path, query, response.status_code)
        assert response.mimetype == "application/json", (path, query)
        if response.status_code == 400:
            assert response.get_json()["error"]["parameter"] in ("limit", "cursor", "version", "country", None)


@pytest.mark.parametrize("path", [
    "/nothing", "/convenings/%00", "/convenings/" + "x" * 3000, "/convenings/api-2030/agendas/abc",
    "/convenings/api-2030/agendas/99999999999999999999", "/convenings/api-2030/agendas/0",
    "/convenings/api-2030/sessions/" + "z" * 500, "/organizations/..%2F..%2Fetc",
])
def test_unknown_addresses_are_json_errors(client, api_world, path):
    response = client.get(BASE + path)
    assert response.status_code in (400, 404), path
    assert response.mimetype == "application/json"
    assert json.loads(response.get_data())["error"]["status"] == response.status_code


def test_documentation_page_in_each_language(client, api_world):
    for lang, phrase in (("en", "Open data API"), ("es", "API de datos abiertos"), ("fr", "API de données ouvertes")):
        page = client.get(f"/{lang}/api/")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert phrase in html and "/api/v1/openapi.json" in html
        assert "<script" not in html and "cdn" not in html.lower()


def test_documentation_links_real_examples(client, api_world):
    html = client.get("/en/api/").get_data(as_text=True)
    for example in ("/api/v1/convenings/api-2030/agendas/latest", "/api/v1/convenings/api-2030/sessions/"
                    + api_world["opening"], "/api/v1/organizations/fat", "/api/v1/declarations/" + api_world["adopted"]):
        assert f'href="http://localhost{example}"' in html, example
    assert "secret" not in html.lower()
