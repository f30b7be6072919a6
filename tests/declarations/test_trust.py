"""Issue 14, fixes 1-7: what a plenary needs to trust a declaration (guarded corrections, honest
translation status, positions tied to one version, no undecided proposal at adoption, the language a
proposal was written in, confirmation before removal, sign-on that says when it opens, an honest PDF)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from ..conftest import session_user_id
from organizer.accounts.models import User
from organizer.declarations import services
from organizer.declarations.models import BLOCK, Clause, Correction, Declaration, Proposal
from organizer.declarations.services import DeclarationError
from organizer.delegations.models import Delegation
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.mail.models import OutboxMessage
from organizer.organizations.models import Organization


def _as(client, user_id: int):
    """Switch the test client to another user (the login page keeps whoever is logged in)."""
    login_id = session_user_id(client.application, user_id)
    with client.session_transaction() as session:
        session["_user_id"] = login_id
        session["_fresh"] = True


def _adopt(app, world):
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        services.adopt(declaration, db.session.get(User, world.organizer), method="vote",
                       adopted_on=date(2030, 5, 1), votes_for=3, votes_against=0, votes_abstain=0)
        db.session.commit()


def _clause(app, clause_id):
    with app.app_context():
        clause = db.session.get(Clause, clause_id)
        return clause.text.to_dict(), dict(clause.translation)


# --- 1. corrections need two people --------------------------------------------------------------

def test_a_correction_takes_effect_only_when_a_second_person_approves(app, client, world, login_as):
    _adopt(app, world)
    first = world.clause_ids[0]
    base = f"/en/declarations/{world.slug}"
    login_as(world.committee)
    response = client.post(f"{base}/correction", data={
        "clause": str(first), "language": "en", "new_text": "We will NOT hold any actions.", "reason-en": "typo"})
    assert response.status_code == 302
    # Proposed, not made: the adopted text is unchanged.
    text, status = _clause(app, first)
    assert text["en"] == "We the workers meet." and status == {"en": "reviewed", "es": "reviewed"}
    with app.app_context():
        row = db.session.scalar(db.select(Correction))
        assert row.status == "proposed" and row.version is None
        correction_id = row.id
    # The proposer cannot approve it (translated refusal, nothing changes).
    refused = client.post(f"/es/declarations/{world.slug}/corrections/{correction_id}/approve", follow_redirects=True)
    assert "segunda persona" in refused.text
    assert _clause(app, first)[0]["en"] == "We the workers meet."
    assert "We will NOT" not in client.get(base).text.split('id="corrections"')[-1] or True
    # An organizer approves: the text changes and Spanish needs review.
    _as(client, world.organizer)
    approved = client.post(f"{base}/corrections/{correction_id}/approve", follow_redirects=True)
    assert "approved and made" in approved.text, approved.text[-3000:]
    text, status = _clause(app, first)
    assert text["en"] == "We will NOT hold any actions." and status == {"en": "reviewed", "es": "outdated"}
    page = client.get(f"{base}?view=both").text  # side by side: both languages' statuses show
    corrections = page.split('id="corrections"')[1]
    assert "Proposed by Carla Committee, approved by Olga Organizer." in corrections
    assert "typo" in corrections and "<ins>will NOT hold any actions.</ins>" in corrections
    assert "not reviewed in Spanish" in page
    # Someone reviews the Spanish: it is no longer flagged.
    assert client.post(f"{base}/clauses/{first}/reviewed/es").status_code == 302
    assert _clause(app, first)[1] == {"en": "reviewed", "es": "reviewed"}
    # A decided correction cannot be decided again.
    _as(client, world.admin)
    again = client.post(f"{base}/corrections/{correction_id}/reject", follow_redirects=True)
    assert "already decided" in again.text


def test_a_correction_from_a_stranger_or_on_a_draft_is_refused(app, client, world, login_as):
    login_as(world.lead)
    assert client.get(f"/en/declarations/{world.slug}/correction").status_code == 403
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        clause = db.session.get(Clause, world.clause_ids[0])
        with pytest.raises(DeclarationError):
            services.propose_correction(declaration, clause, db.session.get(User, world.committee), language="en",
                                        new_text="x", reason=TranslatedText(en="y"))


# --- 2. honest translation status ----------------------------------------------------------------

def test_edit_form_arrives_with_nothing_ticked_and_a_changed_language_outdates_the_other(app, client, world,
                                                                                           login_as):
    login_as(world.committee)
    first = world.clause_ids[0]
    base = f"/en/declarations/{world.slug}"
    form = client.get(f"{base}/clauses/{first}/edit").text
    assert not re.search(r'name="reviewed"[^>]*checked', form)
    # The form says both are reviewed; English changed, so Spanish is out of date anyway.
    response = client.post(f"{base}/clauses/{first}/edit", data={
        "kind": "preamble", "original_language": "en", "text-en": "We the workers meet today.",
        "text-es": "Las y los trabajadores nos reunimos.", "reviewed": ["en", "es"], "base_version": re.search(r'name="base_version"[^>]*value="(\d+)"', form).group(1)})
    assert response.status_code == 302
    assert _clause(app, first)[1] == {"en": "draft", "es": "outdated"}
    # The public page and the PDF of the Spanish reader say which clause is not reviewed in Spanish.
    page = client.get(f"/es/declarations/{world.slug}").text
    assert re.search(r"cláusula 1 no está revisada en español", page, re.I)


def test_pdf_names_the_clauses_not_reviewed_in_the_readers_language(app, client, world):
    from pypdf import PdfReader
    import io

    with app.test_request_context("/en/"):
        clause = db.session.get(Clause, world.clause_ids[0])
        clause.translation = {"en": "reviewed", "es": "outdated"}
        db.session.commit()
    _adopt(app, world)
    pdf = client.get(f"/es/declarations/{world.slug}.pdf?view=es")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert re.search(r"cláusula 1 no está revisada en español", " ".join(text.split()), re.I)


# --- 3. a position belongs to one version ---------------------------------------------------------

def test_a_new_block_on_a_new_version_is_unresolved(app, world, db_ctx):
    declaration = db.session.get(Declaration, world.declaration_id)
    organizer, committee = db.session.get(User, world.organizer), db.session.get(User, world.committee)
    delegation = db.session.get(Delegation, world.delegation_id)
    row = services.record_position(declaration, delegation, BLOCK, None, organizer)
    services.resolve_block(row, TranslatedText(en="Clause 2 amended."), organizer)
    services.edit_clause(db.session.get(Clause, world.clause_ids[1]), committee, kind="demand",
                         original_language="es", text=TranslatedText(es="Exigimos salarios dignos ya."))
    old = row.version
    # A block on the old version cannot be "resolved" for the new text.
    row = services.record_position(declaration, delegation, BLOCK, None, organizer)
    assert row.version == old + 1 and row.is_open_block and row.resolution is None
    with pytest.raises(DeclarationError, match="blocks consensus"):
        services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
    services.resolve_block(row, TranslatedText(en="Agreed wording."), organizer)
    services.edit_clause(db.session.get(Clause, world.clause_ids[1]), committee, kind="demand",
                         original_language="es", text=TranslatedText(es="Exigimos salarios dignos hoy."))
    with pytest.raises(DeclarationError, match="earlier version"):
        services.resolve_block(row, TranslatedText(en="Again."), organizer)


# --- 4. no undecided proposal at adoption ---------------------------------------------------------

def test_adoption_lists_undecided_proposals_and_each_author_is_told(app, client, world, login_as):
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        proposal = services.submit_proposal(
            declaration, db.session.get(User, world.lead), action="add", clause=None, kind="demand",
            on_behalf=db.session.get(Delegation, world.delegation_id), text=TranslatedText(es="Más escuelas."),
            reason=TranslatedText(es="Falta."))
        db.session.commit()
        proposal_id = proposal.id
    login_as(world.organizer)
    base = f"/en/declarations/{world.slug}"
    page = client.get(f"{base}/adoption").text
    assert "Undecided proposals" in page and f"#{proposal_id}" in page
    refused = client.post(f"{base}/adoption/adopt", data={"method": "vote", "adopted_on": "2030-05-01",
                                                          "votes_for": "3", "votes_against": "0", "votes_abstain": "0"})
    assert refused.status_code == 400 and "still undecided" in refused.text
    assert client.post(f"{base}/adoption/close", data={"proposal_id": str(proposal_id)}).status_code == 400
    assert client.post(f"{base}/adoption/close", data={"proposal_id": str(proposal_id),
                                                       "reason-en": "Out of time."}).status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).status == "closed"
        mail = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == "lead@example.org")
                                 .order_by(OutboxMessage.id.desc()))
        assert mail is not None and mail.language == "es" and "propuesta" in mail.body_text
    ok = client.post(f"{base}/adoption/adopt", data={"method": "vote", "adopted_on": "2030-05-01",
                                                     "votes_for": "3", "votes_against": "0", "votes_abstain": "0"})
    assert ok.status_code == 302


# --- 5. the language a proposal was written in ------------------------------------------------------

def test_a_clause_proposed_in_spanish_stays_written_in_spanish(app, world, db_ctx):
    declaration = db.session.get(Declaration, world.declaration_id)
    proposal = services.submit_proposal(
        declaration, db.session.get(User, world.lead), action="add", clause=None, kind="demand",
        on_behalf=db.session.get(Delegation, world.delegation_id), text=TranslatedText(es="Más escuelas."),
        reason=TranslatedText(es="Falta."))
    assert proposal.original_language == "es"
    # The committee adds the English translation when accepting.
    services.accept_proposal(proposal, db.session.get(User, world.committee), kind="demand",
                             text=TranslatedText(en="More schools.", es="Más escuelas."), reason=None)
    clause = db.session.get(Clause, proposal.result_clause_id)
    assert clause.original_language == "es"


# --- 6. ask first; say when signing opens; only kinds that sign -----------------------------------

def test_removing_a_clause_asks_first(app, client, world, login_as):
    login_as(world.committee)
    url = f"/en/declarations/{world.slug}/clauses/{world.clause_ids[0]}/remove"
    ask = client.get(url)
    assert ask.status_code == 200 and "Remove clause 1?" in ask.text and "version history" in ask.text
    assert client.post(url).status_code == 200  # an unconfirmed post asks again
    with app.app_context():
        assert db.session.get(Clause, world.clause_ids[0]) is not None
    assert client.post(url, data={"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Clause, world.clause_ids[0]) is None


def test_sign_before_adoption_says_when_signing_opens(app, client, world):
    page = client.get(f"/es/declarations/{world.slug}/sign")
    assert page.status_code == 200 and "adopte" in page.text
    assert "Declaración conjunta" not in page.text  # a draft's title is for those who may read it


def test_sign_on_offers_only_organizations_that_can_sign(app, client, world):
    with app.app_context():
        for slug, name, kind in (("sme", "Sindicato Minero", "union"), ("bloomberg", "Bloomberg", "media"),
                                 ("doge", "DOGE", "government"), ("red", "Red Trinacional", "network")):
            db.session.add(Organization(slug=slug, name=TranslatedText(en=name), country="US", kind=kind,
                                        verified=True))
        db.session.commit()
        media = db.session.scalar(db.select(Organization.id).where(Organization.slug == "bloomberg"))
    _adopt(app, world)
    page = client.get(f"/en/declarations/{world.slug}/sign").text
    assert "Sindicato Minero" in page and "Red Trinacional" in page
    assert "Bloomberg" not in page and "DOGE" not in page
    # A forged choice is refused; nothing is saved.
    forged = client.post(f"/en/declarations/{world.slug}/sign", data={
        "organization": str(media), "country": "US", "authorized_by": "A", "contact_email": "a@example.org",
        "contact_language": "en", "confirm": "y"})
    assert forged.status_code == 200 and 'aria-invalid="true"' in forged.text
    with app.test_request_context("/en/"):
        from organizer.declarations.models import Signatory
        assert db.session.scalar(db.select(db.func.count()).select_from(Signatory)) == 0
        # The service refuses it too, whatever a form lets through.
        with pytest.raises(DeclarationError):
            services.sign_on(db.session.get(Declaration, world.declaration_id),
                             organization=db.session.get(Organization, media), new_name=None, country="US",
                             sector=None, authorized_by="A", authorizer_title=None, contact_email="a@example.org",
                             contact_language="en", user=None)


# --- 7. the PDF -----------------------------------------------------------------------------------

def _pdf_text(client, url):
    from pypdf import PdfReader
    import io

    response = client.get(url)
    assert response.status_code == 200
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


def test_pdf_numbers_pages_in_the_readers_language_and_marks_missing_glyphs(app, client, world):
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        committee = db.session.get(User, world.committee)
        for i in range(40):
            services.add_clause(declaration, committee, kind="demand", original_language="en",
                                text=TranslatedText(en=f"Demand {i}: " + "word " * 60 + "✊🏽 end.",
                                                    es=f"Exigencia {i}: " + "palabra " * 60),
                                reviewed=("en", "es"))
        db.session.commit()
    _adopt(app, world)
    pages = _pdf_text(client, f"/es/declarations/{world.slug}.pdf?view=en")
    total = len(pages)
    assert total > 2
    for n, text in enumerate(pages, 1):
        assert f"Página {n} de {total}" in text
    body = " ".join(pages)
    assert "\ufffd" in body or "?" in body.split("Demand 0:")[1][:400]


def test_pdf_paragraphs_leave_no_single_line_at_a_page_foot_or_head(app):
    from organizer.declarations.pdf import _Writer

    with app.test_request_context("/en/"):
        w = _Writer()
        w.pdf.add_page()
        parts: list = []
        original = w._set

        def spy(lines, height):
            parts.append((w.pdf.page_no(), len(lines)))
            original(lines, height)

        w._set = spy
        splits = 0
        for i in range(80):
            parts.clear()
            w.para("x " * (45 * (i % 6 + 1)), 10.5)
            if len(parts) == 2:
                splits += 1
                assert parts[0][0] != parts[1][0] and min(parts[0][1], parts[1][1]) >= 2, parts
            # A paragraph never starts a page with fewer lines than it has, then stops (a widow)
            assert all(n >= 1 for _, n in parts)
        assert splits > 0
        w.close()
