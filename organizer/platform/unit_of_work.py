"""One unit of work per request and per CLI command.

A request commits once, when its view has returned a response below 400 (a page or a redirect),
before the response leaves: a failed commit is handled like any error of the view (the busy page
for a locked database, else the error page), never a success page for unsaved work. Any exception
of the view, any response of 400 or more, and any ``DomainError`` raised during the request (even
one the view caught to show on a form) roll the whole request back. Work that must happen only
once the data is durable (sending mail) registers with ``after_commit`` and runs after the commit;
a rollback drops it.

A CLI command under ``flask organizer`` is one unit of work the same way (see ``cli_group``):
it commits when the command returns and rolls back when it raises.

Services never commit: they flush. The few places that need a transaction boundary of their own
use what is here: ``savepoint()`` to contain a failure inside a larger unit (bulk actions),
``write_transaction`` (``organizer.database``) to take SQLite's write lock up front, and
``commit()`` for a CLI command that keeps what it has done so far before failing.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app, g, has_app_context
from flask.cli import AppGroup, ScriptInfo

from ..extensions import db


class OrganizerFlask(Flask):
    """Flask with the request's unit of work around the view: commit (or roll back) happens here,
    after the view returned and before the response is finalized, so a failed commit goes through
    the error handlers."""

    def dispatch_request(self):
        try:
            rv = super().dispatch_request()
        except BaseException:
            rollback()
            raise
        response = self.make_response(rv)
        if response.status_code >= 400 or g.get("_uow_doomed"):
            rollback()
        else:
            commit()
        return response


def doom() -> None:
    """Mark the current unit of work to be rolled back at its end, whatever the response."""
    if has_app_context():
        g._uow_doomed = True


def is_doomed() -> bool:
    return bool(has_app_context() and g.get("_uow_doomed"))


def commit() -> None:
    """Commit the current unit of work now and run what waited for it (``after_commit``).
    Views and services never call this: the request does. A CLI command may, to keep the work done
    so far before it stops with an error."""
    if not has_app_context():
        db.session.commit()
        return
    if db.session.registry.has():  # a request that never used the database (a cached page) has nothing to commit
        db.session.commit()
    g._uow_doomed = False
    callbacks = g.pop("_uow_after_commit", [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the data is committed; what follows must not turn it into an error page
            current_app.logger.exception("after-commit work failed: %r", callback)


def rollback() -> None:
    """Roll the current unit of work back and drop the work that waited for its commit."""
    if not has_app_context() or db.session.registry.has():
        db.session.rollback()
    if has_app_context():
        g.pop("_uow_after_commit", None)
        g._uow_doomed = False


def after_commit(callback: Callable[[], object]) -> None:
    """Run ``callback()`` after the current unit of work commits (never if it rolls back). Called
    once per distinct callback, in registration order. Outside an application context it is
    dropped."""
    if not has_app_context():
        return
    callbacks = g.setdefault("_uow_after_commit", [])
    if callback not in callbacks:
        callbacks.append(callback)


@contextmanager
def savepoint() -> Iterator[None]:
    """Contain a failure: what the block did is undone if it raises, and a ``DomainError`` raised
    in it no longer dooms the whole unit of work (the caller decided to go on). For bulk actions
    where each item may fail on its own."""
    doomed = is_doomed()
    nested = db.session.begin_nested()
    try:
        yield
    except BaseException:
        if nested.is_active:
            nested.rollback()
        if has_app_context():
            g._uow_doomed = doomed
        raise
    nested.commit()


@contextmanager
def command_scope() -> Iterator[None]:
    """One unit of work around a CLI command: commit when it returns (or exits with status 0),
    roll back when it raises."""
    try:
        yield
    except click.exceptions.Exit as exit_:
        if exit_.exit_code == 0 and not is_doomed():
            commit()
        else:
            rollback()
        raise
    except BaseException:
        rollback()
        raise
    if is_doomed():
        rollback()
    else:
        commit()


class UnitOfWorkGroup(AppGroup):
    """A click group whose every subcommand runs as one unit of work (``command_scope``), in the
    application's context."""

    def invoke(self, ctx: click.Context):
        if not has_app_context():
            app = ctx.ensure_object(ScriptInfo).load_app()
            ctx.with_resource(app.app_context())
        with command_scope():
            return super().invoke(ctx)


@contextmanager
def write_transaction(session=None) -> Iterator[None]:
    """Run the block inside a transaction that holds the database's write lock from its first
    statement: BEGIN IMMEDIATE on SQLite. On PostgreSQL lock the rows you count with
    ``select(...).with_for_update()`` inside the block. Ends the current transaction first (commit),
    and commits at the end; on error rolls back. Work waiting for the unit of work's commit (mail)
    still waits for it."""
    from ..database import writes_first

    session = session if session is not None else db.session
    session.commit()
    with writes_first():
        session.connection()  # begins now, as a write transaction on SQLite
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def cli_group(name: str, **kwargs) -> UnitOfWorkGroup:
    return UnitOfWorkGroup(name, **kwargs)


def init_app(app: Flask) -> None:
    if not isinstance(app, OrganizerFlask):  # pragma: no cover - create_app makes one
        raise TypeError("the unit of work needs the app to be an OrganizerFlask")
