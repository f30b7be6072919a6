"""What the site search holds for declarations: the title, the clauses and the account of the
process in every language. Only adopted declarations are public (as on their page)."""
from __future__ import annotations

from sqlalchemy import select

from ..archive.search_index import builder, every, renamed, watch
from ..archive.searching import per_language
from ..convenings.models import Convening
from ..i18n.text import fold
from .models import ADOPTED, Clause, Declaration


@builder("declaration")
def _declarations(connection, ids):
    declaration, clause, conv = Declaration.__table__, Clause.__table__, Convening.__table__
    rows = connection.execute(
        select(declaration.c.id, declaration.c.slug, declaration.c.title, declaration.c.status, declaration.c.process,
               declaration.c.convening_id, conv.c.slug.label("convening_slug"), conv.c.title.label("convening_title"))
        .join(conv, conv.c.id == declaration.c.convening_id).where(declaration.c.id.in_(ids))).all()
    clauses: dict[int, list] = {}
    for c in connection.execute(select(clause.c.declaration_id, clause.c.text).where(clause.c.declaration_id.in_(ids))
                                .order_by(clause.c.declaration_id, clause.c.position)).all():
        clauses.setdefault(c.declaration_id, []).append(c.text)
    return [{
        "ref_id": r.id, "convening_id": r.convening_id, "public": r.status == ADOPTED, "slug": r.slug,
        "parent_slug": r.convening_slug, "title": r.title, "context": r.convening_title,
        "keys": "|" + "|".join(fold(t) for t in (r.title or {}).values()) + "|",
        **per_language("title", [r.title]), **per_language("body", [*clauses.get(r.id, []), r.process]),
    } for r in rows]


def _convening_renamed(connection, obj):
    if not renamed(obj, "title"):
        return []
    table = Declaration.__table__
    return [("declaration", i) for i in connection.execute(
        select(table.c.id).where(table.c.convening_id == obj.id)).scalars()]


watch(Convening, _convening_renamed)
watch(Declaration, lambda connection, obj: [("declaration", obj.id)])
watch(Clause, lambda connection, obj: [("declaration", obj.declaration_id)])
every("declaration", Declaration.__table__)
