"""The public agenda page (300 sessions, 500 speakers) against a bare Flask route returning the same
bytes: the limit for this stack. The page is in the shared cache (platform/http_cache.py), keyed by
the convening's version stamp and the language: no database query per request, and a release renews
the stamp so it shows at once in every worker process and host.

    python -m tests.benchmarks.bench_agenda [--quick]
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import Response
from sqlalchemy import event

SESSIONS, SPEAKERS = 300, 500


def _build(app) -> str:
    from organizer.agenda import services
    from organizer.agenda.models import Room, Session, SessionPerson, Track
    from organizer.convenings.models import Convening
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText as T
    from organizer.organizations.models import Organization, Person

    with app.app_context():
        db.create_all()
        conv = Convening(slug="bench", title=T(en="Benchmark convening", es="Encuentro de prueba"), kind="forum",
                         timezone="America/Mexico_City", status="published")
        conv.start_date = datetime(2014, 1, 20).date()
        conv.end_date = datetime(2014, 1, 24).date()
        db.session.add(conv)
        db.session.flush()
        rooms = [Room(convening_id=conv.id, name=T(en=f"Room {i}", es=f"Sala {i}"), position=i, availabilities=[])
                 for i in range(6)]
        tracks = [Track(convening_id=conv.id, key=f"t{i}", name=T(en=f"Track {i}", es=f"Eje {i}"), position=i)
                  for i in range(5)]
        orgs = [Organization(slug=f"o{i}", name=T(en=f"Union {i}", es=f"Sindicato {i}"), country="MX", kind="union")
                for i in range(60)]
        people = [Person(slug=f"p{i}", name=f"Person {i}") for i in range(SPEAKERS)]
        db.session.add_all(rooms + tracks + orgs + people)
        db.session.flush()
        start0 = datetime(2014, 1, 20, 15, tzinfo=timezone.utc)
        for i in range(SESSIONS):
            day, slot, room = i // 60, (i % 60) // 6, i % 6
            start = start0 + timedelta(days=day, minutes=60 * slot)
            s = Session(convening_id=conv.id, title=T(en=f"Session {i}", es=f"Sesión {i}"), kind="panel",
                        precision="exact", start=start, end=start + timedelta(minutes=50), room_id=rooms[room].id,
                        track_id=tracks[i % 5].id, languages=["es", "en"], interpretation_mode="simultaneous",
                        interpretation_into=["en", "fr"], people=[])
            s.people = [SessionPerson(person_id=people[(i * 5 + k) % SPEAKERS].id,
                                      organization_id=orgs[(i + k) % 60].id, role="speaker", position=k)
                        for k in range(5)]
            db.session.add(s)
        db.session.flush()
        services.release(conv, T(en="v1", es="v1"), None, None)
        db.session.commit()
    return "/es/convenings/bench/agenda/"


def _rate(client, url: str, seconds: float) -> float:
    n, started = 0, time.perf_counter()
    while True:
        response = client.get(url)
        assert response.status_code == 200
        n += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return n / elapsed


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    from organizer import create_app
    from organizer.platform import http_cache
    from organizer.extensions import db

    seconds = 1.0 if quick else 8.0
    tmp = Path(tempfile.mkdtemp(prefix="bench-agenda-"))
    app = create_app({"ENV": "production", "TESTING": False, "SECRET_KEY": "bench-secret-key-0123456789abcdef",
                      "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "INSTANCE_PATH": str(tmp / "instance"),
                      "WTF_CSRF_ENABLED": False, "PUBLIC_BASE_URL": "http://localhost"})
    holder: dict[str, bytes] = {}
    app.add_url_rule("/bench-bare", "bench_bare", lambda: Response(holder["body"], mimetype="text/html"))
    url = _build(app)
    client = app.test_client()

    # cold render (cache cleared each time) and its query count
    queries: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    cold = []
    for _ in range(2 if quick else 5):
        with app.app_context():
            http_cache.backend(app).clear()
        queries.clear()
        started = time.perf_counter()
        body = client.get(url).data
        cold.append(time.perf_counter() - started)
    cold_queries = len(queries)
    queries.clear()
    client.get(url)
    warm_queries = len(queries)
    holder["body"] = client.get(url).data
    assert holder["body"] == body

    # Interleaved rounds, best of each: other load on the machine hits both alike.
    agenda = bare = 0.0
    rounds = 4 if quick else 16
    for _ in range(rounds):
        agenda = max(agenda, _rate(client, url, seconds / rounds))
        bare = max(bare, _rate(client, "/bench-bare", seconds / rounds))
    return [
        ("agenda page", "sessions / speakers", f"{SESSIONS} / {SPEAKERS}"),
        ("agenda page", "page size", f"{len(body) / 1024:.0f} KiB"),
        ("agenda page", "cold render (median)", f"{sorted(cold)[len(cold) // 2] * 1000:.1f} ms"),
        ("agenda page", "SQLAlchemy queries cold / cached", f"{cold_queries} / {warm_queries}"),
        ("agenda page", "plus, on every request", "no database: version stamp in the shared cache"),
        ("agenda page", "cached throughput", f"{agenda:.0f} req/s"),
        ("bare Flask route, same bytes", "throughput", f"{bare:.0f} req/s"),
        ("agenda page", "ratio to bare route", f"{agenda / bare:.2f}"),
    ]


def main() -> None:
    rows = run(quick="--quick" in sys.argv)
    width = max(len(r[0]) + len(r[1]) for r in rows) + 3
    for name, measure, value in rows:
        print(f"{name}: {measure}".ljust(width), value)


if __name__ == "__main__":
    main()
