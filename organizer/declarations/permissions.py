"""Who may do what with a declaration.

- The drafting committee (named by the organizers) edits the draft; nobody else does.
- Leads of the convening's delegations (submitted or confirmed) and members of its constituency
  groups submit proposals.
- Organizers of the convening (and site admins) name the committee and the constituency groups,
  record the plenary's decision, and verify signatories.
- After adoption the text changes only by a logged editorial correction (committee or organizers).
"""
from __future__ import annotations

from ..accounts.permissions import Rule, rule, site_admin
from ..convenings.permissions import is_organizer_of
from ..delegations.models import CONFIRMED, SUBMITTED, Delegation
from ..extensions import db
from .models import CommitteeMember, ConstituencyGroup, ConstituencyMember, Declaration

#: Delegations "of a convening": those that may propose and take part in consensus.
ACTIVE_DELEGATION_STATES = (SUBMITTED, CONFIRMED)

def _convening_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, int):
        return obj
    return getattr(obj, "convening_id", None) or getattr(obj, "id", None)


def is_committee_member(user, declaration: Declaration | None) -> bool:
    if declaration is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        db.select(db.func.count()).select_from(CommitteeMember)
        .where(CommitteeMember.declaration_id == declaration.id, CommitteeMember.user_id == user.id)) > 0


def proposer_delegations(user, convening_id: int) -> list[Delegation]:
    """The delegations of this convening the user leads (and may propose for)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        db.select(Delegation).where(
            Delegation.convening_id == convening_id, Delegation.lead_user_id == user.id,
            Delegation.status.in_(ACTIVE_DELEGATION_STATES)).order_by(Delegation.id)))


def proposer_groups(user, convening_id: int) -> list[ConstituencyGroup]:
    """The constituency groups of this convening the user belongs to."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        db.select(ConstituencyGroup).join(ConstituencyMember, ConstituencyMember.group_id == ConstituencyGroup.id)
        .where(ConstituencyGroup.convening_id == convening_id, ConstituencyMember.user_id == user.id)
        .order_by(ConstituencyGroup.key)))


def voice_of(declaration_id: int, delegation_id: int) -> int | None:
    from .models import DelegationVoice

    return db.session.scalar(
        db.select(DelegationVoice.user_id).where(DelegationVoice.declaration_id == declaration_id,
                                                 DelegationVoice.delegation_id == delegation_id))


def speaks_for(user, declaration: Declaration, delegation: Delegation) -> bool:
    """The delegation's lead, or the member the lead named as its voice on this declaration."""
    if not getattr(user, "is_authenticated", False):
        return False
    return delegation.lead_user_id == user.id or voice_of(declaration.id, delegation.id) == user.id


def voiced_delegations(user, declaration: Declaration) -> list[Delegation]:
    """The delegations of the declaration's convening this user gives positions (and ballots) for."""
    if not getattr(user, "is_authenticated", False):
        return []

    from .models import DelegationVoice

    voiced = db.select(DelegationVoice.delegation_id).where(DelegationVoice.declaration_id == declaration.id,
                                                             DelegationVoice.user_id == user.id)
    return list(db.session.scalars(db.select(Delegation).where(
        Delegation.convening_id == declaration.convening_id, Delegation.status.in_(ACTIVE_DELEGATION_STATES),
        db.or_(Delegation.lead_user_id == user.id, Delegation.id.in_(voiced))).order_by(Delegation.id)))


@rule
def _on_committee(user, declaration) -> bool:
    return is_committee_member(user, declaration)


@rule
def _organizes_convening_of(user, obj) -> bool:
    return is_organizer_of(user, _convening_id(obj))


@rule
def _may_propose(user, declaration) -> bool:
    return bool(proposer_delegations(user, declaration.convening_id) or proposer_groups(user, declaration.convening_id))


@rule
def _gives_voice(user, declaration) -> bool:
    return bool(voiced_delegations(user, declaration))


#: Edit the draft text: the drafting committee only.
drafts_declaration: Rule = _on_committee
#: Name the committee and the constituency groups, record the plenary, verify signatories.
organizes_declaration: Rule = site_admin | _organizes_convening_of
#: Submit proposals: leads of the convening's delegations and members of its constituency groups.
proposes_to_declaration: Rule = _may_propose
#: Log an editorial correction to an adopted text.
corrects_declaration: Rule = _on_committee | organizes_declaration
#: Chair the plenary: open and close votes, move the room's screen.
chairs_plenary: Rule = _on_committee | organizes_declaration
#: Read the proposals and the version history of a draft.
follows_declaration: Rule = _on_committee | organizes_declaration | _may_propose | _gives_voice


def can_read(user, declaration: Declaration, convening) -> bool:
    """Adopted declarations of public convenings are public; drafts are for the people taking part."""
    if declaration.is_public and convening.is_public:
        return True
    return follows_declaration(user, declaration)
