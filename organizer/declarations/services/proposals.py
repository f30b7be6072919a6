"""Proposals: submitted by delegations and constituency groups, decided by the committee; every
proposer is told of the decision by email, in their language."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ...accounts.models import User
from ...database import utcnow
from ...delegations.models import Delegation
from ...extensions import db
from ...i18n.translated import TranslatedText
from ...mail.services import queue_mail
from ..models import (
    ACCEPTED,
    ADD,
    ADOPTED,
    CHANGE,
    CLOSED,
    DECLINED,
    MERGED,
    PENDING,
    REMOVE,
    WITHDRAWN,
    Clause,
    ConstituencyGroup,
    Declaration,
    Proposal,
)
from ..queries import committee_of
from ..queries import content_languages
from ._base import DeclarationError, _check_draft, _save
from .drafting import add_clause, edit_clause, remove_clause


def submit_proposal(declaration: Declaration, user: User, *, action: str, on_behalf, clause: Clause | None,
                    kind: str | None, text: TranslatedText | None, reason: TranslatedText,
                    original_language: str | None = None) -> Proposal:
    if declaration.status == ADOPTED:
        raise DeclarationError(_l("This declaration is adopted: it no longer takes proposals."))
    if action in (CHANGE, REMOVE) and clause is None:
        raise DeclarationError(_l("Please choose the clause."), field="clause")
    if action in (ADD, CHANGE) and not text:
        raise DeclarationError(_l("Please write the text you propose, in at least one language."), field="text")
    if action == CHANGE and clause is not None and all(clause.text.get(k) == v for k, v in text.items()):
        raise DeclarationError(_l("The text you propose is the clause's current text."), field="text")
    proposal = Proposal(
        declaration_id=declaration.id, action=action, clause_id=clause.id if clause else None,
        kind=kind if action == ADD else (clause.kind if clause else None),
        text=text if action != REMOVE else None, reason=reason,
        original_language=_written_in(text, original_language, declaration) if action != REMOVE else None,
        delegation_id=on_behalf.id if isinstance(on_behalf, Delegation) else None,
        group_id=on_behalf.id if isinstance(on_behalf, ConstituencyGroup) else None,
        proposer_id=user.id, proposer_name=user.name, status=PENDING)
    if clause is not None:
        proposal.target_number = clause.position + 1
        proposal.target_text = clause.text
    db.session.add(proposal)
    db.session.flush()
    from ..labels import ACTION_LABELS

    for member in committee_of(declaration):
        if member.id == user.id:
            continue
        lang = member.preferred_language
        queue_mail(member.email, lang, "declarations_proposal_received", user=member, proposal=proposal,
                   declaration=declaration, action_label=ACTION_LABELS[action],
                   url=url_for("declarations.proposal", slug=declaration.slug, proposal_id=proposal.id,
                               lang_code=lang, _external=True))
    return proposal


def _decide(proposal: Proposal, user: User, status: str, reason: TranslatedText | None, version: int | None,
            result_clause: Clause | None) -> None:
    proposal.status = status
    proposal.decision_reason = reason or None
    proposal.decided_by_id = user.id
    proposal.decided_at = utcnow()
    proposal.result_version = version
    proposal.result_clause_id = result_clause.id if result_clause is not None else None
    db.session.flush()
    _notify_proposer(proposal)


def _pending(proposal: Proposal) -> None:
    if proposal.status != PENDING:
        raise DeclarationError(_l("This proposal was already decided."))


def accept_proposal(proposal: Proposal, user: User, *, text: TranslatedText | None, kind: str | None,
                    reason: TranslatedText | None, reviewed=()) -> None:
    """Merge the proposal into the draft, as proposed or as the committee edited it."""
    declaration = db.session.get(Declaration, proposal.declaration_id)
    _check_draft(declaration)
    _pending(proposal)
    clause = db.session.get(Clause, proposal.clause_id) if proposal.clause_id else None
    if proposal.action == ADD:
        result = add_clause(declaration, user, kind=kind or proposal.kind or "demand", text=text or proposal.text,
                            original_language=proposal.original_language or _written_in(proposal.text, None, declaration),
                            reviewed=reviewed,
                            after=clause, event="proposal_accepted")
    elif proposal.action == CHANGE:
        if clause is None:
            raise DeclarationError(_l("The clause this proposal changes is no longer in the draft: decline it or merge it into another clause."))
        final = text or proposal.text
        # Languages the proposal left empty keep the clause's current text (and become out of date).
        merged = clause.text.merged(final)
        # A change proposed in one language only was written in that language.
        written = proposal.original_language if len(proposal.text or {}) == 1 else clause.original_language
        if not edit_clause(clause, user, kind=kind or clause.kind, text=merged,
                           original_language=written or clause.original_language, reviewed=reviewed,
                           event="proposal_accepted"):
            _save(declaration, user, "proposal_accepted")
        result = clause
    else:
        if clause is None:
            raise DeclarationError(_l("The clause this proposal removes is no longer in the draft."))
        remove_clause(clause, user, event="proposal_accepted")
        result = None
    _decide(proposal, user, ACCEPTED, reason, declaration.version_number, result)


def merge_proposals(declaration: Declaration, proposals: list[Proposal], user: User, *, into: Clause | None,
                    kind: str, text: TranslatedText, reason: TranslatedText | None, original_language: str,
                    reviewed=()) -> Clause:
    """Several proposals reconciled into one clause (an existing one, or a new one at the end)."""
    _check_draft(declaration)
    if len(proposals) < 2:
        raise DeclarationError(_l("Choose at least two proposals to merge."), field="proposals")
    for proposal in proposals:
        _pending(proposal)
        if proposal.declaration_id != declaration.id:
            raise DeclarationError(_l("Choose at least two proposals to merge."), field="proposals")
    if into is not None:
        if not edit_clause(into, user, kind=kind, text=text, original_language=original_language,
                           reviewed=reviewed, event="proposals_merged"):
            _save(declaration, user, "proposals_merged")
        clause = into
    else:
        after = next((db.session.get(Clause, p.clause_id) for p in proposals if p.action == ADD and p.clause_id), None)
        clause = add_clause(declaration, user, kind=kind, text=text, original_language=original_language,
                            reviewed=reviewed, after=after, event="proposals_merged")
    for proposal in proposals:
        _decide(proposal, user, MERGED, reason, declaration.version_number, clause)
    return clause


def decline_proposal(proposal: Proposal, user: User, reason: TranslatedText) -> None:
    _pending(proposal)
    if not reason:
        raise DeclarationError(_l("Please tell the proposer why, in at least one language."), field="reason")
    _decide(proposal, user, DECLINED, reason, None, None)


def close_proposal(proposal: Proposal, user: User, reason: TranslatedText) -> None:
    """Close an undecided proposal without changing the text (before adoption), with a reason the
    proposer is told in their language."""
    declaration = db.session.get(Declaration, proposal.declaration_id)
    _check_draft(declaration)
    _pending(proposal)
    if not reason:
        raise DeclarationError(_l("Please tell the proposer why, in at least one language."), field="reason")
    _decide(proposal, user, CLOSED, reason, None, None)


def withdraw_proposal(proposal: Proposal) -> None:
    _pending(proposal)
    proposal.status = WITHDRAWN
    db.session.flush()


def _written_in(text: TranslatedText | None, preferred: str | None = None, declaration=None) -> str:
    """The language a text was written in: the only one given, else the one its author wrote in
    (any configured language, the convening's working languages first)."""
    langs = content_languages(declaration)
    present = [lang for lang in langs if text and lang in text]
    if len(present) == 1:
        return present[0]
    if preferred in langs and (not present or preferred in present):
        return preferred
    return present[0] if present else langs[0]


def _notify_proposer(proposal: Proposal) -> None:
    proposer = db.session.get(User, proposal.proposer_id) if proposal.proposer_id else None
    if proposer is None:
        return
    declaration = db.session.get(Declaration, proposal.declaration_id)
    lang = proposer.preferred_language
    from ..labels import ACTION_LABELS, PROPOSAL_STATUS_LABELS

    queue_mail(proposer.email, lang, "declarations_proposal_decided", user=proposer, proposal=proposal,
               declaration=declaration, action_label=ACTION_LABELS[proposal.action],
               status_label=PROPOSAL_STATUS_LABELS[proposal.status],
               url=url_for("declarations.proposals", slug=declaration.slug, lang_code=lang, _external=True))

