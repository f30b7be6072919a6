"""Member invitations are limited per invited address and per client (issue 11, item 10), through
the shared limiter (organizer/accounts/throttle.py)."""
from __future__ import annotations

from organizer.delegations.models import DelegationMember
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def test_invitations_to_one_address_are_limited(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening()
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "María", "email": "maria@example.org"}])
    login_as(lead)
    with app.app_context():
        member = db.session.scalar(db.select(DelegationMember.id))
    url = f"/es/registration/d/{delegation}/members/{member}/invite"
    for _ in range(3):
        assert client.post(url).status_code == 302
    response = client.post(url, follow_redirects=True)
    assert "Demasiados intentos" in response.get_data(as_text=True)
    with app.app_context():
        sent = db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.template == "delegations_invitation"))
    assert sent == 3
