"""``/api/v1/``: the open read-only API (JSON), its OpenAPI document, and the page that explains it
(``/<lang>/api/``).

Every answer is public data only (see ``queries``), carries a strong ``ETag`` (a repeated request
with ``If-None-Match`` gets 304 without a body), may be read from any origin (CORS, no credentials),
and states the language of every translated value (``shapes.text``). Errors are JSON too: the app's
error handlers (``core``) answer with ``error`` for every address under ``/api/v1/``."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from ..convenings import caching as convening_caching
from ..declarations import caching as declaration_caching
from . import paging, queries, shapes
from .conditional import add_cors, json_response, shared

bp = Blueprint("api", __name__, template_folder="templates")
PREFIX = "/api/v1"

ERROR_MESSAGES = {400: "Bad request.", 404: "Not found.", 405: "Method not allowed.", 429: "Too many requests.",
                  500: "Server error."}


def error(status: int, message: str | None = None, parameter: str | None = None) -> Response:
    body = {"error": {"status": status, "message": message or ERROR_MESSAGES.get(status, "Error."),
                      "parameter": parameter}}
    return add_cors(json_response(body, status=status))


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


@bp.after_request
def _cors(response: Response) -> Response:
    if is_api_request():
        add_cors(response)
        response.headers.setdefault("Cache-Control", "public, max-age=60")
    return response


@bp.errorhandler(paging.BadParameter)
def _bad_parameter(exc: paging.BadParameter):
    return error(400, exc.message, exc.parameter)


def _convening_stamps(slug: str, **_other) -> list[str]:
    return [convening_caching.stamp(slug)]


def _convening_or_none(slug: str):
    return queries.convening(slug)


def _number(raw: str) -> int | None:
    """An agenda's number in the address: digits, or "latest" (None)."""
    if raw == "latest":
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    raise paging.BadParameter("number", "An agenda is named by its number or \"latest\".")


# ---------------------------------------------------------------- index and document

@bp.route(PREFIX + "/")
@shared()
def index():
    return json_response({
        "version": shapes.VERSION,
        "languages": shapes.languages(),
        "links": {
            "openapi": url_for("api.openapi", _external=True),
            "documentation": shapes.html_links("api.docs"),
            "convenings": url_for("api.convenings", _external=True),
            "organizations": url_for("api.organizations", _external=True),
            "declarations": url_for("api.declarations", _external=True),
        },
    })


@bp.route(PREFIX + "/openapi.json")
@shared()
def openapi():
    from .openapi import document

    return json_response(document())


@bp.route("/<lang:lang_code>/api/")
def docs():
    from .openapi import ENDPOINTS

    found = queries.examples()
    values = {"{slug}": found["convening"], "{number}": "latest", "{id}": found["session"]}
    endpoints = []
    for path, summary, example in ENDPOINTS:
        if example is None:
            if path.startswith("/organizations/"):
                example = path.replace("{slug}", found["organization"] or "{slug}")
            elif path.startswith("/declarations/"):
                example = path.replace("{slug}", found["declaration"] or "{slug}")
            else:
                example = path
                for name, value in values.items():
                    example = example.replace(name, str(value) if value else name)
            if "{" in example:
                example = None  # nothing public to show yet
        endpoints.append((path, summary, example))
    return render_template("api/docs.html", endpoints=endpoints, languages=shapes.languages(),
                           base=url_for("api.index", _external=True))


# ---------------------------------------------------------------- convenings and agendas

@bp.route(PREFIX + "/convenings")
@shared(lambda: [convening_caching.LIST])
def convenings():
    current = paging.page()
    rows = queries.convenings(current.position, current.limit)
    more = len(rows) > current.limit
    rows = rows[:current.limit]
    langs = shapes.languages()
    links = paging.links("api.convenings", current, rows[-1].id if more else None)
    return json_response({"data": [shapes.convening(c, langs) for c in rows], "links": links},
                         links={"next": links["next"]})


@bp.route(PREFIX + "/convenings/<slug>")
@shared(_convening_stamps)
def convening(slug: str):
    c = _convening_or_none(slug)
    if c is None:
        return error(404)
    langs = shapes.languages()
    latest = queries.release(c, None)
    body = shapes.convening(c, langs)
    body["latest_agenda"] = shapes.release(c, latest, langs) if latest else None
    return json_response(body)


@bp.route(PREFIX + "/convenings/<slug>/agendas")
@shared(_convening_stamps)
def agendas(slug: str):
    current = paging.page()
    c = _convening_or_none(slug)
    if c is None:
        return error(404)
    langs = shapes.languages()
    chunk, following = paging.slice_list(queries.releases(c), current)
    links = paging.links("api.agendas", current, following, slug=slug)
    return json_response({"data": [shapes.release(c, r, langs) for r in chunk], "links": links},
                         links={"next": links["next"]})


def _release(slug: str, number: int | None):
    c = _convening_or_none(slug)
    if c is None:
        return None, None
    return c, queries.release(c, number)


@bp.route(PREFIX + "/convenings/<slug>/agendas/<number>")
@shared(_convening_stamps)
def agenda(slug: str, number: str):
    """One released agenda in full: rooms, tracks and every session ("latest": the newest)."""
    c, r = _release(slug, _number(number))
    if r is None:
        return error(404)
    langs = shapes.languages()
    snapshot = r.snapshot or {}
    shaper = shapes.SessionShaper(c, snapshot, langs, queries.unverified_organization_ids())
    body = shapes.release(c, r, langs)
    body.update({
        "convening": c.slug,
        "timezone": snapshot.get("timezone") or c.timezone or "UTC",
        "rooms": list(shaper.rooms.values()),
        "tracks": list(shaper.tracks.values()),
        "sessions": [shaper.session(s) for s in snapshot.get("sessions", [])],
    })
    return json_response(body)


def _version() -> int | None:
    raw = request.args.get("version")
    if raw is None or raw == "":
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    raise paging.BadParameter("version", "version must be an agenda's number.")


@bp.route(PREFIX + "/convenings/<slug>/sessions")
@shared(_convening_stamps)
def sessions(slug: str):
    """The sessions of the latest released agenda (or of ``version``), page by page."""
    return _release_page("api.sessions", slug, lambda snapshot, _shaper: snapshot.get("sessions", []),
                         shape=lambda shaper, s: shaper.session(s))


@bp.route(PREFIX + "/convenings/<slug>/sessions/<guid>")
@shared(_convening_stamps)
def session(slug: str, guid: str):
    version = _version()
    c, r = _release(slug, version)
    if r is None or len(guid) > 40:
        return error(404)
    snapshot = r.snapshot or {}
    found = next((s for s in snapshot.get("sessions", []) if s["guid"] == guid), None)
    if found is None:
        return error(404)
    body = shapes.SessionShaper(c, snapshot, shapes.languages(), queries.unverified_organization_ids()).session(found)
    body["agenda"] = r.number
    return json_response(body)


@bp.route(PREFIX + "/convenings/<slug>/rooms")
@shared(_convening_stamps)
def rooms(slug: str):
    version = _version()
    c, r = _release(slug, version)
    if r is None:
        return error(404)
    langs = shapes.languages()
    return json_response({"agenda": r.number,
                          "data": [shapes.room(x, langs) for x in (r.snapshot or {}).get("rooms", [])]})


@bp.route(PREFIX + "/convenings/<slug>/speakers")
@shared(_convening_stamps)
def speakers(slug: str):
    return _release_page("api.speakers", slug, shapes.speakers)


def _release_page(endpoint: str, slug: str, items, shape=lambda _shaper, item: item):
    """A page of a list read from a released agenda (the latest or ``version``): ``items(snapshot,
    shaper)`` is the whole list, ``shape(shaper, item)`` shapes one item of the page."""
    current, version = paging.page(), _version()
    c, r = _release(slug, version)
    if r is None:
        return error(404)
    snapshot = r.snapshot or {}
    shaper = shapes.SessionShaper(c, snapshot, shapes.languages(), queries.unverified_organization_ids())
    chunk, following = paging.slice_list(items(snapshot, shaper), current)
    links = paging.links(endpoint, current, following, {"version": version}, slug=slug)
    return json_response({"agenda": r.number, "data": [shape(shaper, item) for item in chunk], "links": links},
                         links={"next": links["next"]})


# ---------------------------------------------------------------- organizations

def _country() -> str | None:
    raw = request.args.get("country")
    if raw is None or raw == "":
        return None
    if raw.isascii() and raw.isalpha() and 2 <= len(raw) <= 3:
        return raw.upper()
    raise paging.BadParameter("country", "country must be a country code (MX, US, CA...).")


@bp.route(PREFIX + "/organizations")
@shared()
def organizations():
    current, country = paging.page(), _country()
    rows = queries.organizations(current.position, current.limit, country)
    more = len(rows) > current.limit
    rows = rows[:current.limit]
    parents = queries.verified_parents(rows)
    langs = shapes.languages()
    links = paging.links("api.organizations", current, rows[-1].id if more else None, {"country": country})
    return json_response({"data": [shapes.organization(o, langs, parents.get(o.parent_id)) for o in rows],
                          "links": links}, links={"next": links["next"]})


@bp.route(PREFIX + "/organizations/<slug>")
@shared()
def organization(slug: str):
    o = queries.organization(slug)
    if o is None:
        return error(404)
    parents = queries.verified_parents([o])
    return json_response(shapes.organization(o, shapes.languages(), parents.get(o.parent_id)))


# ---------------------------------------------------------------- declarations

@bp.route(PREFIX + "/declarations")
@shared(lambda: [declaration_caching.LIST])
def declarations():
    current = paging.page()
    rows = queries.declarations(current.position, current.limit)
    more = len(rows) > current.limit
    rows = rows[:current.limit]
    counts = queries.signatory_counts([d.id for d, _c in rows])
    langs = shapes.languages()
    links = paging.links("api.declarations", current, rows[-1][0].id if more else None)
    return json_response({"data": [shapes.declaration_summary(d, c, langs, counts.get(d.id, 0)) for d, c in rows],
                          "links": links}, links={"next": links["next"]})


@bp.route(PREFIX + "/declarations/<slug>")
@shared(lambda slug: [declaration_caching.stamp(slug)])
def declaration(slug: str):
    found = queries.declaration(slug)
    if found is None:
        return error(404)
    d, c = found
    return json_response(shapes.declaration(d, c, shapes.languages(), queries.clauses(d), queries.signatories(d)))
