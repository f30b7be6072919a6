"""The OpenAPI 3.1 document of ``/api/v1/`` (served at ``/api/v1/openapi.json``), built from the
site's languages, and the list of endpoints the documentation page shows.

Every object schema is closed (``additionalProperties: false``): a field that is not documented
here cannot appear in an answer without the tests noticing."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from . import paging, shapes

#: (path, summary, example path) for the documentation page.
ENDPOINTS = (
    ("/", _l("Where everything is: links to each list and to this document."), "/"),
    ("/convenings", _l("Public convenings, page by page."), "/convenings"),
    ("/convenings/{slug}", _l("One convening, with its latest released agenda."), None),
    ("/convenings/{slug}/agendas", _l("Every released version of a convening's agenda, newest first."), None),
    ("/convenings/{slug}/agendas/{number}", _l("One released agenda in full: rooms, tracks and sessions "
                                               "(“latest” for the newest)."), None),
    ("/convenings/{slug}/sessions", _l("The sessions of the latest released agenda (or of ?version=N), "
                                       "page by page."), None),
    ("/convenings/{slug}/sessions/{id}", _l("One session."), None),
    ("/convenings/{slug}/rooms", _l("The rooms of the latest released agenda."), None),
    ("/convenings/{slug}/speakers", _l("Speakers and moderators of the latest released agenda, with their "
                                       "sessions."), None),
    ("/organizations", _l("Verified organizations, page by page (?country=MX)."), "/organizations"),
    ("/organizations/{slug}", _l("One verified organization."), None),
    ("/declarations", _l("Adopted declarations, page by page."), "/declarations"),
    ("/declarations/{slug}", _l("One adopted declaration: its clauses, the status of each language, and "
                                "its verified signatories."), None),
    ("/openapi.json", _l("This API described in OpenAPI 3.1."), "/openapi.json"),
)

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
URI = {"type": "string", "format": "uri"}
NULLABLE_URI = {"type": ["string", "null"], "format": "uri"}
DATETIME = {"type": ["string", "null"], "format": "date-time"}


def ref(name: str, nullable: bool = False) -> dict:
    target = {"$ref": f"#/components/schemas/{name}"}
    return {"oneOf": [target, {"type": "null"}]} if nullable else target


def obj(properties: dict, description: str | None = None, required: list | None = None) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(required or properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _schemas(langs: list[str]) -> dict:
    value = obj({
        "value": {"type": "string", "description": "The text (empty when no language has one)."},
        "lang": {"type": ["string", "null"], "description": "The language the value is written in."},
        "fallback": {"type": "boolean", "description": "True when the value is another language's text standing "
                                                       "in for this one (not yet translated)."},
    })
    clause_value = obj({**value["properties"], "status": {"enum": ["missing", "draft", "reviewed", "outdated"],
                                                          "description": "The translation status of this language."}})

    def extend(base: str, properties: dict) -> dict:
        """The base schema's properties and more, closed too (resolved below)."""
        return {"__extend__": (base, properties)}

    html = obj({lang: URI for lang in langs}, "The page for people, in each language.")
    page_links = obj({"self": URI, "next": NULLABLE_URI})
    schemas = {
        "LanguageValue": value,
        "Text": obj({lang: ref("LanguageValue") for lang in langs},
                    "A text in every language of the site; each says which language it is really in."),
        "ClauseText": obj({lang: clause_value for lang in langs}),
        "HtmlLinks": html,
        "PageLinks": page_links,
        "PartialDate": obj({"date": {"type": "string", "format": "date"},
                            "precision": {"enum": ["day", "month", "year"]}},
                           "A date known to the day, month or year (month and year: the first day)."),
        "Error": obj({"error": obj({"status": {"type": "integer"}, "message": STRING, "parameter": NULLABLE_STRING})}),
        "Index": obj({"version": STRING, "languages": array(STRING), "links": obj({
            "openapi": URI, "documentation": ref("HtmlLinks"), "convenings": URI, "organizations": URI,
            "declarations": URI})}),
        "Convening": obj({
            "slug": STRING, "title": ref("Text"), "subtitle": ref("Text", True), "description": ref("Text", True),
            "kind": STRING, "status": {"enum": ["published", "registration_open", "registration_closed", "past"]},
            "countries": array(STRING), "country": NULLABLE_STRING, "city": ref("Text", True),
            "venue": ref("Text", True), "timezone": STRING, "start": ref("PartialDate", True),
            "end": ref("PartialDate", True),
            "links": obj({"self": URI, "agendas": URI, "sessions": URI, "rooms": URI, "speakers": URI,
                          "html": ref("HtmlLinks")}),
        }),
        "ConveningDetail": extend("Convening", {"latest_agenda": ref("Release", True)}),
        "Release": obj({
            "number": {"type": "integer"}, "name": ref("Text"), "note": ref("Text", True),
            "released_at": {"type": "string", "format": "date-time"}, "session_count": {"type": "integer"},
            "links": obj({"self": URI, "html": ref("HtmlLinks")}),
        }),
        "Room": obj({"id": STRING, "name": ref("Text"), "capacity": {"type": ["integer", "null"]}}),
        "Track": obj({"key": STRING, "name": ref("Text")}),
        "OrganizationRef": obj({"slug": NULLABLE_STRING, "name": ref("Text", True), "acronym": ref("Text", True)}),
        "Person": obj({"id": {"type": "integer"}, "name": STRING, "role": {"enum": ["speaker", "moderator"]},
                       "organization": ref("OrganizationRef", True),
                       "profile": {"oneOf": [ref("HtmlLinks"), {"type": "null"}],
                                   "description": "Only for people with a public profile."}}),
        "Speaker": obj({"id": {"type": "integer"}, "name": STRING, "roles": array({"enum": ["speaker", "moderator"]}),
                        "organization": ref("OrganizationRef", True),
                        "profile": {"oneOf": [ref("HtmlLinks"), {"type": "null"}]},
                        "sessions": array({"type": "string", "description": "Session ids."})}),
        "Session": obj({
            "id": {"type": "string", "description": "Stable across releases."},
            "title": ref("Text"), "description": ref("Text", True), "kind": STRING,
            "precision": {"enum": ["exact", "day", "convening"],
                          "description": "How precisely the time is known."},
            "start": DATETIME, "end": DATETIME,
            "local_start": {**DATETIME, "description": "The start at the venue, with its offset."},
            "local_end": DATETIME, "day": {"type": ["string", "null"], "format": "date"},
            "room": ref("Room", True), "track": ref("Track", True),
            "languages": array({"type": "string", "description": "Language codes of the registry (en, es, lsm...)."}),
            "interpretation": obj({"mode": {"enum": ["none", "simultaneous", "consecutive"]},
                                   "into": array(STRING), "channel": NULLABLE_STRING}),
            "people": array(ref("Person")),
            "links": obj({"self": URI, "html": ref("HtmlLinks")}),
        }),
        "SessionDetail": extend("Session", {"agenda": {"type": "integer"}}),
        "Agenda": extend("Release", {"convening": STRING, "timezone": STRING, "rooms": array(ref("Room")),
                                     "tracks": array(ref("Track")), "sessions": array(ref("Session"))}),
        "Organization": obj({
            "slug": STRING, "name": ref("Text"), "acronym": ref("Text", True), "country": STRING, "kind": STRING,
            "sectors": array(STRING), "website": NULLABLE_STRING, "description": ref("Text", True),
            "parent": {"type": ["string", "null"], "description": "The slug of a verified parent organization."},
            "links": obj({"self": URI, "html": ref("HtmlLinks")}),
        }),
        "DeclarationSummary": obj({
            "slug": STRING, "title": ref("Text"), "convening": STRING, "adopted": ref("PartialDate", True),
            "method": {"type": ["string", "null"]}, "signatory_count": {"type": "integer"},
            "links": obj({"self": URI, "convening": URI, "html": ref("HtmlLinks")}),
        }),
        "Clause": obj({"number": {"type": "integer"}, "kind": STRING, "original_language": STRING,
                       "text": ref("ClauseText")}),
        "Signatory": obj({"organization": ref("OrganizationRef"), "country": STRING, "sector": NULLABLE_STRING,
                          "verified_at": DATETIME}),
        "Declaration": extend("DeclarationSummary", {
            "votes": {"oneOf": [obj({"for": {"type": ["integer", "null"]}, "against": {"type": ["integer", "null"]},
                                     "abstain": {"type": ["integer", "null"]}}), {"type": "null"}]},
            "text_in_sources": {"type": "boolean"}, "process": ref("Text", True),
            "clauses": array(ref("Clause")), "signatories": array(ref("Signatory"))}),
        "ConveningPage": obj({"data": array(ref("Convening")), "links": ref("PageLinks")}),
        "ReleasePage": obj({"data": array(ref("Release")), "links": ref("PageLinks")}),
        "SessionPage": obj({"agenda": {"type": "integer"}, "data": array(ref("Session")), "links": ref("PageLinks")}),
        "SpeakerPage": obj({"agenda": {"type": "integer"}, "data": array(ref("Speaker")), "links": ref("PageLinks")}),
        "RoomList": obj({"agenda": {"type": "integer"}, "data": array(ref("Room"))}),
        "OrganizationPage": obj({"data": array(ref("Organization")), "links": ref("PageLinks")}),
        "DeclarationPage": obj({"data": array(ref("DeclarationSummary")), "links": ref("PageLinks")}),
    }
    for name, schema in schemas.items():
        if "__extend__" in schema:
            base, properties = schema["__extend__"]
            schemas[name] = obj({**schemas[base]["properties"], **properties})
    return schemas


def _parameter(name: str, where: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "schema": schema,
            "description": description}


SLUG = _parameter("slug", "path", {"type": "string"}, "The convening's address (slug).")
LIMIT = _parameter("limit", "query", {"type": "integer", "minimum": 1, "maximum": paging.MAX_LIMIT,
                                      "default": paging.DEFAULT_LIMIT}, "How many items per page.")
CURSOR = _parameter("cursor", "query", {"type": "string"}, "Where the page starts: copy it from links.next.")
VERSION = _parameter("version", "query", {"type": "integer", "minimum": 1},
                     "An agenda's number (default: the latest release).")
PAGED = [LIMIT, CURSOR]


def _operation(summary: str, schema: str, parameters: list | None = None, paged: bool = False,
               missing: bool = True) -> dict:
    headers = {"ETag": {"schema": {"type": "string"}, "description": "Strong validator: send it back in "
                                                                       "If-None-Match."},
               "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}}
    if paged:
        headers["Link"] = {"schema": {"type": "string"}, "description": 'rel="next" when there is another page.'}
    responses = {
        "200": {"description": "OK", "headers": headers,
                "content": {"application/json": {"schema": ref(schema)}}},
        "304": {"description": "Not modified (If-None-Match named the current ETag)."},
        "400": {"description": "A query parameter is invalid (named in error.parameter).",
                "content": {"application/json": {"schema": ref("Error")}}},
    }
    if missing:
        responses["404"] = {"description": "Not found, or not public.",
                            "content": {"application/json": {"schema": ref("Error")}}}
    parameters = list(parameters or []) + (PAGED if paged else [])
    parameters.append(_parameter("If-None-Match", "header", {"type": "string"}, "An ETag from an earlier answer."))
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def document() -> dict:
    langs = shapes.languages()
    number = _parameter("number", "path", {"type": "string", "pattern": "^([0-9]+|latest)$"},
                        "The agenda's number, or latest.")
    guid = _parameter("id", "path", {"type": "string"}, "The session's id.")
    org_slug = _parameter("slug", "path", {"type": "string"}, "The organization's address (slug).")
    decl_slug = _parameter("slug", "path", {"type": "string"}, "The declaration's address (slug).")
    country = _parameter("country", "query", {"type": "string", "pattern": "^[A-Za-z]{2,3}$"},
                         "Only organizations of this country (ISO code, INT for international).")
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Organizer open API",
            "version": shapes.VERSION,
            "description": (
                "Read-only public data: convenings, their released agendas (never the draft), sessions, rooms, "
                "speakers (public fields only), verified organizations and adopted declarations with their "
                "verified signatories. Every translated text comes in every language of the site ("
                + ", ".join(langs) + "); each value says the language it is really in and whether it stands in "
                "for a missing translation (fallback). Answers carry a strong ETag (send If-None-Match to get "
                "304), may be read from any origin (CORS, no credentials), and lists are read with limit and "
                "cursor (follow links.next)."),
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": url_for("api.index", _external=True).rstrip("/")}],
        "paths": {
            "/": _operation("Index", "Index", missing=False),
            "/openapi.json": {"get": {"summary": "This document", "responses": {
                "200": {"description": "The OpenAPI document", "content": {"application/json": {}}},
                "304": {"description": "Not modified."}}}},
            "/convenings": _operation("Public convenings", "ConveningPage", paged=True, missing=False),
            "/convenings/{slug}": _operation("A convening", "ConveningDetail", [SLUG]),
            "/convenings/{slug}/agendas": _operation("Released agendas, newest first", "ReleasePage", [SLUG],
                                                     paged=True),
            "/convenings/{slug}/agendas/{number}": _operation("A released agenda in full", "Agenda", [SLUG, number]),
            "/convenings/{slug}/sessions": _operation("Sessions of a released agenda", "SessionPage",
                                                      [SLUG, VERSION], paged=True),
            "/convenings/{slug}/sessions/{id}": _operation("A session", "SessionDetail", [SLUG, guid, VERSION]),
            "/convenings/{slug}/rooms": _operation("Rooms of a released agenda", "RoomList", [SLUG, VERSION]),
            "/convenings/{slug}/speakers": _operation("Speakers of a released agenda", "SpeakerPage",
                                                      [SLUG, VERSION], paged=True),
            "/organizations": _operation("Verified organizations", "OrganizationPage", [country], paged=True,
                                         missing=False),
            "/organizations/{slug}": _operation("A verified organization", "Organization", [org_slug]),
            "/declarations": _operation("Adopted declarations", "DeclarationPage", paged=True, missing=False),
            "/declarations/{slug}": _operation("An adopted declaration", "Declaration", [decl_slug]),
        },
        "components": {"schemas": _schemas(langs)},
    }
