"""``citations.yaml``: the source passage each seeded record rests on (issue 16, item 11).

Each citation names a record, a source file of ``sources.yaml`` and a short verbatim quotation (in
the source's language, ``language``, English by default) or a locator. References::

    organization/<slug>        person/<slug>        affiliation/<person>/<organization>[/<as_of>]
    convening/<slug>           convening/<slug>/goal/<n>
    convening/<slug>/organization/<organization>/<role>
    convening/<slug>/person/<person>/<role>
    convening/<slug>/session/<key>        (answered by the agenda)
    convening/<slug>/declaration/<key>    convening/<slug>/declaration/<key>/clause/<n>

When the source texts are at hand (config ``SOURCE_TEXTS_DIR``, by default ``../shared/seeds`` next to
the checkout), every quotation must appear in its file (spaces and line breaks ignored). The file owns every citation: a citation it no longer lists
is removed.
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import current_app

from ...extensions import db
from ...i18n.registry import is_language
from ...organizations import services as organizations
from ...platform import signals
from ..models import Citation, Convening, ConveningGoal, ConveningOrganization, ConveningPerson
from .context import SeedContext, count

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Spaces and line breaks collapsed, so a quotation matches across the source's line breaks."""
    return _SPACE.sub(" ", text).strip()


def source_text(file: str) -> str | None:
    """The normalized text of a source file: from ``SOURCE_TEXTS_DIR``, else from ``../shared/seeds``
    next to the checkout when it is there (None when the file is not at hand)."""
    directory = current_app.config.get("SOURCE_TEXTS_DIR")
    if not directory:
        beside = Path(current_app.root_path).parent.parent / "shared" / "seeds"
        if not beside.is_dir():
            return None
        directory = beside
    path = Path(directory) / file
    if not path.is_file():
        return None
    return normalize(path.read_text(encoding="utf-8"))


class _Records:
    """Every record a reference can name, loaded once (a handful of queries for the whole file)."""

    def __init__(self):
        self.convenings = {c.slug: c for c in db.session.scalars(db.select(Convening))}
        self.participations = {(r.convening_id, r.organization_id, r.role): r.id
                               for r in db.session.scalars(db.select(ConveningOrganization))}
        self.roles = {(r.convening_id, r.person_id, r.role): r.id for r in db.session.scalars(db.select(ConveningPerson))}
        self.goals: dict[int, list[int]] = {}
        for g in db.session.scalars(db.select(ConveningGoal).order_by(ConveningGoal.convening_id, ConveningGoal.position)):
            self.goals.setdefault(g.convening_id, []).append(g.id)
        self.affiliations = organizations.affiliations_by_person()


def _resolve(ref: str, ctx: SeedContext, records: _Records) -> tuple[str, int]:
    parts = ref.split("/")
    head = parts[0]
    if head == "organization" and len(parts) == 2:
        return "organization", ctx.organization(parts[1], "record").id
    if head == "person" and len(parts) == 2:
        return "person", ctx.person(parts[1], "record").id
    if head == "affiliation" and len(parts) in (3, 4):
        person, org = ctx.person(parts[1], "record"), ctx.organization(parts[2], "record")
        rows = [a for a in records.affiliations.get(person.id, []) if a.organization_id == org.id
                and (len(parts) == 3 or a.as_of == parts[3])]
        if len(rows) != 1:
            ctx.error("record", f"{parts[1]!r} has no affiliation with {parts[2]!r} in people.yaml"
                      if not rows else "several affiliations match: add the date (affiliation/<person>/<organization>/<as_of>)")
        return "affiliation", rows[0].id
    if head == "convening" and len(parts) >= 2:
        convening = records.convenings.get(parts[1])
        if convening is None:
            ctx.error("record", f"unknown convening {parts[1]!r}")
        rest = parts[2:]
        if not rest:
            return "convening", convening.id
        if rest[0] in ("organization", "person") and len(rest) == 3:
            if rest[0] == "organization":
                key = (convening.id, ctx.organization(rest[1], "record").id, rest[2])
                found = records.participations.get(key)
            else:
                key = (convening.id, ctx.person(rest[1], "record").id, rest[2])
                found = records.roles.get(key)
            if found is None:
                ctx.error("record", f"{parts[1]}.yaml gives no {rest[0]} {rest[1]!r} with the role {rest[2]!r}")
            return f"convening_{rest[0]}", found
        if rest[0] == "goal" and len(rest) == 2 and rest[1].isdigit():
            goals = records.goals.get(convening.id, [])
            n = int(rest[1])
            if not 1 <= n <= len(goals):
                ctx.error("record", f"{parts[1]}.yaml has no goal {n}")
            return "goal", goals[n - 1]
        answers = signals.collect(signals.seeded_record, convening, path=rest)
        if answers:
            return answers[0]
        ctx.error("record", f"{parts[1]}.yaml has no {'/'.join(rest)!r}")
    ctx.error("record", f"{ref!r} is not a reference this file knows (see seeds/README.md, citations.yaml)")


def load_citations(data, ctx: SeedContext) -> None:
    data = ctx.mapping(data, "citations")
    records = _Records()
    texts: dict[str, str | None] = {}
    wanted: dict[tuple, int] = {}
    positions: dict[tuple[str, int], int] = {}
    for i, item in enumerate(ctx.list(data.get("citations"), "citations")):
        ctx.record = f"citations[{i}]"
        item = ctx.mapping(item, f"citations[{i}]")
        ref = ctx.string(item.get("record"), "record", max_length=300)
        ctx.record = ref
        kind, record_id = _resolve(ref, ctx, records)
        source = ctx.source(item.get("file"), "file")
        quote = ctx.string(item.get("quote"), "quote", required=False, max_length=400)
        locator = ctx.string(item.get("locator"), "locator", required=False, max_length=200)
        language = ctx.string(item.get("language") or "en", "language", max_length=8)
        if not is_language(language):
            ctx.error("language", f"{language!r} is not a language code")
        if not quote and not locator:
            ctx.error("quote", "give a short quotation from the source or a locator")
        if quote:
            quote = normalize(quote)
            if source.file not in texts:
                texts[source.file] = source_text(source.file)
            text = texts[source.file]
            if text is not None and quote not in text:
                ctx.error("quote", f"does not appear in {source.file}")
        position = positions.get((kind, record_id), 0)
        positions[(kind, record_id)] = position + 1
        wanted[(kind, record_id, source.id, quote, locator, language)] = position
    have = {(c.record_kind, c.record_id, c.source_id, c.quote, c.locator, c.language): c
            for c in db.session.scalars(db.select(Citation))}
    for key, row in have.items():
        if key not in wanted:
            db.session.delete(row)
            count(ctx, "citations", False, True)
        elif row.position != wanted[key]:
            row.position = wanted[key]
    for key, position in wanted.items():
        if key not in have:
            kind, record_id, source_id, quote, locator, language = key
            db.session.add(Citation(record_kind=kind, record_id=record_id, source_id=source_id, position=position,
                                    quote=quote, locator=locator, language=language))
            count(ctx, "citations", True, True)
    db.session.flush()
