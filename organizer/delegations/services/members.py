"""Writes a lead (or an organizer) makes to a delegation: its organizations, its members (added,
changed, imported, moved), invitations for members to confirm their own details."""
from __future__ import annotations

import secrets

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ...accounts.models import User
from ...convenings.models import Convening
from ...database import utcnow
from ...extensions import db
from ...i18n.translated import TranslatedText
from ...mail.services import queue_mail
from ...organizations import services as organizations
from ...organizations.models import Organization
from ..models import (DRAFT, SUBMITTED, WITHDRAWN, Delegation, DelegationMember, DelegationOrganization,
                      RegistrationSettings)
from ..queries import (room_left)
from .core import (INVITE_MAX_AGE, MEMBER_FIELDS, RegistrationError, _apply, _user_language, _user_language_for_email,
                   log, organizer_contact, refresh_status)
from ..queries import find_duplicate


def propose_organization(name: str, country: str, kind: str, lang: str, acronym: str | None = None) -> Organization:
    """An organization named by a lead (``organizations`` finds it if known, else adds it unverified)."""
    return organizations.propose_organization(name, country=country, kind=kind, language=lang, acronym=acronym)


def create_delegation(convening: Convening, lead: User, name: TranslatedText, organization_ids: list[int],
                      proposed: Organization | None = None, contact_phone: str | None = None,
                      notes: str | None = None, answers: dict | None = None) -> Delegation:
    delegation = Delegation(convening_id=convening.id, lead_user_id=lead.id, name=name, status=DRAFT,
                            contact_phone=(contact_phone or "").strip() or None, notes=(notes or "").strip() or None,
                            answers=answers or None)
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
                      notes: str | None = None, answers: dict | None = None) -> None:
    data = {"name": name, "contact_phone": contact_phone, "notes": notes}
    if answers is not None:  # None: no question asked, the answers stay as they are
        data["answers"] = answers
    changes = _apply(delegation, data, ("name", "contact_phone", "notes", "answers"))
    if changes:
        log(delegation, "updated", actor, changes=changes)
    existing = list(db.session.scalars(db.select(DelegationOrganization)
                                       .where(DelegationOrganization.delegation_id == delegation.id)))
    before = [link.organization_id for link in sorted(existing, key=lambda link: link.position)]
    after = list(dict.fromkeys(organization_ids)) + ([proposed.id] if proposed else [])
    if before != after:
        _set_links(delegation, organization_ids, proposed, existing)
        log(delegation, "organizations", actor, changes={"organizations": [before, after]})
    if proposed is not None:
        log(delegation, "organization_proposed", actor, changes={"organizations": [None, str(proposed.name)]})


def check_room(delegation: Delegation, settings: RegistrationSettings, adding: int) -> None:
    from flask_babel import ngettext

    from .core import lock_convening

    settings = lock_convening(delegation.convening_id)  # counted under the lock: parallel additions wait
    left = room_left(delegation, settings)
    if left is not None and adding > left:
        raise RegistrationError(ngettext("A delegation may bring at most %(num)d member; this one has %(n)d.",
                                         "A delegation may bring at most %(num)d members; this one has %(n)d.",
                                         settings.max_members, n=settings.max_members - left), "name")


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


def verify_organization(organization: Organization) -> None:
    """Organizers confirm an organization a lead proposed (the organizations domain owns the rule)."""
    organizations.verify_organization(organization)


def confirm_own_details(member: DelegationMember, data: dict) -> None:
    """A member, through her invitation, completes and confirms her own details."""
    delegation = db.session.get(Delegation, member.delegation_id)
    update_member(member, data, None, actor_name=member.name)
    member.confirmed_by_member_at = utcnow()
    log(delegation, "member_self_confirmed", None, member=member, actor_name=member.name)
    db.session.flush()
