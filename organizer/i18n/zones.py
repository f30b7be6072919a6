"""Time zones as people know them, and local times that exist exactly once.

- ``zone_choices()``: a picker's choices in the reader's language, by city and country
  ("Ciudad de México (México) · hora central"); the stored value stays the IANA id.
- ``LocalDateTimeField``: a ``datetime-local`` input read in a zone. A wall time the zone skips
  (the spring-forward hour) is refused with a field error; one it repeats (the autumn hour) is
  asked about: the field shows the two offsets to choose from. Its ``data`` carries the choice in
  ``datetime.fold``, so ``local.replace(tzinfo=zone)`` converts it exactly.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.dates import get_timezone_gmt, get_timezone_location, get_timezone_name
from flask_babel import gettext
from markupsafe import Markup, escape
from wtforms import DateTimeLocalField
from wtforms.validators import ValidationError

from .formatting import _locale, zone_info
from .registry import country_name
from .text import fold

REGIONS = ("America", "Europe", "Asia", "Africa", "Australia", "Pacific", "Atlantic", "Indian")


def _zone_ids() -> list[str]:
    return sorted(z for z in available_timezones() if z == "UTC" or (
        z.split("/")[0] in REGIONS and not z.startswith(("America/Argentina/ComodRivadavia",))))


def zone_place(zone_id: str, locale: str) -> str:
    """"Ciudad de México (México)", "Los Ángeles (Estados Unidos)", "UTC"."""
    if zone_id == "UTC":
        return "UTC"
    loc = Locale.parse(locale)
    zone = ZoneInfo(zone_id)
    city = get_timezone_location(zone, locale=loc, return_city=True)
    from babel.core import get_global

    territory = get_global("zone_territories").get(zone_id)
    country = country_name(territory, locale) if territory and territory != "001" else None
    if country and country != city:
        return f"{city} ({country})"
    return city


def zone_generic(zone_id: str, locale: str) -> str | None:
    """The zone's generic name where the locale's data has one ("hora central"), else None."""
    if zone_id == "UTC":
        return None
    loc = Locale.parse(locale)
    zone = ZoneInfo(zone_id)
    generic = get_timezone_name(zone, "long", locale=loc)
    if generic == get_timezone_location(zone, locale=loc):  # Babel's fallback, no real name
        return None
    return generic


@lru_cache(maxsize=8)
def _choices(locale: str) -> tuple[tuple[str, str], ...]:
    rows = []
    for zone_id in _zone_ids():
        place = zone_place(zone_id, locale)
        generic = zone_generic(zone_id, locale)
        label = f"{place} · {generic}" if generic else place
        rows.append((fold(label), zone_id, label))
    rows.sort()
    return tuple((zone_id, label) for _key, zone_id, label in rows)


def zone_choices(current: str | None = None) -> list[tuple[str, str]]:
    """Every zone, by city and country in the reader's language; a stored zone outside the list (an
    alias such as "US/Pacific") is kept when it is a real zone, never an invented one."""
    choices = list(_choices(str(_locale())))
    if current and current not in {z for z, _label in choices}:
        try:
            ZoneInfo(current)
        except Exception:
            return choices
        choices.insert(0, (current, current))
    return choices


def zone_display(zone_id: str | None) -> str:
    """One zone as a picker shows it."""
    if not zone_id:
        return ""
    try:
        ZoneInfo(zone_id)
    except Exception:
        return zone_id
    locale = str(_locale())
    generic = zone_generic(zone_id, locale)
    place = zone_place(zone_id, locale)
    return f"{place} · {generic}" if generic else place


# ---------------------------------------------------------------- local wall times

NONEXISTENT, AMBIGUOUS, EXACT = "nonexistent", "ambiguous", "exact"


def classify(local: datetime, zone: ZoneInfo) -> str:
    """Whether a naive wall time exists once in the zone, never (skipped), or twice (repeated)."""
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return EXACT
    # A round trip through UTC returns the wall time only when it exists.
    back = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        return NONEXISTENT
    return AMBIGUOUS


def _offset(local: datetime, zone: ZoneInfo, which: int) -> str:
    return get_timezone_gmt(local.replace(tzinfo=zone, fold=which), width="long", locale=str(_locale()))


class _LocalDateTimeWidget:
    def __call__(self, field: "LocalDateTimeField", **kwargs) -> Markup:
        from wtforms.widgets import DateTimeLocalInput

        html = DateTimeLocalInput()(field, **kwargs)
        if not field.offsets and field.zone is not None and isinstance(field.data, datetime) \
                and classify(field.data, field.zone) == AMBIGUOUS:  # a stored repeated hour: say which
            field.offsets = field.offset_choices()
            field.fold_choice = field.data.fold
        if not field.offsets:
            return html
        legend = gettext("This time happens twice that night. Which one?")
        parts = [str(html), f'<fieldset class="zone-offset" id="{field.id}-offset">',
                 f"<legend>{escape(legend)}</legend>"]
        for fold_value, label in field.offsets:
            checked = " checked" if field.fold_choice == fold_value else ""
            parts.append(f'<label><input type="radio" name="{field.name}-offset" value="{fold_value}"{checked}> '
                         f"{escape(label)}</label>")
        parts.append("</fieldset>")
        return Markup("".join(parts))


class LocalDateTimeField(DateTimeLocalField):
    """A wall time in ``self.zone`` (set by the view: ``set_zone(form, tz)``; without a zone the field
    checks nothing). ``data`` is naive with ``fold`` set to the offset chosen for a repeated hour."""

    widget = _LocalDateTimeWidget()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"])
        super().__init__(*args, **kwargs)
        self.zone: ZoneInfo | None = None
        self.offsets: list[tuple[int, str]] = []
        self.fold_choice: int | None = None
        self._offset_raw: str | None = None

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data=data, extra_filters=extra_filters)
        self._offset_raw = formdata.get(f"{self.name}-offset") if formdata is not None else None
        if formdata is None and isinstance(self.data, datetime):
            self.fold_choice = self.data.fold  # a stored repeated hour shows which one it is

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%Y-%m-%dT%H:%M") if self.data else ""

    def offset_choices(self) -> list[tuple[int, str]]:
        return [(0, gettext("the first one, %(offset)s (before the clocks go back)",
                            offset=_offset(self.data, self.zone, 0))),
                (1, gettext("the second one, %(offset)s (after the clocks go back)",
                            offset=_offset(self.data, self.zone, 1)))]

    def post_validate(self, form, validation_stopped):
        if validation_stopped or not isinstance(self.data, datetime) or self.zone is None:
            return
        kind = classify(self.data, self.zone)
        if kind == EXACT:
            self.data = self.data.replace(fold=0)
            return
        from .formatting import zone_label

        if kind == NONEXISTENT:
            before = (self.data.replace(tzinfo=self.zone, fold=0).astimezone(timezone.utc) - timedelta(hours=1))
            raise ValidationError(gettext(
                "%(time)s does not exist in %(zone)s: the clocks jump forward that night. Choose another time.",
                time=self.data.strftime("%H:%M"), zone=zone_label(self.zone, before).split(",")[0]))
        self.offsets = self.offset_choices()
        if self._offset_raw in ("0", "1"):
            self.fold_choice = int(self._offset_raw)
            self.data = self.data.replace(fold=self.fold_choice)
            return
        raise ValidationError(gettext("%(time)s happens twice that night: choose which one below.",
                                      time=self.data.strftime("%H:%M")))


def set_zone(form, zone: str | ZoneInfo | None) -> None:
    """Tell every LocalDateTimeField of a form (nested ones too) which zone its times are in."""
    zone = zone_info(zone)
    for field in _walk(form):
        if isinstance(field, LocalDateTimeField):
            field.zone = zone


def _walk(form):
    for field in form:
        yield field
        if hasattr(field, "entries"):  # FieldList
            for entry in field.entries:
                if hasattr(entry, "form"):
                    yield from _walk(entry.form)
                else:
                    yield entry
        elif hasattr(field, "form") and field.type == "FormField":
            yield from _walk(field.form)
