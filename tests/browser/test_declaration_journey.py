"""Journey 3: a joint declaration from the first clause to the signatories, in both languages.

The drafting committee drafts the bilingual clauses, a delegation lead proposes a change, the
committee merges it, the organizer records the plenary's consensus (one delegation stands aside) and
adopts it, an organization signs on through the public form, the organizer verifies it, and a visitor
reads the declaration in English and in Spanish (side by side and one language), on a desktop and on a
phone, prints it and downloads the PDF. One browser context per person; every page is audited.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from ..conftest import PASSWORD
from ..factories import password_hash

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]

FOLDER = "declaration-journey"

# Common English words that never occur in Spanish interface text.
ENGLISH = re.compile(r"\b(the|and|of|your|with|this|is|are|to|clause|proposal|signatories|draft|version|english)\b", re.I)


def spanish_leftovers(page) -> list[str]:
    """Text on a Spanish page outside any lang="en" element that reads as English."""
    texts = page.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const el = node.parentElement;
            if (!el || el.closest('script,style,[lang="en"],[hidden]')) continue;
            const text = node.textContent.trim();
            if (text) out.push(text);
        }
        for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
            if (el.closest('[lang="en"]')) continue;
            for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
        }
        return out;
    }""")
    return [t for t in texts if ENGLISH.search(t)]


def assert_spanish(j) -> None:
    assert j.page.locator("html").get_attribute("lang") == "es"
    leftovers = spanish_leftovers(j.page)
    assert leftovers == [], f"{j.page.url}: English on a Spanish page: {leftovers}"


def no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url}: the page is {overflow}px wider than the screen"


def log_in(j, email: str, lang: str, *, audit: bool = False) -> None:
    j.goto(f"/{lang}/account/login")
    if audit:
        j.check(f"login-{lang}")
    j.page.locator("#email").fill(email)
    j.page.locator("#password").fill(PASSWORD)
    j.page.locator("main form button[type=submit]").click()
    j.page.wait_for_load_state()
    assert "/account/login" not in j.page.url, j.page.url


@pytest.fixture
def cast(app):
    """The people and the convening, made directly in the database."""
    from organizer.accounts.models import User
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.database import utcnow
    from organizer.delegations.models import Delegation

    hashed = password_hash(PASSWORD)
    people = {}
    with app.app_context():
        for key, email, name, lang in [
            ("organizer", "olga@organizer.example", "Olga Ruiz", "en"),
            ("committee", "carla@comite.example", "Carla Méndez", "es"),
            ("lead", "luis@sindicato.example", "Luis Hernández", "es"),
            ("other_lead", "pat@local.example", "Pat Miller", "en"),
        ]:
            user = User(email=email, name=name, password_hash=hashed, preferred_language=lang,
                        email_confirmed_at=utcnow())
            db.session.add(user)
            db.session.flush()
            people[key] = user.id
        convening = Convening(slug="cdmx-2031", kind="trinational", status="published",
                              timezone="America/Mexico_City", countries=["US", "MX", "CA"],
                              title=TranslatedText(en="Mexico City Trinational Forum 2031",
                                                   es="Foro Trinacional Ciudad de México 2031"))
        db.session.add(convening)
        db.session.flush()
        db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=people["organizer"]))
        db.session.add_all([
            Delegation(convening_id=convening.id, lead_user_id=people["lead"], status="confirmed",
                       name=TranslatedText(en="Section 22 teachers", es="Maestras y maestros de la Sección 22")),
            Delegation(convening_id=convening.id, lead_user_id=people["other_lead"], status="confirmed",
                       name=TranslatedText(en="Local 100 warehouse workers", es="Almacenistas del Local 100")),
        ])
        from organizer.organizations.models import Organization
        from organizer.organizations.services import save_organization

        save_organization(Organization(name=TranslatedText(en="Chicago Teachers Union", es="Sindicato de Maestros de Chicago"),
                                       country="US", kind="union", verified=True), sectors=["education"], networks=[])
        db.session.commit()
        people["convening"] = convening.slug
    return people


def test_declaration_from_draft_to_signatories(app, journey, cast):
    from organizer.accounts.models import User
    from organizer.declarations import services
    from organizer.declarations.models import Declaration

    # --- The organizer starts the declaration (English, desktop). ---------------------------------
    olga = journey(FOLDER + "/1-organizer")
    log_in(olga, "olga@organizer.example", "en", audit=True)
    olga.goto(f"/en/declarations/new/{cast['convening']}")
    olga.check("start-declaration")
    olga.page.locator("#title-en").fill("Mexico City Declaration on Labor Rights Without Borders")
    olga.page.locator("#title-es").fill("Declaración de la Ciudad de México por los derechos laborales sin fronteras")
    olga.page.get_by_role("button", name="Start the declaration").click()
    expect(olga.page.get_by_role("heading", name="Committee and status")).to_be_visible()
    olga.check("manage")

    # The committee is named in the database (its page is tested in tests/declarations).
    with app.test_request_context("/en/"):
        declaration = db.session.scalar(db.select(Declaration))
        services.set_committee(declaration, add_user=db.session.get(User, cast["committee"]))
        db.session.commit()
        slug = declaration.slug

    # --- The committee drafts the clauses (Spanish, desktop). -------------------------------------
    carla = journey(FOLDER + "/2-committee", locale="es-MX")
    log_in(carla, "carla@comite.example", "es")
    carla.goto(f"/es/declarations/{slug}")
    carla.check("borrador-vacio")
    assert_spanish(carla)
    clauses = [
        ("preamble", "es",
         "Reunidas en la Ciudad de México, las organizaciones de trabajadoras y trabajadores de los tres países "
         "declaramos que nuestros derechos no terminan en ninguna frontera.",
         "Meeting in Mexico City, workers' organizations of the three countries declare that our rights end at no border."),
        ("demand", "es",
         "Exigimos un salario digno para todas las personas trabajadoras.",
         "We demand a living wage for all workers."),
        ("solidarity", "en",
         "Colaboramos con las trabajadoras del hogar que se organizan en los tres países.",
         "We stand with domestic workers organizing in all three countries."),
    ]
    for number, (kind, written_in, es_text, en_text) in enumerate(clauses, 1):
        carla.page.get_by_role("link", name="Agregar una cláusula").first.click()
        if number == 1:
            carla.check("agregar-clausula")
            assert_spanish(carla)
        carla.page.get_by_label("Tipo de cláusula").select_option(kind)
        carla.page.get_by_label("Escrita en").select_option(written_in)
        carla.page.locator("#text-es").fill(es_text)
        carla.page.locator("#text-en").fill(en_text)
        for box in carla.page.locator("input[name=reviewed]").all():
            box.check()
        carla.page.get_by_role("button", name="Guardar (conserva una nueva versión)").click()
        expect(carla.page.get_by_text("La cláusula quedó agregada.")).to_be_visible()
        assert carla.page.locator("ol.clauses > li").count() == number
    expect(carla.page.get_by_text("Todas las cláusulas están revisadas en ambos idiomas.")).to_be_visible()
    carla.check("borrador-tres-clausulas")
    assert_spanish(carla)

    # --- A delegation lead proposes a change to clause 2 (Spanish, phone). ------------------------
    luis = journey(FOLDER + "/3-lead", phone=True, locale="es-MX")
    log_in(luis, "luis@sindicato.example", "es")
    luis.goto(f"/es/declarations/{slug}")
    luis.check("borrador-delegacion")
    assert_spanish(luis)
    no_horizontal_scroll(luis.page)
    luis.page.get_by_role("link", name="Proponer un cambio a la cláusula 2").click()
    luis.check("proponer")
    assert_spanish(luis)
    assert luis.page.get_by_label("A nombre de").input_value().startswith("d")
    # The change starts from the clause as it stands; the lead rewrites it in Spanish only.
    assert luis.page.locator("#text-es").input_value() == "Exigimos un salario digno para todas las personas trabajadoras."
    assert luis.page.locator("#text-en").input_value() == "We demand a living wage for all workers."
    luis.page.locator("#text-es").fill(
        "Exigimos un salario digno y la libertad de organizarse en sindicatos independientes para todas las "
        "personas trabajadoras.")
    luis.page.locator("#reason-es").fill("Sin libertad sindical el salario digno no se sostiene.")
    luis.page.get_by_role("button", name="Enviar la propuesta").click()
    expect(luis.page.get_by_text("Tu propuesta se envió a la comisión redactora.")).to_be_visible()
    expect(luis.page.get_by_role("heading", name=re.compile(r"Propuesta n\.º \d+"))).to_be_visible()
    expect(luis.page.get_by_text("(no se propone cambio en este idioma)").first).to_be_visible()
    expect(luis.page.locator(".diff ins", has_text="sindicatos independientes")).to_be_visible()
    luis.check("propuesta-enviada")
    assert_spanish(luis)
    no_horizontal_scroll(luis.page)

    # --- The committee accepts it, merging it into the draft. -------------------------------------
    carla.page.get_by_role("link", name="Propuestas").first.click()
    carla.check("propuestas")
    assert_spanish(carla)
    carla.page.locator("table a", has_text="#").first.click()
    carla.check("decidir-propuesta")
    assert_spanish(carla)
    carla.page.get_by_label("Aceptar (incorporar al borrador)").check()
    assert "sindicatos independientes" in carla.page.locator("#text-es").input_value()
    # The committee brings the English text along before merging.
    assert carla.page.locator("#text-en").input_value() == "We demand a living wage for all workers."
    carla.page.locator("#text-en").fill(
        "We demand a living wage and the freedom to organize in independent unions for all workers.")
    for box in carla.page.locator("input[name=reviewed]").all():
        box.check()
    carla.page.locator("#reason-es").fill("La incorporamos tal cual.")
    carla.page.get_by_role("button", name="Registrar la decisión").click()
    assert carla.page.locator("table .badge", has_text="Aceptada").count() == 1, carla.page.content()
    carla.check("propuesta-aceptada")
    carla.goto(f"/es/declarations/{slug}?view=both")
    # The draft numbers its lines per language: the new words are on line 2 of clause 2 in Spanish.
    clause2 = carla.page.locator("ol.clauses > li").nth(1)
    assert clause2.locator('[lang="es"] ol.line-numbers li').nth(1).inner_text().split("\n")[-1].startswith(
        "sindicatos independientes")
    carla.check("borrador-con-propuesta")
    assert_spanish(carla)
    # What changed, word by word, in Spanish.
    carla.page.get_by_role("link", name="Historial de versiones").click()
    carla.check("versiones")
    assert_spanish(carla)
    carla.goto(f"/es/declarations/{slug}/compare")
    assert carla.page.locator("ins").count() > 0
    carla.check("comparar")
    assert_spanish(carla)

    # The lead sees what became of the proposal.
    luis.goto(f"/es/declarations/{slug}/proposals")
    expect(luis.page.get_by_text("Aceptada").first).to_be_visible()
    luis.check("mis-propuestas")
    assert_spanish(luis)

    # --- The plenary adopts it by consensus (the organizer records it, English). -------------------
    olga.goto(f"/en/declarations/{slug}/manage")
    olga.page.get_by_role("button", name="Bring it to the plenary").click()
    olga.page.get_by_role("link", name="Record the plenary's decision").click()
    olga.check("adoption")
    rows = olga.page.locator("table tbody tr")
    teachers = rows.filter(has_text="Section 22 teachers")
    teachers.get_by_label("Consent").check()
    teachers.get_by_role("button", name="Record").click()
    warehouse = olga.page.locator("table tbody tr").filter(has_text="Local 100 warehouse workers")
    warehouse.get_by_label("Stand aside").check()
    warehouse.locator("input[name=note-en]").fill("We have not consulted our members on clause 3 yet.")
    warehouse.locator("input[name=note-es]").fill("Aún no consultamos a nuestra base sobre la cláusula 3.")
    warehouse.get_by_role("button", name="Record").click()
    assert olga.page.locator("table tbody tr").filter(has_text="Section 22 teachers").get_by_text("Consent").count() >= 1
    expect(olga.page.locator("table tbody tr").filter(has_text="Local 100").locator(".badge", has_text="Stand aside")).to_be_visible()
    olga.check("positions-recorded")
    olga.page.get_by_label("By consensus").check()
    olga.page.get_by_role("button", name="Adopt the declaration").click()
    expect(olga.page.get_by_text("Adopted", exact=False).first).to_be_visible()
    expect(olga.page.get_by_text("by consensus").first).to_be_visible()
    olga.check("adopted")

    # --- An organization signs on through the public form (Spanish, anonymous). -------------------
    ana = journey(FOLDER + "/4-signer", locale="es-MX")
    ana.goto(f"/es/declarations/{slug}")
    ana.check("adoptada-publica")
    assert_spanish(ana)
    ana.page.get_by_role("button", name="Firma a nombre de tu organización").click()
    ana.check("adherirse")
    assert_spanish(ana)
    ana.page.get_by_label("O el nombre de tu organización").fill("Frente Auténtico de Trabajadoras del Hogar")
    ana.page.get_by_label("País").select_option("MX")
    ana.page.locator("#sector").select_option("domestic_homecare")
    ana.page.get_by_label("Persona que autoriza la firma").fill("Marcelina Bautista")
    ana.page.locator("#authorizer_title").fill("Secretaria general")
    ana.page.get_by_label("Correo de contacto (nunca se publica)").fill("contacto@fath.example")
    ana.page.get_by_label("Confirmo que esta organización autorizó su firma.").check()
    ana.page.get_by_role("button", name="Firmar", exact=True).click()
    expect(ana.page.get_by_role("heading", name="Gracias: recibimos tu firma")).to_be_visible()
    ana.check("firma-recibida")
    assert_spanish(ana)
    # Not shown before an organizer verifies it.
    ana.goto(f"/es/declarations/{slug}")
    assert ana.page.get_by_text("Frente Auténtico de Trabajadoras del Hogar").count() == 0
    ana.check("firma-pendiente")

    # A listed organization signs on too (English, phone).
    sam = journey(FOLDER + "/4b-signer-us", phone=True)
    sam.goto(f"/en/declarations/{slug}/sign")
    sam.page.get_by_label("Your organization, if it is listed").select_option(label="Chicago Teachers Union")
    sam.page.get_by_label("Country").select_option("US")
    sam.page.get_by_label("Sector").select_option("education")
    sam.page.get_by_label("Person who authorizes the signature").fill("Stacy Davis")
    sam.page.get_by_label("Contact email (never published)").fill("office@ctu.example")
    sam.page.get_by_role("button", name="Sign on").click()
    # Bad input: the confirmation is missing; what was typed stays.
    expect(sam.page.get_by_text("Please confirm the organization authorized it.")).to_be_visible()
    assert sam.page.get_by_label("Person who authorizes the signature").input_value() == "Stacy Davis"
    no_horizontal_scroll(sam.page)
    sam.check("sign-errors")
    sam.page.get_by_label("I confirm that this organization has authorized its signature.").check()
    sam.page.get_by_role("button", name="Sign on").click()
    expect(sam.page.get_by_role("heading", name="Thank you: your signature is received")).to_be_visible()
    sam.check("signed")

    # --- The organizer verifies it. -------------------------------------------------------------
    olga.goto(f"/en/declarations/{slug}/signatories")
    olga.check("verify-signatories")
    assert olga.page.locator("table tbody tr").count() == 2
    for name in ("Frente Auténtico de Trabajadoras del Hogar", "Chicago Teachers Union"):
        row = olga.page.locator("table tbody tr").filter(has_text=name)
        row.get_by_role("button", name="Verify").click()
    expect(olga.page.get_by_text("No signature awaits verification.")).to_be_visible()
    olga.check("signatory-verified")

    # --- A visitor reads it: English and Spanish, side by side and one language, print and PDF. ---
    vera = journey(FOLDER + "/5-visitor")
    vera.goto(f"/en/declarations/{slug}?view=both")  # side by side is a choice; the default is the reader's language
    page = vera.page
    expect(page.get_by_role("heading", name="Signatories")).to_be_visible()
    expect(page.get_by_text("2 organizations have signed on.")).to_be_visible()
    record = page.locator("#consensus-record")
    expect(record.get_by_text("Section 22 teachers: Consent")).to_be_visible()
    expect(record.get_by_text("We have not consulted our members on clause 3 yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mexico 1", level=3)).to_be_visible()
    expect(page.get_by_role("heading", name="United States 1", level=3)).to_be_visible()
    expect(page.get_by_text("Frente Auténtico de Trabajadoras del Hogar")).to_be_visible()
    assert page.locator('.clause-text [lang="es"]').count() == 3 and page.locator('.clause-text [lang="en"]').count() == 3
    vera.check("public-both")
    page.get_by_role("link", name="English", exact=True).first.click()
    assert "view=en" in page.url and page.locator('.clause-text [lang="es"]').count() == 0
    vera.check("public-english")
    page.get_by_role("link", name="Printable version").click()
    expect(page.get_by_role("heading", name="Annex: signatories")).to_be_visible()
    vera.check("print-english")

    vera.goto(f"/es/declarations/{slug}")
    expect(page.get_by_role("heading", name="Organizaciones firmantes")).to_be_visible()
    expect(page.get_by_role("heading", name="México 1", level=3)).to_be_visible()
    expect(page.get_by_role("heading", name="Estados Unidos 1", level=3)).to_be_visible()
    expect(page.get_by_text("Sindicato de Maestros de Chicago")).to_be_visible()
    expect(page.locator("#consensus-record").get_by_text("Se aparta sin bloquear")).to_be_visible()
    expect(page.locator("#consensus-record").get_by_text("Aún no consultamos a nuestra base sobre la cláusula 3.")).to_be_visible()
    vera.check("publica-ambos")
    assert_spanish(vera)
    page.get_by_role("link", name="Español", exact=True).first.click()
    assert "view=es" in page.url and page.locator('.clause-text [lang="en"]').count() == 0
    vera.check("publica-espanol")
    assert_spanish(vera)
    page.get_by_role("link", name="Versión para imprimir").click()
    vera.check("imprimir-espanol")
    assert_spanish(vera)
    vera.goto(f"/es/declarations/{slug}/print?view=both")
    vera.check("imprimir-ambos")

    for path in (f"/en/declarations/{slug}.pdf", f"/es/declarations/{slug}.pdf?view=es"):
        response = page.request.get(vera.base_url + path)
        assert response.status == 200, path
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF-") and b"%%EOF" in body[-1024:]

    vera.goto("/es/declarations/")
    vera.check("archivo")
    assert_spanish(vera)
    vera.goto("/en/declarations/")
    vera.check("archive")

    # --- On a phone, in Spanish. --------------------------------------------------------------
    movil = journey(FOLDER + "/6-visitor-phone", phone=True, locale="es-MX")
    movil.goto(f"/es/declarations/{slug}")
    no_horizontal_scroll(movil.page)
    movil.check("publica-movil")
    assert_spanish(movil)
    movil.goto(f"/es/declarations/{slug}/print")
    no_horizontal_scroll(movil.page)
    movil.check("imprimir-movil")
    movil.goto(f"/en/declarations/{slug}")
    no_horizontal_scroll(movil.page)
    movil.check("public-phone")


def test_plenary_positions_vote_live_screen_and_two_person_correction(app, journey):
    """Three leads give their own positions (one blocks; the block is resolved), a vote by delegation
    with a two-thirds majority carries, the room's screen is captured at two moments, and after
    adoption one committee member proposes a correction that another approves: the Spanish is then
    marked for review."""
    from organizer.accounts.models import User
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.database import utcnow
    from organizer.declarations import services
    from organizer.delegations.models import Delegation

    hashed = password_hash(PASSWORD)
    with app.test_request_context("/en/"):
        ids = {}
        for key, email, name, lang in [("olga", "olga@organizer.example", "Olga Ruiz", "en"),
                                       ("carla", "carla@comite.example", "Carla Méndez", "es"),
                                       ("chris", "chris@committee.example", "Chris Lee", "en"),
                                       ("luis", "luis@sindicato.example", "Luis Hernández", "es"),
                                       ("pat", "pat@local.example", "Pat Miller", "en"),
                                       ("dana", "dana@cupe.example", "Dana Roy", "en")]:
            user = User(email=email, name=name, password_hash=hashed, preferred_language=lang,
                        email_confirmed_at=utcnow())
            db.session.add(user)
            db.session.flush()
            ids[key] = user.id
        convening = Convening(slug="mtl-2032", kind="trinational", status="published", timezone="America/Toronto",
                              countries=["US", "MX", "CA"],
                              title=TranslatedText(en="Montreal Trinational Forum 2032", es="Foro Trinacional Montreal 2032"))
        db.session.add(convening)
        db.session.flush()
        db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=ids["olga"]))
        for key, en, es in [("luis", "Section 22 teachers", "Sección 22"), ("pat", "Local 100", "Local 100"),
                            ("dana", "CUPE Quebec", "SCFP Quebec")]:
            db.session.add(Delegation(convening_id=convening.id, lead_user_id=ids[key], status="confirmed",
                                      name=TranslatedText(en=en, es=es)))
        olga = db.session.get(User, ids["olga"])
        declaration = services.create_declaration(convening, TranslatedText(en="Montreal Declaration",
                                                                             es="Declaración de Montreal"), olga)
        for key in ("carla", "chris"):
            services.set_committee(declaration, add_user=db.session.get(User, ids[key]))
        carla_user = db.session.get(User, ids["carla"])
        services.add_clause(declaration, carla_user, kind="preamble", original_language="es",
                            text=TranslatedText(en="We meet in Montreal as workers of three countries.",
                                                es="Nos reunimos en Montreal como trabajadoras y trabajadores de tres países."),
                            reviewed=("en", "es"))
        services.add_clause(declaration, carla_user, kind="demand", original_language="en",
                            text=TranslatedText(en="We demand the right to strike across borders.",
                                                es="Exigimos el derecho de huelga más allá de las fronteras."),
                            reviewed=("en", "es"))
        services.set_status(declaration, "plenary")
        db.session.commit()
        slug = declaration.slug

    # --- Three leads give their own positions. -----------------------------------------------------
    for folder, email, lang, position, reason in [
            ("7-lead-luis", "luis@sindicato.example", "es", "Consiente", None),
            ("7-lead-pat", "pat@local.example", "en", "Stand aside", None),
            ("7-lead-dana", "dana@cupe.example", "en", "Block", "Clause 2 must name the right to strike in law.")]:
        lead = journey(FOLDER + "/" + folder, locale="es-MX" if lang == "es" else "en-US")
        log_in(lead, email, lang)
        lead.goto(f"/{lang}/declarations/{slug}/plenary")
        lead.page.get_by_label(position, exact=True).check()
        if reason:
            lead.page.locator("textarea[name=note-en]").fill(reason)
        lead.page.get_by_role("button", name="Dar esta posición" if lang == "es" else "Give this position").click()
        lead.check("position-given")
        if lang == "es":
            assert_spanish(lead)

    # --- The organizer resolves the block; the room's screen shows the counts. ---------------------
    olga = journey(FOLDER + "/8-chair")
    log_in(olga, "olga@organizer.example", "en")
    olga.goto(f"/en/declarations/{slug}/adoption")
    expect(olga.page.get_by_text("given by the delegation (Dana Roy)")).to_be_visible()
    olga.page.locator("textarea[name=resolution-en]").fill("Clause 2 now cites ILO Convention 87.")
    olga.page.get_by_role("button", name="Record the resolution").click()
    expect(olga.page.get_by_text("Resolved: Clause 2 now cites ILO Convention 87.")).to_be_visible()
    olga.check("block-resolved")

    screen = journey(FOLDER + "/9-room-screen", locale="es-MX")
    log_in(screen, "carla@comite.example", "es")
    screen.goto(f"/es/declarations/{slug}/live")
    expect(screen.page.get_by_text("Nos reunimos en Montreal")).to_be_visible()
    assert "Bloquea: 1" in screen.page.locator('[data-live="positions"]').inner_text()
    screen.check("pantalla-1")
    olga.goto(f"/en/declarations/{slug}/live/chair")
    olga.page.get_by_role("button", name="Next clause").click()
    olga.check("chair-next")
    # Without a reload, the screen follows the chair within a few seconds.
    screen.page.get_by_text("Exigimos el derecho de huelga").wait_for(timeout=15000)
    assert "2" in screen.page.locator('[data-live="heading"]').inner_text()
    screen.check("pantalla-2")

    # --- A vote by delegation, two thirds, quorum 3. ---------------------------------------------
    olga.goto(f"/en/declarations/{slug}/plenary")
    olga.page.get_by_label("Two thirds (yes at least twice the no)").check()
    olga.page.get_by_label("Quorum (fewest ballots for the result to count)").fill("3")
    olga.page.get_by_role("button", name="Open the vote").click()
    expect(olga.page.get_by_text("The vote is open.")).to_be_visible()
    for email, lang, choice in [("luis@sindicato.example", "es", "A favor"), ("pat@local.example", "en", "In favor"),
                                ("dana@cupe.example", "en", "Against")]:
        voter = journey(FOLDER + "/10-ballot-" + email.split("@")[0], locale="es-MX" if lang == "es" else "en-US")
        log_in(voter, email, lang)
        voter.goto(f"/{lang}/declarations/{slug}/plenary")
        voter.page.get_by_label(choice, exact=True).check()
        voter.page.get_by_role("button", name="Emitir el voto" if lang == "es" else "Cast the ballot").click()
        expect(voter.page.get_by_text("Tu voto está contado." if lang == "es" else "Your ballot is counted.")).to_be_visible()
    olga.goto(f"/en/declarations/{slug}/plenary")
    olga.page.get_by_role("button", name="Close the vote and publish the result").click()
    votes = olga.page.locator("#votes")
    expect(votes.get_by_text("Carried")).to_be_visible()
    expect(votes.get_by_text("In favor: 2 · Against: 1")).to_be_visible()
    olga.check("vote-carried")
    screen.page.get_by_text("Aprobada").wait_for(timeout=15000)
    screen.check("pantalla-resultado")

    # --- Adopted by that vote; a correction needs two people. ------------------------------------
    olga.goto(f"/en/declarations/{slug}/adoption")
    olga.page.get_by_label("By vote").check()
    # The record is the closed vote's frozen result, offered here; nobody types the counts.
    assert olga.page.get_by_label("Votes for").count() == 0
    assert "for 2, against 1" in olga.page.get_by_label("The plenary's vote").locator("option:checked").inner_text()
    olga.page.get_by_role("button", name="Adopt the declaration").click()
    expect(olga.page.get_by_text("by vote").first).to_be_visible()
    expect(olga.page.get_by_role("link", name="The counts of the plenary's vote, frozen when it closed.")).to_be_visible()

    carla = journey(FOLDER + "/11-correction-proposed", locale="es-MX")
    log_in(carla, "carla@comite.example", "es")
    carla.goto(f"/es/declarations/{slug}/correction")
    carla.page.get_by_label("Cláusula", exact=True).select_option(index=0)
    carla.page.get_by_label("Idioma", exact=True).select_option("en")
    carla.page.get_by_label("Texto corregido").fill("We meet in Montreal as workers of the three countries.")
    carla.page.locator("#reason-es").fill("Falta el artículo.")
    carla.page.get_by_role("button", name="Proponer la corrección").click()
    expect(carla.page.get_by_text("Espera a una segunda persona: tú la propusiste.")).to_be_visible()
    carla.check("correccion-propuesta")
    assert_spanish(carla)

    chris = journey(FOLDER + "/12-correction-approved")
    log_in(chris, "chris@committee.example", "en")
    chris.goto(f"/en/declarations/{slug}/correction")
    chris.page.get_by_role("button", name="Approve and make the correction").click()
    expect(chris.page.get_by_text("Proposed by Carla Méndez, approved by Chris Lee.")).to_be_visible()
    chris.check("correction-approved")
    reader = journey(FOLDER + "/13-reader", locale="es-MX")
    reader.goto(f"/es/declarations/{slug}")
    expect(reader.page.get_by_text("La cláusula 1 no está revisada en español", exact=False)).to_be_visible()
    reader.check("publica-revision-pendiente")
    assert_spanish(reader)
