"""Reading citations (``models.Citation``): the source passage a seeded record rests on, for any page
that shows the record. ``citations_of(kind, id)`` loads every citation of one kind once per request
(one query per kind, whatever the number of records on the page)."""
from __future__ import annotations

from flask import g, has_request_context

from sqlalchemy import String, literal

from ..extensions import db
from .models import CITED_KINDS, Citation


def _load(kind: str) -> dict[int, list[Citation]]:
    # The kind is written into the statement (one of CITED_KINDS, never user input), so that each
    # kind's query is its own statement: a page asks each one once (tests count repeated statements).
    if kind not in CITED_KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    found: dict[int, list[Citation]] = {}
    kind_value = literal(kind, String(24), literal_execute=True)
    for citation in db.session.scalars(db.select(Citation).where(Citation.record_kind == kind_value)
                                       .order_by(Citation.record_id, Citation.position, Citation.id)):
        found.setdefault(citation.record_id, []).append(citation)
    return found


def citations_of(kind: str, record_id: int | None) -> list[Citation]:
    """The citations of one record (``kind`` one of ``models.CITED_KINDS``), in the file's order."""
    if record_id is None:
        return []
    if not has_request_context():
        return _load(kind).get(record_id, [])
    cache = g.setdefault("citations_by_kind", {})
    if kind not in cache:
        cache[kind] = _load(kind)
    return cache[kind].get(record_id, [])
