"""Journey 4 (issue 17): a Quebec lead works in French. Signed in with a French-Canadian browser, she
reads the convening's agenda in French (a session without French shows its English, marked « pas
encore traduit »), opens a session, then reads the adopted declaration in French (with whose
translation it is) and signs it for her union through the French form, first forgetting the
confirmation (nothing typed is lost), then for real. Every page is screenshotted and audited, on a
desktop and on a phone."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
from playwright.sync_api import expect

from organizer.extensions import db
from organizer.i18n.translated import Provenance, TranslatedText

from ..conftest import PASSWORD
from ..factories import password_hash

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]

FOLDER = "french-journey"
SLUG = "mtl-2033"
# English words with no place in the text of a French page (outside lang="en" elements).
ENGLISH = re.compile(r"\b(the|and|of|your|with|this|is|are|to|sign on|signatories|session|sessions|"
                     r"agenda|room|speakers?|back|when|where)\b", re.I)


def french_leftovers(page) -> list[str]:
    texts = page.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const el = walker.currentNode.parentElement;
            if (!el || el.closest('script,style,[lang="en"],[lang="es"],[hidden]')) continue;
            const text = walker.currentNode.textContent.trim();
            if (text) out.push(text);
        }
        for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
            if (el.closest('[lang="en"],[lang="es"]')) continue;
            for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
        }
        return out;
    }""")
    return [t for t in texts if ENGLISH.search(t)]


def assert_french(j) -> None:
    assert j.page.locator("html").get_attribute("lang") == "fr"
    leftovers = french_leftovers(j.page)
    assert leftovers == [], f"{j.page.url}: English on a French page: {leftovers}"


def no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url}: the page is {overflow}px wider than the screen"


@pytest.fixture
def montreal(app):
    """A published convening in Montreal with a released agenda (one session in French, one not yet
    translated), an adopted declaration in the three languages, and Marie, the CSN's lead."""
    from organizer.accounts.models import User
    from organizer.agenda import services as agenda
    from organizer.agenda.models import EXACT
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.database import utcnow
    from organizer.declarations import services as declarations
    from organizer.delegations.models import Delegation
    from organizer.organizations.models import Organization
    from organizer.organizations.services import save_organization

    hashed = password_hash(PASSWORD)
    with app.test_request_context("/fr/"):
        users = {}
        for key, email, name, lang in [("olga", "olga@organizer.example", "Olga Ruiz", "en"),
                                       ("marie", "marie@csn.example", "Marie Tremblay", "fr")]:
            user = User(email=email, name=name, password_hash=hashed, preferred_language=lang,
                        email_confirmed_at=utcnow())
            db.session.add(user)
            db.session.flush()
            users[key] = user
        convening = Convening(slug=SLUG, kind="trinational", status="published", timezone="America/Toronto",
                              countries=["US", "MX", "CA"], start_date=date(2033, 5, 12), end_date=date(2033, 5, 13),
                              title=TranslatedText(en="Montreal Trinational Forum 2033", es="Foro Trinacional Montreal 2033",
                                                   fr="Forum trinational de Montréal 2033"))
        db.session.add(convening)
        db.session.flush()
        db.session.add(ConveningOrganizer(convening_id=convening.id, user_id=users["olga"].id))
        db.session.add(Delegation(convening_id=convening.id, lead_user_id=users["marie"].id, status="confirmed",
                                  name=TranslatedText(en="CSN delegation", fr="Délégation de la CSN")))
        save_organization(Organization(name=TranslatedText(en="Confederation of National Trade Unions",
                                                           fr="Confédération des syndicats nationaux"),
                                       acronym=TranslatedText(en="CSN", fr="CSN"), country="CA", kind="federation",
                                       verified=True), sectors=["general"], networks=[])
        for title, start in [(TranslatedText(en="Opening plenary", es="Plenaria de apertura", fr="Plénière d'ouverture"),
                              datetime(2033, 5, 12, 13, 0, tzinfo=timezone.utc)),
                             (TranslatedText(en="Warehouse organizing", es="Organización en almacenes"),
                              datetime(2033, 5, 12, 15, 0, tzinfo=timezone.utc))]:
            agenda.create_session(convening, agenda.SessionData(
                title=title, description=None, kind="plenary", precision=EXACT, start=start,
                end=start.replace(hour=start.hour + 1), day=None, room_id=None, track_id=None,
                languages=["en", "es", "fr"], interpretation_mode="none", interpretation_into=[],
                interpretation_channel=None, parallel_allowed=True, people=[]))
        agenda.release(convening, TranslatedText(en="Program", es="Programa", fr="Programme"), None, users["olga"].id)
        translated = Provenance.translation("en", "Marie Tremblay", date(2033, 5, 1))
        declaration = declarations.create_declaration(convening, TranslatedText(
            en="Montreal Declaration", es="Declaración de Montreal", fr="Déclaration de Montréal")
            .with_provenance(fr=translated), users["olga"])
        declarations.add_clause(declaration, users["olga"], kind="demand", original_language="en",
                                text=TranslatedText(en="We demand the right to strike across borders.",
                                                    es="Exigimos el derecho de huelga más allá de las fronteras.",
                                                    fr="Nous exigeons le droit de grève par-delà les frontières.")
                                .with_provenance(fr=translated), reviewed=("en", "es", "fr"))
        declarations.set_status(declaration, "plenary")
        declarations.adopt(declaration, users["olga"], method="vote", adopted_on=date(2033, 5, 13),
                           votes_for=40, votes_against=2, votes_abstain=1)
        db.session.commit()
        return declaration.slug


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_quebec_lead_reads_the_agenda_and_signs_the_declaration_in_french(app, journey, montreal, phone):
    marie = journey(f"{FOLDER}/{'phone' if phone else 'desktop'}", phone=phone, locale="fr-CA")
    # French is chosen from the browser's language, before signing in.
    marie.goto("/")
    assert marie.page.url.endswith("/fr/")
    marie.goto("/fr/account/login")
    marie.check("connexion")
    assert_french(marie)
    marie.page.locator("#email").fill("marie@csn.example")
    marie.page.locator("#password").fill(PASSWORD)
    marie.page.locator("main form button[type=submit]").click()
    marie.page.wait_for_load_state()
    assert "/account/login" not in marie.page.url

    # The agenda, in French.
    marie.goto(f"/fr/convenings/{SLUG}/agenda/")
    marie.check("programme")
    assert_french(marie)
    expect(marie.page.get_by_text("Plénière d'ouverture").first).to_be_visible()
    untranslated = marie.page.locator('[lang="en"]', has_text="Warehouse organizing").first
    expect(untranslated).to_be_visible()
    expect(marie.page.get_by_text("(pas encore traduit)").first).to_be_visible()
    assert "heure de Toronto" in marie.page.content()  # times in the convening's zone, named in French
    if phone:
        no_horizontal_scroll(marie.page)
    marie.page.get_by_role("link", name="Plénière d'ouverture").first.click()
    marie.page.wait_for_load_state()
    marie.check("seance")
    assert_french(marie)

    # The adopted declaration, in French, with whose translation it is.
    # (Which languages the text shows side by side is the convening's choice: issue 17, items 3-4.)
    marie.goto(f"/fr/declarations/{montreal}")
    marie.check("declaration")
    assert_french(marie)
    expect(marie.page.get_by_role("heading", name="Déclaration de Montréal")).to_be_visible()
    expect(marie.page.get_by_text("Traduit par Marie Tremblay le 1 mai 2033; original en anglais").first).to_be_visible()

    # She signs for her union; first she forgets the confirmation.
    marie.page.get_by_role("button", name="Signer au nom de votre organisation").click()
    marie.page.wait_for_load_state()
    marie.check("signer")
    assert_french(marie)
    marie.page.get_by_label("Votre organisation, si elle figure dans la liste").select_option(
        label="Confédération des syndicats nationaux")
    marie.page.get_by_label("Pays").select_option("CA")
    marie.page.get_by_label("Personne qui autorise la signature").fill("Caroline Senneville")
    marie.page.get_by_label("Courriel de contact (jamais publié)").fill("secretariat@csn.example")
    marie.page.get_by_role("button", name="Signer", exact=True).click()
    marie.page.wait_for_load_state()
    assert marie.page.get_by_label("Personne qui autorise la signature").input_value() == "Caroline Senneville"
    marie.check("signer-erreur")
    assert_french(marie)
    if phone:
        no_horizontal_scroll(marie.page)
    marie.page.get_by_label("Je confirme que cette organisation a autorisé sa signature.").check()
    marie.page.get_by_role("button", name="Signer", exact=True).click()
    marie.page.wait_for_load_state()
    expect(marie.page.get_by_role("heading", name="Merci : votre signature est reçue")).to_be_visible()
    marie.check("signature-recue")
    assert_french(marie)
