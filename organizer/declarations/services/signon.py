"""Sign-on: organizations sign an adopted declaration; organizers verify; the contact can withdraw
by the emailed link."""
from __future__ import annotations

import secrets

from flask import url_for
from flask_babel import lazy_gettext as _l

from ...accounts.models import User
from ...convenings.models import ConveningOrganizer
from ...database import utcnow
from ...extensions import db
from ...mail.services import queue_mail
from ...organizations import services as organizations
from ...organizations.models import Organization
from ..models import ADOPTED, SIG_PENDING, SIG_REJECTED, SIG_VERIFIED, SIG_WITHDRAWN, Declaration, Signatory
from ..queries import _hash
from ._base import DeclarationError

MAX_PENDING_PER_CONTACT = 5


SIGNING_KINDS = ("union", "federation", "labor_council", "worker_center", "ngo", "network")


def set_signon(declaration: Declaration, open_: bool) -> None:
    """Open or close an adopted declaration to new signatures (those given stay)."""
    if declaration.status != ADOPTED:
        raise DeclarationError(_l("Organizations sign on once the declaration is adopted."))
    if bool(declaration.signon_open) == bool(open_):
        raise DeclarationError(_l("Sign-on is already open.") if open_ else _l("Sign-on is already closed."))
    declaration.signon_open = bool(open_)
    db.session.flush()


def sign_on(declaration: Declaration, *, organization: Organization | None, new_name: str | None, country: str,
            sector: str | None, authorized_by: str, authorizer_title: str | None, contact_email: str,
            contact_language: str, user: User | None) -> tuple[Signatory, str]:
    if declaration.status != ADOPTED:
        raise DeclarationError(_l("Organizations sign on once the declaration is adopted."))
    if not declaration.signon_open:
        raise DeclarationError(_l("Sign-on to this declaration is closed."))
    # Each sign-on emails its contact: one address cannot be made to receive a stream of them.
    pending_for_contact = db.session.scalar(db.select(db.func.count()).select_from(Signatory).where(
        Signatory.declaration_id == declaration.id, Signatory.status == SIG_PENDING,
        db.func.lower(Signatory.contact_email) == contact_email.strip().lower()))
    if pending_for_contact >= MAX_PENDING_PER_CONTACT:
        raise DeclarationError(_l(
            "This contact already has several signatures awaiting verification. Please wait for the organizers."),
            field="contact_email")
    if organization is not None and (not organization.verified or organization.kind not in SIGNING_KINDS):
        raise DeclarationError(_l("Choose your organization or give its name."), field="organization")
    if organization is None:
        name = (new_name or "").strip()
        if not name:
            raise DeclarationError(_l("Choose your organization or give its name."), field="new_organization")
        # Named in the signer's language only; an organization already known in that country is
        # the one that signs (and may have signed already).
        organization = organizations.propose_organization(
            name, country=country, kind="other", language=contact_language, sectors=[sector] if sector else [])
    existing = db.session.scalar(db.select(Signatory).where(
        Signatory.declaration_id == declaration.id, Signatory.organization_id == organization.id,
        Signatory.status.in_((SIG_PENDING, SIG_VERIFIED))))
    if existing is not None:
        raise DeclarationError(_l("This organization has already signed on (or its signature awaits verification)."),
                               field="organization")
    token = secrets.token_urlsafe(32)
    signatory = Signatory(
        declaration_id=declaration.id, organization_id=organization.id, country=country, sector=sector or None,
        authorized_by=authorized_by.strip(), authorizer_title=(authorizer_title or "").strip() or None,
        contact_email=contact_email.strip().lower(), contact_language=contact_language,
        user_id=user.id if user is not None else None, status=SIG_PENDING, withdraw_token_hash=_hash(token))
    db.session.add(signatory)
    db.session.flush()
    organizers = db.session.scalars(db.select(User).join(ConveningOrganizer, ConveningOrganizer.user_id == User.id)
                                    .where(ConveningOrganizer.convening_id == declaration.convening_id))
    for organizer in organizers:
        lang = organizer.preferred_language
        queue_mail(organizer.email, lang, "declarations_signon_to_verify", user=organizer, organization=organization,
                   declaration=declaration, country=signatory.country,
                   url=url_for("declarations.signatories_review", slug=declaration.slug, lang_code=lang,
                               _external=True))
    queue_mail(signatory.contact_email, contact_language, "declarations_signon_received",
               signatory=signatory, organization=organization, declaration=declaration,
               withdraw_url=url_for("declarations.withdraw_by_token", slug=declaration.slug, token=token,
                                    lang_code=contact_language, _external=True),
               url=url_for("declarations.show", slug=declaration.slug, lang_code=contact_language, _external=True))
    return signatory, token


def verify_signatory(signatory: Signatory, user: User) -> None:
    if signatory.status != SIG_PENDING:
        raise DeclarationError(_l("This signature is not awaiting verification."))
    signatory.status = SIG_VERIFIED
    signatory.verified_at = utcnow()
    signatory.verified_by_id = user.id
    organization = organizations.verify_organization(db.session.get(Organization, signatory.organization_id))
    declaration = db.session.get(Declaration, signatory.declaration_id)
    lang = signatory.contact_language
    queue_mail(signatory.contact_email, lang, "declarations_signon_verified", signatory=signatory,
               organization=organization, declaration=declaration,
               url=url_for("declarations.show", slug=declaration.slug, lang_code=lang, _external=True))


def reject_signatory(signatory: Signatory, user: User) -> None:
    if signatory.status != SIG_PENDING:
        raise DeclarationError(_l("This signature is not awaiting verification."))
    signatory.status = SIG_REJECTED
    signatory.verified_by_id = user.id
    db.session.flush()


def withdraw_signatory(signatory: Signatory) -> None:
    if signatory.status not in (SIG_PENDING, SIG_VERIFIED):
        raise DeclarationError(_l("This signature was already withdrawn."))
    signatory.status = SIG_WITHDRAWN
    signatory.withdrawn_at = utcnow()
    db.session.flush()

