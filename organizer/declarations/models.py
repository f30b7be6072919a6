"""Joint declarations: a bilingual text drafted clause by clause by a committee, shaped by proposals
from delegations and constituency groups, adopted by the plenary, and signed by organizations.

Nothing in a declaration's text is ever overwritten without a version: every change to the title or
the clauses is followed by a ``DeclarationVersion`` holding the whole text as it then stood.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..i18n.formatting import DAY, PartialDate
from ..i18n.translated import TranslatedText, TranslatedType
from ..organizations.models import ORIGIN_APP, Organization

# Declaration states
DRAFT, PLENARY, ADOPTED = "draft", "plenary", "adopted"
STATUSES = (DRAFT, PLENARY, ADOPTED)

# Adoption methods ("unknown" only for past declarations whose sources do not say)
CONSENSUS, VOTE, UNKNOWN = "consensus", "vote", "unknown"
METHODS = (CONSENSUS, VOTE, UNKNOWN)

# Clause kinds
CLAUSE_KINDS = ("preamble", "demand", "solidarity", "commitment", "call_to_action")

# Translation status of one language of a clause
T_MISSING, T_DRAFT, T_REVIEWED, T_OUTDATED = "missing", "draft", "reviewed", "outdated"
TRANSLATION_STATUSES = (T_MISSING, T_DRAFT, T_REVIEWED, T_OUTDATED)

# Proposals
ADD, CHANGE, REMOVE = "add", "change", "remove"
PROPOSAL_ACTIONS = (ADD, CHANGE, REMOVE)
PENDING, ACCEPTED, MERGED, DECLINED, WITHDRAWN = "pending", "accepted", "merged", "declined", "withdrawn"
# Closed with a reason when the text was adopted before the committee decided it.
CLOSED = "closed"
PROPOSAL_STATUSES = (PENDING, ACCEPTED, MERGED, DECLINED, WITHDRAWN, CLOSED)

# Corrections after adoption: proposed by one person, approved (or rejected) by another.
C_PROPOSED, C_APPROVED, C_REJECTED = "proposed", "approved", "rejected"
CORRECTION_STATUSES = (C_PROPOSED, C_APPROVED, C_REJECTED)

# Consensus positions
CONSENT, STAND_ASIDE, BLOCK = "consent", "stand_aside", "block"
POSITIONS = (CONSENT, STAND_ASIDE, BLOCK)

# Who gives a position: a delegation, or a constituency group when the committee allows it.
# Votes: one ballot per accredited (confirmed) delegation or per confirmed delegate.
UNIT_DELEGATION, UNIT_DELEGATE = "delegation", "delegate"
VOTE_UNITS = (UNIT_DELEGATION, UNIT_DELEGATE)
SIMPLE, ABSOLUTE, TWO_THIRDS = "simple", "absolute", "two_thirds"
MAJORITIES = (SIMPLE, ABSOLUTE, TWO_THIRDS)
YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)
V_OPEN, V_CLOSED = "open", "closed"

# Signatories
SIG_PENDING, SIG_VERIFIED, SIG_REJECTED, SIG_WITHDRAWN = "pending", "verified", "rejected", "withdrawn"
SIGNATORY_STATUSES = (SIG_PENDING, SIG_VERIFIED, SIG_REJECTED, SIG_WITHDRAWN)


class Declaration(db.Model):
    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    # The permanent address: never changes once made (seeded ones use the seed key).
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedType())
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The number of the latest version (0: nothing saved yet).
    version_number: Mapped[int] = mapped_column(Integer, default=0)
    adopted_on: Mapped[date | None] = mapped_column(Date)
    # Past declarations may be known to the month or year only (seeded "2014-01").
    adopted_precision: Mapped[str] = mapped_column(String(5), default="day")
    method: Mapped[str | None] = mapped_column(String(16))
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    # False for past declarations whose process is recorded but whose text our sources do not hold.
    text_in_sources: Mapped[bool] = mapped_column(Boolean, default=True)
    process: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    sources: Mapped[list] = mapped_column(JSON, default=list)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # The plenary: delegations give their own positions until this moment (None: until adoption).
    positions_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Constituency groups may give positions too, when the committee enables it.
    groups_take_positions: Mapped[bool] = mapped_column(Boolean, default=False)
    # One ballot per accredited delegation, or per confirmed delegate.
    vote_unit: Mapped[str] = mapped_column(String(12), default=UNIT_DELEGATION)
    # The clause under discussion, shown on the room's screen (the chair moves it).
    live_clause_id: Mapped[int | None] = mapped_column(Integer)
    # Adopted by a vote held here: the closed vote whose frozen counts the record shows (the
    # counts above are copied from it); None for counts from a show of hands or the archive.
    adopted_vote_id: Mapped[int | None] = mapped_column(Integer)
    # Organizations may sign on (once adopted). Archive declarations are closed to new signatures
    # unless an organizer opens them.
    signon_open: Mapped[bool] = mapped_column(Boolean, default=True)

    clauses: Mapped[list["Clause"]] = relationship(
        back_populates="declaration", cascade="all, delete-orphan", order_by="Clause.position",
        lazy="raise_on_sql")

    @property
    def adopted(self) -> PartialDate | None:
        return PartialDate(self.adopted_on, self.adopted_precision or DAY) if self.adopted_on else None

    @property
    def is_adopted(self) -> bool:
        return self.status == ADOPTED

    @property
    def is_public(self) -> bool:
        return self.status == ADOPTED

    def __repr__(self) -> str:
        return f"<Declaration {self.slug}>"


class CommitteeMember(db.Model):
    """A member of a declaration's drafting committee, named by the convening's organizers."""

    __tablename__ = "declaration_committee"

    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Clause(db.Model):
    __tablename__ = "declaration_clauses"
    __table_args__ = (Index("ix_declaration_clauses_decl_pos", "declaration_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    original_language: Mapped[str] = mapped_column(String(8))
    text: Mapped[TranslatedText] = mapped_column(TranslatedType())
    # {"en": "reviewed", "es": "outdated"}: see TRANSLATION_STATUSES.
    translation: Mapped[dict] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    declaration: Mapped[Declaration] = relationship(back_populates="clauses", lazy="raise_on_sql")

    def status_for(self, lang: str) -> str:
        if not self.text or lang not in self.text:
            return T_MISSING
        return (self.translation or {}).get(lang) or T_DRAFT

    def needs_work(self, languages) -> list[str]:
        """Languages of this clause that are missing, out of date or not yet reviewed."""
        return [lang for lang in languages if self.status_for(lang) != T_REVIEWED]

    def missing(self, languages) -> list[str]:
        return [lang for lang in languages if self.status_for(lang) == T_MISSING]


class DeclarationVersion(db.Model):
    """The whole text (title and clauses, both languages) after one save."""

    __tablename__ = "declaration_versions"
    __table_args__ = (UniqueConstraint("declaration_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # What happened: "clause_added", "clause_edited", "proposal_accepted", "adopted", "correction"...
    event: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str | None] = mapped_column(String(200))
    # {"title": {...}, "clauses": [{"id", "kind", "original_language", "text": {...}, "translation": {...}}]}
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConstituencyGroup(db.Model):
    """A constituency of a convening (mining, environment, women...) that may propose to its
    declarations. Members are users named by the organizers."""

    __tablename__ = "constituency_groups"
    __table_args__ = (UniqueConstraint("convening_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConstituencyMember(db.Model):
    __tablename__ = "constituency_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("constituency_groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Proposal(db.Model):
    """Add, change or remove a clause, with a reason; proposed on behalf of a delegation or a
    constituency group, decided by the committee."""

    __tablename__ = "declaration_proposals"
    __table_args__ = (Index("ix_declaration_proposals_decl_status", "declaration_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(8))
    # The clause to change or remove; for "add", the clause after which to add (None: at the end).
    clause_id: Mapped[int | None] = mapped_column(ForeignKey("declaration_clauses.id", ondelete="SET NULL"), index=True)
    # The clause's number and text when the proposal was made (kept if the clause goes away).
    target_number: Mapped[int | None] = mapped_column(Integer)
    target_text: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    kind: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    # The language the proposer wrote the text in (kept when the committee adds a translation).
    original_language: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[TranslatedText] = mapped_column(TranslatedType())
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("constituency_groups.id", ondelete="SET NULL"), index=True)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    proposer_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    decision_reason: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The clause the proposal shaped (added, changed, merged into); None for removals and declines.
    result_clause_id: Mapped[int | None] = mapped_column(
        ForeignKey("declaration_clauses.id", ondelete="SET NULL"), index=True)
    # The version the decision produced.
    result_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    declaration: Mapped[Declaration] = relationship(lazy="raise_on_sql")
    clause: Mapped[Clause | None] = relationship(foreign_keys=[clause_id], lazy="raise_on_sql")
    result_clause: Mapped[Clause | None] = relationship(foreign_keys=[result_clause_id], lazy="raise_on_sql")
    delegation = relationship("Delegation", lazy="raise_on_sql")
    group: Mapped[ConstituencyGroup | None] = relationship(lazy="raise_on_sql")


class ConsensusPosition(db.Model):
    """A delegation's position in the plenary: consent, stand aside or block. A block stops adoption
    until the organizers record how it was resolved."""

    __tablename__ = "declaration_positions"
    __table_args__ = (UniqueConstraint("declaration_id", "delegation_id"), UniqueConstraint("declaration_id", "group_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), index=True)
    # Exactly one of the two: the delegation, or the constituency group, whose position it is.
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("constituency_groups.id", ondelete="CASCADE"))
    # True when an organizer recorded it on the party's behalf (shown as such).
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_name: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(12))
    # The version of the text the position was given on: consent to one text is not consent to another.
    version: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    resolution: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_open_block(self) -> bool:
        return self.position == BLOCK and self.resolved_at is None


class DelegationVoice(db.Model):
    """The member a delegation's lead names to give the delegation's position on a declaration."""

    __tablename__ = "declaration_voices"

    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Vote(db.Model):
    """A vote of the plenary on the whole text or on one proposal. Its result is computed when it
    closes, then frozen and published with the count."""

    __tablename__ = "declaration_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), index=True)
    # None: the whole text (at ``version``); else the proposal voted on.
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("declaration_proposals.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(12))
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    majority: Mapped[str] = mapped_column(String(12))
    # The fewest ballots for the result to count.
    quorum: Mapped[int] = mapped_column(Integer, default=0)
    # How many could vote when it opened (the base of an absolute majority).
    electorate: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(8), default=V_OPEN)
    # Counts, kept by the ballots themselves (one atomic increment each).
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    quorum_met: Mapped[bool | None] = mapped_column(Boolean)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def cast(self) -> int:
        return (self.yes or 0) + (self.no or 0) + (self.abstain or 0)


class Ballot(db.Model):
    """One voter's ballot. The unique constraint is what makes a second ballot impossible, however
    many arrive at once. In a secret vote the choice is not stored here (only counted on the vote)."""

    __tablename__ = "declaration_ballots"
    __table_args__ = (UniqueConstraint("vote_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("declaration_votes.id", ondelete="CASCADE"), index=True)
    # "d<delegation id>" or "u<user id>".
    voter_key: Mapped[str] = mapped_column(String(24))
    # Named votes only: who cast it and how. Secret votes leave both empty.
    voter_name: Mapped[str | None] = mapped_column(String(200))
    choice: Mapped[str | None] = mapped_column(String(8))


class Correction(db.Model):
    """An editorial correction to an adopted text: the only change possible after adoption. One
    person proposes it; it takes effect only once a second person (another committee member or an
    organizer) approves it."""

    __tablename__ = "declaration_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int | None] = mapped_column(ForeignKey("declaration_clauses.id", ondelete="SET NULL"))
    clause_number: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    old_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[TranslatedText] = mapped_column(TranslatedType())
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=C_PROPOSED)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_name: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The version the approval produced (None until approved).
    version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_applied(self) -> bool:
        return self.status == C_APPROVED


class Signatory(db.Model):
    """An organization signing on to an adopted declaration. Shown once organizers verify it; the
    contact is never public."""

    __tablename__ = "declaration_signatories"
    __table_args__ = (Index("ix_declaration_signatories_decl_status", "declaration_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(3))
    sector: Mapped[str | None] = mapped_column(String(32))
    authorized_by: Mapped[str] = mapped_column(String(200))
    authorizer_title: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_language: Mapped[str] = mapped_column(String(8), default="en")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=SIG_PENDING)
    withdraw_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organization: Mapped[Organization] = relationship(lazy="raise_on_sql")
