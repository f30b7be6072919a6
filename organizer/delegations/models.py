"""Delegation registration.

The fields of the original skeleton are an interface the agenda and declarations domains rely on:
Delegation.id, convening_id, lead_user_id, name, status, members; DelegationMember.delegation_id,
user_id, name, email, status, listen_language, speak_language. Everything else here belongs to
registration alone.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..i18n.registry import language_codes
from ..i18n.translated import TranslatedText, TranslatedType

DRAFT, SUBMITTED, CONFIRMED, WAITLISTED, DECLINED, WITHDRAWN = (
    "draft", "submitted", "confirmed", "waitlisted", "declined", "withdrawn")
STATES = (DRAFT, SUBMITTED, CONFIRMED, WAITLISTED, DECLINED, WITHDRAWN)
#: Members who are, or may yet be, at the convening.
ACTIVE_STATES = (SUBMITTED, CONFIRMED, WAITLISTED)

#: When a place frees up: confirm the next on the waiting list, or offer them the place.
PROMOTE_AUTO, PROMOTE_OFFER = "auto", "offer"

#: Built-in questions organizers may ask (each "off", "optional" or "required").
QUESTIONS = (
    "organization", "position", "country", "languages", "interpretation", "accessibility",
    "dietary", "travel_dates", "lodging", "visa_letter",
)
OFF, OPTIONAL, REQUIRED = "off", "optional", "required"
DEFAULT_QUESTIONS = {
    "organization": REQUIRED, "position": OPTIONAL, "country": REQUIRED, "languages": OPTIONAL,
    "interpretation": OPTIONAL, "accessibility": OPTIONAL, "dietary": OPTIONAL,
    "travel_dates": OPTIONAL, "lodging": OPTIONAL, "visa_letter": OPTIONAL,
}
#: Languages a convening may offer interpretation in, and members may speak: the registry's.
LANGUAGE_CODES = language_codes()


class RegistrationSettings(db.Model):
    """How one convening takes registrations. Its row is also the lock taken by every change that
    can use up places, so capacity is checked by one transaction at a time."""

    __tablename__ = "registration_settings"

    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), primary_key=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    change_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Total places, in people; None: no limit.
    capacity: Mapped[int | None] = mapped_column(Integer)
    max_members: Mapped[int | None] = mapped_column(Integer)
    review_required: Mapped[bool] = mapped_column(Boolean, default=True)
    promotion: Mapped[str] = mapped_column(String(8), default=PROMOTE_AUTO)
    #: How long an offered place waits for an answer before it goes to the next on the list.
    offer_hours: Mapped[int] = mapped_column(Integer, default=72)
    questions: Mapped[dict] = mapped_column(JSON, default=lambda: dict(DEFAULT_QUESTIONS))
    interpretation_languages: Mapped[list] = mapped_column(JSON, default=lambda: ["en", "es"])
    letter_template: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    letter_signatory: Mapped[str | None] = mapped_column(String(300))
    reminder_days: Mapped[int] = mapped_column(Integer, default=7)
    #: Whom leads and members write to (shown on every registration page and email).
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def question(self, key: str) -> str:
        return (self.questions or {}).get(key, DEFAULT_QUESTIONS.get(key, OFF))

    def asks(self, key: str) -> bool:
        return self.question(key) != OFF

    def requires(self, key: str) -> bool:
        return self.question(key) == REQUIRED


class Delegation(db.Model):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    lead_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)  # from the lead to the organizers
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str | None] = mapped_column(Text)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Answers to the convening's custom questions asked per delegation: {question id: value}.
    answers: Mapped[dict | None] = mapped_column(JSON)

    members: Mapped[list["DelegationMember"]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan", lazy="raise_on_sql",
        order_by="DelegationMember.id")
    organization_links: Mapped[list["DelegationOrganization"]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql", order_by="DelegationOrganization.position")


class DelegationOrganization(db.Model):
    """The organizations a delegation comes from: one, or a coalition."""

    __tablename__ = "delegation_organizations"

    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: True when the lead proposed this organization (organizers verify it).
    proposed: Mapped[bool] = mapped_column(Boolean, default=False)


class DelegationMember(db.Model):
    __tablename__ = "delegation_members"
    __table_args__ = (Index("ix_delegation_members_queue", "status", "queued_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    # Interpretation: the language the member listens in and the one they speak in.
    listen_language: Mapped[str | None] = mapped_column(String(8))
    speak_language: Mapped[str | None] = mapped_column(String(8))

    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"), index=True)
    position: Mapped[str | None] = mapped_column(String(200))  # their title in the organization
    country: Mapped[str | None] = mapped_column(String(3))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    accessibility_needs: Mapped[str | None] = mapped_column(Text)
    dietary_needs: Mapped[str | None] = mapped_column(String(300))
    arrival_date: Mapped[date | None] = mapped_column(Date)
    departure_date: Mapped[date | None] = mapped_column(Date)
    lodging_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Visa invitation letter. Sensitive: the lead and the convening's organizers only.
    visa_letter: Mapped[bool] = mapped_column(Boolean, default=False)
    passport_name: Mapped[str | None] = mapped_column(String(200))
    nationality: Mapped[str | None] = mapped_column(String(3))
    passport_number: Mapped[str | None] = mapped_column(String(40))
    #: The member agrees to be named on the convening's public page.
    public_listing: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Answers to the convening's custom questions asked per member: {question id: value}.
    answers: Mapped[dict | None] = mapped_column(JSON)

    #: When they entered the queue for a place (their delegation's submission, or their own
    #: addition later): the waiting list's order.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decline_reason: Mapped[str | None] = mapped_column(Text)
    #: A freed place offered to this waitlisted member (convenings that offer rather than promote).
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invite_nonce: Mapped[str | None] = mapped_column(String(32))
    confirmed_by_member_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The state a withdrawn member had, so that an organizer can undo the withdrawal.
    withdrawn_from: Mapped[str | None] = mapped_column(String(16))
    #: Arrival at the door (check-in), and the organizer who checked her in.
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    delegation: Mapped[Delegation] = relationship(back_populates="members", lazy="raise_on_sql")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES


class DelegationEvent(db.Model):
    """The history of a delegation: who did what, when, and what changed (field: [before, after])."""

    __tablename__ = "delegation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("delegation_members.id", ondelete="SET NULL"))
    member_name: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


#: Kinds of custom question, and whom each is asked of.
TEXT, CHOICE, MULTIPLE, YESNO, DATE = "text", "choice", "multiple", "yesno", "date"
QUESTION_KINDS = (TEXT, CHOICE, MULTIPLE, YESNO, DATE)
PER_DELEGATION, PER_MEMBER = "delegation", "member"
QUESTION_SCOPES = (PER_MEMBER, PER_DELEGATION)


class RegistrationQuestion(db.Model):
    """A question organizers add to one convening's registration, in every interface language.

    Answers live on the member (or the delegation) as ``answers[str(question.id)]``: a text, a
    choice's key, a list of keys, True/False, or an ISO date. Choices keep their key when their
    labels change, so answers survive an edit of the wording."""

    __tablename__ = "registration_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    scope: Mapped[str] = mapped_column(String(12), default=PER_MEMBER)
    kind: Mapped[str] = mapped_column(String(12), default=TEXT)
    label: Mapped[TranslatedText] = mapped_column(TranslatedType())
    #: [{"key": "c1", "label": {"en": ..., "es": ...}}, ...] for choice and multiple choice.
    choices: Mapped[list] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def key(self) -> str:
        return str(self.id)

    @property
    def field_name(self) -> str:
        return f"question_{self.id}"

    def choice_labels(self) -> list[tuple[str, TranslatedText]]:
        return [(c["key"], TranslatedText.coerce(c["label"])) for c in self.choices or []]


class InterpretationReceiver(db.Model):
    """One headset for simultaneous interpretation: its channel (the language it carries) and its
    number; handed out to a member at check-in and taken back at the end."""

    __tablename__ = "interpretation_receivers"
    __table_args__ = (UniqueConstraint("convening_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("delegation_members.id", ondelete="SET NULL"), index=True)
    handed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


#: Email kinds whose text organizers may rewrite, per convening and language.
EMAIL_KINDS = ("received", "confirmed", "waitlisted", "declined", "offered", "promoted", "update", "member")


class RegistrationEmailText(db.Model):
    """An organizer's own subject and main paragraph for one kind of registration email, in one
    language (placeholders: {name}, {delegation}, {convening}). Lists, links and the contact stay."""

    __tablename__ = "registration_email_texts"

    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
