"""The public agenda: the latest release and older versions, a session's page, the printable
agenda, the changelog and the exports (iCalendar, JSON, frab XML)."""
from __future__ import annotations

from flask import Response, abort, current_app, g, redirect, render_template, request, url_for

from ...convenings.models import Convening
from ...i18n.locale import current_language
from ...platform.visitors import plain_anonymous_visitor
from .. import cache as render_cache
from ...platform.memory import paused_collection
from .. import exports, services
from ..models import Release
from ..view import Agenda
from . import _readable, bp


def _release_or_404(convening: Convening, number: int | None) -> Release | None:
    if number is None:
        return services.latest_release(convening)
    release = services.get_release(convening, number)
    if release is None:
        abort(404)
    return release


def _filters() -> dict:
    return {key: (request.args.get(key) or "").strip()[:20] or None for key in ("track", "room", "language")}


@bp.route("/")
def index(slug: str):
    # Only the agenda's own filters make a different page: any other query string (?x=random,
    # repeated or reordered filters) is sent to the canonical address, so it can neither force a
    # fresh render nor end up in a cached body (the language switcher repeats the query string).
    canonical = url_for("agenda.index", slug=slug, **{k: v for k, v in _filters().items() if v})
    if request.query_string.decode("latin-1") != canonical.partition("?")[2]:
        return redirect(canonical)
    key = None
    if plain_anonymous_visitor():
        probe = render_cache.probe(slug)
        if probe is not None and probe[1] in ("published", "registration_open", "registration_closed", "announced", "past"):
            # the URL's language (this route always has one) is what current_language() would answer
            lang = g.get("lang_code") or current_language()
            key = ("index", probe[0], probe[3], str(probe[4]), str(probe[2]), lang, tuple(_filters().values()))
            cached = render_cache.get(current_app).get(key)
            if cached is not None:
                return Response(cached, mimetype="text/html")
    body = _render_agenda(slug, None)
    if key is not None:
        render_cache.get(current_app).set(key, body.encode())
    return body


@bp.route("/v/<int:number>/")
def version(slug: str, number: int):
    return _render_agenda(slug, number)


def _render_agenda(slug: str, number: int | None) -> str:
    convening = _readable(slug)
    release = _release_or_404(convening, number)
    latest = release if number is None else services.latest_release(convening)
    if release is None:
        return render_template("agenda/unreleased.html", convening=convening)
    with paused_collection():  # a large render: collect once after it, not a hundred times during it
        agenda = Agenda.of_release(release)
        filters = _filters()
        chosen = agenda.filtered(**filters)
        return render_template("agenda/public.html", convening=convening, release=release, latest=latest,
                               agenda=agenda, days=agenda.days(chosen), undated=agenda.undated(chosen),
                               filters=filters, filtered=any(filters.values()), count=len(chosen))


@bp.route("/print/")
@bp.route("/v/<int:number>/print/")
def printable(slug: str, number: int | None = None):
    convening = _readable(slug)
    release = _release_or_404(convening, number)
    if release is None:
        abort(404)
    agenda = Agenda.of_release(release)
    return render_template("agenda/print.html", convening=convening, release=release, agenda=agenda,
                           days=agenda.days(), undated=agenda.undated())


@bp.route("/sessions/<guid>/")
@bp.route("/v/<int:number>/sessions/<guid>/")
def session_page(slug: str, guid: str, number: int | None = None):
    convening = _readable(slug)
    release = _release_or_404(convening, number)
    if release is None:
        abort(404)
    agenda = Agenda.of_release(release)
    item = agenda.by_guid.get(guid)
    if item is None:
        abort(404)
    return render_template("agenda/session.html", convening=convening, release=release, agenda=agenda,
                           item=item, number=number)


@bp.route("/changes/")
def changes(slug: str):
    convening = _readable(slug)
    history = services.history(convening)
    return render_template("agenda/changes.html", convening=convening, history=history,
                           agendas={r.number: Agenda.of_release(r) for r, _c in history})


def _export_release(slug: str):
    convening = _readable(slug)
    release = _release_or_404(convening, request.args.get("version", type=int))
    if release is None:
        abort(404)
    return convening, release, Agenda.of_release(release)


@bp.route("/agenda.ics")
def ical(slug: str):
    convening, release, agenda = _export_release(slug)
    body = exports.icalendar(agenda, convening, release, current_language())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{convening.slug}.ics"'})


@bp.route("/sessions/<guid>.ics")
def session_ical(slug: str, guid: str):
    convening, release, agenda = _export_release(slug)
    item = agenda.by_guid.get(guid)
    if item is None:
        abort(404)
    body = exports.icalendar(agenda, convening, release, current_language(), sessions=[item])
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{convening.slug}-{item.key}.ics"'})


@bp.route("/agenda.json")
def json_export(slug: str):
    convening, release, agenda = _export_release(slug)
    return Response(exports.as_json(agenda, convening, release, current_language()), mimetype="application/json")


@bp.route("/schedule.xml")
def frab(slug: str):
    convening, release, agenda = _export_release(slug)
    return Response(exports.frab_xml(agenda, convening, release, current_language()), mimetype="application/xml")
