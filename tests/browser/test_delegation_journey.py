"""A union leader registers a delegation in Spanish on a phone, without JavaScript; an organizer
reviews it on a desktop, plans interpretation and prints a visa letter. Every page is audited."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]


def _setup(app, make_user):
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.delegations.models import RegistrationQuestion, RegistrationSettings
    from organizer.organizations.models import Organization

    organizer = make_user("org@example.org", name="Olga Organizer")
    with app.app_context():
        convening = Convening(slug="cdmx-2027", kind="trinational", status="registration_open",
                              title=TranslatedText(en="Trinational convening 2027", es="Encuentro trinacional 2027"),
                              city=TranslatedText(en="Mexico City", es="Ciudad de México"),
                              timezone="America/Mexico_City")
        union = Organization(slug="snte", name=TranslatedText(es="Sindicato Nacional de Trabajadores de la Educación"),
                             acronym=TranslatedText(es="SNTE"), country="MX", kind="union")
        union.refresh_search_text()
        db.session.add_all([convening, union])
        db.session.flush()
        db.session.add(RegistrationSettings(convening_id=convening.id, capacity=30, review_required=True))
        db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=organizer))
        # The organizers' own question (issue 13 item 10), asked of each member, in three languages.
        db.session.add(RegistrationQuestion(
            convening_id=convening.id, position=0, kind="choice", scope="member", required=False,
            label=TranslatedText(en="T-shirt size", es="Talla de camiseta", fr="Taille de t-shirt"),
            choices=[{"key": "c1", "label": {"en": "Small", "es": "Chica", "fr": "Petite"}},
                     {"key": "c2", "label": {"en": "Medium", "es": "Mediana", "fr": "Moyenne"}}]))
        db.session.commit()
    return organizer


def _mail(app, recipient):
    from organizer.mail.models import OutboxMessage

    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
                                  .order_by(OutboxMessage.id)).all()


def _login(j, email, lang):
    j.goto(f"/{lang}/account/login")
    j.page.fill("#email", email)
    j.page.fill("#password", PASSWORD)
    j.page.locator("main form button[type=submit]").click()


def test_a_lead_registers_on_a_phone_and_an_organizer_reviews(app, journey, make_user):
    _setup(app, make_user)
    j = journey("delegation-lead-es-phone", phone=True, locale="es-MX")
    page = j.page
    j.visit("/es/convenings/cdmx-2027/", "encuentro")  # the convening's page offers registration
    page.get_by_role("button", name="Registrar una delegación").click()
    expect(page.get_by_role("heading", name="Registrar una delegación")).to_be_visible()
    j.check("inicia-sesion-primero")
    # No account yet: sign up in Spanish; the emailed link brings the lead back to registration.
    page.get_by_role("button", name="Crear una cuenta").click()
    page.get_by_label("Tu nombre").fill("Lupita Hernández")
    page.get_by_label("Correo electrónico").fill("lupita@example.org")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_label("Repite la contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Crear cuenta").click()
    j.check("revisa-tu-correo")
    [message] = _mail(app, "lupita@example.org")
    assert message.language == "es" and message.subject == "Confirma tu cuenta de Organizer"
    j.goto(re.search(r"http://127\.0\.0\.1:\d+(/\S+)", message.body_text).group(1))
    # The link asks for the password chosen at sign-up before it confirms (and logs in).
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirmar e iniciar sesión").click()
    assert page.url.endswith("/es/registration/cdmx-2027/")  # back where the lead was going
    j.check("registrar")
    page.get_by_label("Español").fill("Delegación magisterial de Oaxaca")
    page.get_by_label("Buscar una organización").fill("snte")
    page.get_by_role("button", name="Buscar").click()
    assert page.get_by_label("Español").input_value() == "Delegación magisterial de Oaxaca"
    page.get_by_label("Sindicato Nacional de Trabajadores de la Educación (SNTE)", exact=False).check()
    j.check("organizacion-elegida")
    page.get_by_role("button", name="Guardar y agregar integrantes").click()
    expect(page.get_by_text("Tu delegación quedó guardada como borrador")).to_be_visible()
    j.check("delegacion")

    page.get_by_role("button", name="Agregar integrante").click()
    page.get_by_label("Nombre completo").fill("Rosa Martínez")
    page.get_by_label("País").select_option("MX")
    page.get_by_label("Escucha en").select_option("es")
    page.get_by_label("Habla en").select_option("es")
    page.get_by_label("Llegada").fill("2027-03-12")
    page.get_by_label("Salida").fill("2027-03-10")
    page.get_by_label("Necesita carta de invitación para la visa").check()
    page.get_by_role("group", name="Talla de camiseta").get_by_label("Mediana").check()
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.get_by_text("La salida no puede ser antes de la llegada.")).to_be_visible()  # waits for the page after the click
    assert page.get_by_label("Nombre completo").input_value() == "Rosa Martínez"
    assert page.get_by_label("Mediana").is_checked()  # the answer is kept too
    j.check("integrante-errores")
    page.get_by_label("Salida").fill("2027-03-14")
    page.get_by_label("Nombre como en el pasaporte").fill("ROSA MARTINEZ LOPEZ")
    page.get_by_label("Nacionalidad").select_option("MX")
    page.get_by_label("Número de pasaporte").fill("G12345678")
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.get_by_text("Rosa Martínez se agregó a la delegación")).to_be_visible()  # waits for the page after the click
    j.check("con-integrante")
    for name, listens in (("Juan Pérez", "es"), ("Mary Johnson", "en")):
        page.get_by_role("button", name="Agregar integrante").click()
        page.get_by_label("Nombre completo").fill(name)
        page.get_by_label("País").select_option("MX" if listens == "es" else "US")
        page.get_by_label("Escucha en").select_option(listens)
        page.get_by_label("Habla en").select_option(listens)
        page.get_by_role("button", name="Guardar", exact=True).click()
        expect(page.get_by_text(f"{name} se agregó a la delegación")).to_be_visible()
    j.check("tres-integrantes")

    page.get_by_role("button", name="Revisar y enviar").click()
    j.check("revisar")
    page.get_by_role("button", name="Enviar 3 integrantes").click()
    expect(page.get_by_text("Enviada. El equipo organizador revisará tu delegación")).to_be_visible()
    j.check("enviada")

    o = journey("delegation-organizer-en", locale="en-US")
    _login(o, "org@example.org", "en")
    o.visit("/en/registration/cdmx-2027/delegations", "delegations")
    o.page.get_by_role("link", name="Delegación magisterial de Oaxaca").click()
    o.page.get_by_label("Confirm").check()
    o.page.get_by_role("button", name="Apply the decision").click()
    # the decision shows what it will do before it applies: who is confirmed, who is emailed
    expect(o.page.get_by_text("Nothing has changed yet")).to_be_visible()
    expect(o.page.get_by_text("lupita@example.org", exact=False)).to_be_visible()
    o.check("decision-preview")
    o.page.get_by_role("button", name="Apply the decision").click()
    expect(o.page.get_by_text("Members confirmed: 3; on the waiting list: 0; declined: 0.")).to_be_visible()
    o.check("reviewed")
    # The lead hears of it in Spanish, the language of the lead's account, though the organizer works in English.
    confirmed = [m for m in _mail(app, "lupita@example.org") if m.template == "delegations_confirmed"]
    assert len(confirmed) == 1 and confirmed[0].language == "es"
    assert confirmed[0].subject == "Confirmada: tu delegación para Encuentro trinacional 2027"
    assert "Rosa Martínez" in confirmed[0].body_text and "Hola, Lupita Hernández:" in confirmed[0].body_text
    o.visit("/en/registration/cdmx-2027/dashboard", "dashboard")
    expect(o.page.get_by_text("Medium: 1")).to_be_visible()  # the dashboard counts the answers per choice
    o.page.get_by_role("link", name="Print the letter").click()
    expect(o.page.get_by_text("Nos complace invitar a ROSA MARTINEZ LOPEZ")).to_be_visible()
    o.check("visa-letter")
    o.visit("/en/registration/cdmx-2027/settings", "settings")
    o.visit("/en/registration/cdmx-2027/questions", "questions")
    o.visit("/en/registration/cdmx-2027/badges?state=confirmed", "badges")

    j.visit("/es/registration/cdmx-2027/", "estado")  # leads to the delegation
    expect(page.get_by_text("Confirmada").first).to_be_visible()


PAPERS = {"A4": (210, 297), "Letter": (215.9, 279.4)}  # millimetres
MARGIN_MM = 10  # the stylesheet's @page margin
PX_PER_MM = 96 / 25.4


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_badges_roster_and_letters_fit_a4_and_us_letter(app, journey, make_user):
    """Print layouts measured in the browser: every badge's text inside its cut marks, the roster's
    signature column on the paper, eight badges a sheet, each letter's language on its own page."""
    from organizer.delegations.models import CONFIRMED, WAITLISTED, Delegation, DelegationMember

    _setup(app, make_user)
    lead = make_user("lead@example.org")
    with app.app_context():
        from organizer.convenings.models import Convening

        convening = db.session.scalar(db.select(Convening).where(Convening.slug == "cdmx-2027"))
        delegation = Delegation(convening_id=convening.id, lead_user_id=lead, status=CONFIRMED,
                                name=TranslatedText(es="Delegación de la Confederación Revolucionaria de Obreros"))
        db.session.add(delegation)
        db.session.flush()
        for n in range(9):
            db.session.add(DelegationMember(
                delegation_id=delegation.id, status=CONFIRMED, country="CA" if n % 2 else "MX",
                name=f"María Guadalupe Fernández de la Concepción Hernández-Villaseñor {n}",
                listen_language="es", speak_language="es", languages=[], visa_letter=n == 0,
                passport_name="MARIA GUADALUPE FERNANDEZ", nationality="MX", passport_number="G1"))
        db.session.add(DelegationMember(delegation_id=delegation.id, status=WAITLISTED, name="Waiting Person",
                                        languages=[]))
        db.session.commit()
        delegation_id = delegation.id
        member_id = db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.visa_letter.is_(True)))
    o = journey("delegation-print", locale="en-US")
    _login(o, "org@example.org", "en")
    page = o.page
    for paper, (width_mm, height_mm) in PAPERS.items():
        content_px = int((width_mm - 2 * MARGIN_MM) * PX_PER_MM)
        page.set_viewport_size({"width": content_px, "height": int((height_mm - 2 * MARGIN_MM) * PX_PER_MM)})
        page.emulate_media(media="print")

        o.goto("/en/registration/cdmx-2027/badges")
        assert page.locator(".name-badge").count() == 9  # confirmed people only, by default
        overflow = page.evaluate("""(width) => [...document.querySelectorAll('.name-badge')].filter(b => {
            const r = b.getBoundingClientRect();
            return b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1 || r.right > width + 1;
        }).length""", content_px)
        assert overflow == 0, (paper, page.evaluate("""() => [...document.querySelectorAll('.name-badge')].slice(0, 2)
            .map(b => [b.scrollHeight, b.clientHeight, b.scrollWidth, b.clientWidth, b.getBoundingClientRect().right,
                       getComputedStyle(b).height, getComputedStyle(b.querySelector('.badge-name')).fontSize])"""))
        assert _pdf_pages(page.pdf(format=paper, prefer_css_page_size=True)) == 2, paper  # 8 a sheet

        o.goto("/en/registration/cdmx-2027/roster")
        sizes = page.evaluate("""() => { const t = document.querySelector('table.roster');
            const sig = t.querySelector('thead th:last-child').getBoundingClientRect();
            return {right: t.getBoundingClientRect().right, sigRight: sig.right, sigWidth: sig.width,
                    scroll: document.documentElement.scrollWidth}; }""")
        assert sizes["right"] <= content_px + 1 and sizes["sigRight"] <= content_px + 1, (paper, sizes)
        assert sizes["sigWidth"] >= 100 and sizes["scroll"] <= content_px + 1, (paper, sizes)
        assert "Waiting Person" not in page.content()
        page.pdf(format=paper)

        o.goto(f"/en/registration/d/{delegation_id}/members/{member_id}/letter")
        assert _pdf_pages(page.pdf(format=paper)) == 2, paper  # English, then Spanish on its own page
    page.emulate_media(media="screen")


def test_an_organizer_runs_the_door_on_a_phone(app, journey, make_user):
    """After the change deadline the organizer edits a member and withdraws another (asked first);
    a member gets her own email; at the door, on a phone, two members are checked in (one by typed
    code, one by name) and one gets an interpretation receiver. Check-in time per person is measured."""
    import time
    from datetime import timedelta

    from organizer.database import utcnow
    from organizer.delegations.models import CONFIRMED, SUBMITTED, Delegation, DelegationMember, RegistrationSettings

    _setup(app, make_user)
    lead = make_user("lead@example.org", language="es")
    with app.app_context():
        from organizer.convenings.models import Convening

        convening = db.session.scalar(db.select(Convening).where(Convening.slug == "cdmx-2027"))
        settings = db.session.get(RegistrationSettings, convening.id)
        settings.change_deadline = utcnow() - timedelta(days=1)
        settings.contact_email = "registro@example.org"
        settings.interpretation_languages = ["en", "es"]
        settings.questions = {"organization": "off", "country": "required", "visa_letter": "off"}
        delegation = Delegation(convening_id=convening.id, lead_user_id=lead, status=CONFIRMED,
                                name=TranslatedText(es="Delegación de Oaxaca"))
        db.session.add(delegation)
        db.session.flush()
        for name, email, listens in (("Rosa Martínez", "rosa@example.org", "es"), ("Mary Johnson", None, "en"),
                                     ("Pedro Ruiz", None, "es")):
            db.session.add(DelegationMember(delegation_id=delegation.id, name=name, email=email,
                                            status=SUBMITTED if email else CONFIRMED,
                                            listen_language=listens, speak_language=listens, languages=[],
                                            country="MX", queued_at=utcnow()))
        db.session.commit()
        ids = dict(db.session.execute(db.select(DelegationMember.name, DelegationMember.id)).all())
        delegation_id = delegation.id

    o = journey("delegation-door-phone", phone=True, locale="en-US")
    _login(o, "org@example.org", "en")
    page = o.page
    # after the deadline, the organizer still edits a member...
    o.visit(f"/en/registration/d/{delegation_id}/members/{ids['Mary Johnson']}/edit", "edit-after-deadline")
    page.get_by_label("Full name").fill("Mary Johnson-Smith")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The details of Mary Johnson-Smith are saved.")).to_be_visible()
    # ...and withdraws another, asked first with what happens to the place
    page.get_by_role("link", name="Withdraw Pedro Ruiz").click()
    expect(page.get_by_text("What will happen:")).to_be_visible()
    o.check("withdraw-question")
    page.get_by_role("button", name="Yes, withdraw Pedro Ruiz").click()
    expect(page.get_by_text("Pedro Ruiz is withdrawn from the delegation.")).to_be_visible()
    history = page.locator("ol.history").inner_text()
    assert "Olga Organizer" in history and "Member withdrawn" in history
    # confirming Rosa shows who is emailed first; Rosa, who has an email, gets her own message with her code
    page.get_by_label("Rosa Martínez", exact=True).check()
    page.get_by_label("Confirm", exact=True).check()
    page.get_by_role("button", name="Apply the decision").click()
    expect(page.get_by_text("rosa@example.org", exact=False)).to_be_visible()
    o.check("decision-preview-phone")
    page.get_by_role("button", name="Apply the decision").click()
    [message] = _mail(app, "rosa@example.org")
    assert message.language == "es" and message.template == "delegations_member"
    rosa_code = re.search(r"Tu código de llegada es (\w{4}-\w{4})", message.body_text).group(1)

    # a receiver for the Spanish channel
    o.visit("/en/registration/cdmx-2027/receivers", "receivers")
    page.get_by_label("Channel", exact=True).select_option("es")
    page.get_by_label("How many").fill("5")
    page.get_by_role("button", name="Add numbered receivers").click()
    expect(page.get_by_text("5 receivers added: ES-001 to ES-005.")).to_be_visible()

    # at the door: Rosa by typed code, Mary by name
    o.visit("/en/registration/cdmx-2027/checkin", "checkin")
    timings = []
    start = time.perf_counter()
    page.get_by_label("Name, code or scanned badge").fill(rosa_code.lower())
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Check in Rosa Martínez").click()
    expect(page.get_by_text("Rosa Martínez is checked in.")).to_be_visible()
    timings.append(time.perf_counter() - start)
    o.check("checked-in-by-code")
    page.get_by_label("Name, code or scanned badge").fill(rosa_code)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Hand out a receiver (Spanish)").click()
    expect(page.get_by_text("Receiver ES-001 handed to Rosa Martínez.")).to_be_visible()
    expect(page.get_by_text("Receiver ES-001").first).to_be_visible()
    start = time.perf_counter()
    page.get_by_label("Name, code or scanned badge").fill("mary john")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("button", name="Check in Mary Johnson-Smith").click()
    expect(page.get_by_text("Mary Johnson-Smith is checked in.")).to_be_visible()
    timings.append(time.perf_counter() - start)
    expect(page.get_by_text("2 of 2 confirmed people have arrived.")).to_be_visible()
    o.check("two-arrived")
    # twice refused, with the time of the first
    page.get_by_label("Name, code or scanned badge").fill(rosa_code)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("Already checked in at")).to_be_visible()
    print(f"check-in time per person (typed code, then name): {[round(t, 2) for t in timings]} s")
    assert max(timings) < 10

    o.visit("/en/registration/cdmx-2027/receivers", "receivers-out")
    out = page.locator(".receivers-out").inner_text()
    assert "ES-001" in out and "Rosa Martínez" in out
