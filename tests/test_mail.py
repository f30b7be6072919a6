"""The outbox: queued first, delivered over real SMTP, nothing lost when SMTP is down."""
from __future__ import annotations

from organizer.extensions import db
from organizer.mail.models import SENT, OutboxMessage
from organizer.mail.services import deliver_pending, queue_mail


def _queue(app, to="ana@example.org", lang="es"):
    with app.test_request_context("/"):
        queue_mail(to, lang, "password_reset", user=type("U", (), {"name": "Ana"})(),
                   reset_url="http://localhost/x", minutes=60)
        db.session.commit()


def test_queued_message_is_delivered_over_smtp(app, smtp_server):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    _queue(app)
    with app.app_context():
        sent, queued = deliver_pending()
        assert (sent, queued) == (1, 0)
        assert db.session.scalar(db.select(OutboxMessage)).status == SENT
    [message] = smtp_server.messages
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Elige una nueva contraseña de Organizer"
    assert message["Content-Language"] == "es"
    assert "caduca en 60 minutos" in message.get_content()


def test_smtp_down_keeps_messages_queued_until_send_mail(app, runner, smtp_server):
    _queue(app, "a@example.org")
    _queue(app, "b@example.org", "en")
    with app.app_context():
        sent, queued = deliver_pending()  # port 9: nothing listens
        assert (sent, queued) == (0, 2)
        first = db.session.scalar(db.select(OutboxMessage).order_by(OutboxMessage.id))
        assert first.attempts == 1 and "Error" in first.last_error
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    result = runner.invoke(args=["organizer", "send-mail"])
    assert result.exit_code == 0 and "Sent 2 message(s); 0 still queued." in result.output
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@example.org", "b@example.org"]
    # Nothing is sent twice.
    result = runner.invoke(args=["organizer", "send-mail"])
    assert "Sent 0 message(s)" in result.output
    assert len(smtp_server.messages) == 2


def test_request_that_queues_mail_delivers_it_right_after(app, client, smtp_server, make_user):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_SEND_IMMEDIATELY=True)
    make_user("lead@example.org", language="es")
    response = client.post("/en/account/forgot", data={"email": "lead@example.org"})
    assert response.status_code == 200 and smtp_server.messages == []  # not inside the request
    response.close()  # the server has sent the response: now the mail goes
    [message] = smtp_server.messages
    assert message["Subject"] == "Elige una nueva contraseña de Organizer"


def test_request_still_succeeds_when_smtp_is_down(app, client, make_user):
    app.config.update(MAIL_SEND_IMMEDIATELY=True)
    make_user("lead@example.org")
    response = client.post("/en/account/forgot", data={"email": "lead@example.org"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(OutboxMessage)).status == "queued"
