"""Every state-changing route refuses a post without a CSRF token — even from a user allowed to post."""
from __future__ import annotations

import re

import pytest

from .conftest import fingerprint
from .matrix import TABLE
from .world import PASSWORD, ROLES

#: Whom to post as: the first of these the table allows (else anonymous).
PREFERRED = ("organizer", "admin", "lead", "delegate", "other_organizer", "other_lead", "anonymous")


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _logged_in(app, email):
    client = app.test_client()
    html = client.get("/en/account/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/en/account/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def test_every_post_route_needs_a_csrf_token(app, world):
    clients = {role: _logged_in(app, world.emails[role]) if role != "anonymous" else app.test_client()
               for role in ROLES}
    slugs = {**world.ids, **world.slugs}
    problems, posted = [], 0
    with app.app_context():
        before = fingerprint()
    for entry in TABLE:
        if "POST" not in entry.methods:
            continue
        allowed = {role for role, letter in zip(ROLES, entry.post_expect) if letter == "O"}
        role = next((r for r in PREFERRED if r in allowed), "anonymous")
        response = clients[role].post(entry.url.format(lang="en", **slugs), data=dict(entry.token_form))
        posted += 1
        if response.status_code != 400:
            problems.append(f"{entry.endpoint} as {role}: {response.status_code} without a CSRF token")
    with app.app_context():
        after = fingerprint()
    assert posted >= 40
    assert problems == [], "\n".join(problems)
    assert [t for t in before if before[t] != after[t]] == []
    # The shared clients are still logged in: no post went through (logout included).
    assert clients["organizer"].get("/en/account/").status_code == 200
