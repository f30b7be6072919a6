"""Past declarations from the seed files: the ``declarations:`` list of a convening file (see
seeds/README.md). Called by the convenings seed loader through the ``convening_seeded`` signal."""
from __future__ import annotations

import re

from ..convenings.seeding import seed_languages
from ..extensions import db
from ..organizations.models import ORIGIN_APP, ORIGIN_SEED
from .models import ADOPTED, CLAUSE_KINDS, METHODS, STATUSES, T_REVIEWED, Clause, ConstituencyGroup, Correction, Declaration
from .queries import clauses_of
from .services import _save

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _seed_groups(ctx, convening, items) -> None:
    for item in items or []:
        if not isinstance(item, dict):
            ctx.error("constituency_groups", "each group is a mapping with key and name")
        key = str(item.get("key") or "")
        if not _KEY.match(key):
            ctx.error("constituency_groups.key", "a lowercase key with hyphens is required")
        name = ctx.text(item.get("name"), "constituency_groups.name")
        group = db.session.scalar(db.select(ConstituencyGroup).where(
            ConstituencyGroup.convening_id == convening.id, ConstituencyGroup.key == key))
        if group is None:
            db.session.add(ConstituencyGroup(convening_id=convening.id, key=key, name=name, origin=ORIGIN_SEED))
            ctx.stats["constituency groups created"] += 1
        elif group.origin == ORIGIN_SEED and group.name != name:
            group.name = name
            ctx.stats["constituency groups updated"] += 1


def _parse_clauses(ctx, items) -> list[dict]:
    if items is None:
        return []
    if not isinstance(items, list):
        ctx.error("clauses", "a list of clauses is expected")
    out = []
    for n, item in enumerate(items, 1):
        field = f"clauses[{n}]"
        if not isinstance(item, dict):
            ctx.error(field, "each clause is a mapping with kind, original_language and text")
        out.append({
            "kind": ctx.choice(item.get("kind"), CLAUSE_KINDS, f"{field}.kind"),
            "original_language": ctx.choice(item.get("original_language"), seed_languages(),
                                           f"{field}.original_language"),
            "text": ctx.text(item.get("text"), f"{field}.text"),
        })
    return out


def seed_convening(ctx, convening, data) -> None:
    items = data.get("declarations") or []
    if not isinstance(items, list):
        ctx.error("declarations", "a list of declarations is expected")
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            ctx.error("declarations", "each declaration is a mapping")
        key = str(item.get("key") or "")
        ctx.record = key or f"declarations[{position + 1}]"
        if not _KEY.match(key):
            ctx.error("key", "a lowercase key with hyphens is required")
        title = ctx.text(item.get("title"), "title")
        status = ctx.choice(item.get("status", ADOPTED), STATUSES, "status")
        adopted = ctx.partial_date(item.get("adopted_on"), "adopted_on", required=status == ADOPTED)
        method = ctx.choice(item.get("method", "unknown"), METHODS, "method") if status == ADOPTED else None
        text_in_sources = item.get("text_in_sources", True)
        if not isinstance(text_in_sources, bool):
            ctx.error("text_in_sources", "true or false")
        process = ctx.text(item.get("process"), "process", required=False)
        source_files = item.get("sources") or data.get("sources") or []
        for file_name in source_files:
            ctx.source(file_name, field="sources")
        clauses = _parse_clauses(ctx, item.get("clauses"))
        if not text_in_sources and clauses:
            ctx.error("clauses", "clauses are given but text_in_sources is false")
        if text_in_sources and status == ADOPTED and not clauses:
            ctx.error("clauses", "an adopted declaration whose text is in the sources needs its clauses")
        _seed_groups(ctx, convening, item.get("constituency_groups"))

        declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == key))
        if declaration is not None and (declaration.origin == ORIGIN_APP or declaration.convening_id != convening.id):
            ctx.error("key", f"the key {key!r} belongs to a declaration made in the app or another convening")
        created = declaration is None
        if created:
            # Closed to new signatures: the archive records a past text; an organizer may open it.
            declaration = Declaration(slug=key, convening_id=convening.id, origin=ORIGIN_SEED, version_number=0,
                                      title=title, signon_open=False)
            db.session.add(declaration)
        fields = {
            "title": title, "status": status, "position": position,
            "adopted_on": adopted.value if adopted else None,
            "adopted_precision": adopted.precision if adopted else "day", "method": method,
            "text_in_sources": text_in_sources, "process": process, "sources": list(source_files),
        }
        changed = False
        for name, value in fields.items():
            if getattr(declaration, name) != value:
                setattr(declaration, name, value)
                changed = True
        db.session.flush()
        existing = clauses_of(declaration)
        current = [{"kind": c.kind, "original_language": c.original_language, "text": c.text} for c in existing]
        corrected = db.session.scalar(db.select(db.func.count()).select_from(Correction)
                                      .where(Correction.declaration_id == declaration.id)) > 0
        if corrected and current != clauses:
            # Corrections made in the app win over the file: the text is kept as corrected.
            ctx.stats["declarations kept as corrected in the app"] += 1
            clauses = current
        text_changed = current != clauses or (created and not clauses)
        if current != clauses:
            for clause in existing:
                db.session.delete(clause)
            db.session.flush()
            for n, spec in enumerate(clauses):
                db.session.add(Clause(declaration_id=declaration.id, position=n, kind=spec["kind"],
                                      original_language=spec["original_language"], text=spec["text"],
                                      translation={lang: T_REVIEWED for lang in spec["text"]}, origin=ORIGIN_SEED))
            db.session.flush()
        if text_changed or (changed and declaration.version_number == 0) or title_changed(declaration):
            _save(declaration, None, "seeded")
        if created:
            ctx.stats["declarations created"] += 1
        elif changed or text_changed:
            ctx.stats["declarations updated"] += 1
        db.session.flush()


def title_changed(declaration: Declaration) -> bool:
    """True when the title differs from the latest version's (a seed file edited only the title)."""
    from .queries import get_version

    latest = get_version(declaration, declaration.version_number) if declaration.version_number else None
    return latest is not None and (latest.snapshot.get("title") or {}) != declaration.title.to_dict()


def seeded_record(convening, path: list[str]):
    """A citation's reference ``declaration/<key>`` or ``declaration/<key>/clause/<n>`` (from 1):
    that declaration of this convening, or its clause (see ``platform.signals.seeded_record``)."""
    if len(path) not in (2, 4) or path[0] != "declaration":
        return None
    declaration = db.session.scalar(db.select(Declaration).where(
        Declaration.convening_id == convening.id, Declaration.slug == path[1]))
    if declaration is None:
        return None
    if len(path) == 2:
        return "declaration", declaration.id
    if path[2] != "clause" or not path[3].isdigit():
        return None
    clauses = clauses_of(declaration)
    n = int(path[3])
    return ("clause", clauses[n - 1].id) if 1 <= n <= len(clauses) else None

