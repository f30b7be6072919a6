"""Registration rules: delegations, members, review, capacity and the waiting list.

Services flush, never commit. Whatever can use up places (submitting, confirming, promoting) must
run inside ``organizer.database.write_transaction`` and call ``lock_convening`` first, so that
capacity is counted and used by one transaction at a time (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
convening's settings row locked FOR UPDATE).
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Iterable

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..convenings.models import Convening
from ..database import utcnow
from ..extensions import db
from ..i18n.translated import TranslatedText
from ..mail.services import queue_mail
from ..organizations import services as organizations
from ..organizations.models import Organization
from ..platform.errors import DomainError
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


class RegistrationError(DomainError):
    """A rule stops the operation; the message is translated and shown to the user."""


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
                       convening_status: str | None = None) -> str:
    """"not_yet", "open" or "closed": the convening's status (organizers open registration by setting
    it to "registration_open"), then the opening and closing dates of the settings."""
    if convening_status is not None and convening_status != "registration_open":
        return "closed" if convening_status in ("registration_closed", "past") else "not_yet"
    now = now or utcnow()
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
        if registration_state(settings, now, convening.status if convening else None) != "open":
            return False
    return True


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


def propose_organization(name: str, country: str, kind: str, lang: str, acronym: str | None = None) -> Organization:
    """An organization named by a lead (``organizations`` finds it if known, else adds it unverified)."""
    return organizations.propose_organization(name, country=country, kind=kind, language=lang, acronym=acronym)


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
        if not proposed.verified:  # a lead may name an organization that is already known
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

def check_room(delegation: Delegation, settings: RegistrationSettings, adding: int) -> None:
    from flask_babel import ngettext

    settings = lock_convening(delegation.convening_id)  # counted under the lock: parallel additions wait
    if settings.max_members is None:
        return
    current = db.session.scalar(db.select(func.count()).select_from(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id,
        DelegationMember.status.in_((DRAFT,) + ACTIVE_STATES)))
    if current + adding > settings.max_members:
        raise RegistrationError(ngettext("A delegation may bring at most %(num)d member; this one has %(n)d.",
                                         "A delegation may bring at most %(num)d members; this one has %(n)d.",
                                         settings.max_members, n=current))


def add_member(delegation: Delegation, data: dict, actor: User, *, imported: bool = False) -> DelegationMember:
    member = DelegationMember(delegation_id=delegation.id, status=DRAFT, languages=[])
    db.session.add(member)
    _apply(member, data, MEMBER_FIELDS)
    db.session.flush()
    if not imported:
        log(delegation, "member_added", actor, member=member)
    return member


def update_member(member: DelegationMember, data: dict, actor: User | None, *, actor_name: str | None = None) -> dict:
    delegation = db.session.get(Delegation, member.delegation_id)
    changes = _apply(member, data, MEMBER_FIELDS)
    if changes:
        log(delegation, "member_updated", actor, member=member, changes=changes, actor_name=actor_name)
    db.session.flush()
    return changes


def import_members(delegation: Delegation, rows: list[dict], actor: User) -> list[DelegationMember]:
    members = [add_member(delegation, row, actor, imported=True) for row in rows]
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
    Call inside write_transaction."""
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
    if confirmed:
        notify_lead(delegation, "delegations_confirmed", members=confirmed)
    if waitlisted:
        notify_lead(delegation, "delegations_waitlisted", members=waitlisted)
    return {"confirmed": len(confirmed), "waitlisted": len(waitlisted), "submitted": len(drafts)}


def decide(delegation: Delegation, action: str, actor: User, *, member_ids: list[int] | None = None,
           reason: str | None = None, notify: bool = True) -> dict:
    """An organizer confirms, waitlists or declines members (all the delegation's submitted,
    waitlisted or confirmed members, or those given). Call inside write_transaction."""
    from flask_babel import gettext as _

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
            if result[key]:
                notify_lead(delegation, f"delegations_{key}", members=result[key], reason=reason)
    if freed:  # the places go to others on the list, not back to those just moved off them
        promote(settings, actor, exclude={m.id for m in members})
    return {key: len(value) for key, value in result.items()}


def promote(settings: RegistrationSettings, actor: User | None = None, *,
            exclude: set[int] | None = None) -> list[DelegationMember]:
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
    for delegation_id, promoted in by_delegation.items():
        delegation = db.session.get(Delegation, delegation_id)
        action = "offered" if settings.promotion == PROMOTE_OFFER else "promoted"
        log(delegation, action, actor, changes={"members": [None, [m.name for m in promoted]]})
        refresh_status(delegation)
        notify_lead(delegation, "delegations_offered" if action == "offered" else "delegations_promoted",
                    members=promoted)
    return members


def answer_offer(delegation: Delegation, member_ids: list[int], accept: bool, actor: User) -> int:
    """The lead accepts or turns down places offered to members. Call inside write_transaction."""
    settings = lock_convening(delegation.convening_id)
    members = list(db.session.scalars(db.select(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id, DelegationMember.id.in_(member_ids or [-1]),
        DelegationMember.status == WAITLISTED, DelegationMember.offered_at.is_not(None))))
    now = utcnow()
    for member in members:
        member.status = CONFIRMED if accept else WITHDRAWN
        member.offered_at = None
        member.decided_at = now
    db.session.flush()
    if members:
        log(delegation, "offer_accepted" if accept else "offer_declined", actor,
            changes={"members": [None, [m.name for m in members]]})
        refresh_status(delegation)
        if accept:
            notify_lead(delegation, "delegations_confirmed", members=members)
        else:
            promote(settings, actor)
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
            for delegation_id, members in by_delegation.items():
                delegation = db.session.get(Delegation, delegation_id)
                log(delegation, "offer_lapsed", None, changes={"members": [None, [m.name for m in members]]})
                notify_lead(delegation, "delegations_offer_lapsed", members=members)
            promote(settings)
            lapsed_total += len(lapsed)
    return lapsed_total


def withdraw_members(delegation: Delegation, member_ids: list[int] | None, actor: User) -> int:
    """Withdraw members (or, with None, the whole delegation). Frees their places for the waiting
    list. Call inside write_transaction."""
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
    if freed:
        promote(settings, actor)
    return len(members)


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
    language = lead.preferred_language
    queue_mail(lead.email, language, template, lead=lead, delegation=delegation, convening=convening,
               settings=get_settings(convening), places_left=None,
               url=url_for("delegations.overview", delegation_id=delegation.id, lang_code=language, _external=True),
               **context)


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
    """Verified organizations only: one proposed by a lead or a signer stays out of everyone else's
    picker until organizers verify it (its proposer still sees it among the chosen ones)."""
    return organizations.find_organizations(query, limit=limit, verified_only=True)
