"""Dates, times and numbers for the active locale, through Babel.

Historical dates are often known only to the month or the year. A ``PartialDate`` keeps the
precision the sources give, and is formatted without inventing the missing parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_interval, format_skeleton
from babel.lists import format_list as _babel_format_list
from flask import Flask
from flask_babel import format_datetime, format_decimal, get_locale, gettext
from markupsafe import Markup, escape

from .translated import TranslatedText

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year. ``value`` is the first day it covers."""

    value: date
    precision: str = DAY

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        match = _PARTIAL.match(str(text).strip())
        if not match:
            raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
        year, month, day = match.groups()
        precision = DAY if day else MONTH if month else YEAR
        return cls(date(int(year), int(month or 1), int(day or 1)), precision)

    def __post_init__(self):
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown date precision {self.precision!r}")

    def iso(self) -> str:
        if self.precision == YEAR:
            return f"{self.value.year:04d}"
        if self.precision == MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def _locale():
    return get_locale() or "en"


def format_partial(value: PartialDate | None) -> str:
    if value is None:
        return ""
    locale = _locale()
    if value.precision == YEAR:
        return str(value.value.year)
    if value.precision == MONTH:
        return format_skeleton("yMMMM", value.value, locale=locale)
    return _babel_format_date(value.value, format="long", locale=locale)


def format_partial_range(start: PartialDate | None, end: PartialDate | None) -> str:
    """"December 2–3, 2013", "2–3 de diciembre de 2013", "February 2024", "2009"."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_partial(start)
    locale = _locale()
    if start.precision == DAY and end.precision == DAY:
        return long_day_interval(start.value, end.value, locale)
    if start.precision == MONTH and end.precision == MONTH:
        return format_interval(start.value, end.value, skeleton="yMMMM", locale=locale)
    return f"{format_partial(start)} – {format_partial(end)}"


def long_day_interval(start: date, end: date, locale) -> str:
    """"December 2–3, 2013" / "2–3 de diciembre de 2013": month names in full. Where the locale's
    data has no full-month interval (English), use the abbreviated one with the month spelled out."""
    loc = Locale.parse(str(locale))
    if start == end:
        return _babel_format_date(start, format="long", locale=loc)
    formats = loc.interval_formats
    if "yMMMMd" in formats:
        return format_interval(start, end, skeleton="yMMMMd", locale=loc)
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    patterns = formats.get("yMMMd", {}).get(field)
    if not patterns:
        return format_interval(start, end, skeleton="yMMMd", locale=loc)
    full = [re.sub(r"(?<!M)MMM(?!M)", "MMMM", p) for p in patterns]
    return "".join(_babel_format_date(d, p, locale=loc) for p, d in zip(full, (start, end)))


def format_date(value: date | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    return _babel_format_date(value, format=fmt, locale=_locale())


def format_local_datetime(value: datetime | None, tz: str | None = None, fmt: str = "medium") -> str:
    """A UTC datetime shown in a time zone (the venue's), with the zone's name."""
    if value is None:
        return ""
    zone = ZoneInfo(tz) if tz else None
    local = value.astimezone(zone) if zone else value
    return format_datetime(local, fmt)


def format_list(items, style: str = "standard") -> str:
    """"English, Spanish and French" / "inglés, español y francés": a list joined the way the interface
    language joins lists (Babel's list patterns). ``style="or"`` for alternatives."""
    texts = [str(item) for item in items if item is not None and str(item) != ""]
    if not texts:
        return ""
    return _babel_format_list(texts, style=style, locale=_locale())


def format_number(value) -> str:
    return format_decimal(value)


def translated_html(value: TranslatedText | None, lang: str | None = None) -> Markup:
    """Content in the active language; when it is missing, the other language, marked as not yet
    translated (and tagged with its ``lang`` so screen readers pronounce it right)."""
    from .locale import current_language

    if not value:
        return Markup("")
    value = TranslatedText.coerce(value)
    resolved = value.resolve(lang or current_language())
    if not resolved.is_fallback:
        return Markup(escape(resolved.text))
    marker = gettext("not yet translated")
    return Markup(
        '<span lang="{lang}">{text}</span> <small class="untranslated">({marker})</small>'
    ).format(lang=resolved.language, text=resolved.text, marker=marker)


def translated_plain(value: TranslatedText | None, lang: str | None = None) -> str:
    from .locale import current_language

    if not value:
        return ""
    return TranslatedText.coerce(value).resolve(lang or current_language()).text


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        tr=translated_html,
        trp=translated_plain,
        partial_date=format_partial,
        partial_range=format_partial_range,
        date=format_date,
        local_datetime=format_local_datetime,
        number=format_number,
    )
    app.jinja_env.filters["join_list"] = format_list
