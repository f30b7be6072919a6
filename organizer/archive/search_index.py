"""The site search's one interface: ``search(text)`` answers from the index table, whatever the
database; ``rebuild()`` makes the whole index again (``flask organizer search-index``); and the
index follows every write by itself.

Keeping in step: each domain registers, for its models, which index entries a changed row touches
(``watch(Model, keys)``), and for each kind how to build entries from the database
(``builder(kind)``). After every flush the touched entries are rebuilt in a fixed number of
statements per kind, whoever wrote (forms, services, the seeder, other domains). Domains above
the archive (agenda, declarations) register from their own ``searching`` module.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..extensions import db
from . import analysis, search_backends
from .models import KINDS, LANGUAGES, SearchEntry

#: kind -> function(connection, ids) -> list of entry dicts (SearchEntry columns, ``ref_id`` set)
_BUILDERS: dict[str, Callable] = {}
#: model class -> functions(connection, obj) -> iterable of (kind, ref_id)
_WATCHED: dict[type, list[Callable]] = {}
#: ``session.info`` key set when the session's transaction wrote index entries (after a flush that
#: touched them, or a ``rebuild``): ``archive.caching`` renews the search pages' stamp on commit.
INDEX_WRITTEN = "search_index_written"


def builder(kind: str):
    def register(function):
        _BUILDERS[kind] = function
        return function
    return register


def watch(model: type, keys: Callable) -> None:
    """After a flush that wrote a ``model`` row, rebuild the entries ``keys(connection, row)`` names."""
    _WATCHED.setdefault(model, []).append(keys)


def renamed(obj, *attributes: str) -> bool:
    """Whether a flushed row had one of these attributes replaced (not set for the first time):
    the entries of other records that show it must follow."""
    from sqlalchemy import inspect

    state = inspect(obj)
    return any(state.attrs[name].history.deleted for name in attributes)


# ---------------------------------------------------------------------------------------------- writing

def _touched(session, connection) -> dict[str, set[int]]:
    touched: dict[str, set[int]] = {}
    for obj in [*session.new, *session.dirty, *session.deleted]:
        for keys in _WATCHED.get(type(obj), ()):
            for kind, ref_id in keys(connection, obj) or ():
                if ref_id is not None:
                    touched.setdefault(kind, set()).add(ref_id)
    return touched


def refresh(connection, touched: dict[str, Iterable[int]]) -> None:
    """Rebuild the entries of these records (deleting those whose record is gone or not searchable)."""
    for kind, ids in touched.items():
        ids = sorted(set(ids))
        if not ids or kind not in _BUILDERS:
            continue
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = _BUILDERS[kind](connection, chunk)
            search_backends.replace(connection, kind, chunk, rows)


@event.listens_for(Session, "after_flush")
def _keep_index_in_step(session, flush_context) -> None:
    if not _WATCHED or session.info.get("search_index_paused"):
        return
    connection = session.connection()
    touched = _touched(session, connection)
    if touched:
        refresh(connection, touched)
        session.info[INDEX_WRITTEN] = True


def rebuild() -> dict[str, int]:
    """The whole index again, from the records. Returns the entries per kind. The cached search
    pages are renewed when the unit of work commits (``INDEX_WRITTEN``)."""
    connection = db.session.connection()
    db.session.info[INDEX_WRITTEN] = True
    search_backends.clear(connection)
    counts = {}
    for kind in KINDS:
        if kind not in _BUILDERS:
            continue
        ids = list(connection.execute(_ids_of(kind)).scalars())
        refresh(connection, {kind: ids})
        counts[kind] = len(ids)
    return counts


#: kind -> select of every record id (registered with the builder's table)
_ALL_IDS: dict[str, Callable] = {}


def every(kind: str, table) -> None:
    _ALL_IDS[kind] = lambda: select(table.c.id)


def _ids_of(kind: str):
    return _ALL_IDS[kind]()


# ---------------------------------------------------------------------------------------------- reading

@dataclass
class Hit:
    kind: str
    ref_id: int
    slug: str
    parent_slug: str | None
    title: object  # TranslatedText
    context: object | None
    snippet: tuple | None  # (Markup, the language it is written in)
    tier: int  # 0 exact name or acronym, 1 every word in the title or name, 2 in the body


@dataclass
class Results:
    query: str
    groups: dict[str, list[Hit]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


CANDIDATES = 60


def search(text: str | None, language: str = "en", limit: int = 25) -> Results:
    """Public records matching every word of ``text`` (or one of its synonyms), in any language,
    grouped by kind and ranked: exact name or acronym, then title, then body, then the engine's
    score. Two statements whatever the size of the archive."""
    query = analysis.parse(text)
    results = Results(query=query.text, counts={kind: 0 for kind in KINDS})
    if not query:
        return results
    connection = db.session.connection()
    results.counts.update(search_backends.count(connection, query))
    if not results.total:
        return results
    rows = search_backends.candidates(connection, query, CANDIDATES)
    base = (language or "en").replace("-", "_").split("_")[0]
    order = [*(lang for lang in LANGUAGES if lang == base), *(lang for lang in LANGUAGES if lang != base)]
    by_kind: dict[str, list[tuple]] = {}
    for position, row in enumerate(rows):
        titles = [row.names, *(getattr(row, f"title_{lang}") for lang in order)]
        tier = 0 if row.exact else (1 if analysis.all_in(query, titles) else 2)
        by_kind.setdefault(row.kind, []).append((tier, position, row))
    wanted = query.forms()
    for kind in KINDS:
        ranked = sorted(by_kind.get(kind, []), key=lambda t: (t[0], t[1]))[:limit]
        if ranked:  # snippets only for what is shown
            results.groups[kind] = [Hit(
                kind=row.kind, ref_id=row.ref_id, slug=row.slug, parent_slug=row.parent_slug,
                title=_translated(row.title), context=_translated(row.context), tier=tier,
                snippet=analysis.snippet(query, [(lang, getattr(row, f"body_{lang}")) for lang in order], wanted))
                for tier, _position, row in ranked]
    return results


def _translated(value):
    from ..i18n.translated import TranslatedText

    if value is None:
        return None
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return TranslatedText(value)


__all__ = ["SearchEntry", "builder", "watch", "renamed", "every", "refresh", "rebuild", "search", "Results", "Hit"]
