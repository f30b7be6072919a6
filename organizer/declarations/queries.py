"""Reads of the declarations domain: what each page needs, in a fixed number of statements
(tests/declarations/test_queries.py checks 3 rows against 300). Nothing here changes a row."""
from __future__ import annotations

import hashlib

from flask import current_app
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..convenings.models import Convening, working_languages_of
from ..delegations.models import Delegation
from ..extensions import db
from ..i18n.collation import collation_key
from ..organizations.models import Organization
from .models import (
    ACCEPTED,
    ADOPTED,
    C_APPROVED,
    MERGED,
    SIG_PENDING,
    SIG_VERIFIED,
    T_DRAFT,
    T_OUTDATED,
    T_REVIEWED,
    Clause,
    CommitteeMember,
    ConsensusPosition,
    ConstituencyGroup,
    ConstituencyMember,
    Correction,
    Declaration,
    DeclarationVersion,
    Proposal,
    Signatory,
)
from .permissions import ACTIVE_DELEGATION_STATES


def languages(of=None) -> list[str]:
    """The languages a declaration's clauses must have reviewed before adoption: the working
    languages of its convening (``of``: a convening, a declaration, or a row of a declaration: a
    clause, a correction...). Without one: the site's default working languages."""
    if of is None:
        return working_languages_of(None)
    if isinstance(of, Convening):
        return working_languages_of(of)
    if not isinstance(of, Declaration):
        of = db.session.get(Declaration, of.declaration_id)
    return working_languages_of(db.session.get(Convening, of.convening_id))


def content_languages(of=None) -> list[str]:
    """Every language a clause may be written in (the configured ``LANGUAGES``), the working
    languages first: a French text is tracked, reviewed and shown even where French is not one."""
    working = languages(of)
    return working + [lang for lang in current_app.config["LANGUAGES"] if lang not in working]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- loading one row ---------------------------------------------------------------------------

def get_by_slug(slug: str) -> Declaration | None:
    return db.session.scalar(db.select(Declaration).where(Declaration.slug == slug))


def convening_of(declaration: Declaration) -> Convening:
    return db.session.get(Convening, declaration.convening_id)


def convening_by_slug(slug: str) -> Convening | None:
    return db.session.scalar(db.select(Convening).where(Convening.slug == slug))


def row_of(model, row_id, **owner):
    """One row of ``model`` by id, or None when missing or when it does not belong to ``owner``
    (``declaration_id=...``, ``convening_id=...``): an id from another declaration is not found."""
    row = db.session.get(model, row_id) if isinstance(row_id, int) else None
    if row is None or any(getattr(row, key) != value for key, value in owner.items()):
        return None
    return row


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(db.func.lower(User.email) == (email or "").strip().lower()))


def adopted_index():
    """Every adopted declaration of a public convening, newest first, with its count of verified
    signatories (two queries)."""
    from ..convenings.models import PUBLIC_STATUSES

    rows = db.session.execute(
        db.select(Declaration, Convening).join(Convening, Convening.id == Declaration.convening_id)
        .where(Declaration.status == ADOPTED, Convening.status.in_(PUBLIC_STATUSES))
        .order_by(Declaration.adopted_on.desc().nulls_last(), Declaration.id.desc())).all()
    counts = dict(db.session.execute(
        db.select(Signatory.declaration_id, db.func.count()).where(Signatory.status == SIG_VERIFIED)
        .group_by(Signatory.declaration_id)).all())
    return rows, counts


def signing_organizations(kinds) -> list[tuple[int, object]]:
    """Verified organizations of the kinds that sign: (id, name) pairs."""
    return list(db.session.execute(db.select(Organization.id, Organization.name).where(
        Organization.verified.is_(True), Organization.kind.in_(kinds))))


def proposal_parties(proposal: Proposal):
    """The clause a proposal is about, the clause it shaped, its delegation and its group."""
    clause = db.session.get(Clause, proposal.clause_id) if proposal.clause_id else None
    result = db.session.get(Clause, proposal.result_clause_id) if proposal.result_clause_id else None
    delegation = db.session.get(Delegation, proposal.delegation_id) if proposal.delegation_id else None
    group = db.session.get(ConstituencyGroup, proposal.group_id) if proposal.group_id else None
    return clause, result, delegation, group


# --- pages ---------------------------------------------------------------------------------------

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


def translation_summary(clauses: list[Clause], langs: list[str] | None = None) -> dict:
    """How many clauses need translation work, per working language (``langs``) and overall."""
    langs = languages() if langs is None else langs
    needing = [c for c in clauses if c.needs_work(langs)]
    missing = [c for c in clauses if c.missing(langs)]
    return {"needing": needing, "missing": missing,
            "per_language": {lang: sum(1 for c in clauses if c.status_for(lang) != T_REVIEWED) for lang in langs}}


def unreviewed(clauses: list[Clause], langs) -> dict[str, list[int]]:
    """Per language, the numbers of the clauses whose text there is not reviewed: out of date, or a
    translation nobody has checked (the language a clause was written in needs no check of its own
    unless a correction in another language made it out of date). Missing text is reported apart."""
    out: dict[str, list[int]] = {}
    for lang in langs:
        numbers = [n for n, c in enumerate(clauses, 1)
                   if c.status_for(lang) == T_OUTDATED
                   or (c.status_for(lang) == T_DRAFT and lang != c.original_language)]
        if numbers:
            out[lang] = numbers
    return out


def snapshot_of(declaration: Declaration, clauses: list[Clause] | None = None) -> dict:
    clauses = clauses_of(declaration) if clauses is None else clauses
    return {
        "title": declaration.title.to_dict() if declaration.title else {},
        "clauses": [{"id": c.id, "kind": c.kind, "original_language": c.original_language,
                     "text": c.text.to_dict() if c.text else {}, "translation": dict(c.translation or {})}
                    for c in clauses],
    }


def versions_of(declaration: Declaration) -> list[DeclarationVersion]:
    return list(db.session.scalars(
        db.select(DeclarationVersion).where(DeclarationVersion.declaration_id == declaration.id)
        .order_by(DeclarationVersion.number.desc())))


def get_version(declaration: Declaration, number: int) -> DeclarationVersion | None:
    return db.session.scalar(db.select(DeclarationVersion).where(
        DeclarationVersion.declaration_id == declaration.id, DeclarationVersion.number == number))


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


def all_positions(declaration: Declaration) -> list[ConsensusPosition]:
    """Every position given on the declaration: delegations' and constituency groups' (one query)."""
    return list(db.session.scalars(db.select(ConsensusPosition).where(
        ConsensusPosition.declaration_id == declaration.id).order_by(ConsensusPosition.id)))


def positions_of(declaration: Declaration) -> dict[int, ConsensusPosition]:
    """The delegations' positions, by delegation id."""
    return {p.delegation_id: p for p in all_positions(declaration) if p.delegation_id is not None}


def group_positions_of(declaration: Declaration) -> dict[int, ConsensusPosition]:
    return {p.group_id: p for p in all_positions(declaration) if p.group_id is not None}


def consensus_record(declaration: Declaration) -> list[tuple[Delegation, ConsensusPosition]]:
    """The plenary's record of an adoption by consensus: each delegation and its position (two queries)."""
    positions = positions_of(declaration)
    if not positions:
        return []
    delegations = db.session.scalars(db.select(Delegation).where(Delegation.id.in_(list(positions)))
                                     .order_by(Delegation.id))
    return [(d, positions[d.id]) for d in delegations]


def corrections_of(declaration: Declaration, status: str | None = C_APPROVED) -> list[Correction]:
    query = db.select(Correction).where(Correction.declaration_id == declaration.id)
    if status is not None:
        query = query.where(Correction.status == status)
    return list(db.session.scalars(query.order_by(Correction.created_at, Correction.id)))


def signatory_for_token(declaration: Declaration, token: str) -> Signatory | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalar(db.select(Signatory).where(
        Signatory.declaration_id == declaration.id, Signatory.withdraw_token_hash == _hash(token)))


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



# --- the plenary ---------------------------------------------------------------------------------

def votes_of(declaration: Declaration) -> list:
    """The declaration's votes, the latest first (one query)."""
    from .models import Vote

    return list(db.session.scalars(db.select(Vote).where(Vote.declaration_id == declaration.id)
                                   .order_by(Vote.id.desc())))


def held_votes(declaration: Declaration) -> list:
    """The closed votes on the whole text at its current version, the latest first: what an
    adoption by vote reads its result from."""
    from .models import V_CLOSED, Vote

    return list(db.session.scalars(db.select(Vote).where(
        Vote.declaration_id == declaration.id, Vote.proposal_id.is_(None), Vote.status == V_CLOSED,
        Vote.version == declaration.version_number).order_by(Vote.id.desc())))


def named_ballots(vote) -> list:
    """Who voted how, for a named vote (a secret vote has no such list)."""
    from .models import Ballot

    if vote.secret:
        return []
    return list(db.session.scalars(db.select(Ballot).where(Ballot.vote_id == vote.id).order_by(Ballot.voter_name)))


def position_counts(declaration: Declaration) -> dict[str, int]:
    """How many positions of each kind stand on the current version (one query)."""
    rows = db.session.execute(
        db.select(ConsensusPosition.position, db.func.count()).where(
            ConsensusPosition.declaration_id == declaration.id,
            ConsensusPosition.version == declaration.version_number)
        .group_by(ConsensusPosition.position)).all()
    return dict(rows)


def live_state(declaration: Declaration) -> dict:
    """What the room's screen shows: the clause under discussion (both languages), the positions on
    the current text and the latest vote's counts. Four queries, whatever the number of clauses,
    positions or ballots."""
    clause_ids = db.session.execute(db.select(Clause.id).where(Clause.declaration_id == declaration.id)
                                    .order_by(Clause.position, Clause.id)).scalars().all()
    current_id = declaration.live_clause_id if declaration.live_clause_id in clause_ids else (
        clause_ids[0] if clause_ids else None)
    clause = db.session.get(Clause, current_id) if current_id else None
    from .models import Vote

    vote = db.session.scalar(db.select(Vote).where(Vote.declaration_id == declaration.id)
                             .order_by(Vote.id.desc()).limit(1))
    return {"clause": clause, "number": clause_ids.index(current_id) + 1 if clause else None,
            "total": len(clause_ids), "positions": position_counts(declaration), "vote": vote}
