"""A delegate's own agenda: marking sessions (plain forms, no JavaScript needed), "my agenda" with
the channel for her listening language, and her private calendar feed."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.permissions import signed_in
from ...i18n.locale import current_language
from ...platform.loader import checked
from ...security import safe_next
from .. import exports, personal, services
from ..view import Agenda
from . import _readable, bp


def _signed_in_reader(slug: str):
    convening = _readable(slug)
    return checked(convening, permission=signed_in)


@bp.route("/sessions/<guid>/star", methods=["POST"])
def star(slug: str, guid: str):
    convening = _signed_in_reader(slug)
    latest = services.latest_release(convening)
    known = set(Agenda.of_release(latest).by_guid) if latest else set()
    on = request.form.get("star") != "0"
    if (on and guid not in known) or not personal.is_guid(guid):
        abort(404)
    personal.mark(current_user.id, convening, guid, on, known)
    flash(_("Added to your agenda.") if on else _("Removed from your agenda."), "success")
    return redirect(safe_next(request.form.get("next"), url_for("agenda.mine", slug=slug)))


@bp.route("/mine/")
def mine(slug: str):
    convening = _signed_in_reader(slug)
    latest = services.latest_release(convening)
    agenda = Agenda.of_release(latest) if latest else None
    stars = personal.starred(current_user.id, convening)
    chosen = [s for s in agenda.sessions if s.guid in stars] if agenda else []
    language = personal.listening_language(current_user, convening)
    token = personal.feed_token(current_user.id, convening)
    return render_template(
        "agenda/mine.html", convening=convening, release=latest, agenda=agenda, chosen=chosen,
        days=agenda.days(chosen) if agenda else [], undated=agenda.undated(chosen) if agenda else [],
        gone=len(stars - {s.guid for s in chosen}), language=language,
        listening={s.guid: personal.listening(s, language) for s in chosen}, stars=stars,
        feed_url=url_for("agenda.my_feed", slug=slug, token=token.token, _external=True) if token else None)


@bp.route("/mine/feed", methods=["POST"])
def new_feed(slug: str):
    convening = _signed_in_reader(slug)
    personal.new_feed_token(current_user.id, convening)
    flash(_("Your calendar address is ready. Any address given before no longer works."), "success")
    return redirect(url_for("agenda.mine", slug=slug) + "#feed-heading")


@bp.route("/mine/feed/revoke", methods=["POST"])
def revoke_feed(slug: str):
    convening = _signed_in_reader(slug)
    personal.revoke_feed_token(current_user.id, convening)
    flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for("agenda.mine", slug=slug) + "#feed-heading")


@bp.route("/feed/<token>.ics")
def my_feed(slug: str, token: str):
    """Her marked sessions of the latest release, as a calendar: the same events (UIDs, zones) as
    the public feed. No log-in: the address is the key."""
    convening = _readable(slug)
    row = checked(personal.by_token(convening, token))
    latest = checked(services.latest_release(convening))
    agenda = Agenda.of_release(latest)
    stars = personal.starred(row.user_id, convening)
    body = exports.icalendar(agenda, convening, latest, current_language(),
                             sessions=[s for s in agenda.sessions if s.guid in stars])
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'inline; filename="{convening.slug}-mine.ics"', "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"})
