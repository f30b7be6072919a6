"""Exports of a released agenda: iCalendar, JSON, frab-compatible XML. All from the snapshot."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from xml.etree import ElementTree as ET

from flask import url_for
from icalendar import Calendar, Event

from ..i18n.formatting import translated_plain
from ..i18n.registry import language_label
from .labels import KIND_LABELS
from .models import DAY, EXACT, NO_INTERPRETATION
from .view import Agenda, SessionView

UID_DOMAIN = "organizer"


def uid(session: SessionView) -> str:
    """The same in every release: calendar apps update the event instead of adding a copy."""
    return f"{session.guid}@{UID_DOMAIN}"


def _url(convening_slug: str, session: SessionView, lang: str) -> str:
    return url_for("agenda.session_page", slug=convening_slug, guid=session.guid, lang_code=lang, _external=True)


def _spoken(s: SessionView, lang: str) -> str:
    """The languages, named through the registry in the feed's language ("Spanish → Mexican Sign
    Language (LSM)"), never as codes."""
    if not s.languages and s.interpretation_mode == NO_INTERPRETATION:
        return ""
    text = ", ".join(language_label(code, lang) for code in s.languages)
    if s.interpretation_mode != NO_INTERPRETATION and s.interpretation_into:
        text += " → " + ", ".join(language_label(code, lang) for code in s.interpretation_into)
        if s.interpretation_channel:
            text += f" ({s.interpretation_channel})"
    return text.strip()


def _event(agenda: Agenda, s: SessionView, convening_slug: str, lang: str, stamp: datetime, sequence: int) -> Event | None:
    event = Event()
    event.add("uid", uid(s))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", translated_plain(s.title, lang))
    if s.precision == EXACT and s.start:
        event.add("dtstart", s.start.astimezone(agenda.tz))
        event.add("dtend", (s.end or s.start).astimezone(agenda.tz))
    elif s.precision == DAY and s.day:
        event.add("dtstart", s.day)
        event.add("dtend", s.day + timedelta(days=1))
    elif agenda.convening_start is not None:
        # Known only to the convening: an all-day event over the convening's dates.
        first = agenda.convening_start.value
        last = agenda.convening_end.value if agenda.convening_end else first
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))
    else:
        return None
    description = []
    if s.precision != EXACT:
        description.append(agenda.when(s))
    if s.description:
        description.append(translated_plain(s.description, lang))
    spoken = _spoken(s, lang)
    if spoken:
        description.append(spoken)
    people = [f"{p.name}" + (f" ({translated_plain(p.organization, lang)})" if p.organization else "") for p in s.people]
    if people:
        description.append(", ".join(people))
    if description:
        event.add("description", "\n\n".join(description))
    if s.room:
        event.add("location", translated_plain(s.room.name, lang))
    event.add("categories", [str(KIND_LABELS.get(s.kind, s.kind))])
    event.add("url", _url(convening_slug, s, lang))
    return event


def icalendar(agenda: Agenda, convening, release, lang: str, sessions: list[SessionView] | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Organizer//Agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", translated_plain(convening.title, lang))
    cal.add("x-wr-timezone", agenda.tz.key)
    # Ask subscribed calendar apps to check for a new release every hour.
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for s in agenda.sessions if sessions is None else sessions:
        event = _event(agenda, s, convening.slug, lang, release.released_at, release.number)
        if event is not None:
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _duration(delta: timedelta | None) -> str:
    if not delta:
        return "00:00"
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def as_dict(agenda: Agenda, convening, release, lang: str) -> dict:
    def person(p):
        return {"id": p.id, "slug": p.slug, "name": p.name, "role": p.role,
                "organization": p.organization.to_dict() if p.organization else None,
                "organization_slug": p.organization_slug}

    return {
        "convening": {"slug": convening.slug, "title": convening.title.to_dict(), "timezone": agenda.tz.key,
                      "start": agenda.convening_start.iso() if agenda.convening_start else None,
                      "end": agenda.convening_end.iso() if agenda.convening_end else None},
        "release": {"number": release.number, "name": release.name.to_dict(),
                    "note": release.note.to_dict() if release.note else None,
                    "released_at": release.released_at.isoformat()},
        "rooms": [{"id": r.id, "guid": r.guid, "name": r.name.to_dict(), "capacity": r.capacity} for r in agenda.rooms],
        "tracks": [{"id": t.id, "key": t.key, "name": t.name.to_dict()} for t in agenda.tracks],
        "sessions": [{
            "guid": s.guid, "key": s.key, "url": _url(convening.slug, s, lang),
            "title": s.title.to_dict(), "description": s.description.to_dict() if s.description else None,
            "kind": s.kind, "time_precision": s.precision,
            "start": s.start.astimezone(agenda.tz).isoformat() if s.start else None,
            "end": s.end.astimezone(agenda.tz).isoformat() if s.end else None,
            "day": s.local_day.isoformat() if s.local_day else None,
            "room": s.room.id if s.room else None, "track": s.track.id if s.track else None,
            "languages": s.languages,
            "interpretation": {"mode": s.interpretation_mode, "into": s.interpretation_into,
                               "channel": s.interpretation_channel},
            "parallel_allowed": s.parallel,
            "people": [person(p) for p in s.people],
        } for s in agenda.sessions],
    }


def as_json(agenda: Agenda, convening, release, lang: str) -> bytes:
    return json.dumps(as_dict(agenda, convening, release, lang), ensure_ascii=False, indent=1).encode()


def _frab_days(agenda: Agenda, timed: list[SessionView]) -> list[date]:
    """Every date from the convening's first day (or the first session's) to its last, so that
    ``start``, ``end`` and ``days`` agree; only the dates with sessions when that span is unreasonable."""
    dates = sorted({s.local_day for s in timed if s.local_day})
    bounds = list(dates)
    if agenda.convening_start is not None and agenda.convening_start.precision == "day":
        bounds.append(agenda.convening_start.value)
        end = agenda.convening_end or agenda.convening_start
        if end.precision == "day":
            bounds.append(end.value)
    if not bounds:
        return []
    first, last = min(bounds), max(bounds)
    if (last - first).days > 366:
        return dates
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def frab_xml(agenda: Agenda, convening, release, lang: str) -> bytes:
    """The frab schedule format (schedule/conference/day/room/event), read by conference apps.

    Only sessions with a known start time go in: the format has no way to say "time not recorded",
    and we invent no time (the JSON export lists the others with their known day). Every day of the
    convening is listed, so ``start``, ``end`` and ``days`` agree, and every day lists the rooms in
    the same order (the convening's room order), as schedule apps draw one column per room.
    """
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="Organizer")
    ET.SubElement(root, "version").text = translated_plain(release.name, lang)
    conf = ET.SubElement(root, "conference")
    ET.SubElement(conf, "acronym").text = convening.slug
    ET.SubElement(conf, "title").text = translated_plain(convening.title, lang)
    timed = [s for s in agenda.sessions if s.precision == EXACT and s.start]
    all_days = _frab_days(agenda, timed)
    if all_days:
        ET.SubElement(conf, "start").text = all_days[0].isoformat()
        ET.SubElement(conf, "end").text = all_days[-1].isoformat()
    ET.SubElement(conf, "days").text = str(len(all_days))
    ET.SubElement(conf, "timeslot_duration").text = "00:15"
    ET.SubElement(conf, "time_zone_name").text = agenda.tz.key

    by_day: dict[date, list[SessionView]] = {d: [] for d in all_days}
    for s in timed:
        by_day.setdefault(s.local_day, []).append(s)
    no_room = translated_plain({"en": "Room not set", "es": "Sala sin asignar"}, lang)
    room_names = [translated_plain(r.name, lang) for r in agenda.rooms]
    if any(s.room is None for s in timed):
        room_names.append(no_room)
    for index, d in enumerate(all_days, start=1):
        day_start = datetime.combine(d, datetime.min.time()).replace(tzinfo=agenda.tz)
        day_el = ET.SubElement(root, "day", index=str(index), date=d.isoformat(),
                               start=day_start.isoformat(), end=(day_start + timedelta(days=1)).isoformat())
        rooms: dict[str, list[SessionView]] = {name: [] for name in room_names}
        for s in by_day.get(d, []):
            rooms.setdefault(translated_plain(s.room.name, lang) if s.room else no_room, []).append(s)
        for room_name, items in rooms.items():
            room_el = ET.SubElement(day_el, "room", name=room_name)
            for s in items:
                ev = ET.SubElement(room_el, "event", guid=s.guid, id=str(s.id))
                local = s.start.astimezone(agenda.tz)
                ET.SubElement(ev, "date").text = local.isoformat()
                ET.SubElement(ev, "start").text = local.strftime("%H:%M")
                ET.SubElement(ev, "duration").text = _duration(s.duration)
                ET.SubElement(ev, "room").text = room_name
                ET.SubElement(ev, "slug").text = f"{convening.slug}-{s.key}"
                ET.SubElement(ev, "url").text = _url(convening.slug, s, lang)
                ET.SubElement(ev, "title").text = translated_plain(s.title, lang)
                ET.SubElement(ev, "subtitle").text = ""
                ET.SubElement(ev, "track").text = translated_plain(s.track.name, lang) if s.track else ""
                ET.SubElement(ev, "type").text = s.kind
                if s.languages:
                    # The language the session is held in, as the organizers chose it.
                    ET.SubElement(ev, "language").text = s.languages[0]
                ET.SubElement(ev, "abstract").text = ""
                ET.SubElement(ev, "description").text = translated_plain(s.description, lang) if s.description else ""
                persons = ET.SubElement(ev, "persons")
                for p in s.people:
                    ET.SubElement(persons, "person", id=str(p.id)).text = p.name
                ET.SubElement(ev, "links")
                ET.SubElement(ev, "attachments")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")
