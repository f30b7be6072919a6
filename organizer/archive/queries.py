"""What the archive shows: the directory of organizations, organization and person pages, and the
site search across convenings, organizations and people. Reads only, each in a fixed number of
queries whatever the number of rows."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, func
from sqlalchemy.orm import joinedload, selectinload

from ..convenings.models import PUBLIC_STATUSES, Convening, ConveningOrganization, ConveningPerson
from ..extensions import db
from ..i18n.collation import collation_key
from ..organizations.models import Affiliation, Organization, OrganizationSector, Person, organization_networks
from ..organizations.services import name_order
from . import search_index

PER_PAGE = 50
SEARCH_LIMIT = 25


# ---------------------------------------------------------------------------------------------- directory

@dataclass
class Directory:
    items: list[Organization]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    networks: dict[str, Organization] = field(default_factory=dict)


def _filter_clauses(filters: dict[str, str | None], network_id: int | None, skip: str | None = None):
    clauses = [Organization.verified.is_(True)]
    if filters.get("country") and skip != "country":
        clauses.append(Organization.country == filters["country"])
    if filters.get("kind") and skip != "kind":
        clauses.append(Organization.kind == filters["kind"])
    if filters.get("sector") and skip != "sector":
        clauses.append(Organization.id.in_(db.select(OrganizationSector.organization_id).where(
            OrganizationSector.sector == filters["sector"])))
    if filters.get("network") and skip != "network":
        clauses.append(Organization.id.in_(db.select(organization_networks.c.organization_id).where(
            organization_networks.c.network_id == (network_id or 0))))
    return clauses


def directory(filters: dict[str, str | None], page: int = 1, per_page: int = PER_PAGE) -> Directory:
    """One page of the directory, with the count of every filter value given the other filters.
    Three queries whatever the number of organizations: the networks, the total and the four
    facets' counts in one grouped statement, and the page itself (read in the order of the
    indexed ``sort_name_<language>`` column)."""
    used = db.select(organization_networks.c.network_id).distinct()
    networks = {n.slug: n for n in db.session.scalars(
        db.select(Organization).where(Organization.id.in_(used)).order_by(Organization.slug))}
    network = networks.get(filters.get("network") or "")
    network_id = network.id if network else None

    counts = _counts(filters, network_id)
    total = sum(count for _value, count in counts.pop("total", []))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(db.session.scalars(
        db.select(Organization).where(*_filter_clauses(filters, network_id))
        .order_by(name_order(), Organization.slug).limit(per_page).offset((page - 1) * per_page)))

    by_id = {str(n.id): n for n in networks.values()}
    facets = {name: sorted(((str(value), count) for value, count in counts.get(name, []) if value is not None),
                           key=lambda r: (-r[1], r[0])) for name in ("country", "kind", "sector")}
    facets["network"] = sorted(((by_id[str(i)].slug, c) for i, c in counts.get("network", []) if str(i) in by_id),
                               key=lambda r: (-r[1], r[0]))
    return Directory(items=items, total=total, page=page, pages=pages, facets=facets, networks=networks)


def _counts(filters: dict[str, str | None], network_id: int | None) -> dict[str, list[tuple[str, int]]]:
    """The total and the four facets' counts (each given the other filters), in one statement: a
    UNION ALL of five grouped counts, each served by an index."""
    branches = [
        db.select(db.literal("total").label("facet"), db.cast(db.literal(""), String).label("value"),
                  func.count().label("n")).select_from(Organization).where(*_filter_clauses(filters, network_id)),
    ]
    for name, column in (("country", Organization.country), ("kind", Organization.kind)):
        branches.append(db.select(db.literal(name).label("facet"), db.cast(column, String).label("value"),
                                  func.count().label("n"))
                        .where(*_filter_clauses(filters, network_id, skip=name)).group_by(column))
    branches.append(
        db.select(db.literal("sector").label("facet"), db.cast(OrganizationSector.sector, String).label("value"),
                  func.count().label("n"))
        .join(Organization, Organization.id == OrganizationSector.organization_id)
        .where(*_filter_clauses(filters, network_id, skip="sector")).group_by(OrganizationSector.sector))
    branches.append(
        db.select(db.literal("network").label("facet"),
                  db.cast(organization_networks.c.network_id, String).label("value"), func.count().label("n"))
        .join(Organization, Organization.id == organization_networks.c.organization_id)
        .where(*_filter_clauses(filters, network_id, skip="network"))
        .group_by(organization_networks.c.network_id))
    out: dict[str, list[tuple[str, int]]] = {}
    for facet, val, count in db.session.execute(db.union_all(*branches)).all():
        out.setdefault(facet, []).append((val, count))
    return out


# ---------------------------------------------------------------------------------------------- pages

@dataclass
class OrganizationPage:
    organization: Organization
    participations: list  # ConveningOrganization rows with their convening
    spoke_for: list  # ConveningPerson rows (public people who took part for this organization)
    affiliations: list[Affiliation]
    members: list[Organization]
    children: list[Organization]


def organization_page(slug: str, include_drafts_for=None) -> OrganizationPage | None:
    org = db.session.scalar(db.select(Organization).where(Organization.slug == slug).options(
        joinedload(Organization.parent), selectinload(Organization.networks)))
    if org is None:
        return None
    participations = list(db.session.scalars(
        db.select(ConveningOrganization).join(Convening).where(
            ConveningOrganization.organization_id == org.id, Convening.status.in_(PUBLIC_STATUSES))
        .options(joinedload(ConveningOrganization.convening))
        .order_by(Convening.start_date.desc().nulls_last(), Convening.slug)))
    spoke_for = list(db.session.scalars(
        db.select(ConveningPerson).join(Convening).join(Person, Person.id == ConveningPerson.person_id).where(
            ConveningPerson.organization_id == org.id, Convening.status.in_(PUBLIC_STATUSES), Person.is_public.is_(True))
        .options(joinedload(ConveningPerson.convening), joinedload(ConveningPerson.person))
        .order_by(Convening.start_date.desc().nulls_last(), Person.name)))
    affiliations = sorted(db.session.scalars(
        db.select(Affiliation).join(Person).where(Affiliation.organization_id == org.id, Person.is_public.is_(True))
        .options(joinedload(Affiliation.person)).order_by(Affiliation.as_of)),
        key=lambda a: collation_key(a.person.name))
    members = list(db.session.scalars(db.select(Organization).where(
        Organization.id.in_(db.select(organization_networks.c.organization_id).where(
            organization_networks.c.network_id == org.id))).order_by(name_order())))
    children = list(db.session.scalars(db.select(Organization).where(Organization.parent_id == org.id)
                                       .order_by(name_order())))
    return OrganizationPage(org, participations, spoke_for, affiliations, members, children)


@dataclass
class PersonPage:
    person: Person
    affiliations: list[Affiliation]
    participations: list


def person_page(slug: str, include_private: bool = False) -> PersonPage | None:
    """Only people named in public sources have a page (editors also see the others')."""
    query = db.select(Person).where(Person.slug == slug)
    if not include_private:
        query = query.where(Person.is_public.is_(True))
    person = db.session.scalar(query)
    if person is None:
        return None
    affiliations = list(db.session.scalars(
        db.select(Affiliation).where(Affiliation.person_id == person.id)
        .options(joinedload(Affiliation.organization)).order_by(Affiliation.as_of.desc().nulls_last())))
    participations = list(db.session.scalars(
        db.select(ConveningPerson).join(Convening).where(
            ConveningPerson.person_id == person.id, Convening.status.in_(PUBLIC_STATUSES))
        .options(joinedload(ConveningPerson.convening), joinedload(ConveningPerson.organization))
        .order_by(Convening.start_date.desc().nulls_last())))
    return PersonPage(person, affiliations, participations)


# ---------------------------------------------------------------------------------------------- search

def search(query: str, language: str = "en", limit: int = SEARCH_LIMIT) -> search_index.Results:
    """Every public record matching the query, grouped by kind (``archive.search_index``)."""
    return search_index.search(query, language=language, limit=limit)
