"""The two engines behind ``search_index``: SQLite FTS5 and PostgreSQL full-text search.

Both receive a parsed ``analysis.Query`` (groups of alternatives made of folded words, nothing
else), never the visitor's text: FTS5 gets quoted phrases of ``[^\\W_]+`` tokens, PostgreSQL gets
each phrase as a bound parameter of ``phraseto_tsquery``. Each answer is one statement.
"""
from __future__ import annotations

from sqlalchemy import bindparam, text

from ..convenings.models import PUBLIC_STATUSES
from . import analysis
from .models import FTS_COLUMNS, LANGUAGES, PG_DOCUMENTS, SearchEntry

COLUMNS = ("kind", "ref_id", "slug", "parent_slug", "title", "context", "names",
           *(f"title_{lang}" for lang in LANGUAGES), *(f"body_{lang}" for lang in LANGUAGES))
_SELECT = ", ".join(f"e.{c}" for c in COLUMNS)
_VISIBLE = ("e.public AND (e.convening_id IS NULL OR e.convening_id IN "
            "(SELECT c.id FROM convenings c WHERE c.status IN :statuses))")


def _is_sqlite(connection) -> bool:
    return connection.dialect.name == "sqlite"


def _params(query: analysis.Query) -> dict:
    return {"statuses": list(PUBLIC_STATUSES), "needle": f"|{query.folded}|"}


def _bind(statement: str):
    return text(statement).bindparams(bindparam("statuses", expanding=True))


# ---------------------------------------------------------------------------------------------- writing

def _fts_tokens(row: dict) -> dict[str, str]:
    values = {"names": analysis.tokens(row.get("names"), None), "keywords": analysis.tokens(row.get("keywords"), None)}
    for part in ("title", "body"):
        for lang in LANGUAGES:
            values[f"{part}_{lang}"] = analysis.tokens(row.get(f"{part}_{lang}"), lang)
    return values


def replace(connection, kind: str, ids: list[int], rows: list[dict]) -> None:
    """The entries of these records of ``kind`` become ``rows`` (records without a row lose theirs)."""
    table = SearchEntry.__table__
    where = (table.c.kind == kind) & table.c.ref_id.in_(ids)
    if _is_sqlite(connection):
        connection.execute(text("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entries "
                                "WHERE kind = :kind AND ref_id IN :ids)").bindparams(bindparam("ids", expanding=True)),
                           {"kind": kind, "ids": ids})
    connection.execute(table.delete().where(where))
    if not rows:
        return
    full = [{column.name: row.get(column.name) for column in table.columns if column.name != "id"} | {"kind": kind}
            for row in rows]
    for row in full:
        for column in table.columns:
            if row.get(column.name) is None and column.name not in ("convening_id", "parent_slug", "context", "id"):
                row[column.name] = True if column.name == "public" else ""
    connection.execute(table.insert(), full)
    if _is_sqlite(connection):
        new_ids = dict(connection.execute(
            text("SELECT ref_id, id FROM search_entries WHERE kind = :kind AND ref_id IN :ids")
            .bindparams(bindparam("ids", expanding=True)), {"kind": kind, "ids": [r["ref_id"] for r in full]}).all())
        fts = [{"rowid": new_ids[row["ref_id"]], **_fts_tokens(row)} for row in full]
        connection.execute(text(f"INSERT INTO search_fts (rowid, {', '.join(FTS_COLUMNS)}) "
                                f"VALUES (:rowid, {', '.join(':' + c for c in FTS_COLUMNS)})"), fts)


def clear(connection) -> None:
    if _is_sqlite(connection):
        connection.execute(text("DELETE FROM search_fts"))
    connection.execute(SearchEntry.__table__.delete())


# ---------------------------------------------------------------------------------------------- SQLite

def _fts_expression(query: analysis.Query) -> str:
    """Every group, each as: the folded phrase in any column, or its stems in one language's columns."""
    groups = []
    for group in query.groups:
        parts = []
        for alternative in group.alternatives:
            parts.append('"' + " ".join(alternative) + '"')
            for lang in LANGUAGES:
                stems = " ".join(analysis.stem(w, lang) for w in alternative)
                if stems != " ".join(alternative):
                    parts.append(f'{{title_{lang} body_{lang}}} : "{stems}"')
        groups.append("(" + " OR ".join(dict.fromkeys(parts)) + ")")
    return " AND ".join(groups)


SQLITE_WEIGHTS = ", ".join("8.0" if c.startswith(("names", "title")) else "1.0" for c in FTS_COLUMNS)


# ---------------------------------------------------------------------------------------------- PostgreSQL

def _pg_query(query: analysis.Query, params: dict) -> tuple[str, str]:
    """(the condition: every group found in some document; the rank: a sum over the documents)."""
    conditions, ranks = [], {config: [] for config in PG_DOCUMENTS}
    for g, group in enumerate(query.groups):
        per_config = {config: [] for config in PG_DOCUMENTS}
        for a, alternative in enumerate(group.alternatives):
            params[f"p{g}_{a}"] = " ".join(alternative)
            for config in PG_DOCUMENTS:
                per_config[config].append(f"phraseto_tsquery('public.organizer_{config}'::regconfig, :p{g}_{a})")
        matches = []
        for config, parts in per_config.items():
            tsquery = "(" + " || ".join(parts) + ")"
            matches.append(f"e.document_{config} @@ {tsquery}")
            ranks[config].append(tsquery)
        conditions.append("(" + " OR ".join(matches) + ")")
    rank = " + ".join(f"ts_rank(e.document_{config}, {' || '.join(parts)})" for config, parts in ranks.items())
    return " AND ".join(conditions), rank


# ---------------------------------------------------------------------------------------------- reading

def count(connection, query: analysis.Query) -> dict[str, int]:
    params = _params(query)
    if _is_sqlite(connection):
        params["match"] = _fts_expression(query)
        statement = ("SELECT e.kind, count(*) FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid "
                     f"WHERE search_fts MATCH :match AND {_VISIBLE} GROUP BY e.kind")
    else:
        condition, _rank = _pg_query(query, params)
        statement = f"SELECT e.kind, count(*) FROM search_entries e WHERE {condition} AND {_VISIBLE} GROUP BY e.kind"
    return {kind: n for kind, n in connection.execute(_bind(statement), params).all()}


def candidates(connection, query: analysis.Query, per_kind: int) -> list:
    """The best ``per_kind`` entries of each kind: exact name or acronym first, then by score. The
    matches are numbered on narrow rows (id, kind, exact, score); only the best are read whole."""
    params = _params(query) | {"per_kind": per_kind}
    if _is_sqlite(connection):
        params["match"] = _fts_expression(query)
        matched = (f"SELECT e.id, e.kind, e.ref_id, instr(e.keys, :needle) > 0 AS exact, "
                   f"bm25(search_fts, {SQLITE_WEIGHTS}) AS score "
                   "FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid "
                   f"WHERE search_fts MATCH :match AND {_VISIBLE}")
        order = "exact DESC, score"
    else:
        condition, rank = _pg_query(query, params)
        matched = (f"SELECT e.id, e.kind, e.ref_id, strpos(e.keys, :needle) > 0 AS exact, {rank} AS score "
                   f"FROM search_entries e WHERE {condition} AND {_VISIBLE}")
        order = "exact DESC, score DESC"
    statement = (f"WITH matched AS ({matched}), numbered AS (SELECT id, kind, exact, ROW_NUMBER() OVER "
                 f"(PARTITION BY kind ORDER BY {order}, ref_id) AS rn FROM matched) "
                 f"SELECT {_SELECT}, n.exact, n.rn FROM numbered n JOIN search_entries e ON e.id = n.id "
                 "WHERE n.rn <= :per_kind ORDER BY n.kind, n.rn")
    return connection.execute(_bind(statement), params).all()
