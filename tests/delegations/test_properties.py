"""Property tests (Hypothesis): the member import is all or nothing and names exactly the bad rows;
capacity rules hold over any sequence of submissions, withdrawals and organizer decisions."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from organizer.accounts.models import User
from organizer.database import write_transaction
from organizer.delegations import importing, services
from organizer.delegations.models import (CONFIRMED, DECLINED, DRAFT, SUBMITTED, WAITLISTED, WITHDRAWN, Delegation,
                                          DelegationMember)
from organizer.extensions import db
from organizer.i18n.text import fold

PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- import --------------------------------------------------------------------------------

HEADERS = ["name", "email", "country", "arrival", "departure"]
COUNTRIES = {"MX": "MX", "US": "US", "CA": "CA", "Mexico": "MX", "México": "MX", "Canada": "CA",
             "Estados Unidos": "US", "United States": "US"}
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzñáéíóúÁÉÑ '-", min_size=1, max_size=30).map(str.strip).filter(bool)
days = st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def valid_rows(draw):
    arrival = draw(st.none() | days)
    departure = None
    if arrival is not None and draw(st.booleans()):
        departure = arrival + timedelta(days=draw(st.integers(0, 10)))
    return {"name": draw(names),
            "email": draw(st.sampled_from(["", "ana@example.org", "b.c+x@example.com.mx"])),
            "country": draw(st.sampled_from(sorted(COUNTRIES))), "arrival": arrival, "departure": departure}


@st.composite
def invalid_rows(draw):
    row = draw(valid_rows())
    flaw = draw(st.sampled_from(["blank name", "bad email", "unknown country", "departure before arrival"]))
    if flaw == "blank name":
        row["name"] = ""  # the country keeps the row from being blank
    elif flaw == "bad email":
        row["email"] = draw(st.sampled_from(["not-an-email", "ana@", "@example.org", "ana at example.org"]))
    elif flaw == "unknown country":
        row["country"] = draw(st.sampled_from(["Narnia", "Atlantis", "ZZ"]))
    else:
        row["arrival"] = draw(days.filter(lambda d: d > date(2027, 1, 1)))
        row["departure"] = row["arrival"] - timedelta(days=draw(st.integers(1, 5)))
    return row


def _file(rows, kind):
    if kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADERS)
        for row in rows:
            sheet.append([row[h] for h in HEADERS])
        out = io.BytesIO()
        workbook.save(out)
        return "members.xlsx", out.getvalue()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row[h].isoformat() if isinstance(row[h], date) else (row[h] or "") for h in HEADERS])
    return "members.csv", out.getvalue().encode("utf-8")


def test_import_is_all_or_nothing_and_names_exactly_the_bad_rows(app, make_user, make_convening, make_delegation):
    convening = make_convening(questions={"organization": "off", "country": "required"})
    lead = make_user()

    @PROPERTY
    @given(rows=st.lists(st.one_of(valid_rows().map(lambda r: (True, r)), invalid_rows().map(lambda r: (False, r))),
                         min_size=1, max_size=8,  # a repeated member is a bad row of its own (tested apart)
                         unique_by=(lambda t: fold(t[1]["name"]), lambda t: t[1]["email"] or object())),
           kind=st.sampled_from(["csv", "csv", "xlsx"]))
    def check(rows, kind):
        delegation_id = make_delegation(convening, lead)
        filename, content = _file([r for _, r in rows], kind)
        bad_numbers = {number for number, (ok, _) in enumerate(rows, start=2) if not ok}
        with app.test_request_context("/en/"):
            delegation = db.session.get(Delegation, delegation_id)
            actor = db.session.get(User, lead)
            try:
                parsed = importing.parse_members(filename, content, services.get_settings(convening), [])
            except importing.ImportFailed as failure:
                reported = {int(n) for error in failure.errors for n in re.findall(r"^Row (\d+):", error)}
                assert bad_numbers, failure.errors
                assert reported == bad_numbers, failure.errors
                assert len(failure.errors) == len(bad_numbers)
            else:
                assert not bad_numbers
                with write_transaction(db.session):
                    services.import_members(delegation, parsed, actor)
            db.session.remove()
        with app.app_context():
            members = db.session.scalars(db.select(DelegationMember).where(DelegationMember.delegation_id == delegation_id)
                                         .order_by(DelegationMember.id)).all()
            if bad_numbers:
                assert members == []
            else:
                got = [(m.name, m.email or "", m.country, m.arrival_date, m.departure_date, m.status) for m in members]
                want = [(r["name"], r["email"], COUNTRIES[r["country"]], r["arrival"], r["departure"], DRAFT)
                        for _, r in rows]
                assert got == want

    check()


# --- capacity --------------------------------------------------------------------------------

operations = st.lists(st.one_of(
    st.tuples(st.just("submit"), st.integers(1, 4)),
    st.tuples(st.just("withdraw_member"), st.integers(0, 50)),
    st.tuples(st.just("withdraw_delegation"), st.integers(0, 20)),
    st.tuples(st.sampled_from([CONFIRMED, WAITLISTED, DECLINED]), st.integers(0, 20)),
), min_size=1, max_size=12)


def _statuses(convening):
    return dict(db.session.execute(
        db.select(DelegationMember.id, DelegationMember.status).join(Delegation)
        .where(Delegation.convening_id == convening)).all())


def _waiting_order(convening):
    return list(db.session.scalars(
        db.select(DelegationMember.id).join(Delegation)
        .where(Delegation.convening_id == convening, DelegationMember.status == WAITLISTED,
               DelegationMember.offered_at.is_(None))
        .order_by(DelegationMember.queued_at, DelegationMember.id)))


def test_capacity_rules_hold_over_any_sequence(app, make_user, make_convening, make_delegation):
    organizer = make_user()
    lead = make_user()
    counter = iter(range(1, 100_000))

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(capacity=st.integers(1, 6), review=st.booleans(), ops=operations)
    def check(capacity, review, ops):
        convening = make_convening(f"cap-{next(counter)}", organizer=organizer, capacity=capacity,
                                   review_required=review, promotion="auto")
        submitted: set[int] = set()
        delegations: list[int] = []
        with app.test_request_context("/en/"):
            for op, arg in ops:
                lead_user, organizer_user = db.session.get(User, lead), db.session.get(User, organizer)
                before = _statuses(convening)
                waiting = _waiting_order(convening)
                freed = False
                if op == "submit":
                    db.session.commit()  # no read transaction open while another session writes
                    delegation_id = make_delegation(convening, lead, [{"name": f"M{n}"} for n in range(arg)])
                    with write_transaction(db.session):
                        services.submit(db.session.get(Delegation, delegation_id), lead_user)
                    delegations.append(delegation_id)
                    submitted |= {m for m, s in _statuses(convening).items() if m not in before}
                elif op == "withdraw_member":
                    live = sorted(m for m, s in before.items() if s != WITHDRAWN)
                    if not live:
                        continue
                    member = db.session.get(DelegationMember, live[arg % len(live)])
                    freed = member.status == CONFIRMED
                    with write_transaction(db.session):
                        services.withdraw_members(db.session.get(Delegation, member.delegation_id), [member.id],
                                                  lead_user)
                elif op == "withdraw_delegation":
                    if not delegations:
                        continue
                    delegation = db.session.get(Delegation, delegations[arg % len(delegations)])
                    freed = any(before[m.id] == CONFIRMED for m in db.session.scalars(
                        db.select(DelegationMember).where(DelegationMember.delegation_id == delegation.id)))
                    with write_transaction(db.session):
                        services.withdraw_members(delegation, None, lead_user)
                else:
                    if not delegations:
                        continue
                    delegation = db.session.get(Delegation, delegations[arg % len(delegations)])
                    if delegation.status in (DRAFT, WITHDRAWN):
                        continue
                    with write_transaction(db.session):
                        services.decide(delegation, op, organizer_user, notify=False)
                db.session.expire_all()
                after = _statuses(convening)
                # never overbooked
                assert list(after.values()).count(CONFIRMED) <= capacity, (ops, after)
                assert services.places_used(convening) <= capacity
                # nobody lost: every submitted member is accounted for, nobody went back to draft
                assert set(after) >= submitted
                assert all(after[m] in (SUBMITTED, CONFIRMED, WAITLISTED, DECLINED, WITHDRAWN) for m in submitted)
                if not review:
                    assert SUBMITTED not in after.values()
                # a freed place goes to the earliest on the waiting list
                if freed:
                    waiting = [m for m in waiting if after.get(m) != WITHDRAWN]  # left in the same step
                    promoted = [m for m in waiting if after.get(m) == CONFIRMED]
                    assert promoted == waiting[:len(promoted)], (ops, waiting, after)
                    still_waiting = [m for m in waiting if after.get(m) == WAITLISTED]
                    assert services.places_left(services.get_settings(convening)) == 0 or not still_waiting
            db.session.remove()

    check()
