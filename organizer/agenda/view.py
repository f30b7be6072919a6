"""A released agenda (a snapshot) shaped for pages and exports: sessions by day, rooms side by side.

Everything here works from the frozen snapshot only: no query.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from threading import Lock

from sqlalchemy.orm import object_session
from zoneinfo import ZoneInfo

from ..i18n.formatting import PartialDate
from ..i18n.translated import TranslatedText
from . import timefmt
from .models import DAY, EXACT


@dataclass
class PersonView:
    id: int
    slug: str
    name: str
    public: bool
    role: str
    organization: TranslatedText | None
    organization_acronym: TranslatedText | None
    organization_slug: str | None


@dataclass
class RoomView:
    id: int
    guid: str
    name: TranslatedText
    capacity: int | None


@dataclass
class TrackView:
    id: int
    key: str
    name: TranslatedText


@dataclass
class SessionView:
    id: int
    guid: str
    key: str
    title: TranslatedText
    description: TranslatedText | None
    kind: str
    precision: str
    start: datetime | None
    end: datetime | None
    day: date | None
    room: RoomView | None
    track: TrackView | None
    languages: list[str]
    interpretation_mode: str
    interpretation_into: list[str]
    interpretation_channel: str | None
    parallel: bool
    people: list[PersonView]
    local_day: date | None = None

    @property
    def speakers(self) -> list[PersonView]:
        return [p for p in self.people if p.role == "speaker"]

    @property
    def moderators(self) -> list[PersonView]:
        return [p for p in self.people if p.role == "moderator"]

    @property
    def duration(self) -> timedelta | None:
        return self.end - self.start if self.start and self.end else None


@dataclass
class Slot:
    start: datetime
    cells: dict  # room id (or None) -> [SessionView]
    spanning: SessionView | None = None  # a lone session without a room: spans every column


@dataclass
class Day:
    date: date
    untimed: list[SessionView] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    rooms: list[RoomView | None] = field(default_factory=list)
    sessions: list[SessionView] = field(default_factory=list)


class Agenda:
    """The views of one snapshot. ``Agenda.of_release(release)`` builds a released agenda once per
    worker and keeps the last few (a release never changes); a draft is built each time."""

    _released: OrderedDict = OrderedDict()
    _released_lock = Lock()
    KEEP_RELEASES = 4

    @classmethod
    def of_release(cls, release) -> "Agenda":
        session = object_session(release)
        where = str(session.get_bind().url) if session is not None else None  # one process, several databases (tests)
        key = (where, release.id, release.convening_id, release.number, release.released_at)
        with cls._released_lock:
            agenda = cls._released.get(key)
            if agenda is not None:
                cls._released.move_to_end(key)
                return agenda
        agenda = cls(release.snapshot)
        with cls._released_lock:
            cls._released[key] = agenda
            while len(cls._released) > cls.KEEP_RELEASES:
                cls._released.popitem(last=False)
        return agenda

    def __init__(self, snapshot: dict):
        self.snapshot = snapshot
        self.tz = _zone(snapshot.get("timezone"))
        conv = snapshot.get("convening") or {}
        self.convening_start = PartialDate(date.fromisoformat(conv["start"]), conv.get("start_precision") or "day") \
            if conv.get("start") else None
        self.convening_end = PartialDate(date.fromisoformat(conv["end"]), conv.get("end_precision") or "day") \
            if conv.get("end") else None
        self.rooms = [RoomView(r["id"], r["guid"], TranslatedText(r["name"]), r.get("capacity"))
                      for r in snapshot.get("rooms", [])]
        self.tracks = [TrackView(t["id"], t["key"], TranslatedText(t["name"])) for t in snapshot.get("tracks", [])]
        room_by_id = {r.id: r for r in self.rooms}
        track_by_id = {t.id: t for t in self.tracks}
        self.sessions: list[SessionView] = []
        for s in snapshot.get("sessions", []):
            start = datetime.fromisoformat(s["start"]) if s.get("start") else None
            end = datetime.fromisoformat(s["end"]) if s.get("end") else None
            day = date.fromisoformat(s["day"]) if s.get("day") else None
            view = SessionView(
                id=s["id"], guid=s["guid"], key=s["key"], title=TranslatedText(s["title"]),
                description=TranslatedText(s["description"]) if s.get("description") else None,
                kind=s["kind"], precision=s["precision"], start=start, end=end, day=day,
                room=room_by_id.get(s.get("room")), track=track_by_id.get(s.get("track")),
                languages=list(s.get("languages") or []),
                interpretation_mode=s["interpretation"]["mode"],
                interpretation_into=list(s["interpretation"]["into"] or []),
                interpretation_channel=s["interpretation"].get("channel"),
                parallel=bool(s.get("parallel", True)),
                people=[PersonView(p["id"], p["slug"], p["name"], p.get("public", False), p["role"],
                                   TranslatedText(p["organization"]["name"]) if p.get("organization") else None,
                                   TranslatedText(p["organization"]["acronym"]) if p.get("organization") and p["organization"].get("acronym") else None,
                                   p["organization"]["slug"] if p.get("organization") else None)
                        for p in s.get("people", [])],
            )
            if view.precision == EXACT and start:
                view.local_day = start.astimezone(self.tz).date()
            elif view.precision == DAY:
                view.local_day = day
            self.sessions.append(view)
        self.by_guid = {s.guid: s for s in self.sessions}

    # ------------------------------------------------------------ filters
    @property
    def languages(self) -> list[str]:
        found = []
        for s in self.sessions:
            for lang in list(s.languages) + list(s.interpretation_into):
                if lang not in found:
                    found.append(lang)
        return sorted(found)

    def filtered(self, track: str | None = None, room: str | None = None, language: str | None = None) -> list[SessionView]:
        result = self.sessions
        if track:
            result = [s for s in result if s.track and str(s.track.id) == track]
        if room:
            result = [s for s in result if s.room and str(s.room.id) == room]
        if language:
            result = [s for s in result if language in s.languages or language in s.interpretation_into]
        return result

    # ------------------------------------------------------------ grouping
    def days(self, sessions: list[SessionView] | None = None) -> list[Day]:
        sessions = self.sessions if sessions is None else sessions
        days: dict[date, Day] = {}
        for s in sessions:
            if s.local_day is None:
                continue
            d = days.setdefault(s.local_day, Day(s.local_day))
            d.sessions.append(s)
            if s.precision == DAY or s.start is None:
                d.untimed.append(s)
        room_order = {r.id: i for i, r in enumerate(self.rooms)}
        for d in days.values():
            timed = [s for s in d.sessions if s.precision == EXACT and s.start]
            used = {s.room.id for s in timed if s.room}
            d.rooms = [r for r in self.rooms if r.id in used]
            slots: dict[datetime, Slot] = {}
            for s in sorted(timed, key=lambda s: (s.start, room_order.get(s.room.id if s.room else -1, 999))):
                slot = slots.setdefault(s.start, Slot(s.start, {}))
                slot.cells.setdefault(s.room.id if s.room else None, []).append(s)
            for slot in slots.values():
                if list(slot.cells) == [None] and len(slot.cells[None]) == 1 and d.rooms:
                    slot.spanning = slot.cells[None][0]
            if any(None in slot.cells and slot.spanning is None for slot in slots.values()) or not d.rooms:
                d.rooms.append(None)
            d.slots = list(slots.values())
        return [days[k] for k in sorted(days)]

    def undated(self, sessions: list[SessionView] | None = None) -> list[SessionView]:
        sessions = self.sessions if sessions is None else sessions
        return [s for s in sessions if s.local_day is None]

    # ------------------------------------------------------------ display
    @property
    def span(self) -> str:
        return timefmt.convening_span(self.convening_start, self.convening_end)

    def zone_name(self) -> str:
        """The venue's zone for the whole agenda, without a season: "Ciudad de México (México) · hora
        central". Each day names its own season (``day_zone``)."""
        from ..i18n.zones import zone_display

        return zone_display(self.tz.key)

    def _day_sessions(self, day) -> list[SessionView]:
        if isinstance(day, Day):
            return day.sessions
        return [s for s in self.sessions if s.local_day == day]

    def changes_zone(self, day) -> bool:
        """Whether the clocks change during this day's sessions (then each time says its zone)."""
        key = day.date if isinstance(day, Day) else day
        memo = self.__dict__.setdefault("_changes_zone", {})
        if key not in memo:
            offsets = {s.start.astimezone(self.tz).utcoffset() for s in self._day_sessions(day)
                       if s.precision == EXACT and s.start}
            memo[key] = len(offsets) > 1
        return memo[key]

    def day_zone(self, day) -> str:
        """The zone as it is on that day ("hora de verano del Pacífico (GMT-07:00)"), computed for the
        day itself, never for the first day of the agenda."""
        if self.changes_zone(day):
            return timefmt.zone_changes_notice()
        timed = [s.start for s in self._day_sessions(day) if s.precision == EXACT and s.start]
        value = day.date if isinstance(day, Day) else day
        at = timed[0] if timed else datetime.combine(value, datetime.min.time().replace(hour=12), tzinfo=self.tz)
        return timefmt.zone_name(self.tz, at)

    def when(self, s: SessionView, with_day: bool = True) -> str:
        """What is known of the session's time, honestly."""
        if s.precision == EXACT and s.start:
            times = timefmt.time_range(s.start, s.end, self.tz)
            zone = timefmt.zone_short(self.tz, s.start)
            if with_day:
                return f"{timefmt.long_day(s.local_day)}, {times} {zone}"
            return f"{times} {zone}"
        if s.precision == DAY and s.day:
            return timefmt.not_recorded_on_day(s.day)
        return timefmt.not_recorded_in_span(self.span)

    def times(self, s: SessionView, day=None) -> str:
        """The session's times; with the zone when ``day`` is given and the clocks change that day."""
        if not s.start:
            return ""
        changes = day is not None and self.changes_zone(day)
        key = (timefmt.language(), s.start, s.end, changes)
        memo = self.__dict__.setdefault("_times", {})
        if key not in memo:
            text = timefmt.time_range(s.start, s.end, self.tz)
            memo[key] = f"{text} {timefmt.zone_short(self.tz, s.start)}" if changes else text
        return memo[key]

    def slot_time(self, slot: Slot, day=None) -> str:
        text = timefmt.local_time(slot.start, self.tz)
        if day is not None and self.changes_zone(day):
            text = f"{text} {timefmt.zone_short(self.tz, slot.start)}"
        return text

    def long_day(self, value: date) -> str:
        return timefmt.long_day(value)


def summarize(snapshot: dict) -> dict:
    """The counts the convening page shows, from a release's snapshot: sessions, sessions per
    local day, sessions without a known day, and the convening's span (for their label)."""
    agenda = Agenda(snapshot)
    conv = snapshot.get("convening") or {}
    return {"sessions": len(agenda.sessions),
            "days": [[day.date.isoformat(), len(day.sessions)] for day in agenda.days()],
            "undated": len(agenda.undated()),
            "span": [conv.get("start"), conv.get("start_precision"), conv.get("end"), conv.get("end_precision")]}


@dataclass
class Summary:
    """A release's stored counts, ready for the convening page's agenda block."""

    sessions: int
    days: list[tuple[date, int]]
    undated: int
    start: PartialDate | None
    end: PartialDate | None

    @classmethod
    def of(cls, release) -> Summary:
        data = release.summary or summarize(release.snapshot)
        start, start_precision, end, end_precision = (data.get("span") or [None] * 4)
        return cls(data["sessions"], [(date.fromisoformat(d), n) for d, n in data["days"]], data["undated"],
                   PartialDate(date.fromisoformat(start), start_precision or "day") if start else None,
                   PartialDate(date.fromisoformat(end), end_precision or "day") if end else None)

    def long_day(self, value: date) -> str:
        return timefmt.long_day(value)

    def undated_label(self) -> str:
        return timefmt.not_recorded_in_span(timefmt.convening_span(self.start, self.end))


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except Exception:
        return ZoneInfo("UTC")
