"""Check-in at the door, for organizers on a phone: scan a badge (where the browser has a barcode
detector and the camera is allowed), or type a name or a code; see the person, her delegation, her
interpretation language and needs; check her in once."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import services
from .common import _organized_convening, bp

#: The check-in page may use the camera (every other page forbids it).
CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=()"


@bp.route("/<slug>/checkin", methods=["GET"])
def checkin(slug: str):
    convening = _organized_convening(slug)
    query = (request.args.get("q") or request.args.get("t") or "").strip()[:2000]
    matches, valid = services.checkin.find(convening.id, query)
    counts = services.arrivals(convening.id, convening.timezone)
    held = services.receivers.held_by(convening.id, [m.id for m, _d in matches])
    response = render_template("delegations/checkin.html", convening=convening, query=query, matches=matches,
                               valid=valid, counts=counts, code_for=services.code_for, held=held)
    return response, 200, {"Permissions-Policy": CAMERA_ALLOWED}


@bp.route("/<slug>/checkin/<int:member_id>", methods=["POST"])
def check_in(slug: str, member_id: int):
    convening = _organized_convening(slug)
    member = services.checkin.member_of(convening.id, member_id)
    if member is None:
        flash(_("Not valid here: this person is not a confirmed participant of this convening."), "error")
        return redirect(url_for("delegations.checkin", slug=slug))
    try:
        services.organizing.check_in(convening.id, member, current_user)
    except services.RegistrationError as refusal:
        flash(str(refusal), "error")
    else:
        flash(_("%(name)s is checked in.", name=member.name), "success")
    return redirect(url_for("delegations.checkin", slug=slug))
