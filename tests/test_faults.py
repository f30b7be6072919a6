"""Faults: a busy database answers "try again" and writes nothing; backups restore."""
from __future__ import annotations

import sqlite3

import pytest

from organizer import create_app
from organizer.accounts.models import User
from organizer.extensions import db

from .conftest import base_config


@pytest.mark.backends("sqlite")
def test_locked_sqlite_database_answers_try_again_and_writes_nothing(app, client):
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    with app.app_context():
        path = db.engine.url.database
        db.engine.dispose()
        # Make the app give up quickly while another process holds the write lock.
        from sqlalchemy import event

        @event.listens_for(db.engine, "connect")
        def _short_timeout(dbapi_connection, _):
            dbapi_connection.execute("PRAGMA busy_timeout=100")

    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        response = client.post("/es/account/signup", data={
            "name": "Ana", "email": "ana@example.org", "password": "x" * 12, "confirm": "x" * 12,
            "preferred_language": "es"})
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "no se guardó nada" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


@pytest.mark.backends("sqlite")
def test_backup_writes_a_copy_that_restores(app, runner, make_user, tmp_path):
    make_user("kept@example.org")
    target = tmp_path / "copy.sqlite"
    result = runner.invoke(args=["organizer", "backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    restored = create_app(base_config(tmp_path / "r", f"sqlite:///{target}"))
    with restored.app_context():
        emails = db.session.scalars(db.select(User.email)).all()
        db.engine.dispose()
    assert emails == ["kept@example.org"]
    result = runner.invoke(args=["organizer", "backup", "--output", str(target)])
    assert result.exit_code != 0 and "exists already" in result.output


@pytest.mark.backends("postgresql")
def test_backup_on_postgresql_points_to_pg_dump(runner):
    result = runner.invoke(args=["organizer", "backup"])
    assert result.exit_code != 0 and "pg_dump" in result.output
