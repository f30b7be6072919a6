"""Organizations and people: directory, search, duplicate detection, saving. Flush, never commit."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import String, func, or_
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..i18n.collation import collation_key
from ..i18n.text import fold
from ..i18n.translated import TranslatedText
from ..platform import slugs
from .models import (ORIGIN_APP, Affiliation, Organization, OrganizationSector, Person, match_keys,
                     organization_networks)

PER_PAGE = 50


def name_order(column=None):
    """Order organizations by name in the reader's language (else English, else Spanish), accents and
    case ignored (``sort_names`` holds the folded names; ``->>`` works on PostgreSQL and SQLite 3.38+)."""
    from ..i18n.locale import current_language

    try:
        lang = current_language()
    except RuntimeError:  # outside a request
        lang = "en"
    column = Organization.sort_names
    texts = [column.op("->>", return_type=String)(code) for code in dict.fromkeys([lang, "en", "es"])]
    return func.coalesce(*texts)
SEARCH_LIMIT = 25


def refresh_search_text(obj) -> None:
    """Recompute an organization's, person's or convening's folded search text. Also done for every
    saved object by the ``before_flush`` listener in ``organizations.models``."""
    obj.refresh_search_text()


# ---------------------------------------------------------------------------------------------- slugs

def slugify(text: str, max_length: int = 80) -> str:
    return slugs.slugify(text, max_length)


def unique_slug(model, base: str, exclude_id: int | None = None) -> str:
    return slugs.unique_slug(model.slug, base, exclude=(model.id != exclude_id) if exclude_id else None)


# ---------------------------------------------------------------------------------------------- duplicates

def find_duplicates(name: TranslatedText | None, acronym: TranslatedText | None, country: str | None,
                    exclude_id: int | None = None) -> list[Organization]:
    """Organizations of the same country with the same name or acronym (folded: case and accents
    ignored), in either language."""
    keys = [k for k in match_keys(name, acronym).strip("|").split("|") if k]
    if not keys or not country:
        return []
    query = db.select(Organization).where(
        Organization.country == country,
        or_(*(Organization.match_keys.contains(f"|{k}|", autoescape=True) for k in keys)),
    ).order_by(Organization.slug).limit(5)
    if exclude_id:
        query = query.where(Organization.id != exclude_id)
    return list(db.session.scalars(query))


def save_organization(org: Organization, *, sectors, networks: list[int]) -> Organization:
    """After the form filled ``org``: sectors, networks, slug, ownership (edited in the app: the seeds
    no longer overwrite it), search text."""
    org.set_sectors(sectors)
    if not org.slug:
        org.slug = unique_slug(Organization, (org.acronym and org.acronym.resolve("en").text) or org.name.resolve("en").text)
    org.origin = ORIGIN_APP
    if org.id is None:
        db.session.add(org)
    db.session.flush()
    table = organization_networks
    db.session.execute(table.delete().where(table.c.organization_id == org.id))
    wanted = [n for n in dict.fromkeys(networks) if n != org.id]
    if wanted:
        db.session.execute(table.insert(), [{"organization_id": org.id, "network_id": n} for n in wanted])
    refresh_search_text(org)
    db.session.flush()
    return org


def network_choices() -> list[Organization]:
    """Organizations that can be joined as networks: kind "network" and any already used as one."""
    used = db.select(organization_networks.c.network_id)
    return list(db.session.scalars(db.select(Organization).where(
        or_(Organization.kind == "network", Organization.id.in_(used))).order_by(Organization.slug)))


def network_ids(org: Organization) -> list[int]:
    return list(db.session.scalars(db.select(organization_networks.c.network_id).where(
        organization_networks.c.organization_id == org.id)))


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
    A constant number of queries (8) whatever the number of organizations."""
    used = db.select(organization_networks.c.network_id).distinct()
    networks = {n.slug: n for n in db.session.scalars(
        db.select(Organization).where(Organization.id.in_(used)).order_by(Organization.slug))}
    network = networks.get(filters.get("network") or "")
    network_id = network.id if network else None

    total = db.session.scalar(db.select(func.count()).select_from(Organization).where(
        *_filter_clauses(filters, network_id)))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(db.session.scalars(
        db.select(Organization).where(*_filter_clauses(filters, network_id))
        .order_by(name_order(), Organization.slug).limit(per_page).offset((page - 1) * per_page)))

    facets: dict[str, list[tuple[str, int]]] = {}
    for name, column in (("country", Organization.country), ("kind", Organization.kind)):
        rows = db.session.execute(db.select(column, func.count()).where(
            *_filter_clauses(filters, network_id, skip=name)).group_by(column)).all()
        facets[name] = sorted(((value, count) for value, count in rows), key=lambda r: (-r[1], r[0]))
    rows = db.session.execute(
        db.select(OrganizationSector.sector, func.count()).join(Organization, Organization.id == OrganizationSector.organization_id)
        .where(*_filter_clauses(filters, network_id, skip="sector")).group_by(OrganizationSector.sector)).all()
    facets["sector"] = sorted(rows, key=lambda r: (-r[1], r[0]))
    rows = db.session.execute(
        db.select(organization_networks.c.network_id, func.count())
        .join(Organization, Organization.id == organization_networks.c.organization_id)
        .where(*_filter_clauses(filters, network_id, skip="network"))
        .group_by(organization_networks.c.network_id)).all()
    by_id = {n.id: n for n in networks.values()}
    facets["network"] = sorted(((by_id[i].slug, c) for i, c in rows if i in by_id), key=lambda r: (-r[1], r[0]))
    return Directory(items=items, total=total, page=page, pages=pages, facets=facets, networks=networks)


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
    from ..convenings.models import PUBLIC_STATUSES, Convening, ConveningOrganization, ConveningPerson

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
    from ..convenings.models import PUBLIC_STATUSES, Convening, ConveningPerson

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

@dataclass
class SearchResults:
    query: str
    convenings: list
    organizations: list[Organization]
    people: list[Person]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _terms(query: str) -> list[str]:
    return [t for t in fold(query).replace("|", " ").split() if t][:8]


def _matches(column, terms):
    return [column.contains(term, autoescape=True) for term in terms]


def search(query: str, user=None, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Convenings, organizations and people whose names (in either language) contain every word of
    the query, case and accents ignored. Six queries whatever the number of rows."""
    from ..convenings.models import PUBLIC_STATUSES, Convening

    terms = _terms(query)
    if not terms:
        return SearchResults(query, [], [], [], {"convenings": 0, "organizations": 0, "people": 0})
    conv_where = [*_matches(Convening.search_text, terms), Convening.status.in_(PUBLIC_STATUSES)]
    org_where = [*_matches(Organization.search_text, terms), Organization.verified.is_(True)]
    person_where = [*_matches(Person.search_text, terms), Person.is_public.is_(True)]
    counts = {
        "convenings": db.session.scalar(db.select(func.count()).select_from(Convening).where(*conv_where)),
        "organizations": db.session.scalar(db.select(func.count()).select_from(Organization).where(*org_where)),
        "people": db.session.scalar(db.select(func.count()).select_from(Person).where(*person_where)),
    }
    convenings = list(db.session.scalars(db.select(Convening).where(*conv_where)
                                         .order_by(Convening.start_date.desc().nulls_last()).limit(limit)))
    # Organizations: those whose name or acronym matches come first, then keyword matches.
    name_match = db.case((Organization.match_keys.contains(terms[0], autoescape=True), 0), else_=1)
    organizations = list(db.session.scalars(db.select(Organization).where(*org_where)
                                            .order_by(name_match, name_order()).limit(limit)))
    people = list(db.session.scalars(db.select(Person).where(*person_where).order_by(Person.name).limit(limit)))
    return SearchResults(query, convenings, organizations, people, counts)


# ---------------------------------------------------------------------------------------------- people

def find_people_named(name: str, exclude_id: int | None = None) -> list[Person]:
    """People whose name is the same once case and accents are ignored (possible duplicates)."""
    key = fold(name)
    if not key:
        return []
    candidates = db.session.scalars(db.select(Person).where(Person.search_text.contains(key, autoescape=True))
                                    .order_by(Person.name).limit(50))
    return [p for p in candidates if fold(p.name) == key and p.id != exclude_id][:5]


def save_person(person: Person, organization: Organization | None, title, as_of: str | None) -> Person:
    """After the form filled ``person``: slug, ownership, the affiliation given (added or updated)."""
    if not person.slug:
        person.slug = unique_slug(Person, person.name)
    person.origin = ORIGIN_APP
    if person.id is None:
        db.session.add(person)
    db.session.flush()
    if organization is not None:
        row = db.session.scalar(db.select(Affiliation).where(
            Affiliation.person_id == person.id, Affiliation.organization_id == organization.id,
            Affiliation.as_of.is_(None) if not as_of else Affiliation.as_of == as_of))
        if row is None:
            db.session.add(Affiliation(person_id=person.id, organization_id=organization.id, title=title or None,
                                       as_of=as_of or None, sources=[]))
        else:
            row.title = title or None
    refresh_search_text(person)
    db.session.flush()
    return person
