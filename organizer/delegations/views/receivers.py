"""Interpretation receivers for organizers: the inventory per channel, who holds which unit, what
each session needs; handing out (from the check-in page) and taking back."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...database import db_int
from .. import services
from ...i18n.registry import language_choices
from .common import _organized_convening, bp


@bp.route("/<slug>/receivers", methods=["GET", "POST"])
def receivers(slug: str):
    convening = _organized_convening(slug)
    settings = services.get_settings(convening)
    channels = settings.interpretation_languages or convening.languages
    errors = {}
    if request.method == "POST":
        channel = request.form.get("channel", "")
        count = db_int(request.form.get("count", ""))
        if count is None:
            errors["count"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=services.receivers.MAX_UNITS)
        else:
            try:
                added = services.organizing.add_receivers(convening.id, channel, count, channels)
            except services.RegistrationError as refusal:
                errors[refusal.field or "count"] = str(refusal)
            else:
                flash(_("%(n)d receivers added: %(first)s to %(last)s.", n=len(added), first=added[0].label,
                        last=added[-1].label), "success")
                return redirect(url_for("delegations.receivers", slug=slug))
    data = services.receivers.dashboard(convening.id)
    return render_template("delegations/receivers.html", convening=convening, data=data, errors=errors,
                           channels=[c for c in language_choices(channels)], form=request.form)


@bp.route("/<slug>/receivers/out/<int:member_id>", methods=["POST"])
def hand_out_receiver(slug: str, member_id: int):
    convening = _organized_convening(slug)
    member = services.checkin.member_of(convening.id, member_id)
    back = request.form.get("back") or ""
    if member is None:
        flash(_("Not valid here: this person is not a confirmed participant of this convening."), "error")
    else:
        try:
            unit = services.organizing.hand_out_receiver(convening.id, member, current_user)
        except services.RegistrationError as refusal:
            flash(str(refusal), "error")
        else:
            flash(_("Receiver %(label)s handed to %(name)s.", label=unit.label, name=member.name), "success")
    if back == "checkin":
        return redirect(url_for("delegations.checkin", slug=slug, q=services.code_for(member_id)))
    return redirect(url_for("delegations.receivers", slug=slug))


@bp.route("/<slug>/receivers/<int:unit_id>/back", methods=["POST"])
def take_back_receiver(slug: str, unit_id: int):
    convening = _organized_convening(slug)
    try:
        unit = services.organizing.take_back_receiver(convening.id, unit_id, current_user)
    except services.RegistrationError as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("Receiver %(label)s is back.", label=unit.label), "success")
    return redirect(url_for("delegations.receivers", slug=slug))
