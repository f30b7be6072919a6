"""Organizers' figures, lists and exports. Every function runs a fixed number of queries, whatever
the number of delegations and members."""
from __future__ import annotations

import csv
import io
import re
from functools import partial
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from ..database import db_int
from ..extensions import db
from ..i18n.collation import collation_key
from ..i18n.formatting import format_date
from ..i18n.registry import country_name, language_label
from ..i18n.translated import TranslatedText
from ..organizations.labels import organization_name
from ..organizations.models import Organization, OrganizationSector
from . import answers
from .labels import STATE_LABELS
from .models import ACTIVE_STATES, CONFIRMED, STATES, Delegation, DelegationMember


@dataclass
class Filters:
    state: str = "active"  # a member state, "active" (submitted, confirmed, waitlisted) or "all"
    country: str = ""
    organization_id: int | None = None
    delegation_state: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args, default_state: str = "active") -> "Filters":
        state = args.get("state") or default_state
        if state not in STATES + ("active", "all"):
            state = "active"
        delegation_state = args.get("delegation_state", "")
        if delegation_state not in STATES:
            delegation_state = ""
        organization_id = db_int(args.get("organization"))
        country = (args.get("country") or "").upper()[:3]
        return cls(state=state, country=country if country.isalpha() else "", organization_id=organization_id,
                   delegation_state=delegation_state, q=(args.get("q") or "").strip()[:100])

    def args(self) -> dict:
        out = {"state": self.state}
        if self.country:
            out["country"] = self.country
        if self.organization_id:
            out["organization"] = self.organization_id
        if self.delegation_state:
            out["delegation_state"] = self.delegation_state
        if self.q:
            out["q"] = self.q
        return out

    def print_args(self) -> dict:
        """For badges and the roster: the people who will come (confirmed), unless a state is chosen."""
        return self.args() | ({"state": CONFIRMED} if self.state == "active" else {})

    def apply(self, query):
        if self.state == "active":
            query = query.where(DelegationMember.status.in_(ACTIVE_STATES))
        elif self.state != "all":
            query = query.where(DelegationMember.status == self.state)
        if self.country:
            query = query.where(DelegationMember.country == self.country)
        if self.organization_id:
            query = query.where(DelegationMember.organization_id == self.organization_id)
        if self.delegation_state:
            query = query.where(Delegation.status == self.delegation_state)
        if self.q:
            query = query.where(func.lower(DelegationMember.name).contains(self.q.lower()))
        return query


def _members_query(convening_id: int, filters: Filters, *columns):
    query = (db.select(*columns).select_from(DelegationMember)
             .join(Delegation, Delegation.id == DelegationMember.delegation_id)
             .where(Delegation.convening_id == convening_id))
    return filters.apply(query)


@dataclass
class Dashboard:
    delegations_by_state: dict = field(default_factory=dict)
    members_by_state: dict = field(default_factory=dict)
    headcount: int = 0
    by_country: list = field(default_factory=list)
    by_organization: list = field(default_factory=list)
    by_sector: list = field(default_factory=list)
    interpretation: list = field(default_factory=list)  # (language, listen, speak)
    dietary: list = field(default_factory=list)
    accessibility: list = field(default_factory=list)
    lodging: int = 0
    days: list = field(default_factory=list)  # (day, arrivals, departures, nights)
    visa_letters: list = field(default_factory=list)
    organizations: list = field(default_factory=list)  # for the filter


def dashboard(convening_id: int, filters: Filters) -> Dashboard:
    result = Dashboard()
    rows = db.session.execute(db.select(Delegation.status, func.count()).where(Delegation.convening_id == convening_id)
                              .group_by(Delegation.status)).all()
    result.delegations_by_state = {state: 0 for state in STATES} | dict(rows)
    rows = db.session.execute(
        db.select(DelegationMember.status, func.count()).select_from(DelegationMember)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id).group_by(DelegationMember.status)).all()
    result.members_by_state = {state: 0 for state in STATES} | dict(rows)

    # One grouped query gives every figure that is a count over members.
    grouped = db.session.execute(
        _members_query(convening_id, filters, DelegationMember.country, DelegationMember.organization_id,
                       DelegationMember.listen_language, DelegationMember.speak_language,
                       func.lower(func.trim(DelegationMember.dietary_needs)), DelegationMember.lodging_needed,
                       DelegationMember.arrival_date, DelegationMember.departure_date, func.count())
        .group_by(DelegationMember.country, DelegationMember.organization_id, DelegationMember.listen_language,
                  DelegationMember.speak_language, func.lower(func.trim(DelegationMember.dietary_needs)),
                  DelegationMember.lodging_needed, DelegationMember.arrival_date, DelegationMember.departure_date)
    ).all()
    countries, organizations, listen, speak, dietary = Counter(), Counter(), Counter(), Counter(), Counter()
    arrivals, departures, nights = Counter(), Counter(), Counter()
    for country, organization_id, listens, speaks, diet, lodging, arrival, departure, count in grouped:
        result.headcount += count
        countries[country] += count
        organizations[organization_id] += count
        if listens:
            listen[listens] += count
        if speaks:
            speak[speaks] += count
        if diet:
            dietary[diet] += count
        if lodging:
            result.lodging += count
            if arrival and departure:
                day = arrival
                while day < departure and (day - arrival).days < 60:
                    nights[day] += count
                    day += timedelta(days=1)
        if arrival:
            arrivals[arrival] += count
        if departure:
            departures[departure] += count
    result.by_country = sorted(((code, country_name(code) if code else _("Not given"), n)
                                for code, n in countries.items()), key=lambda r: (-r[2], collation_key(r[1])))
    names = dict(db.session.execute(db.select(Organization.id, Organization.name)
                                    .where(Organization.id.in_([i for i in organizations if i] or [-1]))).all())
    result.by_organization = sorted(((oid, names[oid] if oid else None, n) for oid, n in organizations.items()),
                                    key=lambda r: (-r[2], collation_key(r[1])))
    sector_rows = db.session.execute(
        _members_query(convening_id, filters, OrganizationSector.sector, func.count())
        .join(OrganizationSector, OrganizationSector.organization_id == DelegationMember.organization_id)
        .group_by(OrganizationSector.sector)).all()
    result.by_sector = sorted(sector_rows, key=lambda r: -r[1])
    languages = sorted(set(listen) | set(speak), key=lambda code: -(listen[code] + speak[code]))
    result.interpretation = [(code, listen[code], speak[code]) for code in languages]
    result.dietary = sorted(dietary.items(), key=lambda r: (-r[1], r[0]))
    result.accessibility = sorted(db.session.execute(
        _members_query(convening_id, filters, Delegation.id, Delegation.name, DelegationMember.name,
                       DelegationMember.accessibility_needs)
        .where(DelegationMember.accessibility_needs.is_not(None), DelegationMember.accessibility_needs != "")).all(),
        key=lambda r: collation_key(r[2]))
    days = sorted(set(arrivals) | set(departures) | set(nights))
    result.days = [(day, arrivals[day], departures[day], nights[day]) for day in days]
    result.visa_letters = sorted(db.session.execute(
        _members_query(convening_id, filters, DelegationMember.id, DelegationMember.delegation_id,
                       DelegationMember.name, DelegationMember.nationality, DelegationMember.status)
        .where(DelegationMember.visa_letter.is_(True))).all(), key=lambda r: collation_key(r[2]))
    result.organizations = sorted(
        db.session.execute(db.select(Organization.id, Organization.name).where(
            Organization.id.in_(db.select(DelegationMember.organization_id)
                                .join(Delegation, Delegation.id == DelegationMember.delegation_id)
                                .where(Delegation.convening_id == convening_id)))).all(),
        key=lambda r: collation_key(r[1]))
    return result


# --- member lists (exports, roster, badges) ------------------------------------------------------

#: Column headers in the reader's language; the import accepts them in every language
#: (``importing.py``). "Position in the organization" is the member form's own label.
EXPORT_COLUMNS = [
    ("delegation", _l("Delegation")), ("delegation_state", _l("Delegation state")), ("name", _l("Name")),
    ("email", _l("Email")), ("state", _l("State")), ("organization", _l("Organization")),
    ("position", _l("Position in the organization")), ("country", _l("Country")),
    ("languages", _l("Languages spoken")), ("listen_language", _l("Listens in")), ("speak_language", _l("Speaks in")),
    ("accessibility_needs", _l("Accessibility needs")), ("dietary_needs", _l("Dietary needs")),
    ("arrival_date", _l("Arrival")), ("departure_date", _l("Departure")), ("lodging_needed", _l("Lodging needed")),
    ("visa_letter", _l("Visa letter")), ("passport_name", _l("Name as in passport")),
    ("nationality", _l("Nationality")), ("passport_number", _l("Passport number")),
    ("public_listing", _l("Listed publicly")), ("queued_at", _l("Submitted")),
]


def member_rows(convening_id: int, filters: Filters) -> list:
    """(member, delegation, organization) for the filtered members, in delegation order."""
    return db.session.execute(
        _members_query(convening_id, filters, DelegationMember, Delegation, Organization)
        .outerjoin(Organization, Organization.id == DelegationMember.organization_id)
        .order_by(Delegation.id, DelegationMember.id)).all()


def export_headers() -> list[str]:
    return [str(label) for _key, label in EXPORT_COLUMNS]


def sortable_moment(value, tz) -> str:
    """A moment in a spreadsheet: sortable, in the convening's zone, labelled: "2030-04-08 22:57 GMT-06:00"."""
    from babel.dates import get_timezone_gmt

    from ..i18n.formatting import zone_info

    if value is None:
        return ""
    local = value.astimezone(zone_info(tz))
    return f"{local:%Y-%m-%d %H:%M} {get_timezone_gmt(local, width='long', locale='en')}"


def export_values(member, delegation, organization, yes=None, no=None, states=None, tz=None) -> list:
    yes, no = yes or _("yes"), no or _("no")
    states = states or {key: str(label) for key, label in STATE_LABELS.items()}
    return [
        str(delegation.name), states[delegation.status], member.name, member.email or "",
        states[member.status], organization_name(organization) if organization else "", member.position or "",
        country_name(member.country), ", ".join(language_label(c) for c in member.languages or []),
        language_label(member.listen_language), language_label(member.speak_language),
        member.accessibility_needs or "", member.dietary_needs or "",
        member.arrival_date.isoformat() if member.arrival_date else "",
        member.departure_date.isoformat() if member.departure_date else "",
        yes if member.lodging_needed else no, yes if member.visa_letter else no,
        member.passport_name or "", country_name(member.nationality), member.passport_number or "",
        yes if member.public_listing else no,
        sortable_moment(member.queued_at, tz),
    ]


def _fixed_labels() -> dict:
    return {"yes": _("yes"), "no": _("no"), "states": {key: str(label) for key, label in STATE_LABELS.items()}}


def _safe_cell(value):
    """Spreadsheet formulas never run from user text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(rows, tz=None, questions=()) -> bytes:
    """The members, a column per field and per custom question (``answers``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(export_headers() + answers.headers(questions))
    fixed = {**_fixed_labels(), "tz": tz}
    for row in rows:
        writer.writerow([_safe_cell(v) for v in export_values(*row, **fixed)
                         + answers.cells(questions, row[0], row[1], fixed["yes"], fixed["no"])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(rows, title: str, tz=None, questions=()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)  # streams rows: fast and small in memory
    sheet = workbook.create_sheet(re.sub(r"[\[\]\*\?/\\:]", " ", title)[:31] or "Registrations")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in export_headers() + answers.headers(questions):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    fixed = {**_fixed_labels(), "tz": tz}
    for row in rows:
        sheet.append([_safe_cell(v) for v in export_values(*row, **fixed)
                      + answers.cells(questions, row[0], row[1], fixed["yes"], fixed["no"])])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def group_by_delegation(rows) -> list[tuple]:
    groups: dict[int, tuple] = {}
    for member, delegation, organization in rows:
        groups.setdefault(delegation.id, (delegation, []))[1].append((member, organization))
    return list(groups.values())


# --- visa letters ------------------------------------------------------------------------------

DEFAULT_LETTER = TranslatedText(
    en=("{city}, {today}\n\n"
        "To the consular authorities:\n\n"
        "We are pleased to invite {passport_name} (nationality: {nationality}; passport number: {passport_number}), "
        "{affiliation}, to take part in {convening}, to be held in {city} ({dates}).\n\n"
        "The participant plans to arrive on {arrival} and to leave on {departure}. The convening is a meeting of "
        "labor organizations of the United States, Mexico and Canada.\n\n"
        "We kindly ask you to grant the visa needed for this visit."),
    es=("{city}, {today}\n\n"
        "A las autoridades consulares:\n\n"
        "Nos complace invitar a {passport_name} (nacionalidad: {nationality}; pasaporte número: {passport_number}), "
        "{affiliation}, a participar en {convening}, que se llevará a cabo en {city} ({dates}).\n\n"
        "La persona participante prevé llegar el {arrival} y partir el {departure}. El encuentro reúne a "
        "organizaciones laborales de Estados Unidos, México y Canadá.\n\n"
        "Les solicitamos atentamente otorgar la visa necesaria para esta visita."),
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def letter_texts(settings, convening, member, organization) -> list[tuple[str, list[str]]]:
    """The letter in each language: [(lang, paragraphs)], each paragraph a list of lines,
    placeholders filled in that language."""
    from flask_babel import force_locale

    from ..i18n.formatting import format_partial_range

    template = settings.letter_template or DEFAULT_LETTER
    out = []
    for lang in ("en", "es"):
        with force_locale(lang):
            values = {
                "name": member.name, "passport_name": member.passport_name or member.name,
                "nationality": country_name(member.nationality, lang), "passport_number": member.passport_number or "",
                "organization": organization_name(organization, lang=lang) if organization else "",
                "position": member.position or "", "convening": convening.title.resolve(lang).text,
                "dates": format_partial_range(convening.start, convening.end),
                "city": convening.city.resolve(lang).text if convening.city else "",
                "arrival": format_date(member.arrival_date) if member.arrival_date else "—",
                "departure": format_date(member.departure_date) if member.departure_date else "—",
                "today": format_date(date.today()),
            }
            if not values["dates"]:
                values["dates"] = _("dates to be announced")
            if member.position and values["organization"]:
                values["affiliation"] = _("%(position)s of %(organization)s", position=member.position,
                                          organization=values["organization"])
            elif values["organization"]:
                values["affiliation"] = _("member of %(organization)s", organization=values["organization"])
            else:
                values["affiliation"] = member.position or ""
            text = template.resolve(lang).text
            filled = _PLACEHOLDER.sub(partial(_placeholder, values), text)
        out.append((lang, letter_paragraphs(filled)))
    return out


def _placeholder(values: dict, match: re.Match) -> str:
    """A letter's {placeholder} filled from ``values`` (an unknown one stays as written)."""
    return str(values.get(match.group(1), match.group(0)))


def letter_paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (separated by a blank line), each a list of its lines: line breaks stay."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n\s*\n", text)
    return [[line.strip() for line in p.strip().split("\n")] for p in paragraphs if p.strip()]


def public_participants(convening_id: int) -> tuple[list, list]:
    """What the public may see: organizations of confirmed delegations (verified ones), and the
    confirmed members who agreed to be listed (name and organization only)."""
    from .models import DelegationOrganization

    # Organizations of confirmed members, and of confirmed delegations (verified ones only).
    orgs = list(db.session.scalars(db.select(Organization).where(
        Organization.verified.is_(True),
        Organization.id.in_(
            db.select(DelegationMember.organization_id)
            .join(Delegation, Delegation.id == DelegationMember.delegation_id)
            .where(Delegation.convening_id == convening_id, DelegationMember.status == CONFIRMED))
        | Organization.id.in_(
            db.select(DelegationOrganization.organization_id)
            .join(Delegation, Delegation.id == DelegationOrganization.delegation_id)
            .where(Delegation.convening_id == convening_id, Delegation.status == CONFIRMED)))))
    orgs.sort(key=lambda o: collation_key(o.name))
    people = sorted(db.session.execute(
        db.select(DelegationMember.name, Organization.name)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .outerjoin(Organization, Organization.id == DelegationMember.organization_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == CONFIRMED,
               DelegationMember.public_listing.is_(True))).all(), key=lambda r: collation_key(r[0]))
    return orgs, people


def history(delegation_id: int):
    from .models import DelegationEvent

    return db.session.scalars(db.select(DelegationEvent).where(DelegationEvent.delegation_id == delegation_id)
                              .order_by(DelegationEvent.created_at.desc(), DelegationEvent.id.desc())).all()


def nights_label(day: date) -> str:
    return format_date(day, "medium")

