"""Old addresses: a record's earlier slugs, per kind, so that old links keep working (301)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db


class OldSlug(db.Model):
    """``slug`` was the address of the record of ``kind`` ("convening", "declaration"...) now at
    ``target``. Kept by the slug, not the row id, so it works for every kind alike."""

    __tablename__ = "old_slugs"
    __table_args__ = (UniqueConstraint("kind", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
