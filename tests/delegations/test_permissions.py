"""Every route, with every role: the lead, another lead, the convening's organizer, an organizer of
another convening, a site admin, a signed-in stranger and an anonymous visitor."""
from __future__ import annotations

from organizer.extensions import db

ROLES = ("anonymous", "stranger", "other_lead", "other_organizer", "organizer", "admin", "lead")

# (method, url template, roles allowed). Refused: anonymous -> log-in; a user who may see the
# delegation but not do this -> 403; anyone else -> 404 (another delegation is never revealed) or
# 403 for convening tools.
LEAD_ONLY = ("lead",)
REVIEWERS = ("organizer", "admin")
#: The lead (until the deadline) and the convening's organizers and admins (at any time).
CHANGERS = ("lead",) + REVIEWERS
DELEGATION_ROUTES = [
    ("GET", "/en/registration/d/{delegation}/", ("lead",) + REVIEWERS),
    ("GET", "/en/registration/d/{delegation}/edit", CHANGERS),
    ("POST", "/en/registration/d/{delegation}/edit", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/members/new", CHANGERS),
    ("POST", "/en/registration/d/{delegation}/members/new", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/members/{member}/edit", CHANGERS),
    ("POST", "/en/registration/d/{delegation}/members/{member}/edit", CHANGERS),
    ("POST", "/en/registration/d/{delegation}/members/{member}/invite", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/import", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/import/template.csv", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/review", LEAD_ONLY),
    ("POST", "/en/registration/d/{delegation}/submit", LEAD_ONLY),
    ("POST", "/en/registration/d/{delegation}/offer", LEAD_ONLY),
    ("GET", "/en/registration/d/{delegation}/withdraw", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/members/{member}/withdraw", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/members/{member}/move", REVIEWERS),
    ("POST", "/en/registration/d/{delegation}/members/{member}/reinstate", REVIEWERS),
    ("POST", "/en/registration/d/{delegation}/members/{member}/withdraw", CHANGERS),
    ("POST", "/en/registration/d/{delegation}/withdraw", CHANGERS),
    ("POST", "/en/registration/d/{delegation}/decide", REVIEWERS),
    ("GET", "/en/registration/d/{delegation}/members/{member}/letter", CHANGERS),
    ("GET", "/en/registration/d/{delegation}/letters", CHANGERS),
]
CONVENING_ROUTES = [
    ("GET", "/en/registration/{slug}/settings"),
    ("POST", "/en/registration/{slug}/settings"),
    ("GET", "/en/registration/{slug}/dashboard"),
    ("GET", "/en/registration/{slug}/delegations"),
    ("POST", "/en/registration/{slug}/delegations/decide"),
    ("GET", "/en/registration/{slug}/export.csv"),
    ("GET", "/en/registration/{slug}/export.xlsx"),
    ("GET", "/en/registration/{slug}/roster"),
    ("GET", "/en/registration/{slug}/badges"),
    ("GET", "/en/registration/{slug}/checkin"),
    ("GET", "/en/registration/{slug}/receivers"),
    ("GET", "/en/registration/{slug}/emails"),
    ("GET", "/en/registration/{slug}/organizations"),
    ("POST", "/en/registration/{slug}/organizations"),
]


def _users(world):
    return {"stranger": world.stranger, "other_lead": world.other_lead, "other_organizer": world.other_organizer,
            "organizer": world.organizer, "admin": world.admin, "lead": world.lead}


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, data={"action": "waitlisted"})


def test_delegation_routes_with_every_role(app, client, world, login_as):
    """One test walks every route (a new app per test is costly): destructive routes come last."""
    users = _users(world)
    for method, template, allowed in DELEGATION_ROUTES:
        url = template.format(delegation=world.delegation, member=world.member_id)
        _check(client, login_as, users, method, url, allowed)


def _check(client, login_as, users, method, url, allowed):
    for role in ROLES:
        client.post("/en/account/logout")
        if role != "anonymous":
            login_as(users[role])
        response = _request(client, method, url)
        if role == "anonymous":
            assert response.status_code == 302 and "/account/login" in response.headers["Location"], (role, url)
        elif role in allowed:
            assert response.status_code in (200, 302), (role, url, response.status_code)
            if response.status_code == 302:
                assert "/account/login" not in response.headers["Location"]
        elif role in ("lead", "organizer", "admin"):
            assert response.status_code == 403, (role, url, response.status_code)
        else:
            assert response.status_code == 404, (role, url, response.status_code)


def test_convening_tools_with_every_role(app, client, world, login_as):
    users = _users(world)
    for method, template in CONVENING_ROUTES:
        _check_tool(client, login_as, users, method, template.format(slug=world.slug))


def _check_tool(client, login_as, users, method, url):
    for role in ROLES:
        client.post("/en/account/logout")
        if role != "anonymous":
            login_as(users[role])
        response = _request(client, method, url)
        if role == "anonymous":
            assert response.status_code == 302 and "/account/login" in response.headers["Location"], (role, url)
        elif role in ("organizer", "admin"):
            assert response.status_code in (200, 302, 404), (role, url, response.status_code)
            if method == "GET":
                assert response.status_code == 200
        else:
            assert response.status_code == 403, (role, url, response.status_code)


def test_the_letter_and_decisions_for_another_convenings_delegation(app, client, world, login_as):
    login_as(world.other_organizer)
    assert client.get(f"/en/registration/d/{world.delegation}/").status_code == 404
    assert client.get(f"/en/registration/{world.slug}/export.csv").status_code == 403
    assert client.get(f"/en/registration/{world.other_slug}/export.csv").status_code == 200
    assert "Ana López" not in client.get(f"/en/registration/{world.other_slug}/export.csv").get_data(as_text=True)


def test_a_member_with_an_account_sees_the_delegation_but_no_contact_or_passport_data(app, client, world, make_user,
                                                                                      login_as):
    from organizer.delegations.models import DelegationMember

    member_user = make_user("ana@example.org")
    with app.app_context():
        db.session.get(DelegationMember, world.member_id).user_id = member_user
        db.session.commit()
    login_as(member_user)
    page = client.get(f"/en/registration/d/{world.delegation}/").get_data(as_text=True)
    assert "Ana López" in page and "G12345678" not in page and "ana@example.org</small>" not in page
    assert client.get(f"/en/registration/d/{world.delegation}/members/{world.member_id}/edit").status_code == 403
    assert client.get(f"/en/registration/d/{world.other_delegation}/").status_code == 404


def test_passport_data_reach_the_lead_and_the_organizers_only(app, client, world, login_as):
    login_as(world.lead)
    page = client.get(f"/en/registration/d/{world.delegation}/members/{world.member_id}/edit").get_data(as_text=True)
    assert "G12345678" in page
    client.post("/en/account/logout")
    login_as(world.organizer)
    assert "G12345678" in client.get(f"/en/registration/{world.slug}/export.csv").get_data(as_text=True)
    client.post("/en/account/logout")
    login_as(world.other_lead)
    assert client.get(f"/en/registration/d/{world.delegation}/members/{world.member_id}/edit").status_code == 404


def test_the_start_page_needs_an_account_and_a_visible_convening(app, client, world, make_convening, make_user,
                                                                 login_as):
    make_convening("hidden", status="draft")
    assert "Create an account" in client.get(f"/en/registration/{world.slug}/").get_data(as_text=True)
    assert "/account/login" in client.post(f"/en/registration/{world.slug}/").headers["Location"]
    login_as(world.stranger)
    assert client.get(f"/en/registration/{world.slug}/").status_code == 200
    assert client.get("/en/registration/hidden/").status_code == 404
    assert client.get("/en/registration/nope/").status_code == 404
