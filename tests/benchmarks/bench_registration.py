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

import statistics
import sys
import threading
import time
from pathlib import Path

LEADS = 50
MEMBERS = 3
PASSWORD = "benchmark password 123"


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


def _scenario(backend: str, leads: int) -> dict:
    from organizer.delegations.models import CONFIRMED, WAITLISTED, DelegationMember
    from organizer.extensions import db

    from .common import fresh_app

    capacity = leads * MEMBERS * 2 // 3
    with fresh_app(backend) as app:
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
        dashboard = _dashboard(app, organization_id)
    return dashboard | {
        "errors": errors, "capacity": capacity, "people": leads * MEMBERS,
        "confirmed": statuses.count(CONFIRMED), "waitlisted": statuses.count(WAITLISTED),
        "submit_seconds": finished - go_time, "total_seconds": finished - started,
        "submit_p50": statistics.median(submit_times), "submit_p95": _p95(submit_times),
        "journey_p95": _p95(journey_times),
    }


def _dashboard(app, organization_id: int, members: int = 2000) -> dict:
    """The organizers' dashboard of a convening with 2,000 registered members: time and queries."""
    from werkzeug.security import generate_password_hash

    from organizer.accounts.models import User
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.database import utcnow
    from organizer.delegations.models import Delegation, DelegationMember, RegistrationSettings
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText

    from .common import count_queries, time_requests

    with app.app_context():
        organizer = User(email="organizer@example.org", name="Organizer", email_confirmed_at=utcnow(),
                         password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
        convening = Convening(slug="big", kind="trinational", status="registration_open",
                              title=TranslatedText(en="Big"), timezone="UTC")
        db.session.add_all([organizer, convening])
        db.session.flush()
        db.session.add_all([ConveningOrganizer(convening_id=convening.id, user_id=organizer.id),
                            RegistrationSettings(convening_id=convening.id)])
        countries, languages = ("MX", "US", "CA"), ("es", "en", "fr")
        for d in range(members // 40):
            delegation = Delegation(convening_id=convening.id, lead_user_id=organizer.id, status="confirmed",
                                    name=TranslatedText(en=f"Delegation {d}"), submitted_at=utcnow())
            db.session.add(delegation)
            db.session.flush()
            db.session.add_all(DelegationMember(
                delegation_id=delegation.id, name=f"Member {d}-{k}", status="confirmed", languages=["es"],
                country=countries[k % 3], organization_id=organization_id, listen_language=languages[k % 3],
                speak_language=languages[(k + 1) % 3], queued_at=utcnow(), lodging_needed=bool(k % 2),
                dietary_needs=("vegetarian", "vegan", None)[k % 3], visa_letter=k % 10 == 0, nationality="MX",
                accessibility_needs="wheelchair" if k % 25 == 0 else None,
                arrival_date=__import__("datetime").date(2027, 3, 9 + k % 3),
                departure_date=__import__("datetime").date(2027, 3, 14)) for k in range(40))
        db.session.commit()
    client = app.test_client()
    assert client.post("/en/account/login", data={"email": "organizer@example.org",
                                                   "password": PASSWORD}).status_code == 302
    timing = time_requests(client, "/en/registration/big/dashboard", 5)
    return {"dashboard_members": members, "dashboard_ms": timing["median_ms"],
            "dashboard_queries": count_queries(app, client, "/en/registration/big/dashboard"),
            "export_ms": time_requests(client, "/en/registration/big/export.xlsx", 2)["median_ms"]}


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    from .common import PG_URL

    leads = 10 if quick else LEADS
    rows: list[tuple[str, str, str]] = []
    for backend in ["sqlite"] + (["postgresql"] if PG_URL else []):
        result = _scenario(backend, leads)
        name = f"registration[{backend}]"
        ok = result["confirmed"] == result["capacity"] and result["confirmed"] + result["waitlisted"] == result["people"]
        rows += [
            (name, "concurrent leads submitting", str(leads)),
            (name, "errors", str(len(result["errors"])) + (f" ({result['errors'][0][:200]})" if result["errors"] else "")),
            (name, "submissions/s (all released at once)", f"{leads / result['submit_seconds']:.1f}"),
            (name, "submit latency p50 / p95 (ms)", f"{result['submit_p50'] * 1000:.0f} / {result['submit_p95'] * 1000:.0f}"),
            (name, "journey p95: create + 3 members + submit (ms)", f"{result['journey_p95'] * 1000:.0f}"),
            (name, "capacity / people", f"{result['capacity']} / {result['people']}"),
            (name, "confirmed / waitlisted", f"{result['confirmed']} / {result['waitlisted']}" + (" OK" if ok else " WRONG")),
            (name, f"dashboard, {result['dashboard_members']} members: median (ms)", f"{result['dashboard_ms']:.0f}"),
            (name, f"dashboard, {result['dashboard_members']} members: queries", str(result["dashboard_queries"])),
            (name, f"XLSX export, {result['dashboard_members']} members: median (ms)", f"{result['export_ms']:.0f}"),
        ]
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
