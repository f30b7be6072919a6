"""Organizers' own wording of registration emails: per convening, kind and language, a subject and
the main paragraph (what follows the greeting). Lists of members, links and the contact are always
generated, so an edited text can never lose them."""
from __future__ import annotations

import re

from ...extensions import db
from ...i18n.translated import TranslatedText
from ..models import EMAIL_KINDS, RegistrationEmailText
from .core import RegistrationError

_PLACEHOLDER = re.compile(r"\{(name|delegation|convening)\}")


def custom_text(convening_id: int, kind: str, language: str) -> RegistrationEmailText | None:
    return db.session.get(RegistrationEmailText, (convening_id, kind, language))


def fill(text: str, values: dict) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def customize(subject: str, body: str, custom: RegistrationEmailText | None, values: dict) -> tuple[str, str]:
    """The message with the organizers' subject and main paragraph, when they wrote them."""
    if custom is None:
        return subject, body
    if custom.subject and custom.subject.strip():
        subject = " ".join(fill(custom.subject, values).split())
    if custom.body and custom.body.strip():
        parts = body.split("\n\n")
        text = fill(custom.body.strip().replace("\r\n", "\n"), values)
        if len(parts) > 1:
            parts[1] = text
        else:
            parts.append(text)
        body = "\n\n".join(parts)
    return subject, body


def apply_to(message, convening_id: int, kind: str, values: dict) -> None:
    """Rewrite a queued message (flushed, not yet sent) with the convening's text for its kind."""
    custom = custom_text(convening_id, kind, message.language)
    if custom is not None:
        message.subject, message.body_text = customize(message.subject, message.body_text, custom, values)
        db.session.flush()


def save_text(convening_id: int, kind: str, language: str, subject: str | None, body: str | None) -> None:
    from flask_babel import gettext as _

    if kind not in EMAIL_KINDS:
        raise RegistrationError(_("Choose an email from the list."), "kind")
    row = custom_text(convening_id, kind, language)
    subject, body = (subject or "").strip() or None, (body or "").strip() or None
    if row is None:
        if subject is None and body is None:
            return
        row = RegistrationEmailText(convening_id=convening_id, kind=kind, language=language)
        db.session.add(row)
    row.subject, row.body = subject, body
    db.session.flush()


def sample(convening, kind: str, language: str, subject: str | None, body: str | None) -> tuple[str, str]:
    """What the email looks like with this text, for sample people (nothing is stored or sent)."""
    from types import SimpleNamespace

    from flask import current_app

    from ...mail.services import render_mail
    from .core import get_settings, organizer_contact

    member = SimpleNamespace(id=0, name="Ana Ejemplo", email="ana@example.org", offered_at=None)
    delegation = SimpleNamespace(id=0, name=TranslatedText(en="Sample delegation", es="Delegación de ejemplo"))
    lead = SimpleNamespace(name="Lupita Ejemplo", email="lead@example.org")
    settings = get_settings(convening)
    template = "delegations_member" if kind == "member" else f"delegations_{kind}"
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    rendered_subject, rendered_body = render_mail(
        template, language, lead=lead, delegation=delegation, convening=convening, settings=settings,
        members=[member], member=member, kind="confirmed", first=True, reason="…", positions={0: 1}, position=1,
        sections=[("confirmed", [member]), ("waitlisted", [member])], offer_until=lambda m: "…", code="ABCD-2345",
        contact=organizer_contact(convening, settings), url="https://…", places_left=None)
    custom = RegistrationEmailText(subject=subject, body=body)
    values = {"name": member.name if kind == "member" else lead.name,
              "delegation": delegation.name.resolve(language).text, "convening": convening.title.resolve(language).text}
    return customize(rendered_subject, rendered_body, custom, values)
