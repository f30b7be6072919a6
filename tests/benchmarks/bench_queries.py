"""Query counts of the list and public pages at 3 and at 300 rows: a page whose count grows with
its rows loads related rows one by one (N+1). Each size gets its own fresh database; organizer pages
are read by a user who is admin, organizer of the convening and on the declaration's committee.

    python -m tests.benchmarks.bench_queries [--quick]

On PostgreSQL too when ORGANIZER_TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone

from .common import PG_URL, count_queries, fresh_app

SIZES = (3, 300)
PASSWORD = "bench-password-123"


def _build(n: int) -> dict:
    """n rows of everything, in the current app context; returns slugs."""
    from organizer.accounts.services import create_user
    from organizer.agenda import services as agenda_services
    from organizer.agenda.models import Room, Session, SessionPerson, Track
    from organizer.declarations import services as declaration_services
    from organizer.declarations.models import Clause, CommitteeMember, Proposal, Signatory
    from organizer.delegations.models import DelegationMember, DelegationOrganization, RegistrationSettings
    from organizer.extensions import db
    from tests import factories as f
    from tests.declarations.conftest import make_delegation

    user = create_user("organizer@example.org", "Organizer", PASSWORD, is_admin=True, confirmed=True)
    db.session.add(user)
    db.session.flush()
    orgs = [f.org(f"union-{i}", f"Union {i}", f"Sindicato {i}", country=("US", "MX", "CA")[i % 3])
            for i in range(n)]
    people = [f.person(f"person-{i}", f"Person {i}", affiliations=[(orgs[i], ("Organizer", "Organizadora"), None)])
              for i in range(n)]
    conv = f.convening("main", "Main convening", "Encuentro principal", status="registration_open",
                       start="2030-05-01", end="2030-05-03", goals=[("Goal", "Meta")],
                       organizations=[(o, "participant") for o in orgs],
                       people=[(p, "speaker", orgs[i]) for i, p in enumerate(people)], organizers=[user.id])
    # the first organization took part in n convenings; each past convening adopted a declaration
    for i in range(n - 1):
        past = f.convening(f"past-{i}", f"Past {i}", f"Pasado {i}", start=f"{1990 + i % 30}-0{1 + i % 9}",
                           organizations=[(orgs[0], "participant")])
        adopted = declaration_services.create_declaration(past, f.T(f"Declaration {i}", f"Declaración {i}"), user)
        adopted.status, adopted.adopted_on, adopted.method = "adopted", date(1990 + i % 30, 1, 1), "consensus"
    db.session.add(RegistrationSettings(convening_id=conv.id))

    # a released agenda of n sessions
    room = Room(convening_id=conv.id, name=f.T("Room", "Sala"), position=0, availabilities=[])
    track = Track(convening_id=conv.id, key="t", name=f.T("Track", "Eje"), position=0)
    db.session.add_all([room, track])
    db.session.flush()
    start0 = datetime(2030, 5, 1, 14, tzinfo=timezone.utc)
    for i in range(n):
        start = start0 + timedelta(days=i % 3, minutes=30 * (i // 3))
        s = Session(convening_id=conv.id, title=f.T(f"Session {i}", f"Sesión {i}"), kind="panel", precision="exact",
                    start=start, end=start + timedelta(minutes=25), room_id=room.id, track_id=track.id,
                    languages=["es", "en"], interpretation_mode="simultaneous", interpretation_into=["en"], people=[])
        s.people = [SessionPerson(person_id=people[i].id, organization_id=orgs[i].id, role="speaker", position=0)]
        db.session.add(s)
    db.session.flush()
    agenda_services.release(conv, f.T("v1"), None, None)

    # delegations: n members, three to a delegation
    delegations = []
    for d in range(max(1, n // 3)):
        delegation = make_delegation(conv.id, user.id, status="submitted", name=f"Delegation {d}")
        delegation.submitted_at = datetime(2030, 1, 1, tzinfo=timezone.utc)
        db.session.add(DelegationOrganization(delegation_id=delegation.id, organization_id=orgs[d].id, position=0))
        delegations.append(delegation)
    for i in range(n):
        db.session.add(DelegationMember(delegation_id=delegations[i // 3].id, name=f"Member {i}",
                                        email=f"m{i}@example.org", status="submitted", languages=["es"],
                                        organization_id=orgs[i].id, country="MX",
                                        queued_at=datetime(2030, 1, 1, tzinfo=timezone.utc)))

    # an adopted declaration of n clauses, n proposals and n verified signatories
    declaration = declaration_services.create_declaration(conv, f.T("Declaration", "Declaración"), user)
    db.session.add(CommitteeMember(declaration_id=declaration.id, user_id=user.id))
    clauses = [Clause(declaration_id=declaration.id, position=i, kind="demand", original_language="en",
                      text=f.T(f"Clause {i}.", f"Cláusula {i}."), translation={"en": "reviewed", "es": "reviewed"})
               for i in range(n)]
    db.session.add_all(clauses)
    db.session.flush()
    declaration_services._save(declaration, user, "seeded")
    for i in range(n):
        db.session.add(Proposal(declaration_id=declaration.id, action="change", clause_id=clauses[i].id,
                                text=f.T("Changed."), reason=f.T("Because."), delegation_id=delegations[0].id,
                                proposer_id=user.id, proposer_name="Organizer", status="pending"))
        db.session.add(Signatory(declaration_id=declaration.id, organization_id=orgs[i].id, country=orgs[i].country,
                                 authorized_by="A", contact_email="a@example.org", status="verified",
                                 withdraw_token_hash=f"{i:064d}"))
    declaration.status = "adopted"
    declaration.adopted_on = date(2030, 5, 3)
    declaration.method = "consensus"
    db.session.commit()
    return {"declaration": declaration.slug}


def pages(slugs: dict) -> list[tuple[str, str, str, bool]]:
    """(label, what varies, path, as the organizer)"""
    d = slugs["declaration"]
    return [
        ("home", "convenings", "/en/", False),
        ("convenings index", "convenings", "/en/convenings/", False),
        ("convening page", "organizations and people", "/en/convenings/main/", False),
        ("convening participants (organizer)", "organizations and people", "/en/convenings/main/participants", True),
        ("organization directory", "organizations", "/en/organizations/", False),
        ("organization search", "organizations", "/en/search/?q=union", False),
        ("organization page", "participations", "/en/organizations/union-0/", False),
        ("public agenda, released (render)", "sessions", "/en/convenings/main/agenda/", False),
        ("agenda, organizer view", "sessions", "/en/convenings/main/agenda/manage/", True),
        ("declarations index", "declarations", "/en/declarations/", False),
        ("declaration public page", "clauses and signatories", f"/en/declarations/{d}", False),
        ("declaration versions", "clauses (2 versions)", f"/en/declarations/{d}/versions", True),
        ("declaration proposals list", "proposals", f"/en/declarations/{d}/proposals", True),
        ("registration dashboard", "members", "/en/registration/main/dashboard", True),
        ("delegations list", "members", "/en/registration/main/delegations", True),
    ]


def _counts(backend: str, n: int) -> dict[str, tuple[str, int | str]]:
    from organizer.extensions import db
    from organizer.platform import http_cache

    with fresh_app(backend) as app:
        with app.test_request_context("/en/"):
            slugs = _build(n)
        anonymous, organizer = app.test_client(), app.test_client()
        response = organizer.post("/en/account/login", data={"email": "organizer@example.org", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        counts = {}
        for label, varies, path, as_organizer in pages(slugs):
            client = organizer if as_organizer else anonymous
            client.get(path)  # warm up (first-request work, caches filled the same at both sizes)
            if not as_organizer:
                with app.app_context():
                    http_cache.backend(app).clear()  # count the render, not the shared copy
            try:
                counts[label] = (varies, count_queries(app, client, path))
            except AssertionError:
                counts[label] = (varies, f"HTTP {client.get(path).status_code}")
        with app.app_context():
            db.session.remove()
    return counts


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    backends = ["sqlite"] + (["postgresql"] if PG_URL else [])
    sizes = (3, 30) if quick else SIZES
    rows = []
    for backend in backends:
        small, large = (_counts(backend, n) for n in sizes)
        suffix = "" if backend == "sqlite" else " (PostgreSQL)"
        for label, (varies, count) in small.items():
            other = large[label][1]
            flag = "" if count == other else "  GROWS"
            rows.append((f"queries: {label}{suffix}", f"{sizes[0]} / {sizes[1]} {varies}", f"{count} / {other}{flag}"))
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
