"""Capacity holds when many leads submit, and organizers confirm, at the same moment: on SQLite
(BEGIN IMMEDIATE) and on PostgreSQL (the settings row locked FOR UPDATE)."""
from __future__ import annotations

import threading

from organizer.delegations.models import CONFIRMED, DRAFT, WAITLISTED, Delegation, DelegationMember
from organizer.extensions import db

from ..conftest import login

CAPACITY = 7


def _fire(app, requests):
    """Run (client, method, url, data) requests in parallel threads, released together."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, client, url, data):
        barrier.wait()
        try:
            results[index] = client.post(url, data=data).status_code
        except Exception as exc:  # recorded, asserted below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _members(app, convening_id):
    with app.app_context():
        return db.session.execute(
            db.select(DelegationMember.status, DelegationMember.queued_at)
            .join(Delegation).where(Delegation.convening_id == convening_id)).all()


def test_parallel_submissions_never_overbook_and_lose_nothing(app, make_user, make_convening, make_delegation):
    convening = make_convening(capacity=CAPACITY, review_required=False)
    requests = []
    for n in range(16):
        lead = make_user(f"lead{n}@example.org")
        members = [{"name": f"Member {n}-{k}"} for k in range(1 + n % 2)]  # 1 or 2 members each: 24 people
        delegation = make_delegation(convening, lead, members, status=DRAFT)
        client = app.test_client()
        assert login(client, f"lead{n}@example.org").status_code == 302
        requests.append((client, f"/en/registration/d/{delegation}/submit", {}))

    results = _fire(app, requests)

    assert results == [302] * len(requests), results
    rows = _members(app, convening)
    statuses = [status for status, _ in rows]
    assert len(rows) == 24
    assert statuses.count(CONFIRMED) == CAPACITY  # zero overbooked, every place used
    assert statuses.count(WAITLISTED) == 24 - CAPACITY  # zero lost: everyone else waits
    confirmed_times = [t for s, t in rows if s == CONFIRMED]
    waiting_times = [t for s, t in rows if s == WAITLISTED]
    assert max(confirmed_times) <= min(waiting_times)  # the waiting list is in order of submission
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Delegation)
                                 .where(Delegation.convening_id == convening, Delegation.status == DRAFT)) == 0


def test_parallel_confirmations_by_organizers_never_overbook(app, make_user, make_convening, make_delegation):
    organizers = [make_user(f"org{n}@example.org") for n in range(4)]
    convening = make_convening(capacity=CAPACITY, review_required=True)
    from organizer.convenings.models import ConveningOrganizer

    with app.app_context():
        for organizer in organizers:
            db.session.add(ConveningOrganizer(convening_id=convening, user_id=organizer))
        db.session.commit()
    lead = make_user("lead@example.org")
    delegations = [make_delegation(convening, lead, [{"name": f"M{n}a"}, {"name": f"M{n}b"}], status="submitted")
                   for n in range(12)]
    clients = []
    for n in range(4):
        client = app.test_client()
        assert login(client, f"org{n}@example.org").status_code == 302
        clients.append(client)
    requests = [(clients[i % 4], f"/en/registration/d/{d}/decide", {"confirm": "yes", "action": "confirmed"})
                for i, d in enumerate(delegations)]

    results = _fire(app, requests)

    assert results == [302] * len(requests), results
    statuses = [status for status, _ in _members(app, convening)]
    assert statuses.count(CONFIRMED) == CAPACITY
    assert statuses.count(WAITLISTED) == 24 - CAPACITY


def test_withdrawals_and_submissions_at_once_keep_capacity_exact(app, make_user, make_convening, make_delegation):
    """Places freed by withdrawals go to the waiting list while new submissions arrive: never more
    than capacity, and every place used."""
    convening = make_convening(capacity=5, review_required=False)
    requests = []
    for n in range(5):
        lead = make_user(f"early{n}@example.org")
        delegation = make_delegation(convening, lead, [{"name": f"Early {n}"}], status=CONFIRMED)
        client = app.test_client()
        assert login(client, f"early{n}@example.org").status_code == 302
        requests.append((client, f"/en/registration/d/{delegation}/withdraw", {"confirm": "yes"}))
    for n in range(10):
        lead = make_user(f"late{n}@example.org")
        delegation = make_delegation(convening, lead, [{"name": f"Late {n}"}], status=DRAFT)
        client = app.test_client()
        assert login(client, f"late{n}@example.org").status_code == 302
        requests.append((client, f"/en/registration/d/{delegation}/submit", {}))

    results = _fire(app, requests)

    assert results == [302] * len(requests), results
    statuses = [status for status, _ in _members(app, convening)]
    assert statuses.count("withdrawn") == 5
    assert statuses.count(CONFIRMED) == 5 and statuses.count(WAITLISTED) == 5
