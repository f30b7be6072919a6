"""Undeliverable mail: what the mail server refused for good, for organizers and admins."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import and_, or_

from ..accounts.models import User
from ..extensions import db
from ..platform import signals
from .models import FAILED, OutboxMessage

bp = Blueprint("mail", __name__, url_prefix="/<lang:lang_code>/mail", template_folder="templates")

MAX_ROWS = 500


def _organized_ids(user) -> set[int]:
    """The convenings ``user`` organizes (``signals.organized_convening_ids``)."""
    ids: set[int] = set()
    for part in signals.collect(signals.organized_convening_ids, user):
        ids.update(part)
    return ids


def _titles(ids: set[int]) -> dict:
    """Convening id -> title (``signals.convening_titles``)."""
    titles: dict = {}
    for part in signals.collect(signals.convening_titles, current_app._get_current_object(), ids=ids):
        titles.update(part)
    return titles


def undeliverable_rows(convening_ids: set[int] | None, convening_id: int | None = None) -> list:
    """Failed messages (newest first) with the person they were for: one query. ``convening_ids``
    None: all (administrators)."""
    person = db.aliased(User)
    query = (db.select(OutboxMessage, person)
             .outerjoin(person, or_(person.id == OutboxMessage.user_id,
                                    and_(OutboxMessage.user_id.is_(None), person.email == OutboxMessage.recipient)))
             .where(OutboxMessage.status == FAILED)
             .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc()).limit(MAX_ROWS))
    if convening_ids is not None:
        query = query.where(OutboxMessage.convening_id.in_(convening_ids))
    if convening_id is not None:
        query = query.where(OutboxMessage.convening_id == convening_id)
    return db.session.execute(query).all()


@bp.route("/undeliverable")
@login_required
def undeliverable():
    """Administrators see every undeliverable message; organizers those about their convenings."""
    wanted = request.args.get("convening", type=int)
    if wanted is not None and not (0 < wanted < 2**31):
        abort(404)
    if current_user.is_admin:
        allowed = None
    else:
        allowed = _organized_ids(current_user)
        if not allowed or (wanted is not None and wanted not in allowed):
            abort(403)
    rows = undeliverable_rows(allowed, wanted)
    titles = _titles({m.convening_id for m, _ in rows if m.convening_id})
    return render_template("mail_admin/undeliverable.html", rows=rows, titles=titles,
                           filtered=wanted is not None and wanted in titles, wanted_title=titles.get(wanted))


def _admin_link(convening):
    from ..accounts.permissions import can, site_admin

    if not current_user.is_authenticated:
        return []
    if not (can(site_admin) or convening.id in _organized_ids(current_user)):
        return []
    return [(url_for("mail.undeliverable", convening=convening.id), _("Undeliverable mail"))]


def init_app(app) -> None:
    signals.convening_admin_links.connect(_admin_link)
