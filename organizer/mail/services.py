"""Queue mail in the recipient's language, and deliver the outbox over SMTP."""
from __future__ import annotations

import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, has_request_context
from flask_babel import force_locale
from sqlalchemy import or_, update

from ..database import utcnow
from ..extensions import db
from ..platform import unit_of_work
from .models import QUEUED, SENDING, SENT, OutboxMessage

STALE_CLAIM = timedelta(minutes=10)


def render_mail(template: str, language: str, **context) -> tuple[str, str]:
    """Render ``mail/<template>.txt`` (blocks ``subject`` and ``body``) in ``language``."""
    env = current_app.jinja_env
    tmpl = env.get_template(f"mail/{template}.txt")
    from ..i18n.locale import locale_data

    with force_locale(locale_data(language)):
        ctx = tmpl.new_context({"lang": language, **context})
        subject = "".join(tmpl.blocks["subject"](ctx)).strip()
        ctx = tmpl.new_context({"lang": language, **context})
        body = "".join(tmpl.blocks["body"](ctx)).strip() + "\n"
    return " ".join(subject.split()), body


def queue_mail(recipient: str, language: str, template: str, **context) -> OutboxMessage:
    """Store a message in the outbox (flushes; the caller's commit makes it durable)."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    subject, body = render_mail(template, language, **context)
    message = OutboxMessage(
        recipient=recipient, language=language, subject=subject, body_text=body, template=template,
        status=QUEUED,
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        # Sent once the request (or command) has committed, never inside its transaction; a
        # rollback drops the message and this with it.
        unit_of_work.after_commit(_deliver_after_commit)
    return message


def _smtp_send(message: OutboxMessage) -> None:
    cfg = current_app.config
    email = EmailMessage()
    email["From"] = cfg["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body_text)
    email["Content-Language"] = message.language  # after set_content, which resets Content-*
    tls = str(cfg["SMTP_TLS"]).lower()
    timeout = cfg["SMTP_TIMEOUT"]
    if tls == "ssl":
        client = smtplib.SMTP_SSL(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=timeout,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=timeout)
    with client:
        if tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        if cfg.get("SMTP_USERNAME"):
            client.login(cfg["SMTP_USERNAME"], cfg.get("SMTP_PASSWORD") or "")
        client.send_message(email)


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send queued messages. Each message is claimed atomically first, so two processes never send
    the same one. Returns (sent, still queued). Commits."""
    session = db.session
    now = utcnow()
    candidates = session.scalars(
        db.select(OutboxMessage.id)
        .where(or_(OutboxMessage.status == QUEUED,
                   (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM)))
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    session.commit()
    sent = failed = 0
    for message_id in candidates:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .where(or_(OutboxMessage.status == QUEUED, OutboxMessage.claimed_at < now - STALE_CLAIM))
            .values(status=SENDING, claimed_at=utcnow())
        ).rowcount
        session.commit()
        if not claimed:
            continue
        message = session.get(OutboxMessage, message_id)
        try:
            _smtp_send(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.status = QUEUED
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            failed += 1
            session.commit()
            if isinstance(exc, OSError):
                break  # the server is unreachable: leave the rest queued for the next attempt
            continue
        message.status = SENT
        message.attempts += 1
        message.sent_at = utcnow()
        message.last_error = None
        sent += 1
        session.commit()
    queued = session.scalar(db.select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.status != SENT))
    session.commit()
    return sent, queued or 0


def _deliver_after_commit() -> None:
    """Run by the unit of work after the request's commit: the request's rows are durable, so the
    commits of delivery only record delivery."""
    if not current_app.config["MAIL_SEND_IMMEDIATELY"]:
        return
    try:
        deliver_pending()
    except Exception:  # never fail the user's request because of mail
        current_app.logger.exception("mail delivery failed; messages stay queued")
        db.session.rollback()


def init_app(app) -> None:
    """Delivery right after a request is registered by ``queue_mail`` with the unit of work."""
