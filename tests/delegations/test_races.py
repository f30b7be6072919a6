"""Double clicks and parallel tabs: one lead posting the registration form 8 times at once gets ONE
delegation; 12 members added at once to a delegation allowed 5 leave 5. Both counts are made under the
convening's registration lock (BEGIN IMMEDIATE on SQLite, the settings row FOR UPDATE on PostgreSQL)."""
from __future__ import annotations

from organizer.delegations.models import Delegation, DelegationMember
from organizer.extensions import db
from organizer.organizations.models import Organization

from ..conftest import login
from .test_concurrency import _fire


def _clients(app, email, n):
    clients = []
    for _ in range(n):
        client = app.test_client()
        assert login(client, email).status_code == 302
        clients.append(client)
    return clients


def test_eight_registrations_at_once_make_one_delegation(app, make_user, make_convening):
    make_convening("encuentro")
    lead = make_user("lead@example.org")
    clients = _clients(app, "lead@example.org", 8)
    form = {"name-en": "Teachers", "new_org_name": "Brand new union", "new_org_country": "MX", "new_org_kind": "union"}
    results = _fire(app, [(client, "/en/registration/encuentro/", form) for client in clients])

    assert results == [302] * 8, results  # everyone lands on the one delegation, nobody sees an error
    with app.app_context():
        delegations = db.session.scalars(db.select(Delegation).where(Delegation.lead_user_id == lead)).all()
        assert len(delegations) == 1
        # The organization proposed on the form was made once, by the one that created the delegation.
        assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 1
    page = clients[0].get(f"/en/registration/d/{delegations[0].id}/")
    assert page.status_code == 200


def test_twelve_additions_at_once_stop_at_the_maximum(app, make_user, make_convening, make_delegation):
    convening = make_convening("encuentro", max_members=5, questions={"country": "off", "organization": "off"})
    lead = make_user("lead@example.org")
    delegation = make_delegation(convening, lead)
    clients = _clients(app, "lead@example.org", 12)
    requests = [(client, f"/en/registration/d/{delegation}/members/new",
                 {"name": f"Member {n}"})
                for n, client in enumerate(clients)]
    results = _fire(app, requests)

    # the seven too many see the form and why (200), or, once the delegation is full, are told so
    # before the form (a redirect to the delegation's page with the message)
    assert set(results) <= {200, 302} and results.count(302) >= 5, results
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(DelegationMember)
                                 .where(DelegationMember.delegation_id == delegation)) == 5


def test_two_doors_check_in_one_person_and_hand_out_the_last_receivers_once(app, make_user, make_convening,
                                                                             make_delegation):
    """Organizers at several doors act at once: one check-in per person (the others are refused with
    the time of the first), and no receiver goes to two people."""
    from organizer.delegations.models import CONFIRMED, DelegationEvent, InterpretationReceiver

    organizer = make_user("door@example.org")
    convening = make_convening("encuentro", organizer=organizer, interpretation_languages=["en", "es"])
    make_delegation(convening, make_user(), [
        {"name": f"Listener {n}", "status": CONFIRMED, "listen_language": "es"} for n in range(4)],
        status=CONFIRMED, name="Oaxaca")
    with app.app_context():
        ids = db.session.scalars(db.select(DelegationMember.id).order_by(DelegationMember.id)).all()
        db.session.add_all([InterpretationReceiver(convening_id=convening, channel="es", label=f"ES-00{n}")
                            for n in (1, 2)])
        db.session.commit()
    clients = _clients(app, "door@example.org", 4)
    results = _fire(app, [(client, f"/en/registration/encuentro/checkin/{ids[0]}", {}) for client in clients])
    assert results == [302] * 4, results
    with app.app_context():
        first = db.session.get(DelegationMember, ids[0])
        assert first.checked_in_at is not None
        events = db.session.scalar(db.select(db.func.count()).select_from(DelegationEvent)
                                   .where(DelegationEvent.action == "checked_in"))
        assert events == 1
    results = _fire(app, [(client, f"/en/registration/encuentro/receivers/out/{member_id}", {})
                          for client, member_id in zip(clients, ids)])
    assert results == [302] * 4, results
    with app.app_context():
        holders = db.session.scalars(db.select(InterpretationReceiver.member_id)).all()
        assert len([h for h in holders if h is not None]) == len(set(h for h in holders if h is not None)) == 2
