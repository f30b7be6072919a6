"""Convenings: listing, loading a page, creating, copying, participants, organizers. Flush, never commit."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.services import get_by_email
from ..extensions import db
from ..organizations.models import ORIGIN_APP, Organization, Person
from ..organizations.services import find_organizations, find_people  # noqa: F401 (pickers)
from ..platform import signals, slugs
from ..platform.slugs import unique_slug
from ..platform.errors import DomainError
from .models import (ANNOUNCED, PUBLIC_STATUSES, Convening, ConveningGoal, ConveningOrganization, ConveningOrganizer,
                     ConveningPerson, site_working_languages, working_languages_of)

COUNTRY_ORDER = ("US", "MX", "CA")


class ConveningError(DomainError):
    """A rule of convenings refused the operation (message translated, ``field`` the form field)."""


#: Roles copied when a convening is started from a past one.
COPIED_ROLES = ("host", "co_host", "organizer", "partner", "funder")


def today() -> date:
    return date.today()


def is_upcoming(convening: Convening, on: date | None = None) -> bool:
    """Still to come by its dates. Past convenings and those only announced in a source (outcome not
    known) never are: they have their own lists."""
    on = on or today()
    if convening.status in ("past", ANNOUNCED):
        return False
    last = convening.end_date or convening.start_date
    if last is None:
        return True
    if (convening.end_precision if convening.end_date else convening.start_precision) != "day":
        return last.year > on.year or (last.year == on.year and last.month >= on.month)
    return last >= on


@dataclass
class Index:
    upcoming: list[Convening]
    past_by_year: list[tuple[int | None, list[Convening]]]
    drafts: list[Convening]
    announced: list[Convening]  # announced in a source, outcome not known: neither upcoming nor past


def index(user) -> Index:
    """Public convenings (upcoming first, soonest first; then the past, newest first, by year) and
    the drafts the user organizes. Two queries whatever the rows."""
    rows = list(db.session.scalars(db.select(Convening).where(Convening.status.in_(PUBLIC_STATUSES))
                                   .order_by(Convening.start_date.desc().nulls_last(), Convening.slug)))
    upcoming = sorted((c for c in rows if is_upcoming(c)), key=lambda c: (c.start_date is None, c.start_date or date.max))
    announced = [c for c in rows if c.status == ANNOUNCED]
    past = [c for c in rows if not is_upcoming(c) and c.status != ANNOUNCED]
    groups: OrderedDict[int | None, list[Convening]] = OrderedDict()
    for c in past:
        groups.setdefault(c.start_date.year if c.start_date else None, []).append(c)
    drafts: list[Convening] = []
    if getattr(user, "is_authenticated", False):
        query = db.select(Convening).where(Convening.status == "draft").order_by(Convening.created_at.desc())
        if not user.is_admin:
            query = query.where(Convening.id.in_(
                db.select(ConveningOrganizer.convening_id).where(ConveningOrganizer.user_id == user.id)))
        drafts = list(db.session.scalars(query))
    return Index(upcoming, list(groups.items()), drafts, announced)


def home_lists(limit: int = 3) -> tuple[list[Convening], list[Convening], list[Convening]]:
    """Upcoming, recent (past) and announced-only convenings for the home page (one query)."""
    rows = list(db.session.scalars(db.select(Convening).where(Convening.status.in_(PUBLIC_STATUSES))
                                   .order_by(Convening.start_date.desc().nulls_last()).limit(200)))
    upcoming = sorted((c for c in rows if is_upcoming(c)), key=lambda c: c.start_date or date.max)[:limit]
    announced = [c for c in rows if c.status == ANNOUNCED][:limit]
    recent = [c for c in rows if not is_upcoming(c) and c.status != ANNOUNCED][:limit]
    return upcoming, recent, announced


def get(slug: str) -> Convening | None:
    return db.session.scalar(db.select(Convening).where(Convening.slug == slug))


def load_page(slug: str) -> Convening | None:
    """A convening with everything its page shows, in a constant number of queries."""
    return db.session.scalar(db.select(Convening).where(Convening.slug == slug).options(
        selectinload(Convening.goals),
        selectinload(Convening.organizations).joinedload(ConveningOrganization.organization),
        selectinload(Convening.people).joinedload(ConveningPerson.person),
        selectinload(Convening.people).joinedload(ConveningPerson.organization),
        selectinload(Convening.sources),
    ))


def _country_key(code: str | None):
    return (COUNTRY_ORDER.index(code) if code in COUNTRY_ORDER else len(COUNTRY_ORDER), code or "")


def organizations_by_country(convening: Convening) -> list[tuple[str, list[ConveningOrganization]]]:
    groups: dict[str, list[ConveningOrganization]] = {}
    for row in convening.organizations:
        groups.setdefault(row.organization.country, []).append(row)
    for rows in groups.values():
        rows.sort(key=lambda r: (r.organization.slug, r.role))
    return sorted(groups.items(), key=lambda item: _country_key(item[0]))


def hosts(convening: Convening) -> list[ConveningOrganization]:
    """Who convened it: hosts, co-hosts and organizing organizations."""
    order = ("host", "co_host", "organizer")
    return sorted((r for r in convening.organizations if r.role in order),
                  key=lambda r: (order.index(r.role), r.organization.slug))


def public_people(convening: Convening) -> list[ConveningPerson]:
    return sorted((r for r in convening.people if r.person.is_public),
                  key=lambda r: (["speaker", "moderator", "organizer", "delegate", "quoted", "participant", "author"].index(r.role)
                                 if r.role in ("speaker", "moderator", "organizer", "delegate", "quoted", "participant", "author") else 9,
                                 r.person.name))


# ---------------------------------------------------------------------------------------------- saving

def set_goals(convening: Convening, goals) -> None:
    """Replace the goals by the given texts, in order (blank ones dropped)."""
    existing = list(db.session.scalars(db.select(ConveningGoal).where(ConveningGoal.convening_id == convening.id)))
    for goal in existing:
        db.session.delete(goal)
    db.session.flush()
    for position, text in enumerate(g for g in goals if g):
        db.session.add(ConveningGoal(convening_id=convening.id, position=position, text=text))


def save(convening: Convening, goals, user=None) -> Convening:
    """After the form filled ``convening``. A new one gets a slug and its creator as organizer. A
    seeded convening edited here becomes the app's: the seeds no longer overwrite it."""
    if not convening.slug:
        title = convening.title.resolve("en").text
        year = convening.start_date.year if convening.start_date else None
        # "Tijuana convening 2027" in 2027 is "tijuana-convening-2027", not "...-2027-2027".
        with_year = f"{title} {year}" if year and str(year) not in title else title
        convening.slug = unique_slug(Convening.slug, with_year,
                                     exclude=(Convening.id != convening.id) if convening.id else None)
    convening.origin = ORIGIN_APP
    creating = convening.id is None
    if creating:
        db.session.add(convening)
    db.session.flush()
    set_goals(convening, goals)
    if creating and user is not None:
        db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=user.id))
    convening.refresh_search_text()
    db.session.flush()
    return convening


def working_languages_choice(codes) -> list[str]:
    """The working languages an organizer ticked, kept to the configured languages, in the site's
    order; nothing usable: the site's default (the form asks for at least one)."""
    chosen = working_languages_of(Convening(working_languages=list(dict.fromkeys(codes or []))))
    return chosen or site_working_languages()


def page_languages(convening: Convening) -> list[str]:
    """The interface languages in the order a convening's public page offers them: its working
    languages first, then the site's others."""
    from flask import current_app

    working = working_languages_of(convening)
    return working + [lang for lang in current_app.config["LANGUAGES"] if lang not in working]


def change_slug(convening: Convening, new: str | None) -> None:
    """An organizer chose a new address. Blank keeps the current one; the old one redirects."""
    new = (new or "").strip()
    if not new or new == convening.slug:
        return
    if not slugs.is_slug(new, max_length=120):
        raise ConveningError(_l("Use lowercase letters without accents, digits and single hyphens "
                                "(at most 120 characters), like “tijuana-2027”."), field="slug")
    taken = db.session.scalar(db.select(Convening.id).where(Convening.slug == new, Convening.id != convening.id))
    if taken is not None or (slugs.is_old_slug("convening", new) and not _was_ours(convening, new)):
        raise ConveningError(_l("This address is already used by another convening."), field="slug")
    old = convening.slug
    convening.slug = new
    db.session.flush()
    slugs.remember_old_slug("convening", old, new)


def _was_ours(convening: Convening, slug: str) -> bool:
    from ..platform.old_slugs import OldSlug

    return db.session.scalar(db.select(OldSlug.target).where(OldSlug.kind == "convening", OldSlug.slug == slug)) \
        == convening.slug


def copy_fields(source: Convening) -> dict:
    """What a new convening takes from a past one: its kind, countries, place, theme and goals.
    Not its dates, status or slug."""
    return dict(title=source.title, subtitle=source.subtitle, description=source.description,
                kind=source.kind, countries=list(source.countries or []), city=source.city, venue=source.venue,
                country=source.country, timezone=source.timezone,
                working_languages=working_languages_of(source))


def copy_participants(source: Convening, target: Convening) -> int:
    """The hosts and partners of ``source`` become those of ``target``; other domains copy their own
    structure through the ``platform.signals.convening_copied`` signal."""
    rows = db.session.scalars(db.select(ConveningOrganization).where(
        ConveningOrganization.convening_id == source.id, ConveningOrganization.role.in_(COPIED_ROLES)))
    n = 0
    for row in rows:
        db.session.add(ConveningOrganization(convening_id=target.id, organization_id=row.organization_id,
                                             role=row.role, note=row.note, origin=ORIGIN_APP))
        n += 1
    db.session.flush()
    signals.convening_copied.send(source, target=target)
    db.session.flush()
    return n


def organization_by_slug(slug: str | None) -> Organization | None:
    return db.session.scalar(db.select(Organization).where(Organization.slug == (slug or "").strip()))


def person_by_slug(slug: str | None) -> Person | None:
    return db.session.scalar(db.select(Person).where(Person.slug == (slug or "").strip()))


def add_organization(convening: Convening, organization: Organization, role: str, note=None) -> bool:
    exists = db.session.scalar(db.select(ConveningOrganization).where(
        ConveningOrganization.convening_id == convening.id, ConveningOrganization.organization_id == organization.id,
        ConveningOrganization.role == role))
    if exists:
        return False
    db.session.add(ConveningOrganization(convening_id=convening.id, organization_id=organization.id, role=role,
                                         note=note or None, origin=ORIGIN_APP))
    db.session.flush()
    return True


def add_person(convening: Convening, person: Person, role: str, organization: Organization | None) -> bool:
    exists = db.session.scalar(db.select(ConveningPerson).where(
        ConveningPerson.convening_id == convening.id, ConveningPerson.person_id == person.id,
        ConveningPerson.role == role))
    if exists:
        return False
    db.session.add(ConveningPerson(convening_id=convening.id, person_id=person.id, role=role,
                                   organization_id=organization.id if organization else None, origin=ORIGIN_APP))
    db.session.flush()
    return True


def organizers(convening: Convening) -> list[tuple[ConveningOrganizer, User]]:
    return list(db.session.execute(
        db.select(ConveningOrganizer, User).join(User, User.id == ConveningOrganizer.user_id)
        .where(ConveningOrganizer.convening_id == convening.id).order_by(User.name)).all())


def add_organizer(convening: Convening, email: str) -> User:
    """Make the account with this email an organizer of the convening (raises ConveningError on
    ``email`` when there is no such account)."""
    user = get_by_email(email)
    if user is None:
        raise ConveningError(_l("No account uses this email address. Ask the person to sign up first."),
                             field="email")
    if not db.session.get(ConveningOrganizer, (convening.id, user.id)):
        db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=user.id))
        db.session.flush()
    return user


def remove_organizer(convening: Convening, user_id: int) -> None:
    row = db.session.get(ConveningOrganizer, (convening.id, user_id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def remove_participation(row) -> None:
    """Remove an organization's or a person's part in a convening."""
    db.session.delete(row)
    db.session.flush()


def titles_by_id(ids) -> dict:
    """Convening id -> title, one query (for the mail domain's lists)."""
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Convening.id, Convening.title).where(Convening.id.in_(ids))).all())


def organized_ids(user) -> set[int]:
    """The ids of the convenings ``user`` organizes (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(db.select(ConveningOrganizer.convening_id)
                                  .where(ConveningOrganizer.user_id == user.id)))
