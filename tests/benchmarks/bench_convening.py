"""The public convening page: 100 participating organizations, 50 people, a released agenda of 50
sessions and an adopted declaration (every section the other domains add to the page).

    python -m tests.benchmarks.bench_convening [--quick]
"""
from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone

from .common import count_queries, fresh_app, time_requests

ORGANIZATIONS, PEOPLE, SESSIONS, CLAUSES = 100, 50, 50, 30


def _build() -> str:
    from organizer.agenda import services as agenda_services
    from organizer.agenda.models import Room, Session, SessionPerson
    from organizer.declarations import services as declaration_services
    from organizer.declarations.models import Clause
    from organizer.extensions import db
    from tests import factories as f

    orgs = [f.org(f"union-{i}", f"Union {i}", f"Sindicato {i}", country=("US", "MX", "CA")[i % 3],
                  acronym=f"U{i}") for i in range(ORGANIZATIONS)]
    people = [f.person(f"person-{i}", f"Person {i}", affiliations=[(orgs[i], ("Organizer", "Organizadora"), None)])
              for i in range(PEOPLE)]
    conv = f.convening("bench", "Trinational convening", "Encuentro trinacional", status="published",
                       start="2030-05-01", end="2030-05-03", goals=[("Solidarity", "Solidaridad")] * 3,
                       organizations=[(o, "participant") for o in orgs],
                       people=[(p, "speaker", orgs[i]) for i, p in enumerate(people)])
    rooms = [Room(convening_id=conv.id, name=f.T(f"Room {i}", f"Sala {i}"), position=i, availabilities=[])
             for i in range(3)]
    db.session.add_all(rooms)
    db.session.flush()
    start0 = datetime(2030, 5, 1, 14, tzinfo=timezone.utc)
    for i in range(SESSIONS):
        start = start0 + timedelta(days=i % 3, hours=(i // 9) % 8)
        s = Session(convening_id=conv.id, title=f.T(f"Session {i}", f"Sesión {i}"), kind="panel", precision="exact",
                    start=start, end=start + timedelta(minutes=50), room_id=rooms[i % 3].id, languages=["es", "en"],
                    interpretation_mode="simultaneous", interpretation_into=["en"], people=[])
        s.people = [SessionPerson(person_id=people[i % PEOPLE].id, organization_id=orgs[i].id, role="speaker",
                                  position=0)]
        db.session.add(s)
    db.session.flush()
    agenda_services.release(conv, f.T("v1"), None, None)
    from organizer.accounts.services import create_user

    user = create_user("committee@example.org", "Committee", "bench-password-123", confirmed=True)
    db.session.add(user)
    db.session.flush()
    declaration = declaration_services.create_declaration(conv, f.T("Declaration", "Declaración"), user)
    db.session.add_all([Clause(declaration_id=declaration.id, position=i, kind="demand", original_language="en",
                               text=f.T(f"Clause {i}.", f"Cláusula {i}."),
                               translation={"en": "reviewed", "es": "reviewed"}) for i in range(CLAUSES)])
    db.session.flush()
    declaration_services._save(declaration, user, "seeded")
    declaration.status = "adopted"
    declaration.adopted_on = date(2030, 5, 3)
    declaration.method = "consensus"
    db.session.commit()
    return "bench"


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    n = 20 if quick else 100
    rows = []
    with fresh_app() as app:
        with app.test_request_context("/en/"):
            slug = _build()
        client = app.test_client()
        shape = f"{ORGANIZATIONS} orgs, {PEOPLE} people, {SESSIONS} sessions, declaration"
        for lang in ("en", "es"):
            path = f"/{lang}/convenings/{slug}/"
            stats = time_requests(client, path, n)
            label = f"convening page /{lang}/"
            rows.append((label, f"requests/s (1 client; {shape})", f"{stats['rps']:.0f}"))
            rows.append((label, "median / p95 ms", f"{stats['median_ms']:.2f} / {stats['p95_ms']:.2f}"))
        rows.append(("convening page /en/", "queries", str(count_queries(app, client, f"/en/convenings/{slug}/"))))
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
