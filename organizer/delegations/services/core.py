"""Registration's shared rules: the domain error, what decisions tell people (one email per
recipient), settings and time windows, the history, the capacity lock and the emails.

Services flush, never commit. Whatever can use up places (submitting, confirming, promoting) must
run inside ``locked(convening_id)`` (a ``write_transaction`` that calls ``lock_convening`` first;
the page-level services of ``lead`` and ``organizing`` take it, views never do), so that
capacity is counted and used by one transaction at a time (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
convening's settings row locked FOR UPDATE).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from flask import current_app, url_for
from sqlalchemy import func

from ...accounts.models import User
from ...convenings.models import Convening, working_languages_of
from ...database import utcnow
from ...extensions import db
from ...i18n.translated import TranslatedText
from ...mail.services import queue_mail
from ...platform.errors import DomainError
from ...platform.unit_of_work import write_transaction
from ..labels import SENSITIVE_FIELDS
from ..models import (CONFIRMED, DECLINED, DRAFT, SUBMITTED, WAITLISTED,
                      WITHDRAWN, Delegation, DelegationEvent, DelegationMember, RegistrationSettings)
from ..queries import (waitlist_positions)


INVITE_MAX_AGE = 30 * 24 * 3600


#: Member fields a lead (or the member, through an invitation) edits.
MEMBER_FIELDS = (
    "name", "email", "organization_id", "position", "country", "languages", "listen_language",
    "speak_language", "accessibility_needs", "dietary_needs", "arrival_date", "departure_date",
    "lodging_needed", "visa_letter", "passport_name", "nationality", "passport_number", "public_listing",
    "answers",
)


class RegistrationError(DomainError):
    """A rule stops the operation; the message is translated and shown to the user (at ``field``
    when it concerns one field of a form)."""


#: Kinds of news for a lead, in the order one email tells them.
NOTICE_KINDS = ("confirmed", "promoted", "offered", "waitlisted", "declined", "withdrawn", "offer_lapsed")


class Notices:
    """What one decision tells people: collected while it runs, then one email per recipient.

    A decision that declines one member and, by freeing her place, confirms another of the same
    delegation sends its lead ONE message that says both, never two that contradict each other.
    """

    def __init__(self):
        self.items: dict[int, dict] = {}  # delegation id -> {"delegation", "kinds": {kind: [members]}, "reason"}

    def add(self, delegation: Delegation, kind: str, members: list, reason: str | None = None) -> None:
        if not members:
            return
        entry = self.items.setdefault(delegation.id, {"delegation": delegation, "kinds": {}, "reason": None})
        bucket = entry["kinds"].setdefault(kind, [])
        bucket.extend(m for m in members if m not in bucket)
        if reason:
            entry["reason"] = reason

    def plan(self) -> list[dict]:
        """Who will be told what (for the preview of a decision)."""
        leads = dict(db.session.execute(db.select(User.id, User.email).where(
            User.id.in_([e["delegation"].lead_user_id for e in self.items.values()] or [-1]))).all())
        return [{"delegation": e["delegation"], "email": leads.get(e["delegation"].lead_user_id),
                 "members_emailed": sorted({m.email for ms in e["kinds"].values() for m in ms
                                            if m.email and m.email != leads.get(e["delegation"].lead_user_id)}),
                 "kinds": [(k, [m.name for m in e["kinds"][k]]) for k in NOTICE_KINDS if k in e["kinds"]],
                 "reason": e["reason"]} for e in self.items.values()]

    def send(self) -> None:
        for entry in self.items.values():
            kinds = [(k, entry["kinds"][k]) for k in NOTICE_KINDS if k in entry["kinds"]]
            context = {"reason": entry["reason"]}
            if len(kinds) == 1:
                kind, members = kinds[0]
                notify_lead(entry["delegation"], f"delegations_{kind}", members=members, **context)
            else:
                notify_lead(entry["delegation"], "delegations_update", sections=kinds,
                            members=[m for _k, ms in kinds for m in ms], **context)
            notify_members(entry["delegation"], kinds, entry["reason"])
        self.items = {}


def _notices(notices: Notices | None) -> tuple[Notices, bool]:
    """The caller's collector, or a new one this call sends itself (True)."""
    return (notices, False) if notices is not None else (Notices(), True)


def get_settings(convening: Convening | int) -> RegistrationSettings:
    convening_id = convening if isinstance(convening, int) else convening.id
    settings = db.session.get(RegistrationSettings, convening_id)
    if settings is None:
        # Interpretation is offered, to begin with, in the convening's working languages.
        row = convening if not isinstance(convening, int) else db.session.get(Convening, convening_id)
        settings = RegistrationSettings(convening_id=convening_id, interpretation_languages=working_languages_of(row))
        db.session.add(settings)
        db.session.flush()
    return settings


def registration_state(settings: RegistrationSettings, now: datetime | None = None,
                       convening_status: str | None = None, convening_end: date | None = None) -> str:
    """"not_yet", "open" or "closed": the convening's status (organizers open registration by setting
    it to "registration_open"), the convening's last day, then the opening and closing dates of the
    settings."""
    if convening_status is not None and convening_status != "registration_open":
        return "closed" if convening_status in ("registration_closed", "announced", "past") else "not_yet"
    now = now or utcnow()
    if convening_end is not None and now.date() > convening_end:
        return "closed"  # the convening is over, whatever its settings say
    if settings.opens_at and now < settings.opens_at:
        return "not_yet"
    if settings.closes_at and now >= settings.closes_at:
        return "closed"
    return "open"


def changes_allowed(delegation: Delegation, settings: RegistrationSettings, now: datetime | None = None) -> bool:
    """The lead may change the delegation: not withdrawn or declined, and before the deadline; a
    delegation never submitted only while registration is open."""
    if delegation.status in (WITHDRAWN, DECLINED):
        return False
    now = now or utcnow()
    if settings.change_deadline and now >= settings.change_deadline:
        return False
    if delegation.status == DRAFT:
        convening = db.session.get(Convening, delegation.convening_id)
        if registration_state(settings, now, convening.status if convening else None,
                              convening_end_date(convening)) != "open":
            return False
    return True


def convening_end_date(convening: Convening | None) -> date | None:
    if convening is None:
        return None
    return convening.end_date or convening.start_date


def organizer_contact(convening: Convening, settings: RegistrationSettings | None = None) -> dict:
    """Whom to write to about registration: the settings' contact, else the first organizer."""
    from ...convenings.models import ConveningOrganizer

    settings = settings or get_settings(convening)
    email, phone = settings.contact_email, settings.contact_phone
    if not email:
        email = db.session.scalar(
            db.select(User.email).join(ConveningOrganizer, ConveningOrganizer.user_id == User.id)
            .where(ConveningOrganizer.convening_id == convening.id)
            .order_by(ConveningOrganizer.created_at, User.id).limit(1))
    return {"email": email, "phone": phone}


def offer_deadline(member: DelegationMember, settings: RegistrationSettings) -> datetime | None:
    """Until when an offered place can be accepted."""
    if member.offered_at is None:
        return None
    offered = member.offered_at if member.offered_at.tzinfo else member.offered_at.replace(tzinfo=timezone.utc)
    return offered + timedelta(hours=settings.offer_hours or 0)


def _value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, TranslatedText):
        return value.to_dict()
    return value


def log(delegation: Delegation, action: str, actor: User | None = None, *, member: DelegationMember | None = None,
        changes: dict | None = None, reason: str | None = None, actor_name: str | None = None) -> DelegationEvent:
    event = DelegationEvent(
        delegation_id=delegation.id, member_id=member.id if member is not None else None,
        member_name=member.name if member is not None else None,
        user_id=actor.id if actor is not None else None,
        actor_name=actor_name or (actor.name if actor is not None else None),
        action=action, changes=changes or {}, reason=reason,
    )
    db.session.add(event)
    return event


def _apply(obj, data: dict, fields: Iterable[str]) -> dict:
    """Set fields from data; return {field: [before, after]} for those that changed (sensitive
    fields are recorded as changed without their values; custom answers per question)."""
    changes = {}
    for field in fields:
        if field not in data:
            continue
        new = data[field]
        if isinstance(new, str):
            new = new.strip() or None
        if field == "answers":
            new = dict(new) if new else None
        old = getattr(obj, field)
        if old == new or (field == "languages" and (old or []) == (new or [])):
            continue
        setattr(obj, field, new)
        if field == "answers":  # per question: {key: [before, after]} (shown in the reader's language)
            before, after = old or {}, new or {}
            changes[field] = {key: [before.get(key), after.get(key)] for key in sorted(set(before) | set(after))
                              if before.get(key) != after.get(key)}
        elif field in SENSITIVE_FIELDS:
            changes[field] = ["…", "…"]
        else:
            changes[field] = [_value(old), _value(new)]
    return changes


def lock_convening(convening_id: int) -> RegistrationSettings:
    """Take the convening's registration lock (see the module's docstring)."""
    settings = db.session.scalar(db.select(RegistrationSettings)
                                 .where(RegistrationSettings.convening_id == convening_id)
                                 .with_for_update().execution_options(populate_existing=True))
    if settings is None:
        settings = get_settings(convening_id)
        db.session.flush()
        settings = db.session.scalar(db.select(RegistrationSettings)
                                     .where(RegistrationSettings.convening_id == convening_id).with_for_update())
    return settings


@contextmanager
def locked(convening_id: int) -> Iterator[RegistrationSettings]:
    """A write transaction holding the convening's registration lock; yields its settings. Commits
    at the end (the request's unit of work then has nothing left of it), rolls back on an error.
    The page-level services (``lead``, ``organizing``) take it; views never open a transaction."""
    with write_transaction(db.session):
        yield lock_convening(convening_id)


def refresh_status(delegation: Delegation) -> str:
    """A submitted delegation's state follows its members': confirmed when any has a place, else
    waitlisted when any waits, else declined when all were declined, else submitted."""
    if delegation.status in (DRAFT, WITHDRAWN):
        return delegation.status
    states = set(db.session.scalars(db.select(DelegationMember.status)
                                    .where(DelegationMember.delegation_id == delegation.id)))
    if CONFIRMED in states:
        status = CONFIRMED
    elif WAITLISTED in states:
        status = WAITLISTED
    elif SUBMITTED in states:
        status = SUBMITTED
    elif DECLINED in states:
        status = DECLINED
    elif states and states <= {WITHDRAWN}:
        status = WITHDRAWN
    else:
        status = SUBMITTED
    delegation.status = status
    return status


def _user_language(user_id: int) -> str:
    user = db.session.get(User, user_id)
    return user.preferred_language if user is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def _user_language_for_email(email: str) -> str | None:
    user = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
    return user.preferred_language if user is not None else None


def notify_lead(delegation: Delegation, template: str, **context) -> None:
    lead = db.session.get(User, delegation.lead_user_id)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = get_settings(convening)
    language = lead.preferred_language
    positions = waitlist_positions(convening.id) if "waitlisted" in template or "sections" in context else {}
    message = queue_mail(lead.email, language, template, lead=lead, delegation=delegation, convening=convening,
                         settings=settings, places_left=None, contact=organizer_contact(convening, settings),
                         positions=positions, offer_until=lambda member: format_offer_deadline(member, settings, convening),
                         url=url_for("delegations.overview", delegation_id=delegation.id, lang_code=language, _external=True),
                         **context)
    _customize(message, convening, template.removeprefix("delegations_"), lead.name, delegation)


def _customize(message, convening: Convening, kind: str, name: str, delegation: Delegation) -> None:
    from .emails import apply_to

    apply_to(message, convening.id, kind, {"name": name, "convening": convening.title.resolve(message.language).text,
                                           "delegation": delegation.name.resolve(message.language).text})


#: What a member hears about herself (her lead hears about the whole delegation).
MEMBER_NOTICE_KINDS = ("confirmed", "promoted", "offered", "waitlisted", "declined", "withdrawn")


def notify_members(delegation: Delegation, kinds: list, reason: str | None = None) -> None:
    """Each member with an email receives her own message, in her language: her account's, else
    the language she listens in (when the interface has it), else her lead's."""
    from .checkin import code_for

    members = [(kind, m) for kind, ms in kinds if kind in MEMBER_NOTICE_KINDS for m in ms if m.email]
    if not members:
        return
    lead = db.session.get(User, delegation.lead_user_id)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = get_settings(convening)
    accounts = dict(db.session.execute(db.select(User.email, User.preferred_language).where(
        User.email.in_({m.email.strip().lower() for _k, m in members}))).all())
    positions = waitlist_positions(convening.id) if any(k == "waitlisted" for k, _m in members) else {}
    available = current_app.config["LANGUAGES"]
    for kind, member in members:
        email = member.email.strip().lower()
        if email == lead.email:
            continue  # the lead's own message already says it
        language = accounts.get(email) or (member.listen_language if member.listen_language in available
                                           else lead.preferred_language)
        message = queue_mail(email, language, "delegations_member", kind=kind, member=member, delegation=delegation,
                             convening=convening, lead=lead, settings=settings, reason=reason,
                             contact=organizer_contact(convening, settings), position=positions.get(member.id),
                             code=code_for(member.id) if kind in ("confirmed", "promoted") else None,
                             offer_until=format_offer_deadline(member, settings, convening) if kind == "offered" else None)
        _customize(message, convening, "member", member.name, delegation)


def format_offer_deadline(member: DelegationMember, settings: RegistrationSettings, convening: Convening) -> str:
    """The offer's deadline in the convening's time zone, with the zone named (in the current locale)."""
    return format_zoned(offer_deadline(member, settings), convening.timezone or "UTC")


def format_zoned(value: datetime | None, tz: str) -> str:
    """A moment in a time zone, labelled with the zone's name: "Tuesday 2 March 2027, 18:00 (Mexico City Time)"."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_date as babel_date
    from babel.dates import format_time, get_timezone_location

    from ...i18n.locale import current_language

    if value is None:
        return ""
    locale = current_language()
    zone = ZoneInfo(tz)
    local = value.astimezone(zone)
    return "{} {} ({})".format(babel_date(local.date(), "full", locale=locale),
                               format_time(local, "HH:mm", locale=locale),
                               get_timezone_location(zone, locale=locale))


def send_reminders(now: datetime | None = None) -> int:
    """Remind leads of delegations not yet final that the change deadline is near (once each)."""
    now = now or utcnow()
    settings_rows = list(db.session.scalars(db.select(RegistrationSettings).where(
        RegistrationSettings.change_deadline.is_not(None), RegistrationSettings.change_deadline > now)))
    sent = 0
    for settings in settings_rows:
        if settings.change_deadline - timedelta(days=settings.reminder_days or 0) > now:
            continue
        delegations = db.session.scalars(db.select(Delegation).where(
            Delegation.convening_id == settings.convening_id, Delegation.reminder_sent_at.is_(None),
            Delegation.status.in_((DRAFT, SUBMITTED, CONFIRMED, WAITLISTED))))
        for delegation in delegations:
            drafts = db.session.scalar(db.select(func.count()).select_from(DelegationMember).where(
                DelegationMember.delegation_id == delegation.id, DelegationMember.status == DRAFT))
            notify_lead(delegation, "delegations_reminder", deadline=settings.change_deadline, drafts=drafts)
            delegation.reminder_sent_at = now
            sent += 1
    db.session.flush()
    return sent


SETTINGS_FIELDS = ("opens_at", "closes_at", "change_deadline", "capacity", "max_members", "review_required",
                   "promotion", "offer_hours", "questions", "interpretation_languages", "reminder_days",
                   "letter_template", "letter_signatory", "contact_email", "contact_phone")


def save_settings(convening_id: int, data: dict, actor: User | None) -> RegistrationSettings:
    """Store the registration settings (validated by the form). Call inside write_transaction; free
    places (a larger capacity) then go to the waiting list: see ``places.promote``."""
    settings = lock_convening(convening_id)
    data = dict(data)
    data["offer_hours"] = data.get("offer_hours") or 72
    data["reminder_days"] = 7 if data.get("reminder_days") is None else data["reminder_days"]
    data["letter_signatory"] = (data.get("letter_signatory") or "").strip() or None
    data["contact_email"] = (data.get("contact_email") or "").strip().lower() or None
    data["contact_phone"] = (data.get("contact_phone") or "").strip() or None
    data["letter_template"] = data.get("letter_template") or None
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(settings, name, data[name])
    db.session.flush()
    return settings
