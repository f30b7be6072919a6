"""What a lead (or an organizer editing a delegation) does from a page, one call per page. Each
call takes the convening's registration lock itself (``locked``), so that views never open a
transaction: counting places and members, and using them, happen in one write transaction at a
time. The building blocks (``members``, ``places``) expect their caller to hold the lock."""
from __future__ import annotations

from ...accounts.models import User
from ...convenings.models import Convening
from ...extensions import db
from ..models import Delegation, DelegationMember
from ..queries import lead_delegation
from . import members, places
from .core import locked

__all__ = ["add_member", "answer_offer", "change_delegation", "change_member", "confirm_own_details",
           "import_members", "invite_member", "locked", "register", "submit", "withdraw"]


def _proposed(proposal: dict | None):
    """The organization a lead proposes ({"name", "country", "kind", "lang", "acronym"}), or None."""
    if not proposal or not (proposal.get("name") or "").strip():
        return None
    return members.propose_organization(proposal["name"].strip(), proposal.get("country"), proposal.get("kind"),
                                        proposal.get("lang"), proposal.get("acronym"))


def register(convening: Convening, lead: User, *, name, organization_ids: list[int], proposal: dict | None = None,
             contact_phone: str | None = None, notes: str | None = None,
             answers: dict | None = None) -> tuple[Delegation, bool]:
    """The lead's delegation to the convening: (the new one, True), or (the one she already leads,
    False) when a double click or a second tab got there first."""
    with locked(convening.id):
        existing = lead_delegation(convening.id, lead.id)
        if existing is not None:
            return existing, False
        delegation = members.create_delegation(convening, lead, name, organization_ids, _proposed(proposal),
                                               contact_phone, notes, answers=answers)
    return delegation, True


def change_delegation(delegation: Delegation, actor: User, *, name, organization_ids: list[int],
                      proposal: dict | None = None, contact_phone: str | None = None, notes: str | None = None,
                      answers: dict | None = None) -> None:
    with locked(delegation.convening_id):
        members.update_delegation(delegation, actor, name, organization_ids, _proposed(proposal), contact_phone,
                                  notes, answers=answers)


def add_member(delegation: Delegation, data: dict, actor: User) -> DelegationMember:
    """Add one member, counted under the lock against the convening's most members per delegation."""
    with locked(delegation.convening_id) as settings:
        members.check_room(delegation, settings, 1)
        return members.add_member(delegation, data, actor)


def import_members(delegation: Delegation, rows: list[dict], actor: User) -> list[DelegationMember]:
    """Add the parsed rows, all or none, counted under the lock."""
    with locked(delegation.convening_id) as settings:
        members.check_room(delegation, settings, len(rows))
        return members.import_members(delegation, rows, actor)


def change_member(member: DelegationMember, data: dict, actor: User) -> dict:
    delegation = db.session.get(Delegation, member.delegation_id)
    with locked(delegation.convening_id):
        return members.update_member(member, data, actor)


def confirm_own_details(member: DelegationMember, data: dict) -> None:
    """A member, through her invitation, completes and confirms her details."""
    delegation = db.session.get(Delegation, member.delegation_id)
    with locked(delegation.convening_id):
        members.confirm_own_details(member, data)


def invite_member(member: DelegationMember, actor: User) -> str:
    delegation = db.session.get(Delegation, member.delegation_id)
    with locked(delegation.convening_id):
        return members.invite_member(member, actor)


def withdraw(delegation: Delegation, member_ids: list[int] | None, actor: User) -> None:
    """Withdraw members (None: the whole delegation); freed places go to the waiting list."""
    with locked(delegation.convening_id):
        places.withdraw_members(delegation, member_ids, actor)


def submit(delegation: Delegation, actor: User) -> dict:
    with locked(delegation.convening_id):
        return places.submit(delegation, actor)


def answer_offer(delegation: Delegation, member_ids: list[int], accept: bool, actor: User) -> int:
    with locked(delegation.convening_id):
        return places.answer_offer(delegation, member_ids, accept, actor)
