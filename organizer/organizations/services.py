"""The one owner of organizations and people: every domain creates, proposes, verifies and finds
them here. Each path checks for duplicates (the same folded name or acronym in the same country)
and makes the slug. Flush, never commit.

A name is stored in the language it was given in, and only in it: the "not yet translated"
marker then shows in the other languages until someone translates it.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from ..database import utcnow
from ..extensions import db
from ..i18n.locale import current_language
from ..i18n.registry import UNKNOWN_COUNTRY
from ..i18n.text import contains_all, fold, search_terms
from ..i18n.translated import TranslatedText
from ..platform import slugs
from ..platform.records import assign
from ..platform.errors import DomainError
from .models import ORIGIN_APP, ORIGIN_SEED, SORT_LANGUAGES, Affiliation, Organization, Person, match_keys, organization_networks


class OrganizationError(DomainError):
    """A rule refused a change to an organization or a person; ``field`` names the form field."""


class DuplicateOrganization(OrganizationError):
    """The name or acronym is already an organization's in this country; ``duplicates`` lists them."""

    def __init__(self, duplicates: list[Organization]):
        super().__init__(_l("An organization with this name or acronym already exists in this country."), field="name")
        self.duplicates = duplicates


def refresh_search_text(obj) -> None:
    """Recompute an organization's, person's or convening's folded search text. Also done for every
    saved object by the ``before_flush`` listener in ``organizations.models``."""
    obj.refresh_search_text()


def name_order():
    """Order organizations by name in the reader's language (else English, else Spanish), accents and
    case ignored: the stored, indexed ``sort_name_<language>`` column (kept in step on every save)."""
    try:
        lang = current_language()
    except RuntimeError:  # outside a request
        lang = "en"
    return getattr(Organization, f"sort_name_{lang if lang in SORT_LANGUAGES else 'en'}")


# ---------------------------------------------------------------------------------------------- slugs

def _organization_slug(org: Organization) -> str:
    """From the English acronym, else the English name (else the language it was given in)."""
    acronym = org.acronym.resolve("en").text if org.acronym else ""
    return slugs.unique_slug(Organization.slug, acronym or org.name.resolve("en").text,
                             exclude=(Organization.id != org.id) if org.id else None)


# ---------------------------------------------------------------------------------------------- duplicates

def find_duplicates(name: TranslatedText | None, acronym: TranslatedText | None, country: str | None,
                    exclude_id: int | None = None) -> list[Organization]:
    """Organizations of the same country with the same name or acronym (folded: case and accents
    ignored), in any language."""
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


def _refuse_duplicates(org: Organization) -> None:
    duplicates = find_duplicates(org.name, org.acronym, org.country, exclude_id=org.id)
    if duplicates:
        raise DuplicateOrganization(duplicates)


# ---------------------------------------------------------------------------------------------- lifecycle

def save_organization(org: Organization, *, sectors=(), networks: list[int] = ()) -> Organization:
    """Save ``org`` as edited in the app (new or not): the duplicate check, sectors, networks, slug,
    ownership (the seeds no longer overwrite it) and search text. Raises DuplicateOrganization."""
    if not org.country:
        org.country = UNKNOWN_COUNTRY
    _refuse_duplicates(org)
    org.set_sectors(sectors)
    if not org.slug:
        org.slug = _organization_slug(org)
    org.origin = ORIGIN_APP
    if org.id is None:
        db.session.add(org)
    db.session.flush()
    _replace_networks(org, networks)
    refresh_search_text(org)
    db.session.flush()
    return org


def _replace_networks(org: Organization, networks) -> None:
    table = organization_networks
    # Written with plain statements, which the unit of work does not see: the organization is
    # marked changed, so what follows its rows (cached pages of the directory) follows this too.
    org.updated_at = utcnow()
    db.session.execute(table.delete().where(table.c.organization_id == org.id))
    wanted = [n for n in dict.fromkeys(networks) if n != org.id]
    if wanted:
        db.session.execute(table.insert(), [{"organization_id": org.id, "network_id": n} for n in wanted])


def create_organization(*, name: TranslatedText, country: str | None, kind: str = "other",
                        acronym: TranslatedText | None = None, sectors=(), networks: list[int] = (),
                        parent: Organization | None = None, website: str | None = None,
                        description: TranslatedText | None = None, verified: bool = True) -> Organization:
    """A new organization, checked for duplicates. ``country`` None is stored as not known (ZZ)."""
    org = Organization(name=name, acronym=acronym or None, country=country or UNKNOWN_COUNTRY, kind=kind or "other",
                       website=website or None, description=description or None, verified=verified,
                       parent_id=parent.id if parent else None)
    return save_organization(org, sectors=sectors, networks=networks)


def update_organization(org: Organization, *, name: TranslatedText, country: str | None, kind: str,
                        acronym: TranslatedText | None = None, sectors=(), networks: list[int] = (),
                        parent: Organization | None = None, website: str | None = None,
                        description: TranslatedText | None = None) -> Organization:
    """Change an organization. Checked before anything changes: no duplicate, not its own parent."""
    if parent is not None and parent.id == org.id:
        raise OrganizationError(_l("An organization cannot be its own parent."), field="parent_slug")
    duplicates = find_duplicates(name, acronym, country or UNKNOWN_COUNTRY, exclude_id=org.id)
    if duplicates:
        raise DuplicateOrganization(duplicates)
    org.name, org.acronym, org.description = name, acronym or None, description or None
    org.country, org.kind, org.website = country or UNKNOWN_COUNTRY, kind, website or None
    org.parent_id = parent.id if parent else None
    return save_organization(org, sectors=sectors, networks=networks)


def propose_organization(name: str, *, country: str | None, language: str, kind: str | None = None,
                         acronym: str | None = None, sectors=()) -> Organization:
    """An organization named by someone outside the organizers (a delegation lead, a signatory):
    the existing one when the name or acronym is already known in that country, else a new one
    that stays unverified until organizers check it. The name is stored in ``language`` only."""
    name, acronym = (name or "").strip(), (acronym or "").strip()
    if not name:
        raise OrganizationError(_l("Please give the organization's name."), field="name")
    names = TranslatedText({language: name})
    acronyms = TranslatedText({language: acronym}) if acronym else None
    country = country or UNKNOWN_COUNTRY
    existing = find_duplicates(names, acronyms, country)
    if existing:
        return existing[0]
    org = Organization(name=names, acronym=acronyms, country=country, kind=kind or "other", verified=False)
    org.set_sectors(sectors)
    org.slug = _organization_slug(org)
    db.session.add(org)
    db.session.flush()
    return org


def verify_organization(org: Organization) -> Organization:
    """Organizers checked it: it shows in the directory and in search."""
    org.verified = True
    db.session.flush()
    return org


def organization_by_slug(slug: str | None) -> Organization | None:
    slug = (slug or "").strip()
    if not slug or len(slug) > 120:
        return None
    return db.session.scalar(db.select(Organization).where(Organization.slug == slug))


def person_by_slug(slug: str | None) -> Person | None:
    slug = (slug or "").strip()
    if not slug or len(slug) > 120:
        return None
    return db.session.scalar(db.select(Person).where(Person.slug == slug))


def organization_slug(organization_id: int | None) -> str:
    """The short name of the organization with this id ("" for none)."""
    if not organization_id:
        return ""
    return db.session.scalar(db.select(Organization.slug).where(Organization.id == organization_id)) or ""


def organization_named(text: str | None, country: str | None = None) -> Organization | None:
    """The organization written by its short name (slug), name or acronym in any language, case and
    accents ignored ("SEIU 721", "seiu-721"); verified ones first. None when unknown."""
    key = fold(text)
    if not key or len(key) > 300:
        return None
    query = db.select(Organization).where(or_(
        Organization.slug == (text or "").strip(), Organization.match_keys.contains(f"|{key}|", autoescape=True)))
    if country:
        query = query.where(Organization.country == country)
    return db.session.scalar(query.order_by(Organization.verified.desc(), Organization.slug).limit(1))


def network_choices() -> list[Organization]:
    """Organizations that can be joined as networks: kind "network" and any already used as one."""
    used = db.select(organization_networks.c.network_id)
    return list(db.session.scalars(db.select(Organization).where(
        or_(Organization.kind == "network", Organization.id.in_(used))).order_by(Organization.slug)))


def network_ids(org: Organization) -> list[int]:
    return list(db.session.scalars(db.select(organization_networks.c.network_id).where(
        organization_networks.c.organization_id == org.id)))


# ---------------------------------------------------------------------------------------------- pickers

def find_organizations(query: str, limit: int = 20, *, verified_only: bool = False) -> list[Organization]:
    """Organizations whose folded names, acronyms or keywords contain every word of ``query``,
    verified ones first (for pickers). ``verified_only``: a proposed organization stays out of the
    picker until organizers verify it (pickers open to leads and signers)."""
    terms = search_terms(query)
    if not terms:
        return []
    where = contains_all(Organization.search_text, terms)
    if verified_only:
        where.append(Organization.verified.is_(True))
    return list(db.session.scalars(db.select(Organization).where(*where)
                                   .order_by(Organization.verified.desc(), Organization.slug).limit(limit)))


def find_people(query: str, limit: int = 20) -> list[Person]:
    terms = search_terms(query)
    if not terms:
        return []
    return list(db.session.scalars(db.select(Person).where(*contains_all(Person.search_text, terms))
                                   .order_by(Person.name).limit(limit)))


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
        person.slug = slugs.unique_slug(Person.slug, person.name)
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


# ---------------------------------------------------------------------------------------------- the archive
# The seed files (``convenings.seeding``) give the slugs; the same duplicate rule applies, names are
# stored in the languages given and no other, and a record made or edited in the app (origin "app")
# is never changed here.

def organizations_by_slug() -> dict[str, Organization]:
    """Every organization by slug (one query), for a loader that names many."""
    return {o.slug: o for o in db.session.scalars(db.select(Organization))}


def network_memberships() -> dict[int, set[int]]:
    """Organization id -> the ids of the networks it belongs to (one query)."""
    found: dict[int, set[int]] = {}
    for org_id, net_id in db.session.execute(db.select(organization_networks.c.organization_id,
                                                       organization_networks.c.network_id)):
        found.setdefault(org_id, set()).add(net_id)
    return found


def save_seeded_organization(org: Organization | None, slug: str, *, sectors=(), **values) -> tuple[Organization, bool, bool]:
    """Create (``org`` None) or update the organization of the archive named ``slug`` with
    ``values`` (name, acronym, country, kind, website, description, sources). A new slug whose name
    or acronym is already another organization's in the same country raises DuplicateOrganization.
    Returns (organization, created, changed)."""
    created = org is None
    if created:
        duplicates = find_duplicates(values.get("name"), values.get("acronym"), values.get("country"))
        if duplicates:
            raise DuplicateOrganization(duplicates)
        org = Organization(slug=slug, origin=ORIGIN_SEED, verified=True)
        db.session.add(org)
    changed = assign(org, **values)
    if sorted(org.sectors) != sorted(set(sectors)):
        org.set_sectors(sectors)
        changed = True
    refresh_search_text(org)  # also when only the search vocabulary changed
    return org, created, changed


def set_seeded_relations(org: Organization, parent: Organization | None, networks: list[int],
                         have_networks: set[int]) -> bool:
    """The parent and the networks the file gives; True when something changed."""
    if parent is not None and parent.id == org.id:
        raise OrganizationError(_l("An organization cannot be its own parent."), field="parent")
    changed = assign(org, parent_id=parent.id if parent else None)
    if set(networks) != have_networks:
        _replace_networks(org, networks)
        changed = True
    return changed


def people_by_slug() -> dict[str, Person]:
    return {p.slug: p for p in db.session.scalars(db.select(Person))}


def affiliations_by_person() -> dict[int, list[Affiliation]]:
    found: dict[int, list[Affiliation]] = {}
    for a in db.session.scalars(db.select(Affiliation)):
        found.setdefault(a.person_id, []).append(a)
    return found


def save_seeded_person(person: Person | None, slug: str, values: dict, affiliations: list[tuple],
                       have: list[Affiliation]) -> tuple[Person | None, bool, bool]:
    """Create or update a person of the archive and their affiliations (``affiliations``: a list of
    ((organization id, as_of), title, sources)); affiliations of a seeded person the file no longer
    gives are removed. A person made or edited in the app is left as it is: (None, False, False)."""
    if person is not None and person.origin == ORIGIN_APP:
        return None, False, False
    created = person is None
    if created:
        person = Person(slug=slug, origin=ORIGIN_SEED, **values)
        db.session.add(person)
        db.session.flush()
    changed = assign(person, **values) or created
    rows = {(a.organization_id, a.as_of): a for a in have}
    for key, title, sources in affiliations:
        row = rows.pop(key, None)
        if row is None:
            db.session.add(Affiliation(person_id=person.id, organization_id=key[0], as_of=key[1],
                                       title=title, sources=sources))
            changed = True
        elif assign(row, title=title, sources=sources):
            changed = True
    for row in rows.values():
        db.session.delete(row)
        changed = True
    refresh_search_text(person)
    return person, created, changed
