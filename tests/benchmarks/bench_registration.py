"""Benchmark: many delegation leads registering and submitting at the same moment.

Each lead (a thread with its own client, session and database connection) logs in, creates a
delegation, adds three members and submits; all submissions are released together by a barrier.
The convening has fewer places than people, without review, so every submission confirms or
waitlists inside the locked transaction. Runs on SQLite, and on PostgreSQL when
ORGANIZER_TEST_DATABASE_URL is set. Also checks the outcome: never more confirmed than capacity,
nobody lost.

    python -m tests.benchmarks.bench_registration          # 50 leads
    python -m tests.benchmarks.bench_registration --quick  # 10 leads
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

LEADS = 50
MEMBERS = 3
PASSWORD = "benchmark password 123"


def _config(url: str, instance: str) -> dict:
    return {
        "ENV": "testing", "TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench-secret-key-0123456789abcdef",
        "INSTANCE_PATH": instance, "WTF_CSRF_ENABLED": False, "MAIL_SEND_IMMEDIATELY": False,
        "SERVER_NAME_FOR_EMAIL": "http://localhost",
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _prepare(app, leads: int, capacity: int):
    from werkzeug.security import generate_password_hash

    from organizer.accounts.models import User
    from organizer.convenings.models import Convening
    from organizer.database import utcnow
    from organizer.delegations.models import RegistrationSettings
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText
    from organizer.organizations.models import Organization

    with app.app_context():
        db.create_all()
        convening = Convening(slug="bench", kind="trinational", status="registration_open",
                              title=TranslatedText(en="Bench", es="Banco"), timezone="UTC")
        organization = Organization(slug="bench-union", name=TranslatedText(en="Bench Union"), country="MX",
                                    kind="union")
        db.session.add_all([convening, organization])
        db.session.flush()
        db.session.add(RegistrationSettings(convening_id=convening.id, capacity=capacity, review_required=False,
                                            questions={"organization": "required", "country": "required"}))
        hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")  # logging in is not measured here
        for n in range(leads):
            db.session.add(User(email=f"lead{n}@example.org", name=f"Lead {n}", password_hash=hashed,
                                preferred_language="es" if n % 2 else "en", email_confirmed_at=utcnow()))
        db.session.commit()
        return organization.id


def _scenario(url: str, leads: int) -> dict:
    from organizer import create_app
    from organizer.delegations.models import CONFIRMED, WAITLISTED, DelegationMember
    from organizer.extensions import db

    capacity = leads * MEMBERS * 2 // 3
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(_config(url.replace("{tmp}", instance), instance))
        organization_id = _prepare(app, leads, capacity)
        ready = threading.Barrier(leads + 1)
        go = threading.Barrier(leads + 1)
        submit_times: list[float] = [0.0] * leads
        journey_times: list[float] = [0.0] * leads
        errors: list[str] = []

        clients = []
        for n in range(leads):  # logging in is not what is measured
            client = app.test_client()
            assert client.post("/en/account/login",
                               data={"email": f"lead{n}@example.org", "password": PASSWORD}).status_code == 302
            clients.append(client)

        def lead(n: int) -> None:
            client = clients[n]
            lang = "es" if n % 2 else "en"
            try:
                ready.wait()
                start = time.perf_counter()
                response = client.post(f"/{lang}/registration/bench/", data={
                    f"name-{lang}": f"Delegation {n}", "organizations": str(organization_id)})
                assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
                delegation_path = response.headers["Location"].split("localhost")[-1]
                for k in range(MEMBERS):
                    response = client.post(f"{delegation_path}members/new", data={
                        "name": f"Member {n}-{k}", "country": "MX", "organization_id": str(organization_id)})
                    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
                go.wait()  # every lead submits at the same moment
                begin = time.perf_counter()
                response = client.post(f"{delegation_path}submit")
                submit_times[n] = time.perf_counter() - begin
                journey_times[n] = time.perf_counter() - start
                assert response.status_code == 302, response.status_code
            except Exception as exc:  # noqa: BLE001 - reported
                errors.append(f"lead {n}: {type(exc).__name__}: {exc}")
                for barrier in (ready, go):
                    barrier.abort()

        threads = [threading.Thread(target=lead, args=(n,)) for n in range(leads)]
        for thread in threads:
            thread.start()
        try:
            ready.wait()
            started = time.perf_counter()
            go.wait()
            go_time = time.perf_counter()
        except threading.BrokenBarrierError:
            started = go_time = time.perf_counter()
        for thread in threads:
            thread.join()
        finished = time.perf_counter()
        with app.app_context():
            statuses = list(db.session.scalars(db.select(DelegationMember.status)))
            db.engine.dispose()
    return {
        "errors": errors, "capacity": capacity, "people": leads * MEMBERS,
        "confirmed": statuses.count(CONFIRMED), "waitlisted": statuses.count(WAITLISTED),
        "submit_seconds": finished - go_time, "total_seconds": finished - started,
        "submit_p50": statistics.median(submit_times), "submit_p95": _p95(submit_times),
        "journey_p95": _p95(journey_times),
    }


def _pg_database():
    """A throwaway PostgreSQL database (url, drop function), or None."""
    base_url = os.environ.get("ORGANIZER_TEST_DATABASE_URL")
    if not base_url:
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    from organizer.config import normalize_database_url

    base = make_url(normalize_database_url(base_url))
    name = f"organizer_bench_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return base.set(database=name).render_as_string(hide_password=False), drop


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    leads = 10 if quick else LEADS
    backends = [("sqlite", "sqlite:///{tmp}/bench.sqlite", None)]
    pg = _pg_database()
    if pg is not None:
        backends.append(("postgresql", pg[0], pg[1]))
    rows: list[tuple[str, str, str]] = []
    try:
        for backend, url, _drop in backends:
            result = _scenario(url, leads)
            name = f"registration[{backend}]"
            rows += [
                (name, "concurrent leads", str(leads)),
                (name, "errors", str(len(result["errors"])) + ("" if not result["errors"] else f" ({result['errors'][0]})")),
                (name, "submissions/s", f"{leads / result['submit_seconds']:.1f}"),
                (name, "submit p50 latency (ms)", f"{result['submit_p50'] * 1000:.0f}"),
                (name, "submit p95 latency (ms)", f"{result['submit_p95'] * 1000:.0f}"),
                (name, "journey p95 (create + 3 members + submit, ms)", f"{result['journey_p95'] * 1000:.0f}"),
                (name, "capacity / people", f"{result['capacity']} / {result['people']}"),
                (name, "confirmed / waitlisted",
                 f"{result['confirmed']} / {result['waitlisted']}"
                 + (" OK" if result["confirmed"] == result["capacity"]
                    and result["confirmed"] + result["waitlisted"] == result["people"] else " WRONG")),
            ]
    finally:
        for _backend, _url, drop in backends:
            if drop is not None:
                drop()
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
