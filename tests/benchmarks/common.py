"""Helpers for benchmarks: an app on a fresh database, timing, query counting, a served app."""
from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager

from sqlalchemy import event

from organizer import create_app
from organizer.extensions import db

PG_URL = os.environ.get("ORGANIZER_TEST_DATABASE_URL")


def config(url: str, instance: str) -> dict:
    return {
        "ENV": "testing", "TESTING": False, "DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 32,
        "INSTANCE_PATH": instance, "WTF_CSRF_ENABLED": False, "MAIL_SEND_IMMEDIATELY": False,
    }


@contextmanager
def fresh_app(backend: str = "sqlite", **overrides):
    """An app on an empty database with the schema built; dropped afterwards."""
    tmp = tempfile.mkdtemp(prefix="organizer-bench-")
    admin = name = None
    if backend == "sqlite":
        url = f"sqlite:///{tmp}/bench.sqlite"
    else:
        if not PG_URL:
            raise RuntimeError("PostgreSQL benchmarks need ORGANIZER_TEST_DATABASE_URL")
        import psycopg
        from sqlalchemy.engine import make_url

        from organizer.config import normalize_database_url

        base = make_url(normalize_database_url(PG_URL))
        name = f"organizer_bench_{uuid.uuid4().hex[:8]}"
        admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = base.set(database=name).render_as_string(hide_password=False)
    app = create_app({**config(url, tmp), **overrides})
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if name:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def time_requests(client, path: str, n: int) -> dict:
    """Sequential GETs through the WSGI test client: requests/s, median and p95 in ms."""
    durations = []
    client.get(path)  # warm up
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        durations.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return summarize(durations)


def summarize(durations: list[float]) -> dict:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "rps": len(durations) / sum(durations),
        "median_ms": statistics.median(durations) * 1000,
        "p95_ms": p95 * 1000,
    }


def count_queries(app, client, path: str) -> int:
    statements = []

    def before(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


@contextmanager
def served(app, threads: int = 8):
    """Serve the app with a threaded WSGI server on loopback; yields the base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
