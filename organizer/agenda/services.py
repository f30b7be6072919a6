"""Agenda business rules: editing the draft, rooms and tracks, releasing.

Services flush, never commit. The reads (loading, time zones, the snapshot, the checks before
release, the changelog) live in ``queries`` and are re-exported here, so ``services.rooms(...)``
and the other existing imports keep working.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..convenings.models import Convening, ConveningPerson
from ..extensions import db
from ..i18n.translated import TranslatedText
from ..platform.errors import DomainError
from ..platform.slugs import unique_slug
from .models import DAY, EXACT, NO_INTERPRETATION, Release, Room, RoomAvailability, Session, SessionPerson, Track
from .queries import (Change, Warning, changelog, check, find_speakers, get_convening, get_release,  # noqa: F401
                      get_room, get_session, get_track, history, latest_release, listen_languages,
                      organization_choices, people_choices, releases, rooms, sessions, sessions_using, snapshot, sort_key,
                      to_local, to_utc, tracks, zone)


class AgendaError(DomainError):
    """A rule of the agenda refused the operation (message translated, ``field`` the form field)."""


# ---------------------------------------------------------------- editing the draft

@dataclass
class SessionData:
    title: TranslatedText
    description: TranslatedText | None
    kind: str
    precision: str
    start: datetime | None  # UTC
    end: datetime | None
    day: date | None
    room_id: int | None
    track_id: int | None
    languages: list[str]
    interpretation_mode: str
    interpretation_into: list[str]
    interpretation_channel: str | None
    parallel_allowed: bool
    people: list[tuple[int, int | None, str]] = field(default_factory=list)  # person, organization, role


def apply(session: Session, data: SessionData) -> Session:
    session.title = data.title
    session.description = data.description or None
    session.kind = data.kind
    session.precision = data.precision
    if data.precision == EXACT:
        session.start, session.end, session.day = data.start, data.end, None
    elif data.precision == DAY:
        session.start, session.end, session.day = None, None, data.day
    else:
        session.start = session.end = session.day = None
    session.room_id = data.room_id
    session.track_id = data.track_id
    session.languages = list(data.languages)
    session.interpretation_mode = data.interpretation_mode
    session.interpretation_into = list(data.interpretation_into) if data.interpretation_mode != NO_INTERPRETATION else []
    session.interpretation_channel = (data.interpretation_channel or None) if data.interpretation_mode != NO_INTERPRETATION else None
    session.parallel_allowed = data.parallel_allowed
    set_people(session, data.people)
    return session


def set_people(session: Session, people: list[tuple[int, int | None, str]]) -> None:
    existing = list(session.people) if session.id else []
    wanted = []
    seen = set()
    for person_id, organization_id, role in people:
        if (person_id, role) in seen:
            continue
        seen.add((person_id, role))
        wanted.append((person_id, organization_id, role))
    rows = []
    for position, (person_id, organization_id, role) in enumerate(wanted):
        row = next((r for r in existing if r.person_id == person_id and r.role == role and r not in rows), None)
        if row is None:
            row = SessionPerson(person_id=person_id, role=role)
        row.organization_id = organization_id
        row.position = position
        rows.append(row)
    session.people = rows


def with_default_organizations(convening: Convening, data: SessionData) -> SessionData:
    """A speaker given without an organization speaks for the one they take part for at this
    convening (its participants list), when that is recorded."""
    missing = [person_id for person_id, organization_id, _role in data.people if organization_id is None]
    if not missing:
        return data
    known = dict(db.session.execute(
        db.select(ConveningPerson.person_id, ConveningPerson.organization_id)
        .where(ConveningPerson.convening_id == convening.id, ConveningPerson.person_id.in_(missing),
               ConveningPerson.organization_id.is_not(None))).all())
    data.people = [(p, o if o is not None else known.get(p), r) for p, o, r in data.people]
    return data


def create_session(convening: Convening, data: SessionData) -> Session:
    data = with_default_organizations(convening, data)
    session = Session(convening_id=convening.id, people=[])
    apply(session, data)
    db.session.add(session)
    db.session.flush()
    return session


def update_session(session: Session, data: SessionData) -> Session:
    data = with_default_organizations(db.session.get(Convening, session.convening_id), data)
    apply(session, data)
    db.session.flush()
    return session


def add_speaker(name: str | None, organization_text: str | None, confirm_duplicate: bool = False):
    """A new person typed in the session form's search step, with the organization she speaks for
    written by its name or acronym ("SEIU 721", "Frente Auténtico del Trabajo"). Returns (person,
    organization or None). Refused when the name is empty, the organization unknown, or someone
    with the same name is already recorded (unless confirmed)."""
    from ..organizations import services as organizations
    from ..organizations.models import Person

    name = " ".join((name or "").split())[:200]
    if not name:
        raise AgendaError(_l("Please enter the new person's name."), field="new_person_name")
    organization = None
    if (organization_text or "").strip():
        organization = organizations.organization_named(organization_text)
        if organization is None:
            raise AgendaError(_l("No organization has this name or acronym. Check the spelling, or add the "
                                 "organization to the directory first."), field="new_person_organization")
    if not confirm_duplicate and organizations.find_people_named(name):
        raise AgendaError(_l("Someone with this name is already recorded: find and choose them, or tick the box "
                             "to add another person with the same name."), field="new_person_name")
    person = organizations.save_person(Person(name=name, is_public=False), organization, None, None)
    return person, organization


def duplicate_session(session: Session) -> Session:
    copy = Session(
        convening_id=session.convening_id,
        title=TranslatedText({lang: _copy_title(text, lang) for lang, text in session.title.items()}),
        description=session.description, kind=session.kind, precision=session.precision,
        start=session.start, end=session.end, day=session.day, room_id=session.room_id,
        track_id=session.track_id, languages=list(session.languages or []),
        interpretation_mode=session.interpretation_mode,
        interpretation_into=list(session.interpretation_into or []),
        interpretation_channel=session.interpretation_channel,
        parallel_allowed=session.parallel_allowed,
        people=[SessionPerson(person_id=p.person_id, organization_id=p.organization_id, role=p.role,
                              position=p.position) for p in session.people],
    )
    db.session.add(copy)
    db.session.flush()
    return copy


def _copy_title(text: str, lang: str) -> str:
    from flask_babel import force_locale

    with force_locale(lang):
        return _("%(title)s (copy)", title=text)


def move_session(session: Session, start: datetime, room_id: int | None) -> Session:
    """Move to a new start (UTC), keeping the duration, and to a room."""
    duration = (session.end - session.start) if session.precision == EXACT and session.start and session.end \
        else timedelta(hours=1)
    session.precision = EXACT
    session.start = start
    session.end = start + duration
    session.day = None
    session.room_id = room_id
    db.session.flush()
    return session


def delete_session(session: Session) -> None:
    db.session.delete(session)
    db.session.flush()


def save_room(convening: Convening, room: Room | None, name: TranslatedText, capacity: int | None,
              windows: list[tuple[datetime, datetime]]) -> Room:
    if room is None:
        position = db.session.scalar(
            db.select(db.func.coalesce(db.func.max(Room.position), 0)).where(Room.convening_id == convening.id))
        room = Room(convening_id=convening.id, position=position + 1, availabilities=[])
        db.session.add(room)
    room.name = name
    room.capacity = capacity
    room.availabilities = [RoomAvailability(start=s, end=e) for s, e in windows]
    db.session.flush()
    return room


def delete_room(room: Room) -> None:
    db.session.delete(room)
    db.session.flush()


def save_track(convening: Convening, track: Track | None, name: TranslatedText) -> Track:
    if track is None:
        position = db.session.scalar(
            db.select(db.func.coalesce(db.func.max(Track.position), 0)).where(Track.convening_id == convening.id))
        track = Track(convening_id=convening.id, position=position + 1, key=_unique_track_key(convening, name))
        db.session.add(track)
    track.name = name
    db.session.flush()
    return track


def _unique_track_key(convening: Convening, name: TranslatedText) -> str:
    return unique_slug(Track.key, name.resolve("en").text, scope=[Track.convening_id == convening.id],
                       max_length=100, fallback="track")


def delete_track(track: Track) -> None:
    db.session.delete(track)
    db.session.flush()


# ---------------------------------------------------------------- releases

def publish(convening: Convening, name: TranslatedText, note: TranslatedText | None, user_id: int | None,
            despite_warnings: bool = False) -> Release:
    """Release the draft to the public. Refused while the checks before release warn, unless the
    organizer chose to release anyway."""
    if not despite_warnings and check(convening):
        raise AgendaError(_l("There are warnings: fix them, or tick this box to release anyway."),
                          field="despite_warnings")
    return release(convening, name, note, user_id)


def release(convening: Convening, name: TranslatedText, note: TranslatedText | None, user_id: int | None,
            origin: str = "app") -> Release:
    """Freeze the draft as the next version. Released from the editor, each speaker whose session
    moved, changed room or was cancelled is told by email (``notices``)."""
    from .notices import notify_speakers

    previous = latest_release(convening)
    row = Release(convening_id=convening.id, number=(previous.number if previous else 0) + 1, name=name,
                  note=note or None, released_by_id=user_id, origin=origin, snapshot=snapshot(convening))
    db.session.add(row)
    db.session.flush()
    if origin == "app":
        notify_speakers(convening, previous, row)
    return row
