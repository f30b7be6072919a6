"""Anonymous sign-on is limited per address signed for and per client (issue 11, item 10), through
the shared limiter (organizer/accounts/throttle.py)."""
from __future__ import annotations

from organizer.declarations.models import ADOPTED, Declaration
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def test_anonymous_sign_on_is_limited_per_email_and_per_client(app, world):
    with app.app_context():
        db.session.get(Declaration, world.declaration_id).status = ADOPTED
        db.session.commit()
    anon = app.test_client()
    url = f"/es/declarations/{world.slug}/sign"

    def sign(n, email):
        return anon.post(url, data={"new_organization": f"Frente {n}", "country": "MX", "authorized_by": "Rosa",
                                    "contact_email": email, "contact_language": "es", "confirm": "y"})

    assert [sign(n, "target@example.org").status_code for n in range(4)] == [200, 200, 200, 429]
    refused = sign(9, "target@example.org")
    assert refused.status_code == 429 and "Demasiados intentos" in refused.get_data(as_text=True)
    assert 'value="target@example.org"' in refused.get_data(as_text=True)  # nothing typed is lost
    with app.app_context():
        to_target = db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                                      .where(OutboxMessage.recipient == "target@example.org"))
    assert to_target <= 3
    app.config["THROTTLE_LIMITS"] = {"signon": {"address": 6}}
    assert sign(10, "other@example.org").status_code == 200
    assert sign(11, "third@example.org").status_code == 429  # the client's own limit
