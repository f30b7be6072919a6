"""Shared by registration's pages: the blueprint, loaders that answer 401/403/404, form helpers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.permissions import require
from ...convenings.models import Convening
from ...convenings.permissions import can_view, organizes
from ...organizations.models import Organization
from .. import queries, services
from ..forms import MemberForm
from ...i18n.registry import country_choices
from ..labels import NOTICE_LABELS, STATE_BADGES, STATE_LABELS
from ...extensions import db
from ..models import PER_MEMBER, Delegation, DelegationMember, RegistrationSettings
from ..questions import initial_values, shown, with_questions
from ..permissions import leads_delegation, reviews_delegation, sees_delegation



bp = Blueprint("delegations", __name__, url_prefix="/<lang:lang_code>/registration",
               template_folder="../templates")


@bp.app_context_processor
def _labels():
    return {"STATE_LABELS": STATE_LABELS, "STATE_BADGES": STATE_BADGES, "NOTICE_LABELS": NOTICE_LABELS,
            "country_choices": country_choices, "shown_answer": shown}


def _convening(slug: str) -> Convening:
    convening = queries.convening_by_slug(slug)
    if convening is None or not can_view(current_user, convening):
        abort(404)
    return convening


def _organized_convening(slug: str) -> Convening:
    convening = queries.convening_by_slug(slug)
    if convening is None:
        abort(404)
    require(organizes, convening)
    return convening


def _delegation(delegation_id: int, rule=sees_delegation) -> Delegation:
    delegation = services.load_delegation(delegation_id)
    if delegation is None:
        abort(404)
    if not current_user.is_authenticated:
        abort(401)
    if not sees_delegation(current_user, delegation):
        abort(404)  # never reveal that another delegation exists
    require(rule, delegation)
    return delegation


@dataclass
class Loaded:
    """What a delegation's page needs: the delegation, its convening and the registration settings."""

    delegation: Delegation
    convening: Convening
    settings: RegistrationSettings


def _loaded(delegation_id: int, rule=sees_delegation, *, changing: bool = False) -> Loaded:
    """The one loader of a delegation's pages: the delegation (404/401/403 by ``_delegation``), its
    convening and settings; ``changing``: the visitor may still change it (else back to its page)."""
    return _context(_delegation(delegation_id, rule), changing=changing)


def _context(delegation: Delegation, *, changing: bool = False) -> Loaded:
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    if changing:
        _lead_may_change(delegation, settings)
    return Loaded(delegation, convening, settings)


def _member(delegation: Delegation, member_id: int) -> DelegationMember:
    for member in delegation.members:
        if member.id == member_id:
            return member
    abort(404)


def _may_change(delegation: Delegation, settings) -> bool:
    """Organizers and admins change a delegation at any time; its lead until the deadline."""
    return reviews_delegation(current_user, delegation) or (
        leads_delegation(current_user, delegation) and services.changes_allowed(delegation, settings))


def _lead_may_change(delegation: Delegation, settings) -> None:
    if not _may_change(delegation, settings):
        flash(_("This delegation can no longer be changed."), "error")
        abort(redirect(url_for("delegations.overview", delegation_id=delegation.id)))


def _field_error(form, error: services.RegistrationError, default: str = "name") -> None:
    """Show a refusal at the field it concerns (the form keeps what was typed)."""
    field = form._fields.get(error.field or default) or form._fields.get(default)
    field.errors = list(field.errors) + [str(error)]


def _local(value: datetime | None, tz: str) -> datetime | None:
    return value.astimezone(ZoneInfo(tz)).replace(tzinfo=None) if value else None


def _utc(value: datetime | None, tz: str) -> datetime | None:
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(timezone.utc) if value else None


def _settings(convening):
    """The convening's registration settings (defaults until organizers save them; pages that only
    read never commit, so what they loaded is not expired while rendering)."""
    return services.get_settings(convening)


def _organizations_for(delegation: Delegation) -> list[Organization]:
    return services.delegation_organizations([delegation.id])[delegation.id]


def _member_form(settings, organizations, member=None, *, with_email=True, convening=None) -> MemberForm:
    """The member form, asking the convening's questions per member too (prefilled on GET)."""
    asked = queries.convening_questions(settings.convening_id, PER_MEMBER)
    form_class = with_questions(MemberForm, asked)
    initial = initial_values(asked, member.answers if member is not None else None) if request.method == "GET" else {}
    form = form_class(obj=member if request.method == "GET" else None, **initial)
    return form.configure(settings, organizations, with_email=with_email, convening=convening)
