"""The public agenda: the latest release and older versions, a session's page, the printable
agenda, the changelog and the exports (iCalendar, JSON, frab XML)."""
from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from ...convenings.models import Convening
from ...i18n.locale import current_language
from ...platform import http_cache
from .. import cache as render_cache
from ...platform.memory import paused_collection
from .. import exports, personal, services
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
    return {key: (request.args.get(key) or "").strip()[:20] or None for key in FILTERS}


FILTERS = ("track", "room", "language")


def _cached(name: str, slug: str, render, **options):
    """The answer from the shared cache for anonymous visitors (keyed by the convening's stamp,
    the language and the page's own parameters; any other query parameter is ignored)."""
    return http_cache.serve(f"agenda.{name}:{slug}", render_cache.stamps(slug), render, **options)


@bp.route("/")
def index(slug: str):
    return _cached("index", slug, lambda: _render_agenda(slug, None), vary=FILTERS)


@bp.route("/v/<int:number>/")
def version(slug: str, number: int):
    return _cached(f"version:{number}", slug, lambda: _render_agenda(slug, number), vary=FILTERS)


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
                               filters=filters, filtered=any(filters.values()), count=len(chosen), stars=_stars(convening))


def _stars(convening: Convening) -> set[str] | None:
    """The sessions the signed-in reader marked (None for anonymous readers: no buttons)."""
    if not current_user.is_authenticated:
        return None
    return personal.starred(current_user.id, convening)


@bp.route("/print/")
@bp.route("/v/<int:number>/print/")
def printable(slug: str, number: int | None = None):
    return _cached(f"print:{number}", slug, lambda: _printable(slug, number))


def _printable(slug: str, number: int | None):
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
    return _cached(f"session:{number}:{guid}", slug, lambda: _session_page(slug, guid, number))


def _session_page(slug: str, guid: str, number: int | None):
    convening = _readable(slug)
    release = _release_or_404(convening, number)
    if release is None:
        abort(404)
    agenda = Agenda.of_release(release)
    item = agenda.by_guid.get(guid)
    if item is None:
        abort(404)
    return render_template("agenda/session.html", convening=convening, release=release, agenda=agenda,
                           item=item, number=number, stars=_stars(convening))


@bp.route("/changes/")
def changes(slug: str):
    return _cached("changes", slug, lambda: _changes(slug))


def _changes(slug: str):
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


FEED = {"vary": ("version",), "max_age": 3600}  # calendar apps are told to refresh hourly


@bp.route("/agenda.ics")
def ical(slug: str):
    return _cached("ical", slug, lambda: _ical(slug), **FEED)


def _ical(slug: str):
    convening, release, agenda = _export_release(slug)
    body = exports.icalendar(agenda, convening, release, current_language())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{convening.slug}.ics"'})


@bp.route("/sessions/<guid>.ics")
def session_ical(slug: str, guid: str):
    return _cached(f"ical:{guid}", slug, lambda: _session_ical(slug, guid), **FEED)


def _session_ical(slug: str, guid: str):
    convening, release, agenda = _export_release(slug)
    item = agenda.by_guid.get(guid)
    if item is None:
        abort(404)
    body = exports.icalendar(agenda, convening, release, current_language(), sessions=[item])
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{convening.slug}-{item.key}.ics"'})


@bp.route("/agenda.json")
def json_export(slug: str):
    return _cached("json", slug, lambda: _json_export(slug), vary=("version",))


def _json_export(slug: str):
    convening, release, agenda = _export_release(slug)
    return Response(exports.as_json(agenda, convening, release, current_language()), mimetype="application/json")


@bp.route("/schedule.xml")
def frab(slug: str):
    return _cached("frab", slug, lambda: _frab(slug), vary=("version",))


def _frab(slug: str):
    convening, release, agenda = _export_release(slug)
    return Response(exports.frab_xml(agenda, convening, release, current_language()), mimetype="application/xml")
