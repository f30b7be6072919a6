"""One world per test, one logged-in client per role."""
from __future__ import annotations

import pytest

from organizer.extensions import db

from ..conftest import login
from .world import ROLES, build_world

@pytest.fixture
def world(app):
    """The world (passwords hashed cheaply: ``fast_password_hashing`` in tests/conftest.py)."""
    with app.test_request_context("/en/"):  # the builders' mails need url_for
        return build_world()


@pytest.fixture
def clients(app, world):
    """{role: test client}, each logged in once (anonymous: not logged in)."""
    result = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            response = login(client, world.emails[role])
            assert response.status_code == 302, (role, response.get_data(as_text=True)[:500])
        result[role] = client
    return result


def fingerprint() -> dict[str, list]:
    """Every row of every table (call inside an app context), minus log-in bookkeeping."""
    volatile = {"last_login_at", "updated_at", "last_seen_at"}
    out = {}
    for table in db.metadata.sorted_tables:
        if table.name in {"login_attempts", "outbox_messages", "user_sessions", "throttle_counters"}:
            continue
        cols = [c for c in table.columns if c.name not in volatile]
        rows = db.session.execute(db.select(*cols)).all()
        out[table.name] = sorted(repr(tuple(r)) for r in rows)
    db.session.rollback()
    return out
