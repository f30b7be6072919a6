"""A visitor signs up in Spanish on a phone, confirms the emailed link, and manages the account."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from organizer.extensions import db
from organizer.mail.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def test_signup_in_spanish_on_a_phone(app, journey):
    j = journey("accounts-es-phone", phone=True, locale="es-MX")
    page = j.page
    j.goto("/")
    assert page.url.endswith("/es/")  # Accept-Language chose Spanish
    assert page.locator("html").get_attribute("lang") == "es"
    j.check("inicio")

    page.get_by_role("link", name="Crear cuenta").click()
    # Bad input first: errors next to the fields, what was typed stays.
    page.get_by_label("Tu nombre").fill("Rosa Martínez")
    page.get_by_label("Correo electrónico").fill("rosa@sindicato")
    page.get_by_label("Contraseña", exact=True).fill("corta")
    page.get_by_label("Repite la contraseña").fill("corta")
    page.get_by_role("button", name="Crear cuenta").click()
    expect(page.get_by_text("Usa al menos 10 caracteres.")).to_be_visible()
    assert page.get_by_label("Tu nombre").input_value() == "Rosa Martínez"
    j.check("registro-errores")

    page.get_by_label("Correo electrónico").fill("rosa@sindicato.mx")
    page.get_by_label("Contraseña", exact=True).fill("solidaridad sin fronteras")
    page.get_by_label("Repite la contraseña").fill("solidaridad sin fronteras")
    page.get_by_role("button", name="Crear cuenta").click()
    expect(page.get_by_role("heading", name="Revisa tu correo")).to_be_visible()
    j.check("revisa-correo")

    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == "rosa@sindicato.mx"))
        assert message.language == "es" and message.subject == "Confirma tu cuenta de Organizer"
        link = re.search(r"http://127\.0\.0\.1:\d+(/\S+)", message.body_text).group(1)
    j.goto(link)  # the link asks for the password chosen at sign-up before confirming
    page.get_by_label("Contraseña", exact=True).fill("solidaridad sin fronteras")
    page.get_by_role("button", name="Confirmar e iniciar sesión").click()
    expect(page.get_by_text("Tu dirección de correo está confirmada.")).to_be_visible()
    j.check("confirmada")

    # Keyboard: the skip link is the first stop and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("link", name="Rosa Martínez").click()
    j.check("perfil")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/account/")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    j.check("profile-en")
