"""Times at the venue, in the reader's language (Babel), never inventing what is not recorded."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_skeleton, format_time, get_month_names
from flask_babel import gettext as _

from ..i18n.formatting import PartialDate, format_partial_range


def language() -> str:
    """The reader's language, which every formatting here follows."""
    return _locale()


def _locale() -> str:
    from ..i18n.locale import current_language

    try:
        return current_language()
    except Exception:
        return "en"


# Babel formats a time in about 0.1 ms; an agenda of 1,000 sessions asks for a few dozen distinct
# times thousands of times. These are pure functions of (moment, zone, locale): remembered.
@lru_cache(maxsize=8192)
def _format_time(value: datetime, tz: ZoneInfo, locale: str) -> str:
    return format_time(value, format="short", tzinfo=tz, locale=locale)


@lru_cache(maxsize=4096)
def _format_moment(value: datetime, pattern: str, tz: ZoneInfo, locale: str) -> str:
    return format_datetime(value, pattern, tzinfo=tz, locale=locale)


@lru_cache(maxsize=4096)
def _format_date(value: date, form: str, locale: str) -> str:
    return format_date(value, format=form, locale=locale)


def local_time(value: datetime, tz: ZoneInfo) -> str:
    return _format_time(value, tz, _locale())


def time_range(start: datetime, end: datetime | None, tz: ZoneInfo) -> str:
    if end is None:
        return local_time(start, tz)
    return f"{local_time(start, tz)}–{local_time(end, tz)}"


def long_day(value: date) -> str:
    return _format_date(value, "full", _locale())


def day(value: date) -> str:
    return _format_date(value, "long", _locale())


def zone_name(tz: ZoneInfo, at: datetime) -> str:
    """"Pacific Standard Time (GMT-08:00)" / "hora estándar del Pacífico (GMT-08:00)"."""
    locale = _locale()
    return f"{_format_moment(at, 'zzzz', tz, locale)} ({_format_moment(at, 'ZZZZ', tz, locale)})"


def zone_short(tz: ZoneInfo, at: datetime) -> str:
    """"PST" where the language has an abbreviation for the zone, else "GMT-06:00"."""
    locale = _locale()
    short = _format_moment(at, "z", tz, locale)
    if any(c.isalpha() for c in short):
        return short
    return _format_moment(at, "ZZZZ", tz, locale)


def zone_changes_notice() -> str:
    return _("The clocks change on this day: each time says its zone.")


def convening_span(start: PartialDate | None, end: PartialDate | None) -> str:
    """"December 2–3, 2013" / "2–3 de diciembre de 2013": full month names, as people write them."""
    if start is not None and end is not None and start.precision == end.precision == "day" and start != end:
        a, b = start.value, end.value
        if (a.year, a.month) == (b.year, b.month):
            month = get_month_names("wide", locale=_locale())[a.month]
            return _("%(month)s %(first)d–%(last)d, %(year)d", month=month, first=a.day, last=b.day, year=a.year)
        if a.year == b.year:
            return f"{format_skeleton('MMMMd', a, locale=_locale())} – {day(b)}"
        return f"{day(a)} – {day(b)}"
    return format_partial_range(start, end)


def not_recorded_on_day(value: date) -> str:
    return _("%(date)s, time not recorded", date=day(value))


def not_recorded_in_span(span: str) -> str:
    if not span:
        return _("Date and time not recorded")
    return _("%(dates)s, time not recorded", dates=span)


def moment(value: datetime | None, tz: ZoneInfo | str) -> str:
    """A moment (a release, say) at the venue, labelled with its zone (the one formatting function)."""
    from ..i18n.formatting import format_local_datetime

    return format_local_datetime(value, tz)
