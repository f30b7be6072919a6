"""Loading the archive from ``seeds/`` (format: ``seeds/README.md``; interface: SEED_HOOK.md).

Order: ``sources.yaml``, ``organizations.yaml``, ``people.yaml``, then each ``convenings/*.yaml``.
Each file loads inside its own savepoint: an invalid file raises ``SeedError`` naming the file, the
record and the field, and nothing of that file stays. Records are matched by slug (or key), so a
second run changes nothing and an edited file updates its records. Records made in the app (origin
"app", which includes seeded records an organizer has since edited) are never overwritten or deleted.

After a convening's own data, the ``platform.signals.convening_seeded`` signal calls every receiver
as ``fn(ctx, convening=convening, data=data)`` (agenda sessions, declarations...).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from flask import current_app

from ..extensions import db
from ..i18n.formatting import PartialDate
from ..i18n.registry import is_country
from ..i18n.translated import TranslatedText
from ..organizations.models import (INTERNATIONAL, ORGANIZATION_KINDS, ORIGIN_APP, ORIGIN_SEED, SECTORS,
                                    Affiliation, Organization, Person, organization_networks)
from ..organizations.services import refresh_search_text
from ..platform import signals
from .models import (CONVENING_KINDS, ORGANIZATION_ROLES, PERSON_ROLES, STATUSES, Convening, ConveningGoal,
                     ConveningOrganization, ConveningPerson, ConveningSource, Source)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("en", "es")
#: The language of the archive's sources: every other language of a seeded text is our translation.
SOURCES_LANGUAGE = "en"


class SeedError(Exception):
    def __init__(self, file: str, record: str | None, field: str | None, message: str):
        self.file, self.record, self.field, self.message = file, record, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f", record {self.record!r}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class SeedContext:
    """What a loader needs while reading one file: lookups, validated values, error reporting."""

    def __init__(self, file: str, stats: Counter | None = None):
        self.file = file
        self.record: str | None = None
        self.stats: Counter = stats if stats is not None else Counter()
        self._organizations: dict[str, Organization] = {}
        self._people: dict[str, Person] = {}
        self._sources: dict[str, Source] = {}

    # errors -------------------------------------------------------------------------------------
    def error(self, field: str | None, message: str) -> NoReturn:
        raise SeedError(self.file, self.record, field, message)

    # lookups ------------------------------------------------------------------------------------
    def organization(self, slug, field: str = "organization") -> Organization:
        slug = self.string(slug, field)
        if slug not in self._organizations:
            found = db.session.scalar(db.select(Organization).where(Organization.slug == slug))
            if found is None:
                self.error(field, f"unknown organization {slug!r} (not in organizations.yaml)")
            self._organizations[slug] = found
        return self._organizations[slug]

    def person(self, slug, field: str = "person") -> Person:
        slug = self.string(slug, field)
        if slug not in self._people:
            found = db.session.scalar(db.select(Person).where(Person.slug == slug))
            if found is None:
                self.error(field, f"unknown person {slug!r} (not in people.yaml)")
            self._people[slug] = found
        return self._people[slug]

    def source(self, file_name, field: str = "sources") -> Source:
        name = self.string(file_name, field)
        if name not in self._sources:
            found = db.session.scalar(db.select(Source).where(Source.file == name))
            if found is None:
                self.error(field, f"unknown source file {name!r} (not in sources.yaml)")
            self._sources[name] = found
        return self._sources[name]

    # values -------------------------------------------------------------------------------------
    def string(self, value, field: str, required: bool = True, max_length: int | None = None) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(field, "is required")
            return None
        if isinstance(value, (dict, list)):
            self.error(field, "must be a plain value, not a list or mapping")
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.error(field, f"is longer than {max_length} characters")
        return text

    def slug(self, value, field: str = "slug") -> str:
        text = self.string(value, field, max_length=120)
        if not SLUG.match(text):
            self.error(field, f"{text!r} is not a slug (lowercase ASCII letters, digits and hyphens)")
        return text

    def text(self, value, field: str, required: bool = True) -> TranslatedText | None:
        if value is None:
            if required:
                self.error(field, "is required (a mapping {en: ..., es: ...})")
            return None
        if not isinstance(value, dict):
            self.error(field, "must be a mapping {en: ..., es: ...}")
        for lang in LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.error(f"{field}.{lang}", "is missing: give the text in English and in Spanish")
        for lang in seed_languages()[len(LANGUAGES):]:
            if lang in value and (not isinstance(value[lang], str) or not value[lang].strip()):
                self.error(f"{field}.{lang}", "is empty: give the text or leave the language out")
        unknown = set(value) - set(seed_languages())
        if unknown:
            self.error(field, f"unknown language(s) {', '.join(sorted(map(str, unknown)))}")
        return archive_translation(value)

    def partial_date(self, value, field: str, required: bool = False) -> PartialDate | None:
        if value is None or value == "":
            if required:
                self.error(field, "is required (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError:
            self.error(field, f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")

    def choice(self, value, allowed, field: str) -> str:
        text = self.string(value, field)
        if text not in allowed:
            self.error(field, f"{text!r} is not one of: {', '.join(allowed)}")
        return text

    def country(self, value, field: str = "country", required: bool = True) -> str | None:
        text = self.string(value, field, required=required)
        if text is None:
            return None
        if not is_country(text):
            self.error(field, f"{text!r} is not a country code (ISO 3166 two capital letters, INT or ZZ)")
        return text

    def list(self, value, field: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(field, "must be a list")
        return value

    def mapping(self, value, field: str) -> dict:
        if not isinstance(value, dict):
            self.error(field, "must be a mapping")
        return value

    def sources(self, value, field: str = "sources") -> list[str]:
        names = []
        for i, name in enumerate(self.list(value, field)):
            names.append(self.source(name, f"{field}[{i}]").file)
        return names


def seed_languages() -> tuple[str, ...]:
    """The languages a seed text may give: English and Spanish, always required, then any other
    language the site is configured with (French; issue 17), never required."""
    return tuple(dict.fromkeys([*LANGUAGES, *current_app.config["LANGUAGES"]]))


def archive_translation(value) -> TranslatedText:
    """A seeded text with its provenance (issue 17, item 6): the sources are in English, so the
    Spanish and French are marked as Organizer's translations from English."""
    return TranslatedText(value).translated_by_organizer(SOURCES_LANGUAGE)


def assign(obj, **values) -> bool:
    """Set the attributes that differ; True when something changed (so a re-run changes nothing)."""
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if isinstance(value, TranslatedText) or isinstance(current, TranslatedText):
            same = (TranslatedText.coerce(current) if current is not None else None) == value
        else:
            same = current == value
        if not same:
            setattr(obj, name, value)
            changed = True
    return changed


def _count(ctx: SeedContext, kind: str, created: bool, changed: bool) -> None:
    if created:
        ctx.stats[f"{kind} created"] += 1
    elif changed:
        ctx.stats[f"{kind} updated"] += 1


# ------------------------------------------------------------------------------------------------
# The files
# ------------------------------------------------------------------------------------------------

def seeds_dir() -> Path:
    configured = current_app.config.get("SEEDS_DIR")
    if configured:
        return Path(configured)
    return Path(current_app.root_path).parent / "seeds"


def read_yaml(path: Path, ctx: SeedContext) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.safe_load(f)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        ctx.error(None, f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}")
    except OSError as exc:
        ctx.error(None, f"cannot be read: {exc}")


def load_sources(data, ctx: SeedContext) -> None:
    data = ctx.mapping(data, "sources")
    for i, item in enumerate(ctx.list(data.get("sources"), "sources")):
        ctx.record = f"sources[{i}]"
        item = ctx.mapping(item, "sources")
        file = ctx.string(item.get("file"), "file", max_length=200)
        ctx.record = file
        values = dict(
            title=ctx.text(item.get("title"), "title"),
            author=ctx.string(item.get("author"), "author", required=False, max_length=300),
            date=(d.iso() if (d := ctx.partial_date(item.get("date"), "date")) else None),
            description=ctx.text(item.get("description"), "description", required=False),
        )
        source = db.session.scalar(db.select(Source).where(Source.file == file))
        created = source is None
        if created:
            source = Source(file=file)
            db.session.add(source)
        _count(ctx, "sources", created, assign(source, **values))
        ctx._sources[file] = source
    db.session.flush()


def load_organizations(data, ctx: SeedContext) -> None:
    data = ctx.mapping(data, "organizations")
    items = ctx.list(data.get("organizations"), "organizations")
    seen: dict[str, tuple[Organization | None, dict]] = {}
    created_now: set[str] = set()
    existing = {o.slug: o for o in db.session.scalars(db.select(Organization))}
    # First pass: every organization's own fields, so parents and networks can be named in any order.
    for i, item in enumerate(items):
        ctx.record = f"organizations[{i}]"
        item = ctx.mapping(item, "organizations")
        slug = ctx.slug(item.get("slug"))
        ctx.record = slug
        if slug in seen:
            ctx.error("slug", "appears twice in the file")
        values = dict(
            name=ctx.text(item.get("name"), "name"),
            acronym=ctx.text(item.get("acronym"), "acronym", required=False),
            country=ctx.country(item.get("country")),
            kind=ctx.choice(item.get("kind"), ORGANIZATION_KINDS, "kind"),
            website=ctx.string(item.get("website"), "website", required=False, max_length=500),
            description=ctx.text(item.get("description"), "description", required=False),
            sources=ctx.sources(item.get("sources")),
        )
        if values["website"] and not re.match(r"^https?://", values["website"]):
            ctx.error("website", "must start with http:// or https://")
        sectors = [ctx.choice(s, SECTORS, f"sectors[{j}]") for j, s in enumerate(ctx.list(item.get("sectors"), "sectors"))]
        org = existing.get(slug)
        if org is not None and org.origin == ORIGIN_APP:
            ctx.stats["organizations kept (made or edited in the app)"] += 1
            seen[slug] = (None, item)
            continue
        created = org is None
        if created:
            org = Organization(slug=slug, origin=ORIGIN_SEED, verified=True)
            created_now.add(slug)
            db.session.add(org)
            existing[slug] = org
        changed = assign(org, **values)
        if sorted(org.sectors) != sorted(set(sectors)):
            org.set_sectors(sectors)
            changed = True
        refresh_search_text(org)  # also when only the search vocabulary changed
        _count(ctx, "organizations", created, changed)
        seen[slug] = (org, item)
        ctx._organizations[slug] = org
    db.session.flush()
    # Second pass: parent and networks.
    network_rows = db.session.execute(db.text("SELECT organization_id, network_id FROM organization_networks")).all()
    current_networks: dict[int, set[int]] = {}
    for org_id, net_id in network_rows:
        current_networks.setdefault(org_id, set()).add(net_id)
    for slug, (org, item) in seen.items():
        if org is None:
            continue
        ctx.record = slug
        parent_slug = item.get("parent")
        parent = None
        if parent_slug:
            parent = existing.get(str(parent_slug))
            if parent is None:
                ctx.error("parent", f"unknown organization {parent_slug!r}")
            if parent is org:
                ctx.error("parent", "an organization cannot be its own parent")
        changed = assign(org, parent_id=parent.id if parent else None)
        wanted = []
        for j, net_slug in enumerate(ctx.list(item.get("networks"), "networks")):
            network = existing.get(str(net_slug))
            if network is None:
                ctx.error(f"networks[{j}]", f"unknown organization {net_slug!r}")
            if network is org:
                ctx.error(f"networks[{j}]", "an organization cannot be a member of itself")
            wanted.append(network.id)
        have = current_networks.get(org.id, set())
        if set(wanted) != have:
            table = organization_networks
            db.session.execute(table.delete().where(table.c.organization_id == org.id))
            if wanted:
                db.session.execute(table.insert(), [
                    {"organization_id": org.id, "network_id": n} for n in dict.fromkeys(wanted)])
            changed = True
        if changed and slug not in created_now:
            ctx.stats["organizations updated"] += 1
    db.session.flush()


def load_people(data, ctx: SeedContext) -> None:
    data = ctx.mapping(data, "people")
    items = ctx.list(data.get("people"), "people")
    existing = {p.slug: p for p in db.session.scalars(db.select(Person))}
    affiliations: dict[int, list[Affiliation]] = {}
    for a in db.session.scalars(db.select(Affiliation)):
        affiliations.setdefault(a.person_id, []).append(a)
    seen = set()
    for i, item in enumerate(items):
        ctx.record = f"people[{i}]"
        item = ctx.mapping(item, "people")
        slug = ctx.slug(item.get("slug"))
        ctx.record = slug
        if slug in seen:
            ctx.error("slug", "appears twice in the file")
        seen.add(slug)
        for forbidden in ("email", "phone", "address", "telephone"):
            if forbidden in item:
                ctx.error(forbidden, "contact data is never part of the seeds")
        public = item.get("public", False)
        if not isinstance(public, bool):
            ctx.error("public", "must be true or false")
        values = dict(
            name=ctx.string(item.get("name"), "name", max_length=200),
            country=ctx.country(item.get("country"), required=False),
            is_public=public,
            bio=ctx.text(item.get("bio"), "bio", required=False),
            sources=ctx.sources(item.get("sources")),
        )
        wanted = []
        for j, aff in enumerate(ctx.list(item.get("affiliations"), "affiliations")):
            field = f"affiliations[{j}]"
            aff = ctx.mapping(aff, field)
            org = ctx.organization(aff.get("organization"), f"{field}.organization")
            as_of = ctx.partial_date(aff.get("as_of"), f"{field}.as_of")
            wanted.append(((org.id, as_of.iso() if as_of else None),
                           ctx.text(aff.get("title"), f"{field}.title", required=False),
                           ctx.sources(aff.get("sources"), f"{field}.sources")))
        keys = [w[0] for w in wanted]
        if len(set(keys)) != len(keys):
            ctx.error("affiliations", "the same organization and date appear twice")
        person = existing.get(slug)
        if person is not None and person.origin == ORIGIN_APP:
            ctx.stats["people kept (made or edited in the app)"] += 1
            continue
        created = person is None
        if created:
            person = Person(slug=slug, origin=ORIGIN_SEED, **values)
            db.session.add(person)
            db.session.flush()
            existing[slug] = person
        changed = assign(person, **values) or created
        have = {(a.organization_id, a.as_of): a for a in affiliations.get(person.id, [])}
        for key, title, sources in wanted:
            row = have.pop(key, None)
            if row is None:
                db.session.add(Affiliation(person_id=person.id, organization_id=key[0], as_of=key[1],
                                           title=title, sources=sources))
                changed = True
            elif assign(row, title=title, sources=sources):
                changed = True
        for row in have.values():  # affiliations of seeded people belong to the seeds
            db.session.delete(row)
            changed = True
        refresh_search_text(person)
        _count(ctx, "people", created, changed)
        ctx._people[slug] = person
    db.session.flush()


def load_convening(data, ctx: SeedContext) -> Convening | None:
    data = ctx.mapping(data, "convening")
    slug = ctx.slug(data.get("slug"))
    ctx.record = slug
    timezone = ctx.string(data.get("timezone") or "UTC", "timezone", max_length=64)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        ctx.error("timezone", f"unknown time zone {timezone!r}")
    start = ctx.partial_date(data.get("start"), "start")
    end = ctx.partial_date(data.get("end"), "end")
    if start and end and end.value < start.value:
        ctx.error("end", "is before the start")
    if end and not start:
        ctx.error("start", "is required when an end is given")
    countries = [ctx.country(c, f"countries[{i}]") for i, c in enumerate(ctx.list(data.get("countries"), "countries"))]
    values = dict(
        title=ctx.text(data.get("title"), "title"),
        subtitle=ctx.text(data.get("subtitle"), "subtitle", required=False),
        description=ctx.text(data.get("description"), "description", required=False),
        kind=ctx.choice(data.get("kind"), CONVENING_KINDS, "kind"),
        countries=countries,
        city=ctx.text(data.get("city"), "city", required=False),
        venue=ctx.text(data.get("venue"), "venue", required=False),
        country=ctx.country(data.get("country"), required=False),
        timezone=timezone,
        start_date=start.value if start else None,
        start_precision=start.precision if start else "day",
        end_date=end.value if end else None,
        end_precision=end.precision if end else "day",
        status=ctx.choice(data.get("status") or "past", STATUSES, "status"),
    )
    goals = [ctx.text(g, f"goals[{i}]") for i, g in enumerate(ctx.list(data.get("goals"), "goals"))]
    orgs = []
    for i, item in enumerate(ctx.list(data.get("organizations"), "organizations")):
        field = f"organizations[{i}]"
        item = ctx.mapping(item, field)
        org = ctx.organization(item.get("organization"), f"{field}.organization")
        role = ctx.choice(item.get("role"), ORGANIZATION_ROLES, f"{field}.role")
        orgs.append(((org.id, role), ctx.text(item.get("note"), f"{field}.note", required=False)))
    people = []
    for i, item in enumerate(ctx.list(data.get("people"), "people")):
        field = f"people[{i}]"
        item = ctx.mapping(item, field)
        person = ctx.person(item.get("person"), f"{field}.person")
        role = ctx.choice(item.get("role"), PERSON_ROLES, f"{field}.role")
        org = ctx.organization(item["organization"], f"{field}.organization") if item.get("organization") else None
        people.append(((person.id, role), org.id if org else None))
    source_rows = [ctx.source(name, f"sources[{i}]") for i, name in enumerate(ctx.list(data.get("sources"), "sources"))]
    for label, keys in (("organizations", [o[0] for o in orgs]), ("people", [p[0] for p in people])):
        if len(set(keys)) != len(keys):
            ctx.error(label, "the same participant appears twice with the same role")

    convening = db.session.scalar(db.select(Convening).where(Convening.slug == slug))
    if convening is not None and convening.origin == ORIGIN_APP:
        ctx.stats["convenings kept (made or edited in the app)"] += 1
        return None
    created = convening is None
    if created:
        convening = Convening(slug=slug, origin=ORIGIN_SEED)
        db.session.add(convening)
    changed = assign(convening, **values)
    refresh_search_text(convening)
    db.session.flush()

    # Goals: owned by the seed file, in its order.
    have_goals = db.session.scalars(db.select(ConveningGoal).where(ConveningGoal.convening_id == convening.id)
                                    .order_by(ConveningGoal.position)).all()
    if [g.text for g in have_goals] != goals:
        for g in have_goals:
            db.session.delete(g)
        db.session.flush()
        for position, text in enumerate(goals):
            db.session.add(ConveningGoal(convening_id=convening.id, position=position, text=text))
        changed = True

    # Participations: seed rows follow the file; rows added in the app stay.
    have = {(r.organization_id, r.role): r for r in db.session.scalars(
        db.select(ConveningOrganization).where(ConveningOrganization.convening_id == convening.id))}
    for key, note in orgs:
        row = have.pop(key, None)
        if row is None:
            db.session.add(ConveningOrganization(convening_id=convening.id, organization_id=key[0], role=key[1],
                                                 note=note, origin=ORIGIN_SEED))
            changed = True
        elif row.origin == ORIGIN_SEED and assign(row, note=note):
            changed = True
    for row in have.values():
        if row.origin == ORIGIN_SEED:
            db.session.delete(row)
            changed = True
    have_people = {(r.person_id, r.role): r for r in db.session.scalars(
        db.select(ConveningPerson).where(ConveningPerson.convening_id == convening.id))}
    for key, org_id in people:
        row = have_people.pop(key, None)
        if row is None:
            db.session.add(ConveningPerson(convening_id=convening.id, person_id=key[0], role=key[1],
                                           organization_id=org_id, origin=ORIGIN_SEED))
            changed = True
        elif row.origin == ORIGIN_SEED and assign(row, organization_id=org_id):
            changed = True
    for row in have_people.values():
        if row.origin == ORIGIN_SEED:
            db.session.delete(row)
            changed = True

    # Sources.
    have_sources = set(db.session.scalars(
        db.select(ConveningSource.source_id).where(ConveningSource.convening_id == convening.id)))
    wanted_sources = {s.id for s in source_rows}
    if have_sources != wanted_sources:
        db.session.execute(db.delete(ConveningSource).where(
            ConveningSource.convening_id == convening.id, ConveningSource.source_id.not_in(wanted_sources or {0})))
        for source_id in wanted_sources - have_sources:
            db.session.add(ConveningSource(convening_id=convening.id, source_id=source_id))
        changed = True
    db.session.flush()
    _count(ctx, "convenings", created, changed)

    ctx.record = slug
    signals.convening_seeded.send(ctx, convening=convening, data=data)
    db.session.flush()
    return convening


def _load_file(path: Path, name: str, loader, stats: Counter) -> None:
    ctx = SeedContext(name, stats)
    savepoint = db.session.begin_nested()
    try:
        data = read_yaml(path, ctx)
        if data is None:
            ctx.error(None, "is empty")
        loader(data, ctx)
        db.session.flush()
    except SeedError:
        savepoint.rollback()
        raise
    except Exception as exc:  # a database constraint, a bug in a hook: still name the file
        savepoint.rollback()
        raise SeedError(name, ctx.record, None, f"could not be loaded: {exc}") from exc
    savepoint.commit()


def seed(directory: Path | str | None = None) -> Counter:
    """Load every seed file (flushes, never commits). Raises SeedError at the first invalid file;
    the files before it stay loaded in the session."""
    base = Path(directory) if directory else seeds_dir()
    if not base.is_dir():
        raise SeedError(str(base), None, None, "the seeds directory does not exist")
    stats: Counter = Counter()
    for name, loader in (("sources.yaml", load_sources), ("organizations.yaml", load_organizations),
                         ("people.yaml", load_people)):
        path = base / name
        if path.exists():
            _load_file(path, name, loader, stats)
    convenings = sorted((base / "convenings").glob("*.yaml")) if (base / "convenings").is_dir() else []
    for path in convenings:
        _load_file(path, f"convenings/{path.name}", load_convening, stats)
    stats["files read"] = sum(1 for n in ("sources.yaml", "organizations.yaml", "people.yaml")
                              if (base / n).exists()) + len(convenings)
    return stats


__all__ = ["SeedContext", "SeedError", "seed", "seeds_dir", "assign", "INTERNATIONAL"]
