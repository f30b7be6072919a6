"""One limiter for every action a stranger can repeat: log in, sign up, forgotten password,
resent confirmation, member invitations, anonymous sign-on...

``hit(action, address=..., email=...)`` counts one attempt against each key given and answers the
seconds to wait (0: go ahead). Each key is counted by ONE atomic statement (an INSERT ... ON
CONFLICT DO UPDATE ... RETURNING on a fixed window), on a connection of its own that commits at
once (never the request's session: only the unit of work commits that), so simultaneous requests
are counted one by one on PostgreSQL as on SQLite, and an attempt counts even if the request fails
or is rolled back later. Call it before the request writes anything.

Limits come from ``DEFAULT_LIMITS`` merged with the setting ``THROTTLE_LIMITS``
(``{"signup": {"email": 3, "address": 10, "window": 3600}}``); log-in uses the LOGIN_* settings.
"""
from __future__ import annotations

import random
from datetime import timedelta

from flask import current_app, request
from flask_babel import gettext
from sqlalchemy import case, delete, literal, update

from ..database import UTCDateTime, utcnow
from ..extensions import db
from .models import ThrottleCounter

HOUR = 3600

DEFAULT_LIMITS = {
    "signup": {"email": 3, "address": 10, "window": HOUR},
    "forgot": {"email": 3, "address": 10, "window": HOUR},
    "resend": {"email": 3, "address": 10, "window": HOUR},
    "confirm": {"email": 5, "address": 20, "window": 15 * 60},
    "invite": {"email": 3, "address": 30, "window": HOUR},
    "signon": {"email": 3, "address": 10, "window": HOUR},
}


def limits_for(action: str) -> dict:
    cfg = current_app.config
    if action == "login":
        base = {"email": cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"], "address": cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"],
                "window": cfg["LOGIN_THROTTLE_WINDOW"]}
    else:
        base = dict(DEFAULT_LIMITS.get(action) or {"email": 5, "address": 20, "window": HOUR})
    return {**base, **((cfg.get("THROTTLE_LIMITS") or {}).get(action) or {})}


def client_address() -> str:
    """The client's address: the socket's, or the one the configured proxies forwarded
    (``TRUSTED_PROXIES``, applied by ProxyFix)."""
    return (request.remote_addr or "unknown")[:64]


def _key(action: str, kind: str, value: str) -> str:
    return f"{action}:{kind}:{value.strip().lower()}".replace("\x00", "")[:400]


def _count(key: str, window: int) -> tuple[int, object]:
    """Add one to the key's counter (a new window when the last one is over); return the count
    and the window's start. One statement, in a transaction of its own (``db.engine.begin()``)
    that commits at once, whatever becomes of the request's unit of work."""
    table = ThrottleCounter.__table__
    now = utcnow()
    expired = table.c.window_start < now - timedelta(seconds=window)
    engine = db.engine
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(key=key, window_start=now, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"count": case((expired, 1), else_=table.c.count + 1),
              "window_start": case((expired, literal(now, UTCDateTime())), else_=table.c.window_start)},
    ).returning(table.c.count, table.c.window_start)
    _end_sqlite_read_transaction()
    with engine.begin() as connection:
        row = tuple(connection.execute(statement).one())
        if random.random() < 0.01:  # now and then, forget windows over a day old
            connection.execute(delete(table).where(table.c.window_start < now - timedelta(days=1)))
    return row


def _end_sqlite_read_transaction() -> None:
    """SQLite has one writer at a time, and a request that may write holds the write lock from its
    first statement (BEGIN IMMEDIATE, see ``database.init_app``): the counter's own connection
    would wait for the request's transaction to end. Before the request has written anything, its
    transaction only read, so ending it (a rollback) loses nothing; the session reads again as
    needed. After a write it would lose work: that is a programming error (count first)."""
    if db.engine.dialect.name != "sqlite":
        return
    session = db.session()
    if not session.in_transaction():
        return
    if session.new or session.deleted or session.dirty or _wrote(session):
        raise RuntimeError("throttle: count attempts before the request writes anything")
    session.rollback()


def _wrote(session) -> bool:
    from ..database import sqlite_changes_since_begin

    return sqlite_changes_since_begin(session.connection()) > 0


def hit(action: str, *, address: str | None = None, email: str | None = None) -> int:
    """Count one attempt at ``action`` from ``address`` and/or for ``email``; the seconds to wait
    before the next one is allowed (0: this one is allowed)."""
    limits = limits_for(action)
    window = int(limits["window"])
    wait = 0
    for kind, value in (("address", address), ("email", email)):
        limit = limits.get(kind)
        if not value or not limit:
            continue
        count, started = _count(_key(action, kind, value), window)
        if count > int(limit):
            left = (started + timedelta(seconds=window) - utcnow()).total_seconds()
            wait = max(wait, int(left) + 1, 1)
    return wait


def wait_minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def refusal(action: str, *, email: str | None = None) -> str | None:
    """For views: count an attempt from this client (and for ``email``); the translated message
    to show when it is over the limit, else None. Answer 429 with it."""
    wait = hit(action, address=client_address(), email=(email or "").strip().lower() or None)
    if not wait:
        return None
    return gettext("Too many attempts. Please wait %(minutes)d minutes and try again.", minutes=wait_minutes(wait))


def reset(action: str, *, email: str | None = None, address: str | None = None) -> None:
    """Forget the attempts for a key (after a successful log-in for its email). Flushes with the
    request's work."""
    keys = [_key(action, kind, value) for kind, value in (("email", email), ("address", address)) if value]
    if keys:
        db.session.execute(delete(ThrottleCounter.__table__).where(ThrottleCounter.__table__.c.key.in_(keys)))


def refund(action: str, *, address: str) -> None:
    """Give one attempt back (a successful log-in does not count against its address)."""
    table = ThrottleCounter.__table__
    db.session.execute(update(table).where(table.c.key == _key(action, "address", address), table.c.count > 0)
                       .values(count=table.c.count - 1))
