"""Votes of the plenary: opened by the chair on the whole text or on one proposal, one ballot per
accredited (confirmed) delegation or per confirmed delegate, named or secret; the result is
computed when the vote closes, then frozen.

Nobody votes twice: the unique constraint on (vote, voter) refuses the second ballot however many
arrive at once, and each ballot adds one to its count in a single UPDATE, so concurrent ballots
are counted exactly on SQLite and PostgreSQL alike. A secret ballot stores who voted (so they
cannot vote again) and never what they chose."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ...accounts.models import User
from ...database import utcnow
from ...delegations.models import CONFIRMED, Delegation, DelegationMember
from ...extensions import db
from ..models import (ABSOLUTE, CHOICES, MAJORITIES, PENDING, SIMPLE, TWO_THIRDS, UNIT_DELEGATION,
                      V_CLOSED, V_OPEN, Ballot, Declaration, Proposal, Vote)
from ..permissions import speaks_for
from ._base import DeclarationError, _check_draft


def electorate(declaration: Declaration, unit: str) -> int:
    """How many may vote: accredited (confirmed) delegations, or their confirmed delegates with an account."""
    if unit == UNIT_DELEGATION:
        return db.session.scalar(db.select(db.func.count()).select_from(Delegation).where(
            Delegation.convening_id == declaration.convening_id, Delegation.status == CONFIRMED)) or 0
    return db.session.scalar(
        db.select(db.func.count(db.distinct(DelegationMember.user_id)))
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == declaration.convening_id, Delegation.status == CONFIRMED,
               DelegationMember.status == CONFIRMED, DelegationMember.user_id.is_not(None))) or 0


def open_vote(declaration: Declaration, user: User, *, proposal: Proposal | None, secret: bool, majority: str,
              quorum: int) -> Vote:
    _check_draft(declaration)
    if majority not in MAJORITIES:
        raise DeclarationError(_l("Choose the majority the vote needs."), field="majority")
    if quorum is None or quorum < 0:
        raise DeclarationError(_l("The quorum is a number of ballots, zero or more."), field="quorum")
    if proposal is not None and (proposal.declaration_id != declaration.id or proposal.status != PENDING):
        raise DeclarationError(_l("Only an undecided proposal of this declaration can be put to a vote."),
                               field="proposal")
    if db.session.scalar(db.select(db.func.count()).select_from(Vote).where(
            Vote.declaration_id == declaration.id, Vote.status == V_OPEN)):
        raise DeclarationError(_l("A vote is already open on this declaration: close it first."))
    vote = Vote(declaration_id=declaration.id, proposal_id=proposal.id if proposal else None,
                version=declaration.version_number, unit=declaration.vote_unit or UNIT_DELEGATION,
                secret=bool(secret), majority=majority, quorum=quorum, status=V_OPEN, yes=0, no=0, abstain=0,
                opened_by_id=user.id)
    vote.electorate = electorate(declaration, vote.unit)
    db.session.add(vote)
    db.session.flush()
    return vote


def _voter_key(vote: Vote, declaration: Declaration, user: User, delegation: Delegation | None) -> tuple[str, str]:
    if vote.unit == UNIT_DELEGATION:
        if (delegation is None or delegation.convening_id != declaration.convening_id
                or delegation.status != CONFIRMED or not speaks_for(user, declaration, delegation)):
            raise DeclarationError(_l("Only the lead (or the named voice) of an accredited delegation votes for it."))
        return f"d{delegation.id}", delegation.name.resolve("en").text if delegation.name else str(delegation.id)
    confirmed = db.session.scalar(
        db.select(db.func.count()).select_from(DelegationMember)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == declaration.convening_id, Delegation.status == CONFIRMED,
               DelegationMember.status == CONFIRMED, DelegationMember.user_id == user.id))
    if not confirmed:
        raise DeclarationError(_l("Only confirmed delegates vote in this plenary."))
    return f"u{user.id}", user.name


def cast_ballot(vote: Vote, user: User, choice: str, delegation: Delegation | None = None) -> None:
    """One ballot. Refused outside the vote's window, for someone who may not vote, and a second time."""
    declaration = db.session.get(Declaration, vote.declaration_id)
    if vote.status != V_OPEN:
        raise DeclarationError(_l("This vote is closed: no more ballots are taken."))
    if choice not in CHOICES:
        raise DeclarationError(_l("Please choose yes, no or abstain."), field="choice")
    key, name = _voter_key(vote, declaration, user, delegation)
    try:
        with db.session.begin_nested():
            db.session.add(Ballot(vote_id=vote.id, voter_key=key, voter_name=None if vote.secret else name,
                                  choice=None if vote.secret else choice))
    except IntegrityError:
        raise DeclarationError(_l("This ballot was already cast: nobody votes twice.")) from None
    column = {"yes": Vote.yes, "no": Vote.no, "abstain": Vote.abstain}[choice]
    # One atomic increment, guarded by the vote still being open.
    done = db.session.execute(db.update(Vote).where(Vote.id == vote.id, Vote.status == V_OPEN)
                              .values({column: column + 1}).execution_options(synchronize_session=False)).rowcount
    if not done:
        raise DeclarationError(_l("This vote is closed: no more ballots are taken."))
    db.session.flush()


def result_of(vote: Vote) -> tuple[bool, bool]:
    """(quorum met, carried) from the counts. Simple: more yes than no. Absolute: yes from more than
    half of those who could vote. Two thirds: yes at least twice the no (abstentions aside)."""
    yes, no = vote.yes or 0, vote.no or 0
    quorum_met = vote.cast >= (vote.quorum or 0)
    if vote.majority == SIMPLE:
        carried = yes > no
    elif vote.majority == ABSOLUTE:
        carried = 2 * yes > vote.electorate
    elif vote.majority == TWO_THIRDS:
        carried = yes > 0 and 3 * yes >= 2 * (yes + no)
    else:
        carried = False
    return quorum_met, quorum_met and carried


def close_vote(vote: Vote, user: User) -> Vote:
    """Close the vote: the result is computed from the counts and frozen."""
    if vote.status != V_OPEN:
        raise DeclarationError(_l("This vote is already closed."))
    db.session.refresh(vote)  # the counts as the database holds them, every ballot included
    vote.status = V_CLOSED
    vote.closed_at = utcnow()
    vote.quorum_met, vote.passed = result_of(vote)
    db.session.flush()
    return vote
