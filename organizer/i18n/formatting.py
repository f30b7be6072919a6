"""Dates, times and numbers for the active locale, through Babel.

Historical dates are often known only to the month or the year. A ``PartialDate`` keeps the
precision the sources give, and is formatted without inventing the missing parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_interval, format_skeleton
from babel.lists import format_list as _babel_format_list
from flask import Flask
from flask_babel import format_decimal, get_locale, gettext
from markupsafe import Markup, escape

from .memo import request_memo
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


#: The reader's time zone when their profile names none: the one most readers of that language
#: live in (Organizer's convenings are trinational: Mexico for Spanish, the US West Coast for English).
DEFAULT_ZONES = {"es": "America/Mexico_City", "en": "America/Los_Angeles", "fr": "America/Toronto"}


def zone_info(name: str | ZoneInfo | None) -> ZoneInfo:
    """A ZoneInfo from an IANA id; an unknown or empty id is UTC (a bad value never breaks a page)."""
    if isinstance(name, ZoneInfo):
        return name
    try:
        return ZoneInfo(name or "UTC")
    except Exception:
        return ZoneInfo("UTC")


def reader_zone() -> str:
    """The reader's time zone (IANA id): their profile's, else the default for their language."""
    from flask_login import current_user

    try:
        chosen = getattr(current_user, "timezone", None) if current_user and current_user.is_authenticated else None
    except Exception:  # outside a request
        chosen = None
    return chosen or DEFAULT_ZONES.get(_locale().language, "UTC")


def zone_label(tz: str | ZoneInfo | None, at: datetime | None = None) -> str:
    """The zone as people name it, with its offset on that moment (so a label is right on either side
    of a change to or from daylight time): "Mexico City time, GMT-06:00" / "hora de Ciudad de México,
    GMT-06:00"; "UTC" for UTC."""
    from babel.dates import get_timezone_gmt, get_timezone_location

    zone = zone_info(tz)
    if zone.key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT"):
        return "UTC"
    locale = _locale()
    at = (at or datetime.now(zone)).astimezone(zone)
    city = get_timezone_location(zone, locale=locale, return_city=True)
    return gettext("%(place)s time, %(offset)s", place=city,
                   offset=get_timezone_gmt(at, width="long", locale=locale))


def format_local_datetime(value: datetime | None, tz: str | ZoneInfo | None = None, fmt: str = "medium",
                          zone: bool = True) -> str:
    """THE way a moment is shown to a person (pages, emails, exports, PDFs): in the convening's zone
    (``tz``), or, for things tied to no convening, in the reader's zone; minutes, no seconds; and
    labelled with the zone: "Feb 21, 2027, 11:00 PM (Mexico City time, GMT-06:00)". A naive value is
    UTC (the database stores UTC)."""
    from babel.dates import format_time

    if value is None:
        return ""
    place = zone_info(tz if tz else reader_zone())
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(place)
    locale = Locale.parse(str(_locale()))
    date_part = _babel_format_date(local.date(), format=fmt, locale=locale)
    time_part = format_time(local, format="short", tzinfo=place, locale=locale)
    pattern = locale.datetime_formats.get(fmt) or locale.datetime_formats["medium"]
    text = str(pattern).replace("{1}", date_part).replace("{0}", time_part)
    if not zone:
        return text
    return f"{text} ({zone_label(place, local)})"


format_moment = format_local_datetime


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
    lang = lang or current_language()
    try:
        key = (frozenset(value.items()), lang)
    except (AttributeError, TypeError):
        return _translated_html(value, lang)
    memo = request_memo("translated_html")
    if key not in memo:
        memo[key] = _translated_html(value, lang)
    return memo[key]


def _translated_html(value, lang: str) -> Markup:
    value = TranslatedText.coerce(value)
    resolved = value.resolve(lang)
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


def provenance_text(value: TranslatedText | None, lang: str | None = None) -> str:
    """Says, in the reader's language, that the text shown of ``value`` is a translation, and whose
    ("Traduction d'Organizer; original en anglais"); "" when it is the original wording or nobody
    recorded where it comes from."""
    from .locale import current_language
    from .registry import language_label

    if not value:
        return ""
    value = TranslatedText.coerce(value)
    shown = value.resolve(lang or current_language()).language
    mark = value.provenance(shown) if shown else None
    if mark is None or not mark.is_translation:
        return ""
    original = language_label(mark.source, sentence=True)
    if mark.organizer:
        return gettext("Organizer's translation; original in %(language)s", language=original)
    if mark.by and mark.on:
        try:
            when = format_date(date.fromisoformat(mark.on))
        except ValueError:
            when = mark.on
        return gettext("Translated by %(name)s on %(date)s; original in %(language)s",
                       name=mark.by, date=when, language=original)
    if mark.by:
        return gettext("Translated by %(name)s; original in %(language)s", name=mark.by, language=original)
    return gettext("Translation; original in %(language)s", language=original)


def provenance_note(*values: TranslatedText | None) -> Markup:
    """The provenance of the first of ``values`` whose shown text is a translation, as a short note
    for a public page (one per record: its title, summary and so on come from the same hands)."""
    for value in values:
        text = provenance_text(value)
        if text:
            return Markup('<p class="provenance"><small>{}</small></p>').format(text)
    return Markup("")


def translator_note(value: TranslatedText | None, lang: str) -> Markup:
    """Under one language version shown on its own (a declaration's clause, side by side): who
    translated it and when, when a person did (Organizer's own translations are said once per page)."""
    value = TranslatedText.coerce(value) if value else None
    mark = value.provenance(lang) if value and lang in value else None
    if mark is None or not mark.is_translation or mark.organizer:
        return Markup("")
    return Markup('<p class="provenance"><small>{}</small></p>').format(provenance_text(value, lang))


def init_app(app: Flask) -> None:
    from .zones import zone_display

    app.jinja_env.globals["provenance_note"] = provenance_note
    app.jinja_env.globals["translator_note"] = translator_note
    app.jinja_env.filters["provenance"] = provenance_text

    app.jinja_env.globals["zone_display"] = zone_display
    app.jinja_env.filters.update(
        tr=translated_html,
        trp=translated_plain,
        partial_date=format_partial,
        partial_range=format_partial_range,
        date=format_date,
        local_datetime=format_local_datetime,
        moment=format_local_datetime,
        zone_label=zone_label,
        number=format_number,
    )
    app.jinja_env.filters["join_list"] = format_list
