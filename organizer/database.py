"""Database helpers shared by every domain: UTC timestamps, engine set-up, write locks."""
from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

# Set while a SQLite transaction must start as a write transaction (BEGIN IMMEDIATE).
_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("sqlite_immediate", default=False)


#: The largest value of an SQL ``INTEGER`` (PostgreSQL's int4): every id and number column.
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
_DIGITS = re.compile(r"-?[0-9]{1,10}")


def db_int(value, default=None):
    """``value`` as an int the database can store (ASCII digits, optional minus, within INTEGER),
    else ``default``. For ids and numbers taken from the query string or a form."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not _DIGITS.fullmatch(text):
            return default
        number = int(text)
    return number if INT_MIN <= number <= INT_MAX else default


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always timezone-aware UTC in Python, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def configure_engine(engine: Engine) -> None:
    """SQLite: foreign keys, WAL, busy timeout, and transactions begun by us (so that a write
    transaction can be taken up front with BEGIN IMMEDIATE)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")
        connection.info["changes_at_begin"] = connection.connection.dbapi_connection.total_changes


def sqlite_changes_since_begin(connection) -> int:
    """Rows a SQLite connection has changed since its transaction began (0 if unknown)."""
    begun = connection.info.get("changes_at_begin")
    if begun is None:
        return 0
    return connection.connection.dbapi_connection.total_changes - begun


def init_app(app) -> None:
    """On SQLite, a request that may write (anything but GET/HEAD/OPTIONS) takes the write lock
    when its first transaction begins. SQLite has one writer at a time anyway; taking the lock up
    front lets concurrent requests wait their turn (busy timeout) instead of failing with
    "database is locked" when a read transaction tries to become a write transaction."""
    from flask import g, request

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return

    @app.before_request
    def _writes_take_the_lock_first():
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            g._sqlite_immediate_token = _immediate.set(True)

    @app.teardown_request
    def _release(_exc):
        token = g.pop("_sqlite_immediate_token", None)
        if token is not None:
            _immediate.reset(token)


@contextmanager
def writes_first() -> Iterator[None]:
    """Transactions begun inside the block start as write transactions (BEGIN IMMEDIATE on
    SQLite), holding the write lock from their first statement."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


def write_transaction(session: Session):
    """See ``platform.unit_of_work.write_transaction`` (kept here for the modules that import it)."""
    from .platform.unit_of_work import write_transaction as _write_transaction

    return _write_transaction(session)


def alembic_render_item(type_, obj, autogen_context):
    """Render the project's column types as plain SQLAlchemy types in migrations, so that
    migrations never import application code (which changes over time)."""
    if type_ == "type":
        name = type(obj).__name__
        if name == "TranslatedType":
            autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
            return 'sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")'
        if name == "UTCDateTime":
            return "sa.DateTime(timezone=True)"
    return False


def alembic_compare_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """Our TypeDecorators match the plain types the migrations create."""
    name = type(metadata_type).__name__
    if name == "TranslatedType":
        return type(inspected_type).__name__ not in ("JSON", "JSONB")
    if name == "UTCDateTime":
        return type(inspected_type).__name__ not in ("DATETIME", "DateTime", "TIMESTAMP")
    return None  # Alembic's own comparison


@contextmanager
def write_transactions() -> Iterator[None]:
    """Inside the block, every transaction that begins on SQLite takes the write lock first (BEGIN
    IMMEDIATE), as in a POST request: for background work (the mail worker) that reads and then
    writes, so it waits its turn instead of failing with "database is locked". No effect on
    PostgreSQL."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


def alembic_include_object(obj, name, type_, reflected, compare_to) -> bool:
    """What Alembic compares: not the search engines' own structures, built with the search index
    table by DDL (SQLite's ``search_fts`` FTS5 table and its shadow tables, PostgreSQL's generated
    ``document_*`` columns and their GIN indexes; see ``archive.models``)."""
    if type_ == "table" and name and name.startswith("search_fts"):
        return False
    if type_ == "column" and name and name.startswith("document_") and reflected and compare_to is None:
        return False
    if type_ == "index" and name and name.startswith("ix_search_entries_document_"):
        return False
    return True
