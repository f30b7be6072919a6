"""With CSRF protection on (as in production), the hand-written forms carry a token that works."""
from __future__ import annotations

import re

import pytest

from organizer.declarations.models import Clause, ConsensusPosition, ConstituencyMember
from organizer.extensions import db

from ..conftest import session_user_id


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _login(app, client, world_user_id):
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, world_user_id)
        session["_fresh"] = True


def test_hand_written_forms_pass_csrf(app, client, world):
    _login(app, client, world.organizer)
    groups = client.get(f"/en/declarations/groups/{world.convening_slug}")
    token = _token(groups.text)
    refused = client.post(f"/en/declarations/groups/{world.convening_slug}/{world.group_id}/members",
                          data={"member-email": "stranger@example.org"})
    assert refused.status_code == 400  # no token: refused
    added = client.post(f"/en/declarations/groups/{world.convening_slug}/{world.group_id}/members",
                        data={"member-email": "stranger@example.org", "csrf_token": token})
    assert added.status_code == 302
    with app.app_context():
        assert db.session.get(ConstituencyMember, (world.group_id, world.stranger)) is not None
    adoption = client.get(f"/en/declarations/{world.slug}/adoption")
    token = _token(adoption.text)
    r = client.post(f"/en/declarations/{world.slug}/adoption/position",
                    data={"delegation": str(world.delegation_id), "position": "consent", "csrf_token": token})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(ConsensusPosition.position)) == "consent"

    client.post("/en/account/logout", data={"csrf_token": token})
    _login(app, client, world.committee)
    page = client.get(f"/en/declarations/{world.slug}")
    token = _token(page.text)
    r = client.post(f"/en/declarations/{world.slug}/clauses/{world.clause_ids[0]}/move",
                    data={"direction": "down", "csrf_token": token})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Clause, world.clause_ids[0]).position == 1
    form = client.get(f"/en/declarations/{world.slug}/clauses/{world.clause_ids[0]}/edit")
    r = client.post(f"/en/declarations/{world.slug}/clauses/{world.clause_ids[0]}/edit", data={
        "csrf_token": _token(form.text), "kind": "preamble", "original_language": "en",
        "text-en": "We meet.", "text-es": "Nos reunimos.", "base_version": re.search(
            r'name="base_version" type="hidden" value="(\d+)"', form.text).group(1)})
    assert r.status_code == 302
