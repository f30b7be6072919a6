"""``sources.yaml`` and ``convenings/<slug>.yaml``: the documents, then each convening with its
goals, participants and sources. Sessions and declarations are loaded by their own domains through
the ``platform.signals.convening_seeded`` signal."""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...extensions import db
from ...organizations.models import ORIGIN_APP, ORIGIN_SEED
from ...organizations.services import refresh_search_text
from ...platform import signals
from ..models import (CONVENING_KINDS, ORGANIZATION_ROLES, PERSON_ROLES, STATUSES, Convening, ConveningGoal,
                      ConveningOrganization, ConveningPerson, ConveningSource, Source)
from .context import SeedContext, assign, count


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
        count(ctx, "sources", created, assign(source, **values))
        ctx.remember(source)
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
    changed |= _follow_file(ConveningOrganization, convening.id, lambda r: (r.organization_id, r.role), orgs,
                            lambda key, note: dict(organization_id=key[0], role=key[1], note=note),
                            lambda note: dict(note=note))
    changed |= _follow_file(ConveningPerson, convening.id, lambda r: (r.person_id, r.role), people,
                            lambda key, org_id: dict(person_id=key[0], role=key[1], organization_id=org_id),
                            lambda org_id: dict(organization_id=org_id))

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
    count(ctx, "convenings", created, changed)

    ctx.record = slug
    signals.convening_seeded.send(ctx, convening=convening, data=data)
    db.session.flush()
    return convening


def _follow_file(model, convening_id: int, key_of, wanted, create, update) -> bool:
    """Make a convening's seeded rows of ``model`` follow the file: ``wanted`` is [(key, value)];
    missing rows are added, seeded rows updated or removed; rows added in the app stay as they are.
    True when something changed."""
    have = {key_of(r): r for r in db.session.scalars(db.select(model).where(model.convening_id == convening_id))}
    changed = False
    for key, value in wanted:
        row = have.pop(key, None)
        if row is None:
            db.session.add(model(convening_id=convening_id, origin=ORIGIN_SEED, **create(key, value)))
            changed = True
        elif row.origin == ORIGIN_SEED and assign(row, **update(value)):
            changed = True
    for row in have.values():
        if row.origin == ORIGIN_SEED:
            db.session.delete(row)
            changed = True
    return changed
