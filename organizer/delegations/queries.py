"""Registration's reads: what pages and rules need, each in a fixed number of statements."""
from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organizations import services as organizations
from ..organizations.models import Organization
from .models import (ACTIVE_STATES, CONFIRMED, DRAFT, WAITLISTED, WITHDRAWN, Delegation, DelegationMember,
                     DelegationOrganization, RegistrationQuestion, RegistrationSettings)


def lead_delegation(convening_id: int, user_id: int) -> Delegation | None:
    """The user's current delegation for a convening (withdrawn ones do not count)."""
    return db.session.scalar(
        db.select(Delegation).where(Delegation.convening_id == convening_id, Delegation.lead_user_id == user_id,
                                    Delegation.status != WITHDRAWN).order_by(Delegation.id.desc()).limit(1))


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


def room_left(delegation: Delegation, settings: RegistrationSettings) -> int | None:
    """How many more members the delegation may add (None: no limit)."""
    if settings.max_members is None:
        return None
    current = db.session.scalar(db.select(func.count()).select_from(DelegationMember).where(
        DelegationMember.delegation_id == delegation.id,
        DelegationMember.status.in_((DRAFT,) + ACTIVE_STATES)))
    return max(0, settings.max_members - current)


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


def waitlist_positions(convening_id: int) -> dict[int, int]:
    """Each waitlisted member's place in the queue (1 is next), in one query."""
    ids = db.session.scalars(
        db.select(DelegationMember.id).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == WAITLISTED,
               DelegationMember.offered_at.is_(None))
        .order_by(DelegationMember.queued_at, DelegationMember.id))
    return {member_id: n for n, member_id in enumerate(ids, start=1)}


def find_organizations(query: str, limit: int = 30) -> list[Organization]:
    """Verified organizations only: one proposed by a lead or a signer stays out of everyone else's
    picker until organizers verify it (its proposer still sees it among the chosen ones)."""
    return organizations.find_organizations(query, limit=limit, verified_only=True)


def convenings_with_registration() -> list[int]:
    return list(db.session.scalars(db.select(RegistrationSettings.convening_id).order_by(RegistrationSettings.convening_id)))


def convening_by_slug(slug: str):
    from ..convenings.models import Convening

    return db.session.scalar(db.select(Convening).where(Convening.slug == slug))


def organizations_by_id(ids) -> list[Organization]:
    return list(db.session.scalars(db.select(Organization).where(Organization.id.in_(list(ids) or [-1]))))


def other_delegations(convening_id: int, delegation_id: int) -> list[Delegation]:
    """The convening's other delegations a member can move to (not withdrawn)."""
    return list(db.session.scalars(db.select(Delegation).where(
        Delegation.convening_id == convening_id, Delegation.id != delegation_id,
        Delegation.status != WITHDRAWN).order_by(Delegation.id)))


def delegations_by_id(convening_id: int, ids) -> list[Delegation]:
    """Of these delegations, those of the convening, in order of submission."""
    return list(db.session.scalars(db.select(Delegation).where(
        Delegation.id.in_(list(ids) or [-1]), Delegation.convening_id == convening_id)
        .order_by(Delegation.submitted_at, Delegation.id)))


def delegation_list(convening_id: int, state: str | None) -> tuple[list[Delegation], dict, dict]:
    """The organizers' list: delegations with members, their organizations, their leads' names
    (four queries, whatever the number of delegations)."""
    from ..accounts.models import User

    query = (db.select(Delegation).where(Delegation.convening_id == convening_id)
             .options(selectinload(Delegation.members))
             .order_by(Delegation.submitted_at.is_(None), Delegation.submitted_at, Delegation.id))
    if state:
        query = query.where(Delegation.status == state)
    rows = list(db.session.scalars(query))
    organizations = delegation_organizations([d.id for d in rows])
    leads = dict(db.session.execute(db.select(User.id, User.name).where(
        User.id.in_({d.lead_user_id for d in rows} or {-1}))).all())
    return rows, organizations, leads


def proposed_organizations(convening_id: int, organization_id: int | None = None) -> list[Organization]:
    """Unverified organizations that delegations of the convening come from."""
    query = db.select(Organization).where(Organization.verified.is_(False), Organization.id.in_(
        db.select(DelegationOrganization.organization_id)
        .join(Delegation, Delegation.id == DelegationOrganization.delegation_id)
        .where(Delegation.convening_id == convening_id))).order_by(Organization.slug)
    if organization_id is not None:
        query = query.where(Organization.id == organization_id)
    return list(db.session.scalars(query))


def registration_dates() -> list[tuple]:
    """(convening id, opens_at, closes_at) of every convening's registration: one small query."""
    return db.session.execute(db.select(RegistrationSettings.convening_id, RegistrationSettings.opens_at,
                                        RegistrationSettings.closes_at)).all()


def convening_questions(convening_id: int, scope: str | None = None) -> list[RegistrationQuestion]:
    """The convening's custom questions in their order (those asked per ``scope`` when given): one query."""
    query = db.select(RegistrationQuestion).where(RegistrationQuestion.convening_id == convening_id)
    if scope is not None:
        query = query.where(RegistrationQuestion.scope == scope)
    return list(db.session.scalars(query.order_by(RegistrationQuestion.position, RegistrationQuestion.id)))


def convening_question(convening_id: int, question_id: int) -> RegistrationQuestion | None:
    """One of the convening's questions (None for another convening's, or none)."""
    return db.session.scalar(db.select(RegistrationQuestion).where(RegistrationQuestion.id == question_id,
                                                                   RegistrationQuestion.convening_id == convening_id))
