"""A delegate's own agenda (issue 15 item 7): the sessions she marked, the interpretation channel
for the language she listens in on each, and a private, revocable calendar feed of them.

Marks are kept by session guid, so they follow a session across releases. The feed's address
carries an unguessable token (``secrets.token_urlsafe``); revoking deletes it, regenerating
replaces it, and the old address then answers 404."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..convenings.models import Convening
from ..delegations.models import ACTIVE_STATES, Delegation, DelegationMember
from ..extensions import db
from ..platform.errors import DomainError
from .models import NO_INTERPRETATION, FeedToken, Star
from .view import SessionView

GUID_LENGTH = 36
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_GUID = re.compile(r"[0-9a-fA-F-]{1,36}")


class PersonalAgendaError(DomainError):
    """A mark or a feed request was refused (message translated)."""


# ---------------------------------------------------------------- reads

def is_guid(value: str) -> bool:
    return bool(_GUID.fullmatch(value or ""))


def starred(user_id: int, convening: Convening) -> set[str]:
    return set(db.session.scalars(db.select(Star.session_guid).where(
        Star.user_id == user_id, Star.convening_id == convening.id)))


def feed_token(user_id: int, convening: Convening) -> FeedToken | None:
    return db.session.scalar(db.select(FeedToken).where(
        FeedToken.user_id == user_id, FeedToken.convening_id == convening.id))


def by_token(convening: Convening, token: str) -> FeedToken | None:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None  # never sends a NUL or an overlong value to the database
    return db.session.scalar(db.select(FeedToken).where(
        FeedToken.token == token, FeedToken.convening_id == convening.id))


def listening_language(user, convening: Convening) -> str | None:
    """The language she listens in: her membership's in this convening's delegation (an active
    one first), else her profile's language."""
    rows = db.session.execute(
        db.select(DelegationMember.listen_language, DelegationMember.status)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(DelegationMember.user_id == user.id, Delegation.convening_id == convening.id,
               DelegationMember.listen_language.is_not(None))).all()
    rows.sort(key=lambda r: r.status not in ACTIVE_STATES)
    return rows[0].listen_language if rows else (getattr(user, "preferred_language", None) or None)


@dataclass
class Listening:
    kind: str  # floor (spoken in her language) | channel (interpreted into it) | none | break
    language: str | None
    channel: str | None = None


def listening(item: SessionView, language: str | None) -> Listening:
    """What she hears in a session: the floor, an interpretation channel, or nothing in her language."""
    if item.kind == "break":
        return Listening("break", language)
    if language and language in item.languages:
        return Listening("floor", language)
    if language and item.interpretation_mode != NO_INTERPRETATION and language in item.interpretation_into:
        return Listening("channel", language, item.interpretation_channel)
    return Listening("none", language)


# ---------------------------------------------------------------- writes

def mark(user_id: int, convening: Convening, guid: str, on: bool, known: set[str]) -> None:
    """Mark (or unmark) a session of the released agenda (``known``: its guids). Idempotent."""
    if not _GUID.fullmatch(guid or "") or (on and guid not in known):
        raise PersonalAgendaError(_l("This session is not on the released agenda."), field="session")
    row = db.session.scalar(db.select(Star).where(
        Star.user_id == user_id, Star.convening_id == convening.id, Star.session_guid == guid))
    if on and row is None:
        db.session.add(Star(user_id=user_id, convening_id=convening.id, session_guid=guid))
    elif not on and row is not None:
        db.session.delete(row)
    db.session.flush()


def new_feed_token(user_id: int, convening: Convening) -> FeedToken:
    """Create her feed's address, or replace it (the old one stops working)."""
    row = feed_token(user_id, convening)
    if row is None:
        row = FeedToken(user_id=user_id, convening_id=convening.id)
        db.session.add(row)
    row.token = secrets.token_urlsafe(32)
    db.session.flush()
    return row


def revoke_feed_token(user_id: int, convening: Convening) -> None:
    row = feed_token(user_id, convening)
    if row is not None:
        db.session.delete(row)
        db.session.flush()
