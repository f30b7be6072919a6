"""Agenda reads: time zones, loading the draft, rooms, tracks, sessions and releases, the snapshot,
the changelog, and the checks before release. Nothing here writes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from ..convenings.models import Convening, working_languages_of
from ..delegations.models import CONFIRMED, Delegation, DelegationMember
from ..extensions import db
from ..i18n.collation import collation_key
from ..i18n.formatting import format_list, translated_plain
from ..i18n.registry import language_label
from ..i18n.translated import TranslatedText
from ..organizations.models import Organization, Person
from . import timefmt
from .models import DAY, EXACT, NO_INTERPRETATION, Release, Room, Session, SessionPerson, Track


# ---------------------------------------------------------------- time zones

def zone(convening: Convening) -> ZoneInfo:
    try:
        return ZoneInfo(convening.timezone or "UTC")
    except Exception:  # an unknown zone name never breaks a page
        return ZoneInfo("UTC")


def to_utc(local: datetime | None, tz: ZoneInfo) -> datetime | None:
    """A wall-clock time at the venue (naive) -> aware UTC."""
    if local is None:
        return None
    return local.replace(tzinfo=tz).astimezone(timezone.utc)


def to_local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    """Aware UTC -> naive wall-clock time at the venue (what a datetime-local input shows)."""
    if value is None:
        return None
    return value.astimezone(tz).replace(tzinfo=None)


# ---------------------------------------------------------------- loading

def get_convening(slug: str) -> Convening | None:
    return db.session.scalar(db.select(Convening).where(Convening.slug == slug))


def rooms(convening: Convening) -> list[Room]:
    return list(db.session.scalars(
        db.select(Room).where(Room.convening_id == convening.id)
        .options(selectinload(Room.availabilities)).order_by(Room.position, Room.id)))


def tracks(convening: Convening) -> list[Track]:
    return list(db.session.scalars(
        db.select(Track).where(Track.convening_id == convening.id).order_by(Track.position, Track.id)))


def sessions(convening: Convening) -> list[Session]:
    """The draft, with everything a page or a snapshot needs, in a constant number of queries."""
    rows = db.session.scalars(
        db.select(Session).where(Session.convening_id == convening.id)
        .options(selectinload(Session.room), selectinload(Session.track),
                 selectinload(Session.people).selectinload(SessionPerson.person),
                 selectinload(Session.people).selectinload(SessionPerson.organization)))
    return sorted(rows, key=lambda s: sort_key(s, zone(convening)))


def sort_key(session: Session, tz: ZoneInfo):
    if session.precision == EXACT and session.start:
        local = session.start.astimezone(tz)
        return (0, local.date(), 1, local.time(), session.id or 0)
    if session.precision == DAY and session.day:
        return (0, session.day, 0, time(0), session.id or 0)
    return (1, date.max, 0, time(0), session.id or 0)


def sessions_using(convening: Convening, room_id: int | None = None, track_id: int | None = None) -> list[Session]:
    """The draft sessions in a room or a track (what deleting it would change), in agenda order."""
    where = Session.room_id == room_id if room_id is not None else Session.track_id == track_id
    rows = db.session.scalars(db.select(Session).where(Session.convening_id == convening.id, where))
    return sorted(rows, key=lambda s: sort_key(s, zone(convening)))


def get_session(convening: Convening, session_id: int) -> Session | None:
    return db.session.scalar(
        db.select(Session).where(Session.id == session_id, Session.convening_id == convening.id)
        .options(selectinload(Session.people)))


def get_room(convening: Convening, room_id: int) -> Room | None:
    return db.session.scalar(
        db.select(Room).where(Room.id == room_id, Room.convening_id == convening.id)
        .options(selectinload(Room.availabilities)))


def get_track(convening: Convening, track_id: int) -> Track | None:
    return db.session.scalar(db.select(Track).where(Track.id == track_id, Track.convening_id == convening.id))


def people_choices(convening: Convening, keep=(), only_keep: bool = False) -> list[tuple[int, str]]:
    """The people a session's rows offer: never the whole archive (politicians named in clippings
    included), but those taking part in this convening (its participants list and its sessions'
    speakers) and ``keep`` (already chosen, or found by a search); ``only_keep``: just those."""
    from ..convenings.models import ConveningPerson

    from ..database import db_int

    keep = [i for i in (db_int(k) for k in keep if isinstance(k, int)) if i]  # never an id beyond INTEGER
    if only_keep:
        where = Person.id.in_(keep)
    else:
        where = db.or_(
            Person.id.in_(keep),
            Person.id.in_(db.select(ConveningPerson.person_id).where(ConveningPerson.convening_id == convening.id)),
            Person.id.in_(db.select(SessionPerson.person_id).join(Session, Session.id == SessionPerson.session_id)
                          .where(Session.convening_id == convening.id)))
    return sorted(((row.id, row.name) for row in db.session.execute(db.select(Person.id, Person.name).where(where))),
                  key=lambda row: collation_key(row[1]))


def find_speakers(query: str, limit: int = 30) -> set[int]:
    """The people whose name, or an organization they belong to (name or acronym), contains every
    word of ``query``, case and accents ignored. One query."""
    from ..i18n.text import fold
    from ..organizations.models import Affiliation

    terms = [t for t in fold(query).replace("|", " ").split() if t][:8]
    if not terms:
        return set()

    def matches(column):
        return db.and_(*(column.contains(term, autoescape=True) for term in terms))

    by_org = (db.select(Affiliation.person_id).join(Organization, Organization.id == Affiliation.organization_id)
              .where(matches(Organization.search_text)))
    return set(db.session.scalars(db.select(Person.id).where(
        db.or_(matches(Person.search_text), Person.id.in_(by_org))).limit(limit)))


def organization_choices() -> list[tuple[int, TranslatedText, TranslatedText | None]]:
    """(id, name, acronym), by name."""
    return sorted(((row.id, row.name, row.acronym) for row in db.session.execute(
        db.select(Organization.id, Organization.name, Organization.acronym))), key=lambda row: collation_key(row[1]))


# ---------------------------------------------------------------- checks before release

@dataclass
class Warning:
    kind: str  # room | person | parallel | dates | room_hours | interpretation
    message: str
    session_ids: list[int]


def listen_languages(convening: Convening) -> list[str]:
    """The languages confirmed delegates of confirmed delegations listen in."""
    rows = db.session.scalars(
        db.select(DelegationMember.listen_language).distinct()
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening.id, Delegation.status == CONFIRMED,
               DelegationMember.status == CONFIRMED, DelegationMember.listen_language.is_not(None)))
    return sorted(set(rows))


def check(convening: Convening, draft: list[Session] | None = None,
          room_list: list[Room] | None = None) -> list[Warning]:
    tz = zone(convening)
    draft = sessions(convening) if draft is None else draft
    room_list = rooms(convening) if room_list is None else room_list
    room_by_id = {r.id: r for r in room_list}
    warnings: list[Warning] = []
    timed = sorted((s for s in draft if s.precision == EXACT and s.start and s.end), key=lambda s: s.start)

    def title(s):
        return translated_plain(s.title)

    for i, a in enumerate(timed):
        for b in timed[i + 1:]:
            if b.start >= a.end:
                break
            if a.room_id and a.room_id == b.room_id:
                warnings.append(Warning("room", _(
                    "%(room)s is used twice at once: “%(first)s” and “%(second)s” (%(when)s).",
                    room=translated_plain(room_by_id[a.room_id].name) if a.room_id in room_by_id else "?",
                    first=title(a), second=title(b), when=timefmt.local_time(b.start, tz)), [a.id, b.id]))
            a_people = {p.person_id: p for p in a.people}
            for p in b.people:
                if p.person_id in a_people:
                    warnings.append(Warning("person", _(
                        "%(person)s is in two places at once: “%(first)s” and “%(second)s”.",
                        person=p.person.name, first=title(a), second=title(b)), [a.id, b.id]))
            if not a.parallel_allowed or not b.parallel_allowed:
                lone, other = (a, b) if not a.parallel_allowed else (b, a)
                warnings.append(Warning("parallel", _(
                    "“%(first)s” allows no parallel sessions, but “%(second)s” overlaps it.",
                    first=title(lone), second=title(other)), [a.id, b.id]))

    start, end = convening.start, convening.end
    first_day = start.value if start and start.precision == "day" else None
    last_day = end.value if end and end.precision == "day" else first_day
    for s in draft:
        local_days = []
        if s.precision == EXACT and s.start and s.end:
            local_days = [s.start.astimezone(tz).date(), (s.end - timedelta(seconds=1)).astimezone(tz).date()]
        elif s.precision == DAY and s.day:
            local_days = [s.day]
        if first_day and local_days and (min(local_days) < first_day or max(local_days) > last_day):
            warnings.append(Warning("dates", _(
                "“%(title)s” is outside the convening's dates.", title=title(s)), [s.id]))
        room = room_by_id.get(s.room_id) if s.room_id else None
        if room is not None and room.availabilities and s.precision == EXACT and s.start and s.end:
            if not any(w.start <= s.start and s.end <= w.end for w in room.availabilities):
                warnings.append(Warning("room_hours", _(
                    "“%(title)s” is outside the hours %(room)s is available.",
                    title=title(s), room=translated_plain(room.name)), [s.id]))

    # Interpretation is expected into the convening's working languages (for a session whose
    # language is recorded) and into every language confirmed delegates listen in.
    listening = listen_languages(convening)
    working = working_languages_of(convening)
    for s in draft:
        if s.kind == "break":
            continue
        heard = set(s.languages or [])
        if s.interpretation_mode != NO_INTERPRETATION:
            heard |= set(s.interpretation_into or [])
        expected = list(dict.fromkeys([*(working if s.languages else []), *listening]))
        missing = [lang for lang in expected if lang not in heard]
        if not missing:
            continue
        names = format_list(language_label(lang, sentence=True) for lang in missing)
        if any(lang in working for lang in missing):
            message = ngettext(
                "“%(title)s” has no interpretation into %(languages)s, a working language of this convening "
                "or one confirmed delegates listen in.",
                "“%(title)s” has no interpretation into %(languages)s, working languages of this convening "
                "or languages confirmed delegates listen in.", len(missing), title=title(s), languages=names)
        else:
            message = ngettext(
                "“%(title)s” has no interpretation into %(languages)s, which confirmed delegates listen in.",
                "“%(title)s” has no interpretation into %(languages)s, which confirmed delegates listen in.",
                len(missing), title=title(s), languages=names)
        warnings.append(Warning("interpretation", message, [s.id]))
    return warnings


# ---------------------------------------------------------------- releases

def snapshot(convening: Convening) -> dict:
    """Freeze the draft, resolved, into plain data."""
    tz = zone(convening)
    room_list = rooms(convening)
    track_list = tracks(convening)
    draft = sessions(convening)

    def org(o: Organization | None):
        if o is None:
            return None
        return {"id": o.id, "slug": o.slug, "name": o.name.to_dict(),
                "acronym": o.acronym.to_dict() if o.acronym else None}

    return {
        "format": 1,
        "timezone": tz.key,
        "convening": {
            "start": convening.start_date.isoformat() if convening.start_date else None,
            "start_precision": convening.start_precision,
            "end": convening.end_date.isoformat() if convening.end_date else None,
            "end_precision": convening.end_precision,
        },
        "rooms": [{"id": r.id, "guid": r.guid, "name": r.name.to_dict(), "capacity": r.capacity} for r in room_list],
        "tracks": [{"id": t.id, "key": t.key, "name": t.name.to_dict()} for t in track_list],
        "sessions": [{
            "id": s.id, "guid": s.guid, "key": s.key,
            "title": s.title.to_dict(),
            "description": s.description.to_dict() if s.description else None,
            "kind": s.kind, "precision": s.precision,
            "start": s.start.isoformat() if s.start else None,
            "end": s.end.isoformat() if s.end else None,
            "day": s.day.isoformat() if s.day else None,
            "room": s.room_id, "track": s.track_id,
            "languages": list(s.languages or []),
            "interpretation": {"mode": s.interpretation_mode, "into": list(s.interpretation_into or []),
                               "channel": s.interpretation_channel},
            "parallel": bool(s.parallel_allowed),
            "people": [{"id": p.person_id, "slug": p.person.slug, "name": p.person.name,
                        "public": bool(p.person.is_public), "role": p.role,
                        "organization": org(p.organization)} for p in s.people],
        } for s in draft],
    }


def releases(convening: Convening) -> list[Release]:
    """Newest first."""
    return list(db.session.scalars(
        db.select(Release).where(Release.convening_id == convening.id).order_by(Release.number.desc())))


def latest_release(convening: Convening) -> Release | None:
    return db.session.scalar(
        db.select(Release).where(Release.convening_id == convening.id).order_by(Release.number.desc()).limit(1))


def latest_release_summary(convening: Convening) -> Release | None:
    """The latest release without its snapshot (its stored ``summary`` is what the convening page
    needs): one indexed row, whatever the agenda's size."""
    from sqlalchemy.orm import defer

    return db.session.scalar(
        db.select(Release).options(defer(Release.snapshot)).where(Release.convening_id == convening.id)
        .order_by(Release.number.desc()).limit(1))


def get_release(convening: Convening, number: int) -> Release | None:
    return db.session.scalar(
        db.select(Release).where(Release.convening_id == convening.id, Release.number == number))


# ---------------------------------------------------------------- changelog

@dataclass
class Change:
    # added | removed | moved | room | retitled | speakers | languages | interpretation | description | track
    kind: str
    guid: str
    title: TranslatedText
    old: object = None
    new: object = None


def _when(s: dict):
    return (s["precision"], s["start"], s["end"], s["day"])


def _people_key(s: dict):
    return [(p["id"], p["role"], (p["organization"] or {}).get("id")) for p in s["people"]]


def _interpretation(s: dict) -> dict:
    i = s.get("interpretation") or {}
    mode = i.get("mode") or "none"
    if mode == "none":
        return {"mode": "none", "into": [], "channel": None}
    return {"mode": mode, "into": list(i.get("into") or []), "channel": i.get("channel") or None}


def _text(value: dict | None) -> TranslatedText | None:
    value = {k: v for k, v in (value or {}).items() if v}
    return TranslatedText(value) if value else None


def changelog(old: dict | None, new: dict) -> list[Change]:
    """What changed from ``old`` to ``new`` (snapshots), in the order of the new agenda."""
    old_sessions = {s["guid"]: s for s in (old or {}).get("sessions", [])}
    new_sessions = {s["guid"]: s for s in new.get("sessions", [])}
    old_rooms = {r["id"]: r for r in (old or {}).get("rooms", [])}
    new_rooms = {r["id"]: r for r in new.get("rooms", [])}
    old_tracks = {t["id"]: t for t in (old or {}).get("tracks", [])}
    new_tracks = {t["id"]: t for t in new.get("tracks", [])}
    changes: list[Change] = []
    for guid, s in new_sessions.items():
        title = TranslatedText(s["title"])
        before = old_sessions.get(guid)
        if before is None:
            changes.append(Change("added", guid, title, None, s))
            continue
        if _when(before) != _when(s):
            changes.append(Change("moved", guid, title, before, s))
        if before["room"] != s["room"]:
            changes.append(Change("room", guid, title,
                                  TranslatedText(old_rooms[before["room"]]["name"]) if before["room"] in old_rooms else None,
                                  TranslatedText(new_rooms[s["room"]]["name"]) if s["room"] in new_rooms else None))
        if TranslatedText(before["title"]) != title:
            changes.append(Change("retitled", guid, title, TranslatedText(before["title"]), title))
        if _people_key(before) != _people_key(s):
            old_names = {p["name"] for p in before["people"]}
            new_names = {p["name"] for p in s["people"]}
            changes.append(Change("speakers", guid, title, sorted(old_names - new_names), sorted(new_names - old_names)))
        if list(before.get("languages") or []) != list(s.get("languages") or []):
            changes.append(Change("languages", guid, title, list(before.get("languages") or []),
                                  list(s.get("languages") or [])))
        if _interpretation(before) != _interpretation(s):
            changes.append(Change("interpretation", guid, title, _interpretation(before), _interpretation(s)))
        if _text(before.get("description")) != _text(s.get("description")):
            changes.append(Change("description", guid, title, _text(before.get("description")),
                                  _text(s.get("description"))))
        if before.get("track") != s.get("track"):
            changes.append(Change("track", guid, title,
                                  TranslatedText(old_tracks[before["track"]]["name"]) if before.get("track") in old_tracks else None,
                                  TranslatedText(new_tracks[s["track"]]["name"]) if s.get("track") in new_tracks else None))
    for guid, s in old_sessions.items():
        if guid not in new_sessions:
            changes.append(Change("removed", guid, TranslatedText(s["title"]), s, None))
    return changes


def history(convening: Convening) -> list[tuple[Release, list[Change]]]:
    """Each release, newest first, with what changed since the one before."""
    rows = releases(convening)
    result = []
    for i, row in enumerate(rows):
        previous = rows[i + 1] if i + 1 < len(rows) else None
        result.append((row, changelog(previous.snapshot if previous else None, row.snapshot)))
    return result
