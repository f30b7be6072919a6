"""Delivering the outbox over SMTP, outside any web request.

- **Claim**: a worker takes a batch of due messages in one short transaction (``FOR UPDATE SKIP
  LOCKED`` on PostgreSQL, so several workers never take the same row; the write lock on SQLite),
  marking them ``sending`` with its own claim token. Right before each send it renews its claim;
  a claim older than ``claim_expiry()`` (10 minutes, and always several SMTP timeouts) is
  abandoned and may be taken again: a worker killed between claim and send delays its messages,
  it never loses them, and no second worker sends a message the first may still be sending.
- **Send**: one SMTP connection per batch; MAIL, RCPT and DATA one by one, so each message has
  its own outcome. The server's acceptance ("250 ... queued as ...") is recorded with the message.
  The ``Message-ID`` is fixed when the message is queued, so the one duplicate SMTP cannot rule
  out (a worker killed after the server accepted, before the record was written) carries the same
  id and can be recognized.
- **Outcome**: 5xx on RCPT or DATA: ``failed`` with the server's answer (shown to organizers on
  the undeliverable list), the others go on. 4xx, timeouts, refused or dropped connections:
  back to ``queued`` with a backoff (1 minute doubling up to 6 hours), ``failed`` after
  ``MAIL_MAX_ATTEMPTS``. A refused sender (MAIL FROM) is a configuration error: retried.
"""
from __future__ import annotations

import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import and_, func, or_, true, update

from ..database import utcnow, write_transaction, write_transactions
from ..extensions import db
from .models import FAILED, QUEUED, SENDING, SENT, OutboxMessage

MAX_BACKOFF = timedelta(hours=6)


@dataclass
class Result:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0


class Refused(Exception):
    """The server answered a command with an error code."""

    def __init__(self, code: int, text: str, stage: str):
        super().__init__(f"{code} {text}")
        self.code, self.text, self.stage = code, text, stage

    @property
    def permanent(self) -> bool:
        return self.code >= 500 and self.stage != "MAIL"


def claim_expiry() -> timedelta:
    cfg = current_app.config
    return timedelta(seconds=max(int(cfg["MAIL_CLAIM_EXPIRY"]), 6 * int(cfg["SMTP_TIMEOUT"])))


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), MAX_BACKOFF)


def pending_count() -> int:
    count = db.session.scalar(db.select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status.in_((QUEUED, SENDING))))
    db.session.commit()
    return count or 0


def build_email(message: OutboxMessage) -> EmailMessage:
    cfg = current_app.config
    email = EmailMessage()
    email["From"] = cfg["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id or _fallback_message_id(message)
    email.set_content(message.body_text)
    email["Content-Language"] = message.language  # after set_content, which resets Content-*
    return email


def _fallback_message_id(message: OutboxMessage) -> str:
    # messages queued before the column existed: still the same id on every attempt
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "organizer.invalid"
    return f"<outbox-{message.id}-{int(message.created_at.timestamp())}@{domain}>"


def connect() -> smtplib.SMTP:
    cfg = current_app.config
    tls = str(cfg["SMTP_TLS"]).lower()
    timeout = cfg["SMTP_TIMEOUT"]
    if tls == "ssl":
        client = smtplib.SMTP_SSL(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=timeout,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=timeout)
    try:
        if tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        client.ehlo_or_helo_if_needed()
        if cfg.get("SMTP_USERNAME"):
            client.login(cfg["SMTP_USERNAME"], cfg.get("SMTP_PASSWORD") or "")
    except BaseException:
        client.close()
        raise
    return client


def transmit(client: smtplib.SMTP, message: OutboxMessage) -> str:
    """MAIL, RCPT, DATA for one message; the server's acceptance, or ``Refused``."""
    email = build_email(message)
    sender = parseaddr(current_app.config["MAIL_FROM"])[1]
    data = email.as_bytes(policy=SMTP)
    code, text = client.mail(sender)
    if code != 250:
        client.rset()
        raise Refused(code, _text(text), "MAIL")
    code, text = client.rcpt(message.recipient)
    if code not in (250, 251):
        client.rset()
        raise Refused(code, _text(text), "RCPT")
    try:
        code, text = client.data(data)
    except smtplib.SMTPDataError as exc:  # refused before the message (no 354)
        client.rset()
        raise Refused(exc.smtp_code, _text(exc.smtp_error), "DATA") from None
    if code != 250:
        raise Refused(code, _text(text), "DATA")
    return f"{code} {_text(text)}"


def _text(value) -> str:
    return (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value))[:1000]


def _due(now, respect_backoff: bool):
    waiting = or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
    return or_(and_(OutboxMessage.status == QUEUED, waiting if respect_backoff else true()),
               and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - claim_expiry()))


def claim(limit: int, respect_backoff: bool = True) -> tuple[str, list[OutboxMessage]]:
    """Take up to ``limit`` due messages for this worker; (claim token, messages)."""
    session = db.session
    token = secrets_token()
    now = utcnow()
    with write_transaction(session):
        query = db.select(OutboxMessage.id).where(_due(now, respect_backoff)).order_by(OutboxMessage.id).limit(limit)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = session.scalars(query).all()
        if ids:
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids), _due(now, respect_backoff))
                            .values(status=SENDING, claimed_at=now, claim_token=token)
                            .execution_options(synchronize_session=False))
    messages = session.scalars(db.select(OutboxMessage).where(OutboxMessage.claim_token == token,
                                                             OutboxMessage.status == SENDING)
                               .order_by(OutboxMessage.id)).all() if ids else []
    return token, messages


def secrets_token() -> str:
    import secrets

    return secrets.token_hex(16)


def _renew(message: OutboxMessage, token: str) -> bool:
    """Still ours? Renew the claim just before sending (commits)."""
    renewed = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.claim_token == token,
                                    OutboxMessage.status == SENDING)
        .values(claimed_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return bool(renewed)


def _sent(message: OutboxMessage, response: str) -> None:
    message.status, message.sent_at, message.smtp_response = SENT, utcnow(), response
    message.attempts += 1
    message.last_error = message.claim_token = None


def _failed(message: OutboxMessage, error: str) -> None:
    message.status, message.failed_at, message.last_error = FAILED, utcnow(), error[:2000]
    message.attempts += 1
    message.claim_token = None


def _retry(message: OutboxMessage, error: str) -> bool:
    """Back to the queue with a backoff; False when it has now failed for good."""
    message.attempts += 1
    if message.attempts >= int(current_app.config["MAIL_MAX_ATTEMPTS"]):
        message.attempts -= 1
        _failed(message, error)
        return False
    message.status, message.last_error, message.claim_token = QUEUED, error[:2000], None
    message.next_attempt_at = utcnow() + backoff(message.attempts)
    return True


def release(token: str) -> None:
    """Give back what this worker claimed and did not try (graceful stop): no attempt counted."""
    db.session.execute(update(OutboxMessage).where(OutboxMessage.claim_token == token, OutboxMessage.status == SENDING)
                       .values(status=QUEUED, claim_token=None, claimed_at=None)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def deliver(limit: int = 100, *, respect_backoff: bool = True, stop: threading.Event | None = None) -> Result:
    """Claim a batch and send it. Commits after each message."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False  # the rows are ours: no reloads
    try:
        with write_transactions():
            return _deliver(limit, respect_backoff, stop)
    finally:
        session.expire_on_commit = expire


def _deliver(limit: int, respect_backoff: bool, stop: threading.Event | None) -> Result:
    result = Result()
    token, messages = claim(limit, respect_backoff)
    result.claimed = len(messages)
    client = None
    try:
        for index, message in enumerate(messages):
            if stop is not None and stop.is_set():
                break
            if not _renew(message, token):
                continue  # taken over by another worker after our claim expired
            if client is None:
                try:
                    client = connect()
                except (OSError, smtplib.SMTPException) as exc:
                    # server unreachable (timeout, refused, TLS, login): the rest wait for later
                    error = f"{type(exc).__name__}: {exc}"
                    for waiting in messages[index:]:
                        if waiting.claim_token == token:
                            result.retried += _retry(waiting, error)
                            result.failed += waiting.status == FAILED
                    db.session.commit()
                    break
            try:
                response = transmit(client, message)
            except Refused as exc:
                if exc.permanent:
                    _failed(message, f"{exc.stage}: {exc}")
                elif _retry(message, f"{exc.stage}: {exc}"):
                    result.retried += 1
                result.failed += message.status == FAILED
            except (OSError, smtplib.SMTPException) as exc:
                # the connection dropped or timed out during this message: it waits, and the next
                # message gets a new connection
                result.retried += _retry(message, f"{type(exc).__name__}: {exc}")
                result.failed += message.status == FAILED
                _close(client)
                client = None
            except (UnicodeError, ValueError) as exc:  # an address or header SMTP cannot carry
                _failed(message, f"{type(exc).__name__}: {exc}")
                result.failed += 1
            else:
                _sent(message, response)
                result.sent += 1
            db.session.commit()
    finally:
        _close(client)
        db.session.rollback()
        release(token)
    return result


def _close(client) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
