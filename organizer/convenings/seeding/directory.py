"""``organizations.yaml`` and ``people.yaml``: read and checked here, written through the one owner
of organizations and people (``organizations.services``: duplicates, ownership, search text)."""
from __future__ import annotations

import re

from ...extensions import db
from ...organizations import services as organizations
from ...organizations.models import ORGANIZATION_KINDS, ORIGIN_APP, SECTORS, Organization
from .context import SeedContext, count


def _organization_values(item: dict, ctx: SeedContext) -> tuple[dict, list[str]]:
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
    return values, sectors


def load_organizations(data, ctx: SeedContext) -> None:
    data = ctx.mapping(data, "organizations")
    items = ctx.list(data.get("organizations"), "organizations")
    seen: dict[str, tuple[Organization | None, dict]] = {}
    created_now: set[str] = set()
    existing = organizations.organizations_by_slug()
    # First pass: every organization's own fields, so parents and networks can be named in any order.
    for i, item in enumerate(items):
        ctx.record = f"organizations[{i}]"
        item = ctx.mapping(item, "organizations")
        slug = ctx.slug(item.get("slug"))
        ctx.record = slug
        if slug in seen:
            ctx.error("slug", "appears twice in the file")
        values, sectors = _organization_values(item, ctx)
        org = existing.get(slug)
        if org is not None and org.origin == ORIGIN_APP:
            ctx.stats["organizations kept (made or edited in the app)"] += 1
            seen[slug] = (None, item)
            continue
        try:
            org, created, changed = organizations.save_seeded_organization(org, slug, sectors=sectors, **values)
        except organizations.DuplicateOrganization as exc:
            ctx.error("name", "the same name or acronym in this country is already the organization "
                      + ", ".join(repr(d.slug) for d in exc.duplicates))
        if created:
            created_now.add(slug)
            existing[slug] = org
        count(ctx, "organizations", created, changed)
        seen[slug] = (org, item)
        ctx.remember(org)
    db.session.flush()
    # Second pass: parent and networks.
    memberships = organizations.network_memberships()
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
        wanted = []
        for j, net_slug in enumerate(ctx.list(item.get("networks"), "networks")):
            network = existing.get(str(net_slug))
            if network is None:
                ctx.error(f"networks[{j}]", f"unknown organization {net_slug!r}")
            if network is org:
                ctx.error(f"networks[{j}]", "an organization cannot be a member of itself")
            wanted.append(network.id)
        changed = organizations.set_seeded_relations(org, parent, wanted, memberships.get(org.id, set()))
        if changed and slug not in created_now:
            ctx.stats["organizations updated"] += 1
    db.session.flush()


def load_people(data, ctx: SeedContext) -> None:
    data = ctx.mapping(data, "people")
    items = ctx.list(data.get("people"), "people")
    existing = organizations.people_by_slug()
    affiliations = organizations.affiliations_by_person()
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
        have = affiliations.get(person.id, []) if person is not None else []
        person, created, changed = organizations.save_seeded_person(person, slug, values, wanted, have)
        if person is None:
            ctx.stats["people kept (made or edited in the app)"] += 1
            continue
        existing[slug] = person
        count(ctx, "people", created, changed)
        ctx.remember(person)
    db.session.flush()
