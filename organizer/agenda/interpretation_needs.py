"""What the agenda tells registration about interpretation (signal ``interpretation_sessions``): the
convening's sessions with simultaneous interpretation, so that registration can count the
receivers each one needs. One query."""
from __future__ import annotations

from ..extensions import db
from .models import SIMULTANEOUS, Session


def interpretation_sessions(convening_id: int) -> list[dict]:
    rows = db.session.scalars(db.select(Session).where(
        Session.convening_id == convening_id, Session.interpretation_mode == SIMULTANEOUS)
        .order_by(Session.start.is_(None), Session.start, Session.day, Session.id))
    return [{"id": s.id, "title": s.title, "start": s.start, "day": s.day, "languages": list(s.languages or []),
             "into": list(s.interpretation_into or []), "channel": s.interpretation_channel} for s in rows]
