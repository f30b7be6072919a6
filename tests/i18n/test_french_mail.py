"""Issue 17, item 5: people whose language is French get every kind of email in French, as people
whose language is Spanish get them in Spanish. The security world's accounts, members and sign-on
contacts all choose French; one email of every kind is sent (the same list the pseudo-locale crawl
uses); each must be queued in French and hold no English sentence of the catalog."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from flask import current_app

from organizer.extensions import db

from ..security.world import PASSWORD, build_world
from . import pseudo
from .test_pseudo_locale import _send_every_email

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{[^}]*\}|\n")


def _english_fragments() -> set[str]:
    """Pieces (three words or more) of every English message the French catalog translates
    differently: none may show in a French email."""
    with open(pseudo.ROOT / "translations/fr/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    french = " ".join(s for m in catalog if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,)))
    fragments = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(ids) & set(strings):
            continue
        for text in ids:
            for piece in _PLACEHOLDER.split(text):
                piece = piece.strip(" .,:;()—-")
                if len(re.findall(r"[A-Za-z]+", piece)) >= 3 and piece not in french:
                    fragments.add(piece)
    return fragments


@pytest.fixture
def french_mail(app):
    from werkzeug.security import generate_password_hash

    from organizer.accounts import services as accounts
    from organizer.accounts.models import User
    from organizer.declarations.models import Signatory
    from organizer.delegations.models import DelegationMember
    from organizer.mail.models import OutboxMessage

    hashed = generate_password_hash(PASSWORD)
    original = accounts.generate_password_hash
    with app.test_request_context("/fr/"):
        accounts.generate_password_hash = lambda *a, **k: hashed
        try:
            world = build_world()
        finally:
            accounts.generate_password_hash = original
        db.session.execute(db.update(User).values(preferred_language="fr"))
        db.session.execute(db.update(DelegationMember).values(listen_language="fr"))
        db.session.execute(db.update(Signatory).values(contact_language="fr"))
        db.session.execute(db.delete(OutboxMessage))
        db.session.commit()
        _send_every_email(world, "fr")
        messages = db.session.scalars(db.select(OutboxMessage)).all()
        kinds = {n[len("mail/"):-len(".txt")] for n in current_app.jinja_env.list_templates()
                 if n.startswith("mail/") and not n.startswith("mail/_")}
        return [(m.template, m.language, m.subject, m.body_text) for m in messages], kinds


def test_every_kind_of_email_goes_out_in_french(french_mail):
    messages, kinds = french_mail
    assert kinds - {m[0] for m in messages} == set(), "email kinds not sent"
    assert len(kinds) >= 20
    assert {(template, language) for template, language, _s, _b in messages if language != "fr"} == set()


def test_no_french_email_holds_an_english_sentence(french_mail):
    messages, _kinds = french_mail
    fragments = _english_fragments()
    leftovers = {}
    for template, _language, subject, body in messages:
        found = sorted(f for f in fragments if f in subject or f in body)
        if found:
            leftovers[template] = found
    assert leftovers == {}


@pytest.mark.parametrize("template, words", [
    ("confirm_email", "Confirmez votre compte Organizer"),
    ("password_reset", "mot de passe"),
    ("delegations_waitlisted", "liste d'attente"),
    ("delegations_received", "délégation"),
    ("declarations_signon_received", "déclaration"),
])
def test_french_emails_use_the_glossarys_words(french_mail, template, words):
    messages, _kinds = french_mail
    texts = [f"{s}\n{b}" for t, _l, s, b in messages if t == template]
    assert texts and all(words.lower() in text.lower() for text in texts), (template, texts[:1])


def test_the_checker_sees_english_in_an_email(app):
    from types import SimpleNamespace

    from organizer.mail.services import render_mail

    with app.test_request_context("/en/"):
        subject, body = render_mail("confirm_email", "en", user=SimpleNamespace(name="Marie Tremblay"),
                                    confirm_url="https://example.org/x")
        french = render_mail("confirm_email", "fr", user=SimpleNamespace(name="Marie Tremblay"),
                             confirm_url="https://example.org/x")
    fragments = _english_fragments()
    assert any(f in f"{subject}\n{body}" for f in fragments)
    assert not any(f in "\n".join(french) for f in fragments)
