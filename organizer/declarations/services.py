"""Business rules of declarations. Services flush; the view commits once.

Every change to a declaration's text goes through ``_save`` (which writes a version of the whole
text), and every text-changing service refuses an adopted declaration except ``correct``.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import date

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..database import utcnow
from ..delegations.models import Delegation
from ..extensions import db
from ..i18n.collation import collation_key
from ..i18n.translated import TranslatedText
from ..mail.services import queue_mail
from ..organizations.models import Organization
from ..platform import slugs
from ..platform.errors import DomainError
from .models import (ACCEPTED, ADD, ADOPTED, BLOCK, CHANGE, CONSENSUS, DECLINED, DRAFT, MERGED, PENDING,
                     PLENARY, REMOVE, SIG_PENDING, SIG_REJECTED, SIG_VERIFIED, SIG_WITHDRAWN, T_DRAFT,
                     T_MISSING, T_OUTDATED, T_REVIEWED, VOTE, WITHDRAWN, Clause, CommitteeMember,
                     ConsensusPosition, ConstituencyGroup, ConstituencyMember, Correction, Declaration,
                     DeclarationVersion, Proposal, Signatory)
from .permissions import ACTIVE_DELEGATION_STATES


class DeclarationError(DomainError):
    """A rule refused the action; ``message`` is translated, ``field`` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def languages() -> list[str]:
    """The languages a declaration's clauses are written and reviewed in: the working languages
    (English and Spanish unless the site says otherwise; per convening is issue 17, item 3)."""
    return list(current_app.config.get("WORKING_LANGUAGES") or current_app.config["LANGUAGES"])


# --- slugs -------------------------------------------------------------------------------------

def slugify(text: str, max_length: int = 80) -> str:
    return slugs.slugify(text, max_length, fallback="declaration")


def unique_slug(model, base: str) -> str:
    return slugs.unique_slug(model.slug, base, max_length=max(len(base), 1), fallback=base or "declaration")


# --- reading -----------------------------------------------------------------------------------

def get_by_slug(slug: str) -> Declaration | None:
    return db.session.scalar(db.select(Declaration).where(Declaration.slug == slug))


def clauses_of(declaration: Declaration) -> list[Clause]:
    return list(db.session.scalars(
        db.select(Clause).where(Clause.declaration_id == declaration.id).order_by(Clause.position, Clause.id)))


def committee_of(declaration: Declaration) -> list[User]:
    return sorted(db.session.scalars(
        db.select(User).join(CommitteeMember, CommitteeMember.user_id == User.id)
        .where(CommitteeMember.declaration_id == declaration.id)), key=lambda u: collation_key(u.name))


def declarations_of(convening_id: int, public_only: bool = False) -> list[Declaration]:
    query = db.select(Declaration).where(Declaration.convening_id == convening_id)
    if public_only:
        query = query.where(Declaration.status == ADOPTED)
    return list(db.session.scalars(query.order_by(Declaration.position, Declaration.id)))


def sources_of(declaration: Declaration) -> list:
    from ..convenings.models import Source

    if not declaration.sources:
        return []
    rows = {s.file: s for s in db.session.scalars(db.select(Source).where(Source.file.in_(declaration.sources)))}
    return [rows[f] for f in declaration.sources if f in rows]


def active_delegations(convening_id: int) -> list[Delegation]:
    return list(db.session.scalars(
        db.select(Delegation).where(Delegation.convening_id == convening_id,
                                    Delegation.status.in_(ACTIVE_DELEGATION_STATES)).order_by(Delegation.id)))


def translation_summary(clauses: list[Clause]) -> dict:
    """How many clauses need translation work, per language and overall."""
    langs = languages()
    needing = [c for c in clauses if c.needs_work(langs)]
    missing = [c for c in clauses if c.missing(langs)]
    return {"needing": needing, "missing": missing,
            "per_language": {lang: sum(1 for c in clauses if c.status_for(lang) != T_REVIEWED) for lang in langs}}


# --- versions ----------------------------------------------------------------------------------

def snapshot_of(declaration: Declaration, clauses: list[Clause] | None = None) -> dict:
    clauses = clauses_of(declaration) if clauses is None else clauses
    return {
        "title": declaration.title.to_dict() if declaration.title else {},
        "clauses": [{"id": c.id, "kind": c.kind, "original_language": c.original_language,
                     "text": c.text.to_dict() if c.text else {}, "translation": dict(c.translation or {})}
                    for c in clauses],
    }


def _save(declaration: Declaration, user: User | None, event: str) -> DeclarationVersion:
    """Keep a version of the whole text as it now stands."""
    db.session.flush()
    declaration.version_number = (declaration.version_number or 0) + 1
    version = DeclarationVersion(
        declaration_id=declaration.id, number=declaration.version_number, event=event,
        author_id=user.id if user is not None else None, author_name=user.name if user is not None else None,
        snapshot=snapshot_of(declaration))
    db.session.add(version)
    declaration.updated_at = utcnow()
    db.session.flush()
    return version


def versions_of(declaration: Declaration) -> list[DeclarationVersion]:
    return list(db.session.scalars(
        db.select(DeclarationVersion).where(DeclarationVersion.declaration_id == declaration.id)
        .order_by(DeclarationVersion.number.desc())))


def get_version(declaration: Declaration, number: int) -> DeclarationVersion | None:
    return db.session.scalar(db.select(DeclarationVersion).where(
        DeclarationVersion.declaration_id == declaration.id, DeclarationVersion.number == number))


def _check_draft(declaration: Declaration) -> None:
    if declaration.status == ADOPTED:
        raise DeclarationError(_l("This declaration is adopted: its text can only change by an editorial correction."))


def _check_base(declaration: Declaration, base_version: int | None) -> None:
    """Refuse a save made from an older version than the current one: never overwrite unseen work."""
    if base_version is not None and base_version != declaration.version_number:
        raise DeclarationError(_l(
            "Someone saved a newer version while you were editing. Your text is kept below; compare it "
            "with the current text and save again."), field="base_version")


# --- drafting ----------------------------------------------------------------------------------

def create_declaration(convening, title: TranslatedText, user: User) -> Declaration:
    position = db.session.scalar(db.select(db.func.count()).select_from(Declaration)
                                 .where(Declaration.convening_id == convening.id)) or 0
    base = slugify(f"{convening.slug}-{title.get('en') or title.get('es') or ''}")
    declaration = Declaration(convening_id=convening.id, slug=unique_slug(Declaration, base), title=title,
                              status=DRAFT, position=position)
    db.session.add(declaration)
    db.session.flush()
    _save(declaration, user, "created")
    return declaration


def set_title(declaration: Declaration, title: TranslatedText, user: User, base_version: int | None = None) -> None:
    _check_draft(declaration)
    _check_base(declaration, base_version)
    if title == declaration.title:
        return
    declaration.title = title
    _save(declaration, user, "title_edited")


def apply_text(clause: Clause, new_text: TranslatedText, reviewed=()) -> None:
    """Set a clause's text and work out each language's translation status: a changed language is a
    draft; a reviewed language whose counterpart changed is out of date; an empty one is missing;
    the languages the committee marked reviewed are reviewed."""
    langs = languages()
    old_text = clause.text or TranslatedText()
    status = dict(clause.translation or {})
    changed = [lang for lang in langs if old_text.get(lang) != new_text.get(lang)]
    for lang in langs:
        if lang not in new_text:
            status[lang] = T_MISSING
        elif lang in changed:
            status[lang] = T_DRAFT
        elif status.get(lang) == T_REVIEWED and any(o != lang and o in new_text for o in changed):
            status[lang] = T_OUTDATED
        elif status.get(lang) in (None, T_MISSING):
            status[lang] = T_DRAFT
    for lang in reviewed:
        if lang in new_text:
            status[lang] = T_REVIEWED
    clause.text = new_text
    clause.translation = status


def _renumber(clauses: list[Clause]) -> None:
    for n, clause in enumerate(clauses):
        clause.position = n


def _insert(declaration: Declaration, clause: Clause, after: Clause | None) -> None:
    clauses = clauses_of(declaration)
    index = len(clauses) if after is None else next((i + 1 for i, c in enumerate(clauses) if c.id == after.id), len(clauses))
    clauses.insert(index, clause)
    clause.declaration_id = declaration.id
    db.session.add(clause)
    _renumber(clauses)


def add_clause(declaration: Declaration, user: User, *, kind: str, text: TranslatedText, original_language: str,
               reviewed=(), after: Clause | None = None, base_version: int | None = None,
               event: str = "clause_added") -> Clause:
    _check_draft(declaration)
    _check_base(declaration, base_version)
    if not text:
        raise DeclarationError(_l("Please write the clause in at least one language."), field="text")
    clause = Clause(kind=kind, original_language=original_language, translation={})
    apply_text(clause, text, reviewed)
    _insert(declaration, clause, after)
    _save(declaration, user, event)
    return clause


def edit_clause(clause: Clause, user: User, *, kind: str, text: TranslatedText, original_language: str,
                reviewed=(), base_version: int | None = None, event: str = "clause_edited") -> bool:
    declaration = db.session.get(Declaration, clause.declaration_id)
    _check_draft(declaration)
    _check_base(declaration, base_version)
    if not text:
        raise DeclarationError(_l("Please write the clause in at least one language."), field="text")
    before = (clause.kind, clause.original_language, clause.text, dict(clause.translation or {}))
    clause.kind = kind
    clause.original_language = original_language
    apply_text(clause, text, reviewed)
    if (clause.kind, clause.original_language, clause.text, dict(clause.translation)) == before:
        return False
    _save(declaration, user, event)
    return True


def move_clause(clause: Clause, user: User, direction: int) -> None:
    declaration = db.session.get(Declaration, clause.declaration_id)
    _check_draft(declaration)
    clauses = clauses_of(declaration)
    index = next(i for i, c in enumerate(clauses) if c.id == clause.id)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(clauses):
        return
    clauses[index], clauses[target] = clauses[target], clauses[index]
    _renumber(clauses)
    _save(declaration, user, "clause_moved")


def remove_clause(clause: Clause, user: User, event: str = "clause_removed") -> None:
    declaration = db.session.get(Declaration, clause.declaration_id)
    _check_draft(declaration)
    db.session.delete(clause)
    db.session.flush()
    _renumber(clauses_of(declaration))
    _save(declaration, user, event)


def set_committee(declaration: Declaration, add_user: User | None = None, remove_user_id: int | None = None,
                  by: User | None = None) -> None:
    if add_user is not None:
        exists = db.session.get(CommitteeMember, (declaration.id, add_user.id))
        if exists is None:
            db.session.add(CommitteeMember(declaration_id=declaration.id, user_id=add_user.id,
                                           named_by_id=by.id if by else None))
    if remove_user_id is not None:
        row = db.session.get(CommitteeMember, (declaration.id, remove_user_id))
        if row is not None:
            db.session.delete(row)
    db.session.flush()


def set_status(declaration: Declaration, status: str) -> None:
    """Draft <-> in plenary. Adoption has its own service."""
    _check_draft(declaration)
    if status not in (DRAFT, PLENARY):
        raise DeclarationError(_l("Unknown state."))
    declaration.status = status
    db.session.flush()


# --- constituency groups -----------------------------------------------------------------------

def groups_of(convening_id: int) -> list[ConstituencyGroup]:
    return list(db.session.scalars(db.select(ConstituencyGroup).where(ConstituencyGroup.convening_id == convening_id)
                                   .order_by(ConstituencyGroup.key)))


def group_members(group_ids: list[int]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {gid: [] for gid in group_ids}
    if not group_ids:
        return out
    rows = db.session.execute(
        db.select(ConstituencyMember.group_id, User).join(User, User.id == ConstituencyMember.user_id)
        .where(ConstituencyMember.group_id.in_(group_ids)).order_by(User.name))
    for gid, user in rows:
        out[gid].append(user)
    return out


def create_group(convening, name: TranslatedText, key: str | None = None) -> ConstituencyGroup:
    base = slugify(key or name.get("en") or name.get("es") or "group", 60)
    key, n = base, 2
    while db.session.scalar(db.select(db.func.count()).select_from(ConstituencyGroup).where(
            ConstituencyGroup.convening_id == convening.id, ConstituencyGroup.key == key)):
        key = f"{base}-{n}"
        n += 1
    group = ConstituencyGroup(convening_id=convening.id, key=key, name=name)
    db.session.add(group)
    db.session.flush()
    return group


def add_group_member(group: ConstituencyGroup, user: User) -> None:
    if db.session.get(ConstituencyMember, (group.id, user.id)) is None:
        db.session.add(ConstituencyMember(group_id=group.id, user_id=user.id))
        db.session.flush()


def remove_group_member(group: ConstituencyGroup, user_id: int) -> None:
    row = db.session.get(ConstituencyMember, (group.id, user_id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


# --- proposals ---------------------------------------------------------------------------------

def submit_proposal(declaration: Declaration, user: User, *, action: str, on_behalf, clause: Clause | None,
                    kind: str | None, text: TranslatedText | None, reason: TranslatedText) -> Proposal:
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
        delegation_id=on_behalf.id if isinstance(on_behalf, Delegation) else None,
        group_id=on_behalf.id if isinstance(on_behalf, ConstituencyGroup) else None,
        proposer_id=user.id, proposer_name=user.name, status=PENDING)
    if clause is not None:
        proposal.target_number = clause.position + 1
        proposal.target_text = clause.text
    db.session.add(proposal)
    db.session.flush()
    from .labels import ACTION_LABELS

    for member in committee_of(declaration):
        if member.id == user.id:
            continue
        lang = member.preferred_language
        queue_mail(member.email, lang, "declarations_proposal_received", user=member, proposal=proposal,
                   declaration=declaration, action_label=ACTION_LABELS[action],
                   url=url_for("declarations.proposal", slug=declaration.slug, proposal_id=proposal.id,
                               lang_code=lang, _external=True))
    return proposal


def proposals_of(declaration: Declaration, proposer_id: int | None = None, status: str | None = None) -> list[Proposal]:
    query = (db.select(Proposal).where(Proposal.declaration_id == declaration.id)
             .options(selectinload(Proposal.delegation), selectinload(Proposal.group))
             .order_by(Proposal.created_at.desc(), Proposal.id.desc()))
    if proposer_id is not None:
        query = query.where(Proposal.proposer_id == proposer_id)
    if status is not None:
        query = query.where(Proposal.status == status)
    return list(db.session.scalars(query))


def shaping_proposals(declaration: Declaration) -> dict[int, list[Proposal]]:
    """For each clause id, the accepted or merged proposals that shaped it (one query)."""
    out: dict[int, list[Proposal]] = {}
    rows = db.session.scalars(
        db.select(Proposal).where(Proposal.declaration_id == declaration.id,
                                  Proposal.status.in_((ACCEPTED, MERGED)), Proposal.result_clause_id.is_not(None))
        .options(selectinload(Proposal.delegation), selectinload(Proposal.group))
        .order_by(Proposal.decided_at, Proposal.id))
    for proposal in rows:
        out.setdefault(proposal.result_clause_id, []).append(proposal)
    return out


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
                            original_language=_written_in(text or proposal.text), reviewed=reviewed,
                            after=clause, event="proposal_accepted")
    elif proposal.action == CHANGE:
        if clause is None:
            raise DeclarationError(_l("The clause this proposal changes is no longer in the draft: decline it or merge it into another clause."))
        final = text or proposal.text
        # Languages the proposal left empty keep the clause's current text (and become out of date).
        merged = TranslatedText({**clause.text.to_dict(), **final.to_dict()})
        if not edit_clause(clause, user, kind=kind or clause.kind, text=merged,
                           original_language=clause.original_language, reviewed=reviewed, event="proposal_accepted"):
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


def withdraw_proposal(proposal: Proposal) -> None:
    _pending(proposal)
    proposal.status = WITHDRAWN
    db.session.flush()


def _written_in(text: TranslatedText | None) -> str:
    langs = languages()
    present = [lang for lang in langs if text and lang in text]
    return present[0] if len(present) == 1 else (present[0] if present else langs[0])


def _notify_proposer(proposal: Proposal) -> None:
    proposer = db.session.get(User, proposal.proposer_id) if proposal.proposer_id else None
    if proposer is None:
        return
    declaration = db.session.get(Declaration, proposal.declaration_id)
    lang = proposer.preferred_language
    from .labels import ACTION_LABELS, PROPOSAL_STATUS_LABELS

    queue_mail(proposer.email, lang, "declarations_proposal_decided", user=proposer, proposal=proposal,
               declaration=declaration, action_label=ACTION_LABELS[proposal.action],
               status_label=PROPOSAL_STATUS_LABELS[proposal.status],
               url=url_for("declarations.proposals", slug=declaration.slug, lang_code=lang, _external=True))


# --- adoption ----------------------------------------------------------------------------------

def positions_of(declaration: Declaration) -> dict[int, ConsensusPosition]:
    return {p.delegation_id: p for p in db.session.scalars(
        db.select(ConsensusPosition).where(ConsensusPosition.declaration_id == declaration.id))}


def consensus_record(declaration: Declaration) -> list[tuple[Delegation, ConsensusPosition]]:
    """The plenary's record of an adoption by consensus: each delegation and its position (two queries)."""
    positions = positions_of(declaration)
    if not positions:
        return []
    delegations = db.session.scalars(db.select(Delegation).where(Delegation.id.in_(list(positions)))
                                     .order_by(Delegation.id))
    return [(d, positions[d.id]) for d in delegations]


def record_position(declaration: Declaration, delegation: Delegation, position: str, note: TranslatedText | None,
                    user: User) -> ConsensusPosition:
    _check_draft(declaration)
    if delegation.convening_id != declaration.convening_id or delegation.status not in ACTIVE_DELEGATION_STATES:
        raise DeclarationError(_l("This delegation does not take part in this convening's plenary."))
    row = db.session.scalar(db.select(ConsensusPosition).where(
        ConsensusPosition.declaration_id == declaration.id, ConsensusPosition.delegation_id == delegation.id))
    if row is None:
        row = ConsensusPosition(declaration_id=declaration.id, delegation_id=delegation.id)
        db.session.add(row)
    if row.position != position:
        row.resolution = None
        row.resolved_at = None
    row.position = position
    row.version = declaration.version_number
    row.note = note or None
    row.recorded_by_id = user.id
    row.recorded_at = utcnow()
    db.session.flush()
    return row


def resolve_block(row: ConsensusPosition, resolution: TranslatedText, user: User) -> None:
    if row.position != BLOCK:
        raise DeclarationError(_l("Only a block needs a resolution."))
    if not resolution:
        raise DeclarationError(_l("Please record how the block was resolved."), field="resolution")
    row.resolution = resolution
    row.resolved_at = utcnow()
    row.recorded_by_id = user.id
    db.session.flush()


def adopt(declaration: Declaration, user: User, *, method: str, adopted_on: date,
          votes_for: int | None = None, votes_against: int | None = None, votes_abstain: int | None = None) -> None:
    """Freeze the text as the plenary adopted it, with the date and the method."""
    _check_draft(declaration)
    clauses = clauses_of(declaration)
    if not clauses:
        raise DeclarationError(_l("A declaration without clauses cannot be adopted."))
    if method == CONSENSUS:
        positions = list(positions_of(declaration).values())
        if any(p.is_open_block for p in positions):
            raise DeclarationError(_l("A delegation blocks consensus. Record how the block was resolved before adopting."))
        if not positions:
            raise DeclarationError(_l("Record the delegations' positions first: none is recorded yet."))
        if any(p.version != declaration.version_number for p in positions):
            raise DeclarationError(_l(
                "The text changed after some positions were recorded. Record each delegation's position on the "
                "current text (version %(number)s) before adopting.", number=declaration.version_number))
        declaration.votes_for = declaration.votes_against = declaration.votes_abstain = None
    elif method == VOTE:
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


def correct(declaration: Declaration, clause: Clause, user: User, *, language: str, new_text: str,
            reason: TranslatedText) -> Correction:
    """An editorial correction of an adopted text, logged with its reason (and versioned)."""
    if declaration.status != ADOPTED:
        raise DeclarationError(_l("Corrections are for adopted texts; edit the draft instead."))
    if clause.declaration_id != declaration.id:
        raise DeclarationError(_l("Please choose the clause."), field="clause")
    if not reason:
        raise DeclarationError(_l("Please give the reason for the correction."), field="reason")
    new_text = (new_text or "").strip()
    if not new_text:
        raise DeclarationError(_l("An adopted clause cannot be emptied by a correction."), field="new_text")
    old = clause.text.get(language, "")
    if old == new_text:
        raise DeclarationError(_l("The corrected text is the same as the current text."), field="new_text")
    number = clause.position + 1
    apply_text(clause, clause.text.replace(**{language: new_text}), reviewed=(language,))
    version = _save(declaration, user, "correction")
    row = Correction(declaration_id=declaration.id, clause_id=clause.id, clause_number=number, language=language,
                     old_text=old, new_text=new_text, reason=reason, author_id=user.id, author_name=user.name,
                     version=version.number)
    db.session.add(row)
    db.session.flush()
    return row


def corrections_of(declaration: Declaration) -> list[Correction]:
    return list(db.session.scalars(db.select(Correction).where(Correction.declaration_id == declaration.id)
                                   .order_by(Correction.created_at, Correction.id)))


# --- sign-on -----------------------------------------------------------------------------------

MAX_PENDING_PER_CONTACT = 5


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_on(declaration: Declaration, *, organization: Organization | None, new_name: str | None, country: str,
            sector: str | None, authorized_by: str, authorizer_title: str | None, contact_email: str,
            contact_language: str, user: User | None) -> tuple[Signatory, str]:
    if declaration.status != ADOPTED:
        raise DeclarationError(_l("Organizations sign on once the declaration is adopted."))
    # Each sign-on emails its contact: one address cannot be made to receive a stream of them.
    pending_for_contact = db.session.scalar(db.select(db.func.count()).select_from(Signatory).where(
        Signatory.declaration_id == declaration.id, Signatory.status == SIG_PENDING,
        db.func.lower(Signatory.contact_email) == contact_email.strip().lower()))
    if pending_for_contact >= MAX_PENDING_PER_CONTACT:
        raise DeclarationError(_l(
            "This contact already has several signatures awaiting verification. Please wait for the organizers."),
            field="contact_email")
    if organization is None:
        name = (new_name or "").strip()
        if not name:
            raise DeclarationError(_l("Choose your organization or give its name."), field="new_organization")
        organization = Organization(
            slug=unique_slug(Organization, slugify(name)), name=TranslatedText(en=name, es=name),
            country=country, kind="other", verified=False)
        if sector:
            organization.set_sectors([sector])
        organization.refresh_search_text()
        db.session.add(organization)
        db.session.flush()
    existing = db.session.scalar(db.select(Signatory).where(
        Signatory.declaration_id == declaration.id, Signatory.organization_id == organization.id,
        Signatory.status.in_((SIG_PENDING, SIG_VERIFIED))))
    if existing is not None:
        raise DeclarationError(_l("This organization has already signed on (or its signature awaits verification)."),
                               field="organization")
    token = secrets.token_urlsafe(32)
    signatory = Signatory(
        declaration_id=declaration.id, organization_id=organization.id, country=country, sector=sector or None,
        authorized_by=authorized_by.strip(), authorizer_title=(authorizer_title or "").strip() or None,
        contact_email=contact_email.strip().lower(), contact_language=contact_language,
        user_id=user.id if user is not None else None, status=SIG_PENDING, withdraw_token_hash=_hash(token))
    db.session.add(signatory)
    db.session.flush()
    from ..convenings.models import ConveningOrganizer

    organizers = db.session.scalars(db.select(User).join(ConveningOrganizer, ConveningOrganizer.user_id == User.id)
                                    .where(ConveningOrganizer.convening_id == declaration.convening_id))
    for organizer in organizers:
        lang = organizer.preferred_language
        queue_mail(organizer.email, lang, "declarations_signon_to_verify", user=organizer, organization=organization,
                   declaration=declaration, country=signatory.country,
                   url=url_for("declarations.signatories_review", slug=declaration.slug, lang_code=lang,
                               _external=True))
    queue_mail(signatory.contact_email, contact_language, "declarations_signon_received",
               signatory=signatory, organization=organization, declaration=declaration,
               withdraw_url=url_for("declarations.withdraw_by_token", slug=declaration.slug, token=token,
                                    lang_code=contact_language, _external=True),
               url=url_for("declarations.show", slug=declaration.slug, lang_code=contact_language, _external=True))
    return signatory, token


def signatory_for_token(declaration: Declaration, token: str) -> Signatory | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalar(db.select(Signatory).where(
        Signatory.declaration_id == declaration.id, Signatory.withdraw_token_hash == _hash(token)))


def verify_signatory(signatory: Signatory, user: User) -> None:
    if signatory.status != SIG_PENDING:
        raise DeclarationError(_l("This signature is not awaiting verification."))
    signatory.status = SIG_VERIFIED
    signatory.verified_at = utcnow()
    signatory.verified_by_id = user.id
    organization = db.session.get(Organization, signatory.organization_id)
    organization.verified = True
    db.session.flush()
    declaration = db.session.get(Declaration, signatory.declaration_id)
    lang = signatory.contact_language
    queue_mail(signatory.contact_email, lang, "declarations_signon_verified", signatory=signatory,
               organization=organization, declaration=declaration,
               url=url_for("declarations.show", slug=declaration.slug, lang_code=lang, _external=True))


def reject_signatory(signatory: Signatory, user: User) -> None:
    if signatory.status != SIG_PENDING:
        raise DeclarationError(_l("This signature is not awaiting verification."))
    signatory.status = SIG_REJECTED
    signatory.verified_by_id = user.id
    db.session.flush()


def withdraw_signatory(signatory: Signatory) -> None:
    if signatory.status not in (SIG_PENDING, SIG_VERIFIED):
        raise DeclarationError(_l("This signature was already withdrawn."))
    signatory.status = SIG_WITHDRAWN
    signatory.withdrawn_at = utcnow()
    db.session.flush()


def signatories_of(declaration: Declaration, status: str | None = SIG_VERIFIED) -> list[Signatory]:
    query = (db.select(Signatory).where(Signatory.declaration_id == declaration.id)
             .options(selectinload(Signatory.organization)).order_by(Signatory.country, Signatory.created_at))
    if status is not None:
        query = query.where(Signatory.status == status)
    return list(db.session.scalars(query))


def by_country(signatories: list[Signatory]) -> list[tuple[str, list[Signatory]]]:
    """Signatories grouped by country, the countries with most signatories first."""
    groups: dict[str, list[Signatory]] = {}
    for s in signatories:
        groups.setdefault(s.country, []).append(s)
    for rows in groups.values():
        rows.sort(key=lambda s: collation_key(s.organization.name))
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def my_signatures(declaration: Declaration, user) -> list[Signatory]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        db.select(Signatory).where(Signatory.declaration_id == declaration.id, Signatory.user_id == user.id,
                                   Signatory.status.in_((SIG_PENDING, SIG_VERIFIED)))
        .options(selectinload(Signatory.organization))))
