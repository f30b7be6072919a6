"""Every answer of every endpoint matches the OpenAPI document, which is itself valid OpenAPI 3.1."""
from __future__ import annotations

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate

from .test_api import BASE, crawl


def _spec(client):
    document = client.get(BASE + "/openapi.json").get_json()
    validate(document)  # a valid OpenAPI 3.1 document
    assert document["openapi"] == "3.1.0"
    return document


def _check(openapi, response):
    openapi.validate_response(WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response))


def test_the_document_is_valid_openapi_and_names_every_route(app, client, api_world):
    document = _spec(client)
    routes = {rule.rule[len("/api/v1"):].replace("<slug>", "{slug}").replace("<number>", "{number}")
              .replace("<guid>", "{id}") for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")}
    assert routes == set(document["paths"])


def test_every_answer_matches_the_document(client, api_world):
    openapi = OpenAPI.from_dict(_spec(client))
    answers = crawl(client)
    assert len(answers) > 15
    # the pages not reached by links: another page size, an older version, errors
    extra = [BASE + "/organizations?limit=1", BASE + "/convenings/api-2030/sessions?version=1&limit=1",
             BASE + "/convenings/api-2030/rooms?version=1", BASE + "/convenings/api-2030/speakers?limit=1",
             BASE + "/convenings/nothing", BASE + "/organizations/nothing", BASE + "/declarations/nothing",
             BASE + "/convenings/api-2030/agendas/99", BASE + "/convenings/api-2030/sessions/nothing",
             BASE + "/convenings?limit=0", BASE + "/organizations?cursor=zz", BASE + "/organizations?country=1"]
    checked = 0
    for url, response in list(answers.items()) + [(u, client.get(u)) for u in extra]:
        if url.endswith("/openapi.json"):
            continue
        _check(openapi, response)
        checked += 1
        if response.status_code == 200:
            repeat = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
            assert repeat.status_code == 304
            _check(openapi, repeat)
    assert checked > 25
