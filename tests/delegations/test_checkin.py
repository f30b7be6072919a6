"""Issue 13, item 12: check-in at the door by badge (signed token in a QR code), typed code or name;
twice refused with the first time; foreign, forged or expired tokens are "not valid here"; arrivals
counted by day, country and delegation; constant query counts."""
from __future__ import annotations

from html import unescape

from sqlalchemy import event

from organizer.delegations.models import CONFIRMED, WAITLISTED, DelegationEvent, DelegationMember
from organizer.extensions import db


def _setup(app, make_user, make_convening, make_delegation, n=2):
    organizer = make_user("org@example.org", name="Olga")
    convening = make_convening("c", organizer=organizer)
    other = make_convening("other", organizer=organizer)
    members = [{"name": f"Rosa Martínez {i}", "status": CONFIRMED, "country": "MX", "listen_language": "es",
                "accessibility_needs": "Silla de ruedas" if i == 0 else None} for i in range(n)]
    delegation = make_delegation(convening, make_user(), members + [{"name": "Wanda Wait", "status": WAITLISTED}],
                                 status=CONFIRMED, name="Oaxaca")
    make_delegation(other, make_user(), [{"name": "Otto Other", "status": CONFIRMED}], status=CONFIRMED)
    return organizer, convening, delegation


def _ids(app, *names):
    with app.app_context():
        return [db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.name == n)) for n in names]


def test_badges_carry_a_qr_code_and_a_code_that_check_in_once(app, client, make_user, make_convening,
                                                               make_delegation, login_as):
    from organizer.delegations.services import code_for

    organizer, convening, delegation = _setup(app, make_user, make_convening, make_delegation)
    rosa, = _ids(app, "Rosa Martínez 0")
    login_as(organizer)
    badges = client.get("/en/registration/c/badges").get_data(as_text=True)
    assert badges.count('class="badge-qr" src="data:image/svg+xml') == 2
    with app.test_request_context():
        code = code_for(rosa)
    assert code in badges
    # typed code (lower case, no dash) finds her; the page shows delegation, language and needs
    response = client.get(f"/en/registration/c/checkin?q={code.replace('-', '').lower()}")
    page = response.get_data(as_text=True)
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert "Rosa Martínez 0" in page and "Oaxaca" in page and "Spanish" in page and "Silla de ruedas" in page
    assert '<script src="/static/checkin.js"' in page
    client.post(f"/en/registration/c/checkin/{rosa}")
    page = client.get(f"/en/registration/c/checkin?q={code}").get_data(as_text=True)
    assert "Already checked in at" in page and "1 of 2 confirmed people have arrived." in page
    # twice: refused, with the time of the first
    page = client.post(f"/en/registration/c/checkin/{rosa}", follow_redirects=True).get_data(as_text=True)
    assert "Rosa Martínez 0 was already checked in at" in page
    with app.app_context():
        assert db.session.scalar(db.select(DelegationMember.checked_in_by).where(DelegationMember.id == rosa)) == organizer
        assert db.session.scalars(db.select(DelegationEvent).where(DelegationEvent.action == "checked_in")).all()
    dashboard = client.get("/en/registration/c/dashboard").get_data(as_text=True)
    assert "1 of 2 confirmed people have arrived." in dashboard and "Oaxaca" in dashboard


def test_the_scanned_badge_url_finds_the_person_and_a_name_search_works(app, client, make_user, make_convening,
                                                                         make_delegation, login_as):
    organizer, convening, delegation = _setup(app, make_user, make_convening, make_delegation)
    login_as(organizer)
    badges = client.get("/en/registration/c/badges").get_data(as_text=True)
    assert "Wanda Wait" not in badges  # confirmed people only
    page = client.get("/en/registration/c/checkin?q=rosa martinez 1").get_data(as_text=True)
    assert "Check in Rosa Martínez 1" in page and "Rosa Martínez 0" not in page
    with app.test_request_context():
        from organizer.delegations.services import token_for

        member = db.session.get(DelegationMember, _ids(app, "Rosa Martínez 1")[0])
        token = token_for(member, convening)
    scanned = f"http://localhost/en/registration/c/checkin?t={token}"
    page = client.get("/en/registration/c/checkin", query_string={"q": scanned}).get_data(as_text=True)
    assert "Check in Rosa Martínez 1" in page
    page = client.get("/en/registration/c/checkin", query_string={"t": token}).get_data(as_text=True)
    assert "Check in Rosa Martínez 1" in page


def test_foreign_forged_and_expired_tokens_are_not_valid_here(app, client, make_user, make_convening,
                                                              make_delegation, login_as, monkeypatch):
    from organizer.delegations.services import checkin, token_for

    organizer, convening, delegation = _setup(app, make_user, make_convening, make_delegation)
    otto, rosa, wanda = _ids(app, "Otto Other", "Rosa Martínez 0", "Wanda Wait")
    with app.test_request_context():
        foreign = token_for(db.session.get(DelegationMember, otto), db.session.get(DelegationMember, otto)
                            .delegation_id and _convening_of(otto))
        mine = token_for(db.session.get(DelegationMember, rosa), convening)
        waiting = token_for(db.session.get(DelegationMember, wanda), convening)
    forged = mine[:-3] + ("AAA" if not mine.endswith("AAA") else "BBB")
    login_as(organizer)
    for bad in (foreign, forged, waiting, "ck1.garbage", "ck1." + "x" * 1500, "ZZZZ-ZZZZ"):
        response = client.get("/en/registration/c/checkin", query_string={"q": bad})
        assert response.status_code == 200, bad
        assert "Not valid here." in response.get_data(as_text=True), bad
    monkeypatch.setattr(checkin, "TOKEN_MAX_AGE", -1)  # every token has expired
    assert "Not valid here." in client.get("/en/registration/c/checkin", query_string={"q": mine}).get_data(as_text=True)
    # checking in someone of another convening through this one's address is refused
    page = client.post(f"/en/registration/c/checkin/{otto}", follow_redirects=True).get_data(as_text=True)
    assert "Not valid here" in page
    with app.app_context():
        assert db.session.get(DelegationMember, otto).checked_in_at is None


def _convening_of(member_id):
    from organizer.delegations.models import Delegation

    member = db.session.get(DelegationMember, member_id)
    return db.session.get(Delegation, member.delegation_id).convening_id


def test_only_organizers_reach_check_in(app, client, make_user, make_convening, make_delegation, login_as):
    organizer, convening, delegation = _setup(app, make_user, make_convening, make_delegation)
    rosa, = _ids(app, "Rosa Martínez 0")
    assert "/account/login" in client.get("/en/registration/c/checkin").headers["Location"]
    login_as(make_user("stranger@example.org"))
    assert client.get("/en/registration/c/checkin").status_code == 403
    assert client.post(f"/en/registration/c/checkin/{rosa}").status_code == 403


def _count_queries(app, client, url):
    statements = []

    def _count(*args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", _count)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_check_in_page_runs_the_same_queries_for_3_and_300_members(app, client, make_user, make_convening,
                                                                    make_delegation, login_as):
    from organizer.delegations.services import code_for

    organizer = make_user("org@example.org")
    login_as(organizer)
    counts = []
    for slug, n in (("small", 3), ("large", 300)):
        convening = make_convening(slug, organizer=organizer)
        make_delegation(convening, make_user(), [{"name": f"Person {slug} {i}", "status": CONFIRMED, "country": "MX",
                                                  "checked_in_at": None} for i in range(n)], status=CONFIRMED)
        member_id, = _ids(app, f"Person {slug} 1")
        with app.test_request_context():
            code = code_for(member_id)
        queries, page = _count_queries(app, client, f"/en/registration/{slug}/checkin?q={code}")
        assert f"Check in Person {slug} 1" in unescape(page)
        counts.append(queries)
    assert counts[0] == counts[1], counts
    print(f"check-in page queries at 3 and 300 members: {counts}")
