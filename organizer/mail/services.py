"""Queue mail in the recipient's language; deliver the outbox over SMTP (mail/delivery.py)."""
from __future__ import annotations

import secrets
from email.utils import parseaddr

from flask import current_app, g
from flask_babel import force_locale

from ..extensions import db
from ..platform import unit_of_work
from .models import QUEUED, OutboxMessage


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


def _about(recipient: str, context: dict) -> tuple[int | None, str | None, int | None]:
    """Who the message is for and which convening it concerns, read from the template's context:
    an object whose ``email`` (or ``contact_email``) is the recipient gives the person; a
    ``convening``, or an object with a ``convening_id``, gives the convening."""
    from ..accounts.models import User

    user_id = name = convening_id = None
    for value in context.values():
        email = getattr(value, "email", None) or getattr(value, "contact_email", None)
        if isinstance(email, str) and email.lower() == recipient.lower():
            if isinstance(value, User) and value.id:
                user_id = value.id
            name = name or getattr(value, "name", None) or getattr(value, "contact_name", None)
    convening = context.get("convening")
    if getattr(convening, "id", None):
        convening_id = convening.id
    else:
        for value in context.values():
            candidate = getattr(value, "convening_id", None)
            if isinstance(candidate, int):
                convening_id = candidate
                break
    return user_id, (name if isinstance(name, str) else None), convening_id


def new_message_id() -> str:
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "organizer.invalid"
    return f"<{secrets.token_hex(16)}@{domain}>"


def queue_mail(recipient: str, language: str, template: str, **context) -> OutboxMessage:
    """Store a message in the outbox (flushes; the unit of work's commit makes it durable). It is
    sent later, outside the request: by the mail worker, or (``MAIL_SEND_IMMEDIATELY``) right after
    the response of the request that committed it (see ``init_app``)."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    subject, body = render_mail(template, language, **context)
    user_id, name, convening_id = _about(recipient, context)
    message = OutboxMessage(
        recipient=recipient, language=language, subject=subject, body_text=body, template=template,
        status=QUEUED, message_id=new_message_id(), user_id=user_id, recipient_name=(name or "")[:200] or None,
        convening_id=convening_id,
    )
    db.session.add(message)
    db.session.flush()
    # Only a committed message is worth delivering: a rollback drops the message and this with it.
    unit_of_work.after_commit(_mark_committed_mail)
    return message


def deliver_pending(limit: int = 100, *, respect_backoff: bool = True) -> tuple[int, int]:
    """Send what is due (see delivery.deliver). Returns (sent, still queued)."""
    from .delivery import deliver, pending_count

    result = deliver(limit, respect_backoff=respect_backoff)
    return result.sent, pending_count()


def _mark_committed_mail() -> None:
    """Run by the unit of work after its commit: the request has mail to deliver after its
    response."""
    g.mail_queued = True


def init_app(app) -> None:
    """Development convenience: deliver right after the response of a request that committed mail
    (``response.call_on_close``), in an app context and a database session of its own; never
    inside the request. Production runs ``flask organizer mail-worker`` instead."""

    @app.after_request
    def _deliver_after_response(response):
        if g.pop("mail_queued", False) and app.config["MAIL_SEND_IMMEDIATELY"] and response.status_code < 400:
            response.call_on_close(lambda: _deliver_now(app))
        return response


def _deliver_now(app) -> None:
    with app.app_context():
        try:
            deliver_pending()
        except Exception:  # never fail anything because of mail: it stays queued
            app.logger.exception("mail delivery failed; messages stay queued")
        finally:
            db.session.remove()
