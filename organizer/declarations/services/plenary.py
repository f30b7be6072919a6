"""The plenary: each delegation's position on one version of the text, adoption, and the
two-person corrections that are the only change after adoption."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ...accounts.models import User
from ...database import utcnow
from ...delegations.models import Delegation, DelegationMember
from ...extensions import db
from ...i18n.translated import TranslatedText
from ..models import (
    ADOPTED,
    BLOCK,
    C_APPROVED,
    C_PROPOSED,
    C_REJECTED,
    CONSENSUS,
    PENDING,
    T_OUTDATED,
    T_REVIEWED,
    VOTE,
    Clause,
    ConsensusPosition,
    Correction,
    Declaration,
)
from ..models import POSITIONS, VOTE_UNITS, ConstituencyGroup, DelegationVoice
from ..permissions import ACTIVE_DELEGATION_STATES, proposer_groups, speaks_for
from ..queries import all_positions, clauses_of, content_languages, held_votes, proposals_of
from ._base import DeclarationError, _check_draft, _save


def _set_position(declaration: Declaration, *, delegation: Delegation | None = None,
                  group: ConstituencyGroup | None = None, position: str, note: TranslatedText | None, user: User,
                  on_behalf: bool, version: int | None) -> ConsensusPosition:
    _check_draft(declaration)
    if position not in POSITIONS:
        raise DeclarationError(_l("Please choose a position."), field="position")
    if version is not None and version != declaration.version_number:
        raise DeclarationError(_l(
            "The text changed while you were deciding: it is now version %(number)s. Read it and give your "
            "position on it.", number=declaration.version_number), field="position")
    if delegation is not None:
        row = db.session.scalar(db.select(ConsensusPosition).where(
            ConsensusPosition.declaration_id == declaration.id, ConsensusPosition.delegation_id == delegation.id))
    else:
        row = db.session.scalar(db.select(ConsensusPosition).where(
            ConsensusPosition.declaration_id == declaration.id, ConsensusPosition.group_id == group.id))
    if row is None:
        row = ConsensusPosition(declaration_id=declaration.id, delegation_id=delegation.id if delegation else None,
                                group_id=group.id if group else None)
        db.session.add(row)
    # A position belongs to one version of the text: a new record (even the same block again, on
    # a new version) is unresolved until it is resolved on that version.
    row.resolution = None
    row.resolved_at = None
    row.position = position
    row.version = declaration.version_number
    row.note = note or None
    row.on_behalf = on_behalf
    row.recorded_by_id = user.id
    row.recorded_by_name = user.name
    row.recorded_at = utcnow()
    db.session.flush()
    return row


def record_position(declaration: Declaration, delegation: Delegation, position: str, note: TranslatedText | None,
                    user: User, version: int | None = None) -> ConsensusPosition:
    """An organizer records a delegation's position on its behalf (shown as such)."""
    _check_draft(declaration)
    if delegation.convening_id != declaration.convening_id or delegation.status not in ACTIVE_DELEGATION_STATES:
        raise DeclarationError(_l("This delegation does not take part in this convening's plenary."))
    return _set_position(declaration, delegation=delegation, position=position, note=note, user=user,
                         on_behalf=True, version=version)


def give_position(declaration: Declaration, party, user: User, position: str, note: TranslatedText | None,
                  version: int | None) -> ConsensusPosition:
    """A delegation's lead (or the voice the lead named), or a member of a constituency group when the
    committee lets groups take positions, gives the party's own position on the current version,
    until the committee's deadline."""
    _check_draft(declaration)
    if declaration.positions_deadline is not None and utcnow() > declaration.positions_deadline:
        raise DeclarationError(_l("The deadline for positions has passed. Ask the organizers."))
    if isinstance(party, Delegation):
        if party.convening_id != declaration.convening_id or party.status not in ACTIVE_DELEGATION_STATES:
            raise DeclarationError(_l("This delegation does not take part in this convening's plenary."))
        if not speaks_for(user, declaration, party):
            raise DeclarationError(_l("Only the delegation's lead, or the voice the lead named, gives its position."))
        return _set_position(declaration, delegation=party, position=position, note=note, user=user,
                             on_behalf=False, version=version)
    if not declaration.groups_take_positions:
        raise DeclarationError(_l("Constituency groups do not give positions on this declaration."))
    if party.convening_id != declaration.convening_id or party.id not in {
            g.id for g in proposer_groups(user, declaration.convening_id)}:
        raise DeclarationError(_l("Only the group's members give its position."))
    return _set_position(declaration, group=party, position=position, note=note, user=user, on_behalf=False,
                         version=version)


def name_voice(declaration: Declaration, delegation: Delegation, lead: User, voice: User | None) -> None:
    """The lead names a member of the delegation (an account among its members) as its voice, or
    takes the voice back (``voice=None``)."""
    if delegation.lead_user_id != lead.id:
        raise DeclarationError(_l("Only the delegation's lead names its voice."))
    row = db.session.get(DelegationVoice, (declaration.id, delegation.id))
    if voice is None:
        if row is not None:
            db.session.delete(row)
        db.session.flush()
        return
    member = db.session.scalar(db.select(db.func.count()).select_from(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id, DelegationMember.user_id == voice.id))
    if not member:
        raise DeclarationError(_l("The voice must be a member of the delegation with an Organizer account."),
                               field="email")
    if row is None:
        row = DelegationVoice(declaration_id=declaration.id, delegation_id=delegation.id, user_id=voice.id)
        db.session.add(row)
    row.user_id = voice.id
    db.session.flush()


def set_plenary_rules(declaration: Declaration, *, deadline, groups_take_positions: bool, vote_unit: str) -> None:
    _check_draft(declaration)
    if vote_unit not in VOTE_UNITS:
        raise DeclarationError(_l("Choose who votes."), field="vote_unit")
    declaration.positions_deadline = deadline
    declaration.groups_take_positions = bool(groups_take_positions)
    declaration.vote_unit = vote_unit
    db.session.flush()


def move_live(declaration: Declaration, step: int) -> None:
    """The chair moves the room's screen to the next (or previous) clause."""
    clauses = clauses_of(declaration)
    if not clauses:
        raise DeclarationError(_l("The declaration has no clauses yet."))
    ids = [c.id for c in clauses]
    index = ids.index(declaration.live_clause_id) if declaration.live_clause_id in ids else 0
    declaration.live_clause_id = ids[max(0, min(len(ids) - 1, index + step))]
    db.session.flush()


def resolve_block(row: ConsensusPosition, resolution: TranslatedText, user: User) -> None:
    declaration = db.session.get(Declaration, row.declaration_id)
    _check_draft(declaration)
    if row.position != BLOCK:
        raise DeclarationError(_l("Only a block needs a resolution."))
    if row.version != declaration.version_number:
        raise DeclarationError(_l(
            "This block was given on an earlier version of the text. Record the delegation's position on the "
            "current text (version %(number)s) first.", number=declaration.version_number))
    if not resolution:
        raise DeclarationError(_l("Please record how the block was resolved."), field="resolution")
    row.resolution = resolution
    row.resolved_at = utcnow()
    row.recorded_by_id = user.id
    db.session.flush()


def adopt(declaration: Declaration, user: User, *, method: str, adopted_on: date,
          votes_for: int | None = None, votes_against: int | None = None, votes_abstain: int | None = None,
          vote=None) -> None:
    """Freeze the text as the plenary adopted it, with the date and the method. By vote: the
    closed vote on the whole text (``vote``) whose frozen result the record shows; typed counts
    only for a show of hands, when no vote on this text was held here."""
    _check_draft(declaration)
    clauses = clauses_of(declaration)
    if not clauses:
        raise DeclarationError(_l("A declaration without clauses cannot be adopted."))
    undecided = proposals_of(declaration, status=PENDING)
    if undecided:
        raise DeclarationError(_l(
            "Some proposals are still undecided (%(numbers)s). Decide each, or close it with a reason, before "
            "adopting: every proposer is told.", numbers=", ".join(f"#{p.id}" for p in reversed(undecided))))
    declaration.adopted_vote_id = None
    if method == CONSENSUS:
        positions = all_positions(declaration)
        if any(p.is_open_block for p in positions):
            raise DeclarationError(_l("A delegation blocks consensus. Record how the block was resolved before adopting."))
        if not positions:
            raise DeclarationError(_l("Record the delegations' positions first: none is recorded yet."))
        if any(p.version != declaration.version_number for p in positions):
            raise DeclarationError(_l(
                "The text changed after some positions were recorded. Record each delegation's position on the "
                "current text (version %(number)s) before adopting.", number=declaration.version_number))
        declaration.votes_for = declaration.votes_against = declaration.votes_abstain = None
    elif method == VOTE and vote is not None:
        _check_adopting_vote(declaration, vote)
        declaration.votes_for, declaration.votes_against, declaration.votes_abstain = vote.yes, vote.no, vote.abstain
        declaration.adopted_vote_id = vote.id
    elif method == VOTE:
        if held_votes(declaration):
            raise DeclarationError(_l(
                "The plenary voted on this text here: adopt with that vote's result, not with typed counts."),
                field="vote")
        if votes_for is None or votes_against is None or votes_abstain is None:
            raise DeclarationError(_l("Please give the counts for, against and abstaining."), field="votes_for")
        if votes_for <= votes_against:
            raise DeclarationError(_l("The vote did not carry: there were not more votes for than against."),
                                   field="votes_for")
        declaration.votes_for, declaration.votes_against, declaration.votes_abstain = votes_for, votes_against, votes_abstain
    else:
        raise DeclarationError(_l("Choose how the plenary decided."), field="method")
    declaration.status = ADOPTED
    declaration.method = method
    declaration.adopted_on = adopted_on
    declaration.adopted_precision = "day"
    _save(declaration, user, "adopted")


def _check_adopting_vote(declaration: Declaration, vote) -> None:
    from ..models import V_CLOSED

    if vote.declaration_id != declaration.id or vote.proposal_id is not None:
        raise DeclarationError(_l("Choose a vote on the whole text."), field="vote")
    if vote.status != V_CLOSED:
        raise DeclarationError(_l("Close the vote first: its result is frozen when it closes."), field="vote")
    if vote.version != declaration.version_number:
        raise DeclarationError(_l(
            "This vote was on an earlier version of the text (version %(number)s). Hold a vote on the current text.",
            number=vote.version), field="vote")
    if not vote.quorum_met:
        raise DeclarationError(_l("The vote did not reach its quorum."), field="vote")
    if not vote.passed:
        raise DeclarationError(_l("The vote did not carry."), field="vote")


def propose_correction(declaration: Declaration, clause: Clause, user: User, *, language: str, new_text: str,
                       reason: TranslatedText) -> Correction:
    """Propose an editorial correction of an adopted text. It changes nothing until a second person
    approves it."""
    if declaration.status != ADOPTED:
        raise DeclarationError(_l("Corrections are for adopted texts; edit the draft instead."))
    if clause is None or clause.declaration_id != declaration.id:
        raise DeclarationError(_l("Please choose the clause."), field="clause")
    if language not in content_languages(declaration):
        raise DeclarationError(_l("Please choose the language."), field="language")
    if not reason:
        raise DeclarationError(_l("Please give the reason for the correction."), field="reason")
    new_text = (new_text or "").strip()
    if not new_text:
        raise DeclarationError(_l("An adopted clause cannot be emptied by a correction."), field="new_text")
    old = clause.text.get(language, "")
    if old == new_text:
        raise DeclarationError(_l("The corrected text is the same as the current text."), field="new_text")
    row = Correction(declaration_id=declaration.id, clause_id=clause.id, clause_number=clause.position + 1,
                     language=language, old_text=old, new_text=new_text, reason=reason, author_id=user.id,
                     author_name=user.name, status=C_PROPOSED)
    db.session.add(row)
    db.session.flush()
    return row


def _proposed(correction: Correction, user: User) -> Clause:
    if correction.status != C_PROPOSED:
        raise DeclarationError(_l("This correction was already decided."))
    if correction.author_id == user.id:
        raise DeclarationError(_l("A correction needs a second person: someone else must approve it."))
    clause = db.session.get(Clause, correction.clause_id) if correction.clause_id else None
    if clause is None:
        raise DeclarationError(_l("The clause of this correction is no longer in the text."))
    return clause


def approve_correction(correction: Correction, user: User) -> None:
    """The second person approves: the text changes, a version is kept, and every other language of
    the clause needs review."""
    clause = _proposed(correction, user)
    declaration = db.session.get(Declaration, correction.declaration_id)
    if clause.text.get(correction.language, "") != correction.old_text:
        raise DeclarationError(_l(
            "The clause changed since this correction was proposed. Reject it and propose it again on the current "
            "text."))
    status = dict(clause.translation or {})
    clause.text = clause.text.replace(**{correction.language: correction.new_text})
    status[correction.language] = T_REVIEWED
    for lang in content_languages(declaration):
        if lang != correction.language and lang in clause.text:
            status[lang] = T_OUTDATED
    clause.translation = status
    correction.status = C_APPROVED
    correction.approved_by_id, correction.approved_by_name = user.id, user.name
    correction.decided_at = utcnow()
    correction.version = _save(declaration, user, "correction").number


def reject_correction(correction: Correction, user: User) -> None:
    _proposed(correction, user)
    correction.status = C_REJECTED
    correction.approved_by_id, correction.approved_by_name = user.id, user.name
    correction.decided_at = utcnow()
    db.session.flush()


def review_translation(declaration: Declaration, clause: Clause, language: str, user: User) -> None:
    """After adoption, mark one language of a clause reviewed again (once checked against the other)."""
    if clause.declaration_id != declaration.id or language not in (clause.text or {}):
        raise DeclarationError(_l("Please choose the clause."), field="clause")
    if clause.status_for(language) == T_REVIEWED:
        raise DeclarationError(_l("This language of the clause is already reviewed."))
    clause.translation = {**(clause.translation or {}), language: T_REVIEWED}
    _save(declaration, user, "translation_reviewed")

