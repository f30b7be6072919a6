"""Organizers' tools: the dashboard, exports, roster, badges, visa letters; and what registration
adds to other domains' pages (signal receivers)."""
from __future__ import annotations


from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...platform import signals
from ...convenings.models import Convening
from ...convenings.permissions import organizes
from ...extensions import db
from .. import answers, queries, reporting, services
from ..labels import (SECTOR_LABELS)
from ..models import (CONFIRMED, STATES, Delegation, DelegationMember)
from ..permissions import changes_delegation

from .common import _context, _delegation, _member, _organized_convening, _settings, bp


@bp.route("/<slug>/dashboard")
def dashboard(slug: str):
    convening = _organized_convening(slug)
    settings = _settings(convening)
    filters = reporting.Filters.from_args(request.args)
    data = reporting.dashboard(convening.id, filters)
    left = services.places_left(settings)
    tallies = answers.tallies(convening.id, filters, queries.convening_questions(convening.id))
    return render_template("delegations/dashboard.html", convening=convening, settings=settings, data=data,
                           tallies=tallies,
                           arrivals=services.arrivals(convening.id, convening.timezone),
                           filters=filters, places_left=left, SECTOR_LABELS=SECTOR_LABELS, STATES=STATES)


@bp.route("/<slug>/export.<fmt>")
def export(slug: str, fmt: str):
    convening = _organized_convening(slug)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = reporting.Filters.from_args(request.args)
    rows = reporting.member_rows(convening.id, filters)
    asked = queries.convening_questions(convening.id)
    name = f"{convening.slug}-registrations"
    if fmt == "csv":
        return Response(reporting.export_csv(rows, convening.timezone, asked), mimetype="text/csv",  # Werkzeug adds "; charset=utf-8"
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    return Response(reporting.export_xlsx(rows, convening.slug, convening.timezone, asked),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})


@bp.route("/<slug>/roster")
def roster(slug: str):
    convening = _organized_convening(slug)
    filters = reporting.Filters.from_args(request.args, default_state=CONFIRMED)  # who will come
    groups = reporting.group_by_delegation(reporting.member_rows(convening.id, filters))
    return render_template("delegations/roster.html", convening=convening, groups=groups, filters=filters)


@bp.route("/<slug>/badges")
def badges(slug: str):
    convening = _organized_convening(slug)
    filters = reporting.Filters.from_args(request.args, default_state=CONFIRMED)  # who will come
    rows = reporting.member_rows(convening.id, filters)
    return render_template("delegations/badges.html", convening=convening, rows=rows, filters=filters,
                           qr=lambda member: _badge_qr(member, convening), code_for=services.code_for)


def _badge_qr(member: DelegationMember, convening: Convening) -> str:
    """The QR code of a confirmed member's badge (an SVG data URI): the check-in page with her token."""
    import segno

    if member.status != CONFIRMED:
        return ""
    url = url_for("delegations.checkin", slug=convening.slug, t=services.token_for(member, convening.id),
                  _external=True)
    return segno.make(url, error="m").svg_data_uri(border=0)


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/letter")
def letter(delegation_id: int, member_id: int):
    delegation = _delegation(delegation_id, changes_delegation)
    member = _member(delegation, member_id)
    if not member.visa_letter or member.status != CONFIRMED:
        flash(_("Visa letters are issued for confirmed members who asked for one."), "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id))
    return _letters(delegation, [member])


@bp.route("/d/<int:delegation_id>/letters")
def letters(delegation_id: int):
    """Every confirmed member's letter, ready to print (or save as PDF) in one go."""
    delegation = _delegation(delegation_id, changes_delegation)
    members = [m for m in delegation.members if m.visa_letter and m.status == CONFIRMED]
    if not members:
        flash(_("Visa letters are issued for confirmed members who asked for one."), "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id))
    return _letters(delegation, members)


def _letters(delegation: Delegation, members: list[DelegationMember]):
    page = _context(delegation)
    convening, settings = page.convening, page.settings
    organizations = {o.id: o for o in queries.organizations_by_id(m.organization_id for m in members
                                                                   if m.organization_id)}
    letters = [(member, reporting.letter_texts(settings, convening, member, organizations.get(member.organization_id)))
               for member in members]
    return render_template("delegations/letter.html", convening=convening, letters=letters, settings=settings,
                           delegation=delegation, contact=services.organizer_contact(convening, settings))


def _public_section(convening):
    settings = db.session.get(services.RegistrationSettings, convening.id)
    orgs, people = reporting.public_participants(convening.id)
    mine = None
    if current_user.is_authenticated:
        mine = services.lead_delegation(convening.id, current_user.id)
    state = services.registration_state(settings or services.RegistrationSettings(),
                                        convening_status=convening.status,
                                        convening_end=services.convening_end_date(convening))
    if state == "closed" and not (orgs or people or mine):
        return None  # an archived convening with no registrations here: nothing to say
    left = services.places_left(settings) if settings is not None and state == "open" else None
    contact = services.organizer_contact(convening, settings) if settings is not None else {}
    return signals.Section("delegations/_public_section.html", order=30, context={
        "registration": {"convening": convening, "settings": settings, "organizations": orgs, "people": people,
                         "mine": mine, "state": state, "places_left": left, "contact": contact}})


def _shown_status(convening):
    """The convening's status as shown in badges: "registration_open" only while registration is
    open by its dates and settings too (never an "open" badge on a closed registration)."""
    if convening.status != "registration_open":
        return None
    states = _registration_states()
    state = states.get(convening.id)
    if state is None:
        state = services.registration_state(services.RegistrationSettings(), convening_status=convening.status,
                                            convening_end=services.convening_end_date(convening))
    elif services.convening_end_date(convening) and services.utcnow().date() > services.convening_end_date(convening):
        state = "closed"
    return {"open": "registration_open", "closed": "registration_closed", "not_yet": "published"}[state]


def _registration_states() -> dict:
    """Every convening's registration state by its settings' dates, once per request (one query)."""
    from flask import g

    states = getattr(g, "_registration_states", None)
    if states is None:
        now = services.utcnow()
        states = {}
        for convening_id, opens_at, closes_at in queries.registration_dates():
            probe = services.RegistrationSettings(opens_at=opens_at, closes_at=closes_at)
            states[convening_id] = services.registration_state(probe, now)
        g._registration_states = states
    return states


def _admin_links(convening):
    if not organizes(current_user, convening):
        return []
    return [
        (url_for("delegations.dashboard", slug=convening.slug), _l("Registration dashboard")),
        (url_for("delegations.delegations", slug=convening.slug), _l("Delegations to review")),
        (url_for("delegations.settings", slug=convening.slug), _l("Registration settings")),
        (url_for("delegations.questions", slug=convening.slug), _l("Registration questions")),
        (url_for("delegations.checkin", slug=convening.slug), _l("Check-in at the door")),
        (url_for("delegations.receivers", slug=convening.slug), _l("Interpretation receivers")),
        (url_for("delegations.emails", slug=convening.slug), _l("Registration emails")),
    ]


def init_app(app) -> None:
    from .. import caching

    caching.init_app()
    signals.convening_sections.connect(_public_section)
    signals.convening_shown_status.connect(_shown_status)
    signals.convening_admin_links.connect(_admin_links)
