"""Issue 13, item 11: organizers edit each registration email's text per convening and language,
with a preview; the emails sent use it, with the generated lists and contact kept."""
from __future__ import annotations

from organizer.delegations.models import SUBMITTED
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def test_an_organizer_rewrites_the_confirmation_in_spanish_with_a_preview(app, client, make_user, make_convening,
                                                                          make_delegation, login_as):
    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer)
    login_as(organizer)
    page = client.get("/en/registration/c/emails?kind=confirmed&language=es").get_data(as_text=True)
    assert "Confirmada: tu delegación para Encuentro" in page  # the standard text, previewed
    data = {"kind": "confirmed", "language": "es", "subject": "¡Bienvenida, {delegation}!",
            "body": "Querida {name}: nos da gusto recibir a tu gente en {convening}.", "save": "no"}
    page = client.post("/en/registration/c/emails", data=data).get_data(as_text=True)
    assert "¡Bienvenida, Delegación de ejemplo!" in page and "Querida Lupita Ejemplo" in page
    assert "Ana Ejemplo" in page  # the generated list stays
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0
    client.post("/en/registration/c/emails", data=data | {"save": "yes"})
    lead = make_user("lead@example.org", language="es", name="Lupita")
    english = make_user("en@example.org", language="en")
    delegation = make_delegation(convening, lead, [{"name": "Rosa"}], status=SUBMITTED, name="Oaxaca")
    other = make_delegation(convening, english, [{"name": "Mary"}], status=SUBMITTED, name="Ohio")
    for d in (delegation, other):
        client.post(f"/en/registration/d/{d}/decide", data={"action": "confirmed", "confirm": "yes"})
    with app.app_context():
        messages = {m.recipient: m for m in db.session.scalars(db.select(OutboxMessage))}
    spanish = messages["lead@example.org"]
    assert spanish.subject == "¡Bienvenida, Oaxaca!"
    assert "Querida Lupita: nos da gusto recibir a tu gente en Encuentro 1." in spanish.body_text
    assert "- Rosa" in spanish.body_text and "org@example.org" in spanish.body_text
    assert messages["en@example.org"].subject.startswith("Confirmed: your delegation")  # English untouched


def test_only_organizers_edit_email_texts(app, client, make_user, make_convening, login_as):
    make_convening("c", organizer=make_user("org@example.org"))
    login_as(make_user("x@example.org"))
    assert client.get("/en/registration/c/emails").status_code == 403
    assert client.post("/en/registration/c/emails", data={"subject": "x", "save": "yes"}).status_code == 403
