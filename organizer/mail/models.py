"""Outgoing email: a persisted outbox first, then SMTP. Nothing queued is ever lost."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db

# queued -> sending (claimed by a worker) -> sent | queued again (temporary failure, retried
# later) | failed (refused for good: 5xx, or too many temporary failures)
QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The same Message-ID on every attempt, so a receiver can drop a copy sent twice after a crash.
    message_id: Mapped[str | None] = mapped_column(String(250))
    # Who it was for and why (where known), for the list of undeliverable mail.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    recipient_name: Mapped[str | None] = mapped_column(String(200))
    convening_id: Mapped[int | None] = mapped_column(ForeignKey("convenings.id", ondelete="SET NULL"), index=True)
    # Delivery bookkeeping: not before this time (backoff); the claim of the worker sending it; the
    # server's answer when it accepted the message; when it was refused for good.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    smtp_response: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
