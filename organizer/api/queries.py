"""What the API reads: public rows only, each list in a constant number of queries.

Public means: convenings in a public status; their released agendas (never the draft); verified
organizations; adopted declarations of public convenings, with their verified signatories."""
from __future__ import annotations

from sqlalchemy.orm import defer, selectinload

from ..agenda.models import Release
from ..convenings.models import PUBLIC_STATUSES, Convening
from ..declarations.models import ADOPTED, SIG_VERIFIED, Clause, Declaration, Signatory
from ..extensions import db
from ..organizations.models import Organization


def convenings(after: int, limit: int) -> list[Convening]:
    return list(db.session.scalars(
        db.select(Convening).where(Convening.status.in_(PUBLIC_STATUSES), Convening.id > after)
        .order_by(Convening.id).limit(limit + 1)))


def convening(slug: str) -> Convening | None:
    if len(slug) > 120:
        return None
    return db.session.scalar(db.select(Convening).where(Convening.slug == slug,
                                                        Convening.status.in_(PUBLIC_STATUSES)))


def releases(c: Convening) -> list[Release]:
    """Newest first."""
    return list(db.session.scalars(
        db.select(Release).where(Release.convening_id == c.id).order_by(Release.number.desc())))


def release(c: Convening, number: int | None) -> Release | None:
    """The release ``number``, or the latest when None. Its snapshot (large) is read only when used:
    an answer already made from it needs no second reading."""
    query = db.select(Release).where(Release.convening_id == c.id).options(defer(Release.snapshot))
    if number is not None:
        query = query.where(Release.number == number)
    return db.session.scalar(query.order_by(Release.number.desc()).limit(1))


def unverified_organization_ids() -> frozenset[int]:
    """Organizations not (yet) verified: a released agenda may name one (a speaker's), the API does
    not. Usually few (proposals awaiting the organizers)."""
    return frozenset(db.session.scalars(db.select(Organization.id).where(Organization.verified.is_(False))))


def organizations(after: int, limit: int, country: str | None = None) -> list[Organization]:
    query = db.select(Organization).where(Organization.verified.is_(True), Organization.id > after)
    if country:
        query = query.where(Organization.country == country)
    return list(db.session.scalars(query.order_by(Organization.id).limit(limit + 1)))


def organization(slug: str) -> Organization | None:
    if len(slug) > 120:
        return None
    return db.session.scalar(db.select(Organization).where(Organization.slug == slug,
                                                           Organization.verified.is_(True)))


def verified_parents(rows: list[Organization]) -> dict[int, str]:
    """id -> slug of the verified parents of ``rows`` (one query)."""
    ids = {o.parent_id for o in rows if o.parent_id}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Organization.id, Organization.slug).where(
        Organization.id.in_(ids), Organization.verified.is_(True))).all())


def _public_declarations():
    return (db.select(Declaration, Convening).join(Convening, Convening.id == Declaration.convening_id)
            .where(Declaration.status == ADOPTED, Convening.status.in_(PUBLIC_STATUSES)))


def declarations(after: int, limit: int) -> list[tuple[Declaration, Convening]]:
    return [tuple(row) for row in db.session.execute(
        _public_declarations().where(Declaration.id > after).order_by(Declaration.id).limit(limit + 1))]


def declaration(slug: str) -> tuple[Declaration, Convening] | None:
    if len(slug) > 120:
        return None
    row = db.session.execute(_public_declarations().where(Declaration.slug == slug)).first()
    return tuple(row) if row else None


def signatory_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(db.session.execute(
        db.select(Signatory.declaration_id, db.func.count()).join(Organization, Organization.id == Signatory.organization_id)
        .where(Signatory.declaration_id.in_(ids), Signatory.status == SIG_VERIFIED, Organization.verified.is_(True))
        .group_by(Signatory.declaration_id)).all())


def clauses(d: Declaration) -> list[Clause]:
    return list(db.session.scalars(
        db.select(Clause).where(Clause.declaration_id == d.id).order_by(Clause.position, Clause.id)))


def signatories(d: Declaration) -> list[Signatory]:
    """Verified signatories of verified organizations, by country then as they signed."""
    return list(db.session.scalars(
        db.select(Signatory).join(Organization, Organization.id == Signatory.organization_id)
        .where(Signatory.declaration_id == d.id, Signatory.status == SIG_VERIFIED, Organization.verified.is_(True))
        .options(selectinload(Signatory.organization)).order_by(Signatory.country, Signatory.created_at)))


def examples() -> dict[str, str | int | None]:
    """Real addresses for the documentation page: a public convening with a released agenda, one of
    its sessions, a verified organization and an adopted declaration (four small queries)."""
    row = db.session.execute(
        db.select(Convening.slug, Release.id).join(Release, Release.convening_id == Convening.id)
        .where(Convening.status.in_(PUBLIC_STATUSES)).order_by(Release.id.desc()).limit(1)).first()
    found: dict[str, str | int | None] = {"convening": row[0] if row else None, "session": None}
    if row:
        snapshot = db.session.scalar(db.select(Release.snapshot).where(Release.id == row[1])) or {}
        sessions = snapshot.get("sessions") or []
        found["session"] = sessions[0]["guid"] if sessions else None
    found["organization"] = db.session.scalar(
        db.select(Organization.slug).where(Organization.verified.is_(True)).order_by(Organization.id).limit(1))
    public = _public_declarations().with_only_columns(Declaration.slug).order_by(Declaration.id).limit(1)
    found["declaration"] = db.session.scalar(public)
    return found
