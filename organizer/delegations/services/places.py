"""Places: submission, the organizers' decisions (previewed first), the waiting list, offers,
withdrawals and their undoing. Call inside write_transaction (see ``core``)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func

from ...accounts.models import User
from ...database import utcnow
from ...extensions import db
from ..models import (ACTIVE_STATES, CONFIRMED, DECLINED, DRAFT, PROMOTE_OFFER, SUBMITTED, WAITLISTED,
                      WITHDRAWN, Delegation, DelegationMember, RegistrationSettings)
from ..questions import missing_message, missing_required
from ..queries import (convening_questions, places_left,
                       waitlist_positions)
from .core import (Notices, RegistrationError, _notices, changes_allowed, get_settings, lock_convening, log,
                   notify_lead, refresh_status)


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


def unanswered_required(delegation: Delegation, drafts: list[DelegationMember]) -> str | None:
    """What keeps these members from being submitted: the required custom answers the delegation or
    they lack (also those created before the question was asked), in one sentence; None when all
    are given."""
    missing = missing_required(convening_questions(delegation.convening_id), delegation, drafts)
    return missing_message(missing) if missing else None


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
    missing = unanswered_required(delegation, drafts)
    if missing:
        raise RegistrationError(missing)
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


def expire_offers(convening_id: int, now: datetime | None = None) -> int:
    """Offers of one convening not answered in time lapse: the member goes back to the end of the
    waiting list and the place is offered to the next. Call inside write_transaction (the CLI runs
    one per convening: ``queries.convenings_with_registration``)."""
    now = now or utcnow()
    settings = lock_convening(convening_id)
    limit = now - timedelta(hours=settings.offer_hours or 0)
    lapsed = list(db.session.scalars(
        db.select(DelegationMember).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == WAITLISTED,
               DelegationMember.offered_at.is_not(None), DelegationMember.offered_at <= limit)
        .order_by(DelegationMember.id)))
    if not lapsed:
        return 0
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
    return len(lapsed)


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
