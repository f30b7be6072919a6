"""Delegation registration. Skeleton shared with the agenda and declarations domains: the fields
named here are an interface they rely on (id, convening_id, lead_user_id, name, status; members'
user_id, status, listen_language, speak_language)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..i18n.translated import TranslatedText, TranslatedType

DRAFT, SUBMITTED, CONFIRMED, WAITLISTED, DECLINED, WITHDRAWN = (
    "draft", "submitted", "confirmed", "waitlisted", "declined", "withdrawn")
STATES = (DRAFT, SUBMITTED, CONFIRMED, WAITLISTED, DECLINED, WITHDRAWN)


class Delegation(db.Model):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    lead_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    members: Mapped[list["DelegationMember"]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan", lazy="raise_on_sql")


class DelegationMember(db.Model):
    __tablename__ = "delegation_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    # Interpretation: the language the member listens in and the one they speak in.
    listen_language: Mapped[str | None] = mapped_column(String(8))
    speak_language: Mapped[str | None] = mapped_column(String(8))

    delegation: Mapped[Delegation] = relationship(back_populates="members", lazy="raise_on_sql")
