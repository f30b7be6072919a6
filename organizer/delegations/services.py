"""Registration rules: delegations, members, review, capacity and the waiting list.

Services flush, never commit. Whatever can use up places (submitting, confirming, promoting) must
run inside ``organizer.database.write_transaction`` and call ``lock_convening`` first, so that
capacity is counted and used by one transaction at a time (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
convening's settings row locked FOR UPDATE).
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta, timezone
from typing import Iterable

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..convenings.models import Convening
from ..database import utcnow
from ..extensions import db
from ..i18n.text import fold_all
from ..i18n.translated import TranslatedText
from ..mail.services import queue_mail
from ..organizations.models import Organization
from .labels import SENSITIVE_FIELDS
from .models import (ACTIVE_STATES, CONFIRMED, DECLINED, DRAFT, PROMOTE_OFFER, SUBMITTED, WAITLISTED,
                     WITHDRAWN, Delegation, DelegationEvent, DelegationMember, DelegationOrganization,
                     RegistrationSettings)

INVITE_MAX_AGE = 30 * 24 * 3600

#: Member fields a lead (or the member, through an invitation) edits.
MEMBER_FIELDS = (
    "name", "email", "organization_id", "position", "country", "languages", "listen_language",
    "speak_language", "accessibility_needs", "dietary_needs", "arrival_date", "departure_date",
    "lodging_needed", "visa_letter", "passport_name", "nationality", "passport_number", "public_listing",
)


class RegistrationError(Exception):
    """A rule stops the operation; the message is translated and shown to the user (at ``field``
    when it concerns one field of a form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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
        self.items = {}


def _notices(notices: Notices | None) -> tuple[Notices, bool]:
    """The caller's collector, or a new one this call sends itself (True)."""
    return (notices, False) if notices is not None else (Notices(), True)


# --- settings and time windows -------------------------------------------------------------

def get_settings(convening: Convening | int) -> RegistrationSettings:
    convening_id = convening if isinstance(convening, int) else convening.id
    settings = db.session.get(RegistrationSettings, convening_id)
    if settings is None:
        settings = RegistrationSettings(convening_id=convening_id)
        db.session.add(settings)
        db.session.flush()
    return settings


def registration_state(settings: RegistrationSettings, now: datetime | None = None,
                       convening_status: str | None = None, convening_end: date | None = None) -> str:
    """"not_yet", "open" or "closed": the convening's status (organizers open registration by setting
    it to "registration_open"), the convening's last day, then the opening and closing dates of the
    settings."""
    if convening_status is not None and convening_status != "registration_open":
        return "closed" if convening_status in ("registration_closed", "past") else "not_yet"
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
    from ..convenings.models import ConveningOrganizer

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


def waitlist_positions(convening_id: int) -> dict[int, int]:
    """Each waitlisted member's place in the queue (1 is next), in one query."""
    ids = db.session.scalars(
        db.select(DelegationMember.id).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == WAITLISTED,
               DelegationMember.offered_at.is_(None))
        .order_by(DelegationMember.queued_at, DelegationMember.id))
    return {member_id: n for n, member_id in enumerate(ids, start=1)}


# --- history -------------------------------------------------------------------------------

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
    fields are recorded as changed without their values)."""
    changes = {}
    for field in fields:
        if field not in data:
            continue
        new = data[field]
        if isinstance(new, str):
            new = new.strip() or None
        old = getattr(obj, field)
        if old == new or (field == "languages" and (old or []) == (new or [])):
            continue
        setattr(obj, field, new)
        if field in SENSITIVE_FIELDS:
            changes[field] = ["…", "…"]
        else:
            changes[field] = [_value(old), _value(new)]
    return changes


# --- delegations and organizations ---------------------------------------------------------

def lead_delegation(convening_id: int, user_id: int) -> Delegation | None:
    """The user's current delegation for a convening (withdrawn ones do not count)."""
    return db.session.scalar(
        db.select(Delegation).where(Delegation.convening_id == convening_id, Delegation.lead_user_id == user_id,
                                    Delegation.status != WITHDRAWN).order_by(Delegation.id.desc()).limit(1))


def _unique_slug(base: str) -> str:
    from ..i18n.text import fold

    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in fold(base)).split())[:100] or "organization"
    candidate, n = slug, 2
    while db.session.scalar(db.select(func.count()).select_from(Organization).where(Organization.slug == candidate)):
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def propose_organization(name: str, country: str, kind: str, lang: str, acronym: str | None = None) -> Organization:
    """A new organization named by a lead: stays unverified until organizers check it."""
    name = name.strip()
    organization = Organization(
        slug=_unique_slug(acronym or name), name=TranslatedText({lang: name}),
        acronym=TranslatedText({lang: acronym.strip()}) if acronym and acronym.strip() else None,
        country=country, kind=kind or "other", verified=False,
    )
    organization.refresh_search_text()
    db.session.add(organization)
    db.session.flush()
    return organization


def create_delegation(convening: Convening, lead: User, name: TranslatedText, organization_ids: list[int],
                      proposed: Organization | None = None, contact_phone: str | None = None,
                      notes: str | None = None) -> Delegation:
    delegation = Delegation(convening_id=convening.id, lead_user_id=lead.id, name=name, status=DRAFT,
                            contact_phone=(contact_phone or "").strip() or None, notes=(notes or "").strip() or None)
    db.session.add(delegation)
    db.session.flush()
    _set_links(delegation, organization_ids, proposed, existing=[])
    log(delegation, "created", lead, changes={"name": [None, name.to_dict()]})
    if proposed is not None:
        log(delegation, "organization_proposed", lead, changes={"organizations": [None, str(proposed.name)]})
    return delegation


def _set_links(delegation: Delegation, organization_ids: list[int], proposed: Organization | None,
               existing: list[DelegationOrganization]) -> None:
    keep_proposed = {link.organization_id for link in existing if link.proposed}
    wanted = list(dict.fromkeys(organization_ids))
    if proposed is not None:
        wanted.append(proposed.id)
        keep_proposed.add(proposed.id)
    for link in existing:
        db.session.delete(link)
    db.session.flush()
    for position, organization_id in enumerate(wanted):
        db.session.add(DelegationOrganization(delegation_id=delegation.id, organization_id=organization_id,
                                              position=position, proposed=organization_id in keep_proposed))
    db.session.flush()


def update_delegation(delegation: Delegation, actor: User, name: TranslatedText, organization_ids: list[int],
                      proposed: Organization | None = None, contact_phone: str | None = None,
                      notes: str | None = None) -> None:
    changes = _apply(delegation, {"name": name, "contact_phone": contact_phone, "notes": notes},
                     ("name", "contact_phone", "notes"))
    if changes:
        log(delegation, "updated", actor, changes=changes)
    existing = list(db.session.scalars(db.select(DelegationOrganization)
                                       .where(DelegationOrganization.delegation_id == delegation.id)))
    before = [link.organization_id for link in sorted(existing, key=lambda l: l.position)]
    after = list(dict.fromkeys(organization_ids)) + ([proposed.id] if proposed else [])
    if before != after:
        _set_links(delegation, organization_ids, proposed, existing)
        log(delegation, "organizations", actor, changes={"organizations": [before, after]})
    if proposed is not None:
        log(delegation, "organization_proposed", actor, changes={"organizations": [None, str(proposed.name)]})


def delegation_organizations(delegation_ids: list[int]) -> dict[int, list[Organization]]:
    """Organizations of many delegations in one query."""
    rows = db.session.execute(
        db.select(DelegationOrganization.delegation_id, Organization)
        .join(Organization, Organization.id == DelegationOrganization.organization_id)
        .where(DelegationOrganization.delegation_id.in_(delegation_ids or [-1]))
        .order_by(DelegationOrganization.delegation_id, DelegationOrganization.position)).all()
    result: dict[int, list[Organization]] = {i: [] for i in delegation_ids}
    for delegation_id, organization in rows:
        result[delegation_id].append(organization)
    return result


def load_delegation(delegation_id: int) -> Delegation | None:
    return db.session.scalar(db.select(Delegation).where(Delegation.id == delegation_id)
                             .options(selectinload(Delegation.members), selectinload(Delegation.organization_links)))


# --- members -------------------------------------------------------------------------------

def room_left(delegation: Delegation, settings: RegistrationSettings) -> int | None:
    """How many more members the delegation may add (None: no limit)."""
    if settings.max_members is None:
        return None
    current = db.session.scalar(db.select(func.count()).select_from(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id,
        DelegationMember.status.in_((DRAFT,) + ACTIVE_STATES)))
    return max(0, settings.max_members - current)


def check_room(delegation: Delegation, settings: RegistrationSettings, adding: int) -> None:
    from flask_babel import gettext as _

    left = room_left(delegation, settings)
    if left is not None and adding > left:
        raise RegistrationError(_("A delegation may bring at most %(max)d members; this one has %(n)d.",
                                  max=settings.max_members, n=settings.max_members - left), "name")


def find_duplicate(delegation_id: int, name: str | None, email: str | None,
                   exclude_id: int | None = None) -> tuple[DelegationMember, str] | None:
    """A member of the delegation (not withdrawn) with the same email, or the same name once case,
    accents and spaces are folded: (member, "email" or "name")."""
    from ..i18n.text import fold

    email = (email or "").strip().casefold()
    folded = fold(name)
    members = db.session.scalars(db.select(DelegationMember).where(
        DelegationMember.delegation_id == delegation_id, DelegationMember.status != WITHDRAWN,
        DelegationMember.id != (exclude_id or -1)))
    for member in members:
        if email and (member.email or "").strip().casefold() == email:
            return member, "email"
        if folded and fold(member.name) == folded:
            return member, "name"
    return None


def _refuse_duplicate(delegation_id: int, data: dict, exclude_id: int | None = None) -> None:
    from flask_babel import gettext as _

    found = find_duplicate(delegation_id, data.get("name"), data.get("email"), exclude_id)
    if found is None:
        return
    member, field = found
    if field == "email":
        raise RegistrationError(_("%(name)s already has this email address in the delegation.", name=member.name),
                                "email")
    raise RegistrationError(_("%(name)s is already a member of the delegation.", name=member.name), "name")


def add_member(delegation: Delegation, data: dict, actor: User, *, imported: bool = False,
               checked: bool = False) -> DelegationMember:
    """Add a member (refused when she is already in the delegation). Members added by an organizer
    to a submitted delegation are submitted at once, for review."""
    if not checked:
        _refuse_duplicate(delegation.id, data)
    member = DelegationMember(delegation_id=delegation.id, status=DRAFT, languages=[])
    if delegation.status not in (DRAFT, WITHDRAWN) and actor is not None and actor.id != delegation.lead_user_id:
        member.status, member.queued_at = SUBMITTED, utcnow()
    db.session.add(member)
    _apply(member, data, MEMBER_FIELDS)
    db.session.flush()
    if not imported:
        log(delegation, "member_added", actor, member=member)
    if member.status == SUBMITTED:
        refresh_status(delegation)
    return member


def update_member(member: DelegationMember, data: dict, actor: User | None, *, actor_name: str | None = None) -> dict:
    delegation = db.session.get(Delegation, member.delegation_id)
    _refuse_duplicate(delegation.id, {"name": data.get("name", member.name), "email": data.get("email")},
                      exclude_id=member.id)
    changes = _apply(member, data, MEMBER_FIELDS)
    if changes:
        log(delegation, "member_updated", actor, member=member, changes=changes, actor_name=actor_name)
    db.session.flush()
    return changes


def import_members(delegation: Delegation, rows: list[dict], actor: User) -> list[DelegationMember]:
    """Add the rows as draft members, all or none: a row that repeats a member (already in the
    delegation, or an earlier row) is refused with its number."""
    from flask_babel import gettext as _

    errors, members = [], []
    for number, row in enumerate(rows, start=2):
        try:
            _refuse_duplicate(delegation.id, row)
        except RegistrationError as refusal:
            errors.append(_("Row %(number)d: %(reasons)s.", number=row.get("row_number", number),
                            reasons=str(refusal).rstrip(".")))
        else:
            members.append(add_member(delegation, row, actor, imported=True, checked=True))
    if errors:
        raise RegistrationError("\n".join(errors))
    log(delegation, "member_imported", actor, changes={"members": [None, [m.name for m in members]]})
    return members


# --- capacity --------------------------------------------------------------------------------

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


def places_used(convening_id: int) -> int:
    """People holding a place: confirmed members, and waitlisted members offered a place."""
    return db.session.scalar(
        db.select(func.count()).select_from(DelegationMember)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id)
        .where((DelegationMember.status == CONFIRMED)
               | ((DelegationMember.status == WAITLISTED) & DelegationMember.offered_at.is_not(None))))


def places_left(settings: RegistrationSettings) -> int | None:
    if settings.capacity is None:
        return None
    return max(0, settings.capacity - places_used(settings.convening_id))


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


def _confirm_or_waitlist(settings: RegistrationSettings, members: list[DelegationMember], actor: User | None,
                         delegation: Delegation, reason: str | None = None) -> tuple[list, list]:
    """Give places to the members while places remain (the lock must be held), in order; the rest
    go to the waiting list. Returns (confirmed, waitlisted)."""
    left = places_left(settings)
    now = utcnow()
    confirmed, waitlisted = [], []
    for member in members:
        if left is None or left > 0:
            member.status = CONFIRMED
            member.offered_at = None
            member.decided_at = now
            member.decline_reason = None
            confirmed.append(member)
            if left is not None:
                left -= 1
        else:
            if member.status != WAITLISTED:
                member.status = WAITLISTED
                member.decided_at = now
                waitlisted.append(member)
        if member.queued_at is None:
            member.queued_at = now
    db.session.flush()
    if confirmed:
        log(delegation, CONFIRMED, actor, changes={"members": [None, [m.name for m in confirmed]]}, reason=reason)
    if waitlisted:
        log(delegation, WAITLISTED, actor, changes={"members": [None, [m.name for m in waitlisted]]}, reason=reason)
    return confirmed, waitlisted


def submit(delegation: Delegation, actor: User) -> dict:
    """Submit the delegation's draft members (a first submission, or members added later).
    Call inside write_transaction. Says how many were confirmed and waitlisted, and whether the
    convening is full (the members then wait, in order: ``positions``)."""
    from flask_babel import gettext as _

    settings = lock_convening(delegation.convening_id)
    db.session.refresh(delegation)
    if not changes_allowed(delegation, settings):
        raise RegistrationError(_("This delegation can no longer be changed."))
    drafts = list(db.session.scalars(db.select(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id, DelegationMember.status == DRAFT)
        .order_by(DelegationMember.id)))
    if not drafts:
        raise RegistrationError(_("Add at least one member before submitting."))
    now = utcnow()
    first = delegation.status == DRAFT
    for member in drafts:
        member.status = SUBMITTED
        member.queued_at = now
    if first:
        delegation.status = SUBMITTED
        delegation.submitted_at = now
    db.session.flush()
    log(delegation, SUBMITTED, actor, changes={"members": [None, [m.name for m in drafts]]})
    confirmed = waitlisted = []
    if not settings.review_required:
        confirmed, waitlisted = _confirm_or_waitlist(settings, drafts, None, delegation)
    refresh_status(delegation)
    db.session.flush()
    notify_lead(delegation, "delegations_received", members=drafts, first=first)
    notices = Notices()
    notices.add(delegation, "confirmed", confirmed)
    notices.add(delegation, "waitlisted", waitlisted)
    notices.send()
    left = places_left(settings)
    positions = waitlist_positions(delegation.convening_id) if waitlisted else {}
    return {"confirmed": len(confirmed), "waitlisted": len(waitlisted), "submitted": len(drafts),
            "full": left == 0, "positions": sorted(positions[m.id] for m in waitlisted if m.id in positions)}


def decide(delegation: Delegation, action: str, actor: User, *, member_ids: list[int] | None = None,
           reason: str | None = None, notify: bool = True, notices: Notices | None = None) -> dict:
    """An organizer confirms, waitlists or declines members (all the delegation's submitted,
    waitlisted or confirmed members, or those given). Call inside write_transaction. Everything
    the decision causes (places freed and given to others) is told in one email per lead."""
    from flask_babel import gettext as _

    notices, own = _notices(notices)
    settings = lock_convening(delegation.convening_id)
    db.session.refresh(delegation)
    if delegation.status in (DRAFT, WITHDRAWN):
        raise RegistrationError(_("Only submitted delegations can be reviewed."))
    query = db.select(DelegationMember).where(DelegationMember.delegation_id == delegation.id,
                                              DelegationMember.status.in_(ACTIVE_STATES + (DECLINED,)))
    if member_ids:
        query = query.where(DelegationMember.id.in_(member_ids))
    members = list(db.session.scalars(query.order_by(DelegationMember.queued_at, DelegationMember.id)))
    reason = (reason or "").strip() or None
    freed = False
    result = {"confirmed": [], "waitlisted": [], "declined": []}
    if action == CONFIRMED:
        todo = [m for m in members if m.status != CONFIRMED]
        result["confirmed"], result["waitlisted"] = _confirm_or_waitlist(settings, todo, actor, delegation, reason)
    elif action in (WAITLISTED, DECLINED):
        now = utcnow()
        changed = [m for m in members if m.status != action]
        for member in changed:
            freed = freed or member.status == CONFIRMED or (member.status == WAITLISTED and member.offered_at)
            member.status = action
            member.offered_at = None
            member.decided_at = now
            member.decline_reason = reason if action == DECLINED else None
            if member.queued_at is None:
                member.queued_at = now
        result[action] = changed
        if changed:
            log(delegation, action, actor, changes={"members": [None, [m.name for m in changed]]}, reason=reason)
        if action == DECLINED and not member_ids:
            delegation.decline_reason = reason
    else:
        raise ValueError(action)
    delegation.decided_at = utcnow()
    refresh_status(delegation)
    db.session.flush()
    if notify:
        for key in ("confirmed", "waitlisted", "declined"):
            notices.add(delegation, key, result[key], reason=reason if key == "declined" else None)
    if freed:  # the places go to others on the list, not back to those just moved off them
        promote(settings, actor, exclude={m.id for m in members}, notices=notices)
    if own:
        notices.send()
    return {key: len(value) for key, value in result.items()}


def decide_many(delegations: list[Delegation], action: str, actor: User, *, reason: str | None = None,
                notices: Notices | None = None) -> dict:
    """One decision on several delegations (drafts and withdrawn ones are skipped): one email per
    lead for all it causes. Call inside write_transaction."""
    notices, own = _notices(notices)
    totals = {"confirmed": 0, "waitlisted": 0, "declined": 0}
    skipped = 0
    for delegation in delegations:
        if delegation.status in (DRAFT, WITHDRAWN):
            skipped += 1
            continue
        for key, n in decide(delegation, action, actor, reason=reason, notices=notices).items():
            totals[key] += n
    if own:
        notices.send()
    return {"totals": totals, "skipped": skipped}


def preview(run, *args, **kwargs) -> tuple[dict | None, list[dict], str | None]:
    """Run a decision without keeping it: (its result, who would be told what, the refusal if any).
    ``run`` is a service taking ``notices=``; everything it changes is rolled back."""
    notices = Notices()
    nested = db.session.begin_nested()
    try:
        result = run(*args, notices=notices, **kwargs)
        plan = notices.plan()
        error = None
    except RegistrationError as refusal:
        result, plan, error = None, [], str(refusal)
    finally:
        nested.rollback()
    return result, plan, error


def promote(settings: RegistrationSettings, actor: User | None = None, *,
            exclude: set[int] | None = None, notices: Notices | None = None) -> list[DelegationMember]:
    """Fill free places from the waiting list, in order of submission: confirm (automatic
    promotion) or offer the place. Call with the lock held."""
    left = places_left(settings)
    if left == 0:
        return []
    query = (db.select(DelegationMember)
             .join(Delegation, Delegation.id == DelegationMember.delegation_id)
             .where(Delegation.convening_id == settings.convening_id, DelegationMember.status == WAITLISTED,
                    DelegationMember.offered_at.is_(None), DelegationMember.id.not_in(exclude or {-1}))
             .order_by(DelegationMember.queued_at, DelegationMember.id))
    if left is not None:
        query = query.limit(left)
    members = list(db.session.scalars(query))
    now = utcnow()
    by_delegation: dict[int, list[DelegationMember]] = {}
    for member in members:
        if settings.promotion == PROMOTE_OFFER:
            member.offered_at = now
        else:
            member.status = CONFIRMED
            member.decided_at = now
        by_delegation.setdefault(member.delegation_id, []).append(member)
    db.session.flush()
    notices, own = _notices(notices)
    for delegation_id, promoted in by_delegation.items():
        delegation = db.session.get(Delegation, delegation_id)
        action = "offered" if settings.promotion == PROMOTE_OFFER else "promoted"
        log(delegation, action, actor, changes={"members": [None, [m.name for m in promoted]]})
        refresh_status(delegation)
        notices.add(delegation, action, promoted)
    if own:
        notices.send()
    return members


def answer_offer(delegation: Delegation, member_ids: list[int], accept: bool, actor: User) -> int:
    """The lead accepts or turns down places offered to members. Call inside write_transaction."""
    settings = lock_convening(delegation.convening_id)
    members = list(db.session.scalars(db.select(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id, DelegationMember.id.in_(member_ids or [-1]),
        DelegationMember.status == WAITLISTED, DelegationMember.offered_at.is_not(None))))
    now = utcnow()
    for member in members:
        member.withdrawn_from = None if accept else WAITLISTED
        member.status = CONFIRMED if accept else WITHDRAWN
        member.offered_at = None
        member.decided_at = now
    db.session.flush()
    notices = Notices()
    if members:
        log(delegation, "offer_accepted" if accept else "offer_declined", actor,
            changes={"members": [None, [m.name for m in members]]})
        refresh_status(delegation)
        if accept:
            notices.add(delegation, "confirmed", members)
        else:
            promote(settings, actor, notices=notices)
    notices.send()
    return len(members)


def expire_offers(now: datetime | None = None) -> int:
    """Offers not answered in time lapse: the member goes back to the end of the waiting list and
    the place is offered to the next. Each convening is handled in its own write transaction."""
    from ..database import write_transaction

    now = now or utcnow()
    convening_ids = list(db.session.scalars(db.select(RegistrationSettings.convening_id)))
    lapsed_total = 0
    for convening_id in convening_ids:
        with write_transaction(db.session):
            settings = lock_convening(convening_id)
            limit = now - timedelta(hours=settings.offer_hours or 0)
            lapsed = list(db.session.scalars(
                db.select(DelegationMember).join(Delegation, Delegation.id == DelegationMember.delegation_id)
                .where(Delegation.convening_id == convening_id, DelegationMember.status == WAITLISTED,
                       DelegationMember.offered_at.is_not(None), DelegationMember.offered_at <= limit)
                .order_by(DelegationMember.id)))
            if not lapsed:
                continue
            by_delegation: dict[int, list[DelegationMember]] = {}
            for member in lapsed:
                member.offered_at = None
                member.queued_at = now  # back to the end of the list
                by_delegation.setdefault(member.delegation_id, []).append(member)
            db.session.flush()
            notices = Notices()
            for delegation_id, members in by_delegation.items():
                delegation = db.session.get(Delegation, delegation_id)
                log(delegation, "offer_lapsed", None, changes={"members": [None, [m.name for m in members]]})
                notices.add(delegation, "offer_lapsed", members)
            promote(settings, notices=notices, exclude={m.id for m in lapsed})
            notices.send()
            lapsed_total += len(lapsed)
    return lapsed_total


def withdrawal_consequences(delegation: Delegation, member_ids: list[int] | None) -> dict:
    """What withdrawing would do, for the question asked first: the members concerned, how many
    places they free, and what happens to those places (promotion or offer; none without a list)."""
    settings = get_settings(delegation.convening_id)
    members = [m for m in delegation.members if m.status != WITHDRAWN
               and (member_ids is None or m.id in member_ids)]
    freed = [m for m in members if m.status == CONFIRMED or (m.status == WAITLISTED and m.offered_at)]
    waiting = db.session.scalar(
        db.select(func.count()).select_from(DelegationMember)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == delegation.convening_id, DelegationMember.status == WAITLISTED,
               DelegationMember.offered_at.is_(None), DelegationMember.delegation_id != delegation.id)) or 0
    return {"members": members, "freed": len(freed), "waiting": waiting, "promotion": settings.promotion}


def withdraw_members(delegation: Delegation, member_ids: list[int] | None, actor: User, *,
                     notices: Notices | None = None) -> int:
    """Withdraw members (or, with None, the whole delegation). Frees their places for the waiting
    list. Call inside write_transaction, after the person confirmed (``withdrawal_consequences``)."""
    notices, own = _notices(notices)
    settings = lock_convening(delegation.convening_id)
    query = db.select(DelegationMember).where(DelegationMember.delegation_id == delegation.id,
                                              DelegationMember.status != WITHDRAWN)
    if member_ids is not None:
        query = query.where(DelegationMember.id.in_(member_ids or [-1]))
    members = list(db.session.scalars(query))
    freed = any(m.status == CONFIRMED or (m.status == WAITLISTED and m.offered_at) for m in members)
    drafts = [m for m in members if m.status == DRAFT]
    for member in members:
        if member.status == DRAFT and member_ids is not None:
            continue
        member.withdrawn_from = member.status
        member.status = WITHDRAWN
        member.offered_at = None
    for member in drafts:
        if member_ids is not None:
            log(delegation, "member_withdrawn", actor, member=member)
            db.session.delete(member)  # never submitted: simply removed
    db.session.flush()
    if member_ids is None:
        delegation.status = WITHDRAWN
        log(delegation, WITHDRAWN, actor)
    else:
        for member in members:
            if member not in drafts:
                log(delegation, "member_withdrawn", actor, member=member)
        refresh_status(delegation)
    db.session.flush()
    if actor is not None and actor.id != delegation.lead_user_id:
        notices.add(delegation, "withdrawn", [m for m in members if m not in drafts])
    if freed:
        promote(settings, actor, exclude={m.id for m in members}, notices=notices)
    if own:
        notices.send()
    return len(members)


def reinstate_member(member: DelegationMember, actor: User, *, notices: Notices | None = None) -> str:
    """An organizer undoes a withdrawal: the member gets back a confirmed place when one is free,
    otherwise goes to the waiting list in her original order. Call inside write_transaction."""
    from flask_babel import gettext as _

    notices, own = _notices(notices)
    delegation = db.session.get(Delegation, member.delegation_id)
    settings = lock_convening(delegation.convening_id)
    db.session.refresh(member)
    if member.status != WITHDRAWN:
        raise RegistrationError(_("Only withdrawn members can be brought back."))
    before = member.withdrawn_from or SUBMITTED
    if delegation.status == WITHDRAWN:
        delegation.status = SUBMITTED
    if before == DRAFT:
        member.status = DRAFT
    elif before in (CONFIRMED, WAITLISTED):
        left = places_left(settings)
        member.status = CONFIRMED if before == CONFIRMED and (left is None or left > 0) else WAITLISTED
    else:
        member.status = SUBMITTED
    member.withdrawn_from = None
    member.decided_at = utcnow()
    db.session.flush()
    log(delegation, "member_reinstated", actor, member=member, changes={"status": [WITHDRAWN, member.status]})
    refresh_status(delegation)
    if member.status in (CONFIRMED, WAITLISTED):
        notices.add(delegation, member.status, [member])
    if own:
        notices.send()
    return member.status


def move_member(member: DelegationMember, target: Delegation, actor: User) -> None:
    """An organizer moves a member to another delegation of the same convening; her place (or
    her order on the waiting list) goes with her."""
    from flask_babel import gettext as _

    source = db.session.get(Delegation, member.delegation_id)
    if target.convening_id != source.convening_id or target.id == source.id:
        raise RegistrationError(_("Choose another delegation of this convening."), "delegation_id")
    if target.status == WITHDRAWN:
        raise RegistrationError(_("That delegation is withdrawn."), "delegation_id")
    member.delegation_id = target.id
    if member.status == DRAFT and target.status != DRAFT:
        member.status, member.queued_at = SUBMITTED, utcnow()
    db.session.flush()
    log(source, "member_moved", actor, member=member, changes={"delegation": [str(source.name), str(target.name)]})
    log(target, "member_moved", actor, member=member, changes={"delegation": [str(source.name), str(target.name)]})
    refresh_status(source)
    refresh_status(target)
    db.session.flush()


# --- invitations -----------------------------------------------------------------------------

def _invite_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="delegation-member-invite")


def invite_member(member: DelegationMember, actor: User) -> str:
    """Email the member a link to complete and confirm their own details."""
    from flask_babel import gettext as _

    if not member.email:
        raise RegistrationError(_("Add the member's email address first."))
    member.invite_nonce = secrets.token_hex(8)
    member.invited_at = utcnow()
    delegation = db.session.get(Delegation, member.delegation_id)
    convening = db.session.get(Convening, delegation.convening_id)
    token = _invite_serializer().dumps({"m": member.id, "n": member.invite_nonce})
    language = _user_language_for_email(member.email) or _user_language(delegation.lead_user_id)
    queue_mail(member.email, language, "delegations_invitation", member=member, delegation=delegation,
               convening=convening, lead=db.session.get(User, delegation.lead_user_id),
               contact=organizer_contact(convening),
               url=url_for("delegations.invitation", token=token, lang_code=language, _external=True))
    log(delegation, "member_invited", actor, member=member)
    db.session.flush()
    return token


def member_for_invite(token: str) -> DelegationMember | None:
    try:
        data = _invite_serializer().loads(token, max_age=INVITE_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    member = db.session.get(DelegationMember, data.get("m"))
    if member is None or member.invite_nonce != data.get("n") or member.status == WITHDRAWN:
        return None
    return member


# --- emails ----------------------------------------------------------------------------------

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
    queue_mail(lead.email, language, template, lead=lead, delegation=delegation, convening=convening,
               settings=settings, places_left=None, contact=organizer_contact(convening, settings),
               positions=positions, offer_until=lambda member: format_offer_deadline(member, settings, convening),
               url=url_for("delegations.overview", delegation_id=delegation.id, lang_code=language, _external=True),
               **context)


def format_offer_deadline(member: DelegationMember, settings: RegistrationSettings, convening: Convening) -> str:
    """The offer's deadline in the convening's time zone, with the zone named (in the current locale)."""
    return format_zoned(offer_deadline(member, settings), convening.timezone or "UTC")


def format_zoned(value: datetime | None, tz: str) -> str:
    """A moment in a time zone, labelled with the zone's name: "Tuesday 2 March 2027, 18:00 (Mexico City Time)"."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_date as babel_date
    from babel.dates import format_time, get_timezone_location

    from ..i18n.locale import current_language

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


# --- search helpers --------------------------------------------------------------------------

def find_organizations(query: str, limit: int = 30) -> list[Organization]:
    folded = fold_all([query]).strip()
    if not folded:
        return []
    return list(db.session.scalars(db.select(Organization)
                                   .where(Organization.search_text.contains(folded))
                                   .order_by(Organization.verified.desc(), Organization.slug).limit(limit)))
