"""Seeding past agendas through the "seed_convening" hook (see seeds/README.md, ``sessions:``).

Sessions are matched by ``key``; seeded rows carry origin "seed" and sessions made in the app are
never touched; a seeded session the file no longer lists is removed. The seeded agenda is released (a version named "Archive") so the public sees it.
Times the sources do not give are never invented: a session has a day or only the convening.
"""
from __future__ import annotations

import uuid

from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n.formatting import DAY as DATE_DAY
from ..i18n.translated import TranslatedText
from ..organizations.models import ORIGIN_SEED
from ..platform.slugs import slugify
from . import services
from .models import CONVENING, DAY, KINDS, NO_INTERPRETATION, PERSON_ROLES, SESSION_LANGUAGES, Session, Track

ARCHIVE_NAME = TranslatedText(en="Archive", es="Archivo")
ARCHIVE_NOTE = TranslatedText(
    en="The sessions as the historical sources record them. Where the sources give no day or time, none is shown.",
    es="Las sesiones tal como las registran las fuentes históricas. Donde las fuentes no dan día ni hora, no se muestran.")


def seeded_guid(convening_slug: str, key: str) -> str:
    """Deterministic, so calendar UIDs survive a fresh database seeded again."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"organizer:agenda:{convening_slug}:{key}"))


def _track_key(name: TranslatedText) -> str:
    return slugify(name.resolve("en").text, max_length=100, fallback="track")


def seed_sessions(ctx, convening, data: dict) -> None:
    items = data.get("sessions") or []
    if not items:
        return
    if not isinstance(items, list):
        ctx.error("sessions", "must be a list")
    existing = {s.key: s for s in db.session.scalars(
        db.select(Session).where(Session.convening_id == convening.id).options(selectinload(Session.people)))}
    tracks = {t.key: t for t in db.session.scalars(db.select(Track).where(Track.convening_id == convening.id))}
    changed = False
    seen = set()
    for item in items:
        if not isinstance(item, dict):
            ctx.error("sessions", "each session must be a mapping")
        key = str(item.get("key") or "").strip()
        ctx.record = key or "sessions"
        if not key:
            ctx.error("key", "a session needs a key")
        if key in seen:
            ctx.error("key", f"duplicate session key {key!r}")
        seen.add(key)
        title = ctx.text(item.get("title"), "title")
        description = ctx.text(item.get("description"), "description", required=False)
        kind = ctx.choice(item.get("kind") or "panel", KINDS, "kind")
        day = ctx.partial_date(item.get("day"), "day", required=False)
        if day is not None and day.precision != DATE_DAY:
            ctx.error("day", "give a full day (YYYY-MM-DD) or null")
        languages = item.get("languages") or []
        if not isinstance(languages, list):
            ctx.error("languages", "must be a list")
        languages = [ctx.choice(lang, SESSION_LANGUAGES, "languages") for lang in languages]
        track = None
        if item.get("track"):
            track_name = ctx.text(item.get("track"), "track")
            track_key = _track_key(track_name)
            track = tracks.get(track_key)
            if track is None:
                track = Track(convening_id=convening.id, key=track_key, name=track_name,
                              position=len(tracks) + 1, origin=ORIGIN_SEED)
                db.session.add(track)
                db.session.flush()
                tracks[track_key] = track
                ctx.stats["tracks created"] += 1
            elif track.origin == ORIGIN_SEED and track.name != track_name:
                track.name = track_name
        people = []
        for speaker in item.get("speakers") or []:
            if not isinstance(speaker, dict):
                ctx.error("speakers", "each speaker must be a mapping")
            person = ctx.person(speaker.get("person"), "speakers.person")
            organization = ctx.organization(speaker["organization"], "speakers.organization") \
                if speaker.get("organization") else None
            role = ctx.choice(speaker.get("role") or "speaker", PERSON_ROLES, "speakers.role")
            people.append((person.id, organization.id if organization else None, role))

        values = services.SessionData(
            title=title, description=description, kind=kind,
            precision=DAY if day else CONVENING, start=None, end=None, day=day.value if day else None,
            room_id=None, track_id=track.id if track else None, languages=languages,
            interpretation_mode=NO_INTERPRETATION, interpretation_into=[], interpretation_channel=None,
            parallel_allowed=True, people=people)
        session = existing.get(key)
        if session is None:
            session = Session(convening_id=convening.id, key=key, guid=seeded_guid(convening.slug, key),
                              origin=ORIGIN_SEED, people=[])
            services.apply(session, values)
            db.session.add(session)
            ctx.stats["sessions created"] += 1
            changed = True
        elif session.origin == ORIGIN_SEED:
            before = _state(session)
            services.apply(session, values)
            if _state(session) != before:
                ctx.stats["sessions updated"] += 1
                changed = True
        # a session made in the app with the same key is left alone
    for key, session in existing.items():
        # a seeded session the file no longer has was a mistake of the seeds: it goes (app-made ones stay)
        if key not in seen and session.origin == ORIGIN_SEED:
            db.session.delete(session)
            ctx.stats["sessions deleted"] += 1
            changed = True
    db.session.flush()
    used = set(db.session.scalars(db.select(Session.track_id).where(Session.convening_id == convening.id)))
    for track in tracks.values():
        if track.origin == ORIGIN_SEED and track.id not in used:
            db.session.delete(track)
            ctx.stats["tracks deleted"] += 1
    db.session.flush()

    latest = services.latest_release(convening)
    if latest is None:
        services.release(convening, ARCHIVE_NAME, ARCHIVE_NOTE, None, origin=ORIGIN_SEED)
        ctx.stats["agenda releases created"] += 1
    elif changed and latest.origin == ORIGIN_SEED:
        latest.snapshot = services.snapshot(convening)
        ctx.stats["agenda releases updated"] += 1
    elif changed:
        services.release(convening, ARCHIVE_NAME, ARCHIVE_NOTE, None, origin=ORIGIN_SEED)
        ctx.stats["agenda releases created"] += 1
    db.session.flush()


def _state(session: Session) -> tuple:
    return (session.title, session.description, session.kind, session.precision, session.day, session.track_id,
            tuple(session.languages or []),
            tuple((p.person_id, p.organization_id, p.role) for p in session.people))


def seeded_record(convening, path: list[str]):
    """A citation's reference ``session/<key>``: the session of this convening (see
    ``platform.signals.seeded_record``)."""
    if len(path) != 2 or path[0] != "session":
        return None
    found = db.session.scalar(db.select(Session.id).where(Session.convening_id == convening.id, Session.key == path[1]))
    return ("session", found) if found else None

