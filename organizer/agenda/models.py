"""Agenda: rooms, tracks, sessions with their people and interpretation, and released versions.

The organizers' draft lives in ``agenda_sessions`` and friends. Releasing freezes a copy of the
whole draft, resolved (titles, rooms, tracks, people and their organizations) into one JSON
snapshot on ``agenda_releases`` (pretalx's "freezing copies" idea): the public pages, the exports
and the changelog read only snapshots, so later edits never leak into a released version and a
released version renders from one row.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..i18n.registry import language_codes
from ..i18n.translated import TranslatedText, TranslatedType
from ..organizations.models import ORIGIN_APP, Organization, Person

# Session kinds, in the order organizers pick them.
KINDS = ("plenary", "panel", "forum", "workshop", "caucus", "break", "march", "site_visit")
# How precisely a session's time is known. Past sessions often have only a day, or only the convening.
EXACT, DAY, CONVENING = "exact", "day", "convening"
PRECISIONS = (EXACT, DAY, CONVENING)
# Interpretation.
NO_INTERPRETATION, SIMULTANEOUS, CONSECUTIVE = "none", "simultaneous", "consecutive"
INTERPRETATION_MODES = (NO_INTERPRETATION, SIMULTANEOUS, CONSECUTIVE)
# Languages sessions are held in or interpreted into: any language of the registry, signed ones
# included (a session can be interpreted into LSM as into French).
SESSION_LANGUAGES = language_codes()
SPEAKER, MODERATOR = "speaker", "moderator"
PERSON_ROLES = (SPEAKER, MODERATOR)


def new_guid() -> str:
    return str(uuid.uuid4())


class Room(db.Model):
    __tablename__ = "agenda_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    capacity: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    availabilities: Mapped[list["RoomAvailability"]] = relationship(
        cascade="all, delete-orphan", order_by="RoomAvailability.start", lazy="raise_on_sql",
        back_populates="room")


class RoomAvailability(db.Model):
    """A window when the room can be used (UTC). A room without windows is always available."""

    __tablename__ = "agenda_room_availabilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("agenda_rooms.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())

    room: Mapped[Room] = relationship(back_populates="availabilities", lazy="raise_on_sql")


class Track(db.Model):
    """A track or constituency (mining, environment, women...)."""

    __tablename__ = "agenda_tracks"
    __table_args__ = (UniqueConstraint("convening_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    position: Mapped[int] = mapped_column(Integer, default=0)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)


class Session(db.Model):
    __tablename__ = "agenda_sessions"
    __table_args__ = (UniqueConstraint("convening_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    # Stable across edits and releases: calendar UIDs and frab guids come from it.
    guid: Mapped[str] = mapped_column(String(36), default=new_guid, unique=True)
    key: Mapped[str] = mapped_column(String(120), default=new_guid)
    title: Mapped[TranslatedText] = mapped_column(TranslatedType())
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    kind: Mapped[str] = mapped_column(String(16), default="panel")
    precision: Mapped[str] = mapped_column(String(10), default=EXACT)
    start: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    end: Mapped[datetime | None] = mapped_column(UTCDateTime())
    day: Mapped[date | None] = mapped_column(Date)  # the local day, for precision "day"
    room_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_rooms.id", ondelete="SET NULL"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_tracks.id", ondelete="SET NULL"), index=True)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    interpretation_mode: Mapped[str] = mapped_column(String(16), default=NO_INTERPRETATION)
    interpretation_into: Mapped[list] = mapped_column(JSON, default=list)
    interpretation_channel: Mapped[str | None] = mapped_column(String(40))
    parallel_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    room: Mapped[Room | None] = relationship(lazy="raise_on_sql")
    track: Mapped[Track | None] = relationship(lazy="raise_on_sql")
    people: Mapped[list["SessionPerson"]] = relationship(
        cascade="all, delete-orphan", order_by="SessionPerson.position", lazy="raise_on_sql",
        back_populates="session")


class SessionPerson(db.Model):
    """A speaker or moderator, with the organization they speak for at this convening."""

    __tablename__ = "agenda_session_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(16), default=SPEAKER)
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[Session] = relationship(back_populates="people", lazy="raise_on_sql")
    person: Mapped[Person] = relationship(lazy="raise_on_sql")
    organization: Mapped[Organization | None] = relationship(lazy="raise_on_sql")


class Release(db.Model):
    """A frozen, public version of a convening's agenda."""

    __tablename__ = "agenda_releases"
    __table_args__ = (UniqueConstraint("convening_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    note: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    released_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    snapshot: Mapped[dict] = mapped_column(JSON)
    # What the convening page shows (counts per day), computed once from the snapshot when it is
    # set, so that page never parses the agenda: see ``view.summarize``. None on rows released
    # before it existed (the page then reads the snapshot).
    summary: Mapped[dict | None] = mapped_column(JSON)

    @validates("snapshot")
    def _summarize(self, _key, snapshot):
        from .view import summarize

        self.summary = summarize(snapshot) if snapshot is not None else None
        return snapshot


class SpeakerNotice(db.Model):
    """A speaker told by email what a release changed for them (moved, re-roomed, re-timed,
    cancelled), or, without ``message_id``, one who could not be told (no email on record)."""

    __tablename__ = "agenda_speaker_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("agenda_releases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    sessions: Mapped[list] = mapped_column(JSON, default=list)  # the guids of the sessions concerned
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Star(db.Model):
    """A session a signed-in person marked for her own agenda (by guid: it survives releases)."""

    __tablename__ = "agenda_stars"
    __table_args__ = (UniqueConstraint("user_id", "convening_id", "session_guid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    session_guid: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FeedToken(db.Model):
    """The private, revocable address of a person's own agenda as a calendar feed. Revoking deletes
    the row; regenerating replaces the token."""

    __tablename__ = "agenda_feed_tokens"
    __table_args__ = (UniqueConstraint("user_id", "convening_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
