"""What an organizer does from a page, one call per page: decisions, undoing a withdrawal, moving a
member, the settings, verifying a proposed organization, receivers, check-in, email texts. Each call
takes the convening's registration lock itself (``locked``), so that views never open a transaction.
The building blocks (``places``, ``members``, ``receivers``, ``checkin``, ``emails``) expect their
caller to hold the lock."""
from __future__ import annotations

from datetime import datetime

from ...accounts.models import User
from ...extensions import db
from ...organizations.models import Organization
from ..models import Delegation, DelegationMember, InterpretationReceiver, RegistrationSettings
from . import checkin, emails, members, places, receivers
from .core import RegistrationError, locked, save_settings as _store_settings

__all__ = ["add_receivers", "check_in", "decide", "decide_many", "hand_out_receiver", "move_member",
           "reinstate_member", "save_email_text", "save_settings", "take_back_receiver", "verify_organization"]


def decide(delegation: Delegation, action: str, actor: User, *, member_ids: list[int] | None = None,
           reason: str | None = None) -> dict:
    """Confirm, waitlist or decline a delegation's members (see ``places.decide``)."""
    with locked(delegation.convening_id):
        return places.decide(delegation, action, actor, member_ids=member_ids, reason=reason)


def decide_many(convening_id: int, delegations: list[Delegation], action: str, actor: User, *,
                reason: str | None = None) -> dict:
    """The same decision for several delegations of one convening, in one transaction."""
    with locked(convening_id):
        return places.decide_many(delegations, action, actor, reason=reason)


def reinstate_member(member: DelegationMember, actor: User) -> str:
    """Undo a withdrawal; says the member's state afterwards."""
    delegation = db.session.get(Delegation, member.delegation_id)
    with locked(delegation.convening_id):
        return places.reinstate_member(member, actor)


def move_member(member: DelegationMember, target: Delegation, actor: User) -> None:
    with locked(target.convening_id):
        members.move_member(member, target, actor)


def save_settings(convening_id: int, data: dict, actor: User) -> tuple[RegistrationSettings, list[DelegationMember]]:
    """Store the settings; places they free (if any) go to the waiting list. (settings, promoted)."""
    with locked(convening_id):
        settings = _store_settings(convening_id, data, actor)
        promoted = places.promote(settings, actor)
    return settings, promoted


def verify_organization(convening_id: int, organization: Organization) -> None:
    with locked(convening_id):
        members.verify_organization(organization)


def add_receivers(convening_id: int, channel: str, count: int, channels: list[str]) -> list[InterpretationReceiver]:
    """Add numbered units to one of the convening's interpretation channels."""
    from flask_babel import gettext as _

    if channel not in channels:
        raise RegistrationError(_("Choose a channel from the list."), "channel")
    with locked(convening_id):
        return receivers.add_units(convening_id, channel, count)


def hand_out_receiver(convening_id: int, member: DelegationMember, actor: User) -> InterpretationReceiver:
    with locked(convening_id):
        return receivers.hand_out(convening_id, member, actor)


def take_back_receiver(convening_id: int, unit_id: int, actor: User) -> InterpretationReceiver:
    with locked(convening_id):
        return receivers.take_back(convening_id, unit_id, actor)


def check_in(convening_id: int, member: DelegationMember, actor: User) -> datetime:
    """Record a confirmed member's arrival, once (a second check-in is refused with the first's time)."""
    with locked(convening_id):
        return checkin.check_in(member, actor)


def save_email_text(convening_id: int, kind: str, language: str, subject: str | None, body: str | None) -> None:
    with locked(convening_id):
        emails.save_text(convening_id, kind, language, subject, body)
