"""Who may do what with a delegation."""
from __future__ import annotations

from ..accounts.permissions import rule, site_admin
from ..convenings.permissions import is_organizer_of
from ..extensions import db
from .models import Delegation, DelegationMember


@rule
def _leads(user, delegation: Delegation) -> bool:
    return delegation is not None and delegation.lead_user_id == user.id


@rule
def _organizes_its_convening(user, delegation: Delegation) -> bool:
    return delegation is not None and is_organizer_of(user, delegation.convening_id)


@rule
def _is_member(user, delegation: Delegation) -> bool:
    return delegation is not None and db.session.scalar(
        db.select(db.func.count()).select_from(DelegationMember)
        .where(DelegationMember.delegation_id == delegation.id, DelegationMember.user_id == user.id)) > 0


#: Manage the delegation (members, submission): its lead.
leads_delegation = _leads
#: Review it (confirm, waitlist, decline): the convening's organizers and site admins.
reviews_delegation = site_admin | _organizes_its_convening
#: See it: lead, its members, reviewers.
sees_delegation = _leads | _is_member | reviews_delegation
#: Change it (members, names, withdrawals): its lead (within the deadline, checked by the view) and
#: its reviewers, at any time.
changes_delegation = _leads | reviews_delegation
