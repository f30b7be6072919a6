"""The whole life of a declaration through the web pages, in both languages."""
from __future__ import annotations

import re

from organizer.declarations.models import (Clause, ConsensusPosition, Declaration, Proposal, Signatory)
from organizer.extensions import db
from organizer.mail.models import OutboxMessage


def _decl(app, world):
    with app.app_context():
        return db.session.get(Declaration, world.declaration_id)


def test_committee_drafts_with_versions_and_conflicts(app, client, world, login_as):
    login_as(world.committee)
    base = f"/en/declarations/{world.slug}"
    page = client.get(f"{base}/clauses/new")
    assert page.status_code == 200 and 'name="text-en"' in page.text and 'name="text-es"' in page.text
    # Bad input: nothing saved, the page re-renders with an error.
    bad = client.post(f"{base}/clauses/new", data={"kind": "demand", "original_language": "en", "text-en": "",
                                                   "text-es": "", "base_version": "3"})
    assert bad.status_code == 200 and "at least one language" in bad.text
    ok = client.post(f"{base}/clauses/new", data={"kind": "commitment", "original_language": "es",
                                                  "text-es": "Nos comprometemos a organizar.", "text-en": "",
                                                  "base_version": "3"})
    assert ok.status_code == 302
    with app.app_context():
        clause = db.session.scalar(db.select(Clause).where(Clause.kind == "commitment"))
        assert clause.position == 2 and clause.translation == {"en": "missing", "es": "draft"}
        clause_id = clause.id
    # Two editors start from version 4; the second save is refused with the typed text kept.
    form = {"kind": "commitment", "original_language": "es", "text-es": "Nos comprometemos a organizar.",
            "text-en": "We commit to organizing.", "base_version": "4"}
    assert client.post(f"{base}/clauses/{clause_id}/edit", data=form).status_code == 302
    stale = client.post(f"{base}/clauses/{clause_id}/edit",
                        data={**form, "text-en": "We pledge to organize."})
    assert stale.status_code == 200 and "newer version" in stale.text and "We pledge to organize." in stale.text
    with app.app_context():
        assert db.session.get(Clause, clause_id).text["en"] == "We commit to organizing."
    # Move, compare, history.
    assert client.post(f"{base}/clauses/{clause_id}/move", data={"direction": "up"}).status_code == 302
    history = client.get(f"{base}/versions")
    assert history.status_code == 200 and "Clause moved" in history.text
    diff = client.get(f"{base}/compare?a=4&b=5&lang=en")
    assert diff.status_code == 200 and "<ins>We commit to organizing.</ins>" in diff.text
    diff_es = client.get(f"/es/declarations/{world.slug}/compare?a=1&b=6&lang=es")
    assert diff_es.status_code == 200 and "<ins>Nos comprometemos a organizar.</ins>" in diff_es.text
    assert client.get(f"{base}/compare?a=1&b=99").status_code == 404
    # The page lists the clauses that need translation work.
    page = client.get(base)
    assert "need translation work" in page.text
    assert f'href="#clause-{world.clause_ids[1]}"' in page.text


def test_proposal_flow_from_lead_to_committee(app, client, world, login_as):
    base = f"/en/declarations/{world.slug}"
    login_as(world.lead)
    form = client.get(f"{base}/propose?clause={world.clause_ids[1]}&action=change")
    assert form.status_code == 200 and "Delegation: Teachers" in form.text and "Constituency group" not in form.text
    missing = client.post(f"{base}/propose", data={"on_behalf": f"d{world.delegation_id}", "action": "change",
                                                   "clause": str(world.clause_ids[1]), "reason-en": "",
                                                   "text-en": "We demand living wages."})
    assert missing.status_code == 200 and "We demand living wages." in missing.text
    sent = client.post(f"{base}/propose", data={"on_behalf": f"d{world.delegation_id}", "action": "change",
                                                "clause": str(world.clause_ids[1]), "reason-es": "Falta el inglés.",
                                                "text-en": "We demand living wages."})
    assert sent.status_code == 302
    # A delegation the user does not lead cannot be chosen.
    forged = client.post(f"{base}/propose", data={"on_behalf": "d999", "action": "add", "text-en": "x",
                                                  "reason-en": "y"})
    assert forged.status_code == 200
    with app.app_context():
        proposal = db.session.scalar(db.select(Proposal))
        assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 1
        pid = proposal.id
    mine = client.get(f"{base}/proposals")
    assert mine.status_code == 200 and "Awaiting the committee" in mine.text
    # The lead cannot decide.
    assert client.post(f"{base}/proposals/{pid}", data={"decision": "accept"}).status_code == 403
    client.post("/en/account/logout")

    login_as(world.committee)
    page = client.get(f"{base}/proposals/{pid}")
    assert page.status_code == 200 and "Record the decision" in page.text
    assert "<ins>We demand living wages.</ins>" in page.text  # the change, word by word
    accepted = client.post(f"{base}/proposals/{pid}", data={
        "decision": "accept", "kind": "demand", "text-en": "We demand living wages for all.",
        "text-es": "Exigimos salarios dignos.", "reason-en": "Thanks, slightly edited."})
    assert accepted.status_code == 302
    with app.app_context():
        clause = db.session.get(Clause, world.clause_ids[1])
        assert clause.text["en"] == "We demand living wages for all."
        assert db.session.get(Proposal, pid).status == "accepted"
        mail = db.session.scalar(db.select(OutboxMessage).where(
            OutboxMessage.template == "declarations_proposal_decided"))
        assert mail.recipient == "lead@example.org" and mail.language == "es"
        assert f"/es/declarations/{world.slug}/proposals" in mail.body_text
    page = client.get(base)
    assert "Shaped by 1 proposal" in page.text
    client.post("/en/account/logout")

    login_as(world.lead)
    mine = client.get(f"/es/declarations/{world.slug}/proposals/{pid}")
    assert mine.status_code == 200 and "Thanks, slightly edited." in mine.text


def test_group_member_proposes_and_committee_merges(app, client, world, login_as):
    base = f"/en/declarations/{world.slug}"
    login_as(world.group_member)
    for text in ("We support miners.", "We support mine workers' health."):
        r = client.post(f"{base}/propose", data={"on_behalf": f"g{world.group_id}", "action": "add",
                                                 "kind": "solidarity", "text-en": text, "reason-en": "Mining."})
        assert r.status_code == 302
    client.post("/en/account/logout")
    login_as(world.committee)
    with app.app_context():
        ids = [p.id for p in db.session.scalars(db.select(Proposal).order_by(Proposal.id))]
    page = client.get(f"{base}/proposals/merge?p={ids[0]}&p={ids[1]}")
    assert page.status_code == 200
    too_few = client.post(f"{base}/proposals/merge", data={"proposals": [str(ids[0])], "into": "",
                                                           "kind": "solidarity", "original_language": "en",
                                                           "text-en": "One"})
    assert too_few.status_code == 200 and "at least two" in too_few.text
    merged = client.post(f"{base}/proposals/merge", data={
        "proposals": [str(i) for i in ids], "into": "", "kind": "solidarity", "original_language": "en",
        "text-en": "We support mine workers and their health.", "text-es": "Apoyamos a las y los mineros y su salud.",
        "reason-en": "Merged both."})
    assert merged.status_code == 302
    with app.app_context():
        statuses = {p.status for p in db.session.scalars(db.select(Proposal))}
        assert statuses == {"merged"}
        assert db.session.scalar(db.select(db.func.count()).select_from(Clause)) == 3


def test_adoption_by_consensus_then_correction_and_sign_on(app, client, world, login_as):
    base = f"/en/declarations/{world.slug}"
    login_as(world.organizer)
    assert client.post(f"{base}/status", data={"status": "plenary"}).status_code == 302
    page = client.get(f"{base}/adoption")
    assert page.status_code == 200 and "Teachers" in page.text
    assert "lacks its text in one language" in page.text
    assert client.post(f"{base}/adoption/position", data={"delegation": str(world.delegation_id),
                                                           "position": "block", "note-en": "Too weak"}).status_code == 302
    refused = client.post(f"{base}/adoption/adopt", data={"method": "consensus", "adopted_on": "2030-05-01"})
    assert refused.status_code == 400 and "blocks consensus" in refused.text
    with app.app_context():
        pos_id = db.session.scalar(db.select(ConsensusPosition.id))
    empty = client.post(f"{base}/adoption/resolve", data={"position_id": str(pos_id)})
    assert empty.status_code == 400
    assert client.post(f"{base}/adoption/resolve", data={"position_id": str(pos_id),
                                                         "resolution-en": "Clause 2 strengthened."}).status_code == 302
    adopted = client.post(f"{base}/adoption/adopt", data={"method": "consensus", "adopted_on": "2030-05-01"})
    assert adopted.status_code == 302
    page = client.get(base)
    assert "Adopted May 1, 2030, by consensus." in page.text
    assert "not fully translated" in page.text  # clause 2 has no English
    # The plenary's record is public: each delegation's position, the block and how it was resolved.
    record = page.text[page.text.index('id="consensus-record"'):]
    assert "Teachers: <strong>Block</strong> · Too weak" in record
    assert "Resolved: Clause 2 strengthened." in record
    # The text is frozen: the committee's edit pages refuse.
    client.post("/en/account/logout")
    login_as(world.committee)
    r = client.post(f"{base}/clauses/{world.clause_ids[1]}/edit", data={"kind": "demand", "original_language": "es",
                                                                        "text-es": "Otro", "base_version": "9"})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Clause, world.clause_ids[1]).text["es"] == "Exigimos salarios dignos."
    fix = client.post(f"{base}/correction", data={"clause": str(world.clause_ids[1]), "language": "en",
                                                  "new_text": "We demand decent wages.",
                                                  "reason-en": "Adding the missing English translation."})
    assert fix.status_code == 302
    # Proposed by one person, made only when a second approves it.
    assert "not fully translated" in client.get(base).text
    client.post("/en/account/logout")
    login_as(world.organizer)
    with app.app_context():
        from organizer.declarations.models import Correction

        correction_id = db.session.scalar(db.select(Correction.id))
    assert client.post(f"{base}/corrections/{correction_id}/approve").status_code == 302
    page = client.get(base)
    assert "not fully translated" not in page.text and "Adding the missing English translation." in page.text
    client.post("/en/account/logout")

    # Anyone signs on; the name shows only after verification; the contact never shows.
    anon = app.test_client()
    es = anon.get(f"/es/declarations/{world.slug}/sign")
    assert es.status_code == 200 and "Firmar esta declaración" in es.text and "Sign on" not in es.text
    bad = anon.post(f"/en/declarations/{world.slug}/sign", data={"new_organization": "", "country": "MX",
                                                                "authorized_by": "Rosa", "contact_email": "nope"})
    assert bad.status_code == 200 and "Choose your organization or give its name." in bad.text
    ok = anon.post(f"/en/declarations/{world.slug}/sign", data={
        "new_organization": "Frente Minero", "country": "MX", "sector": "mining", "authorized_by": "Rosa Pérez",
        "authorizer_title": "Secretaria", "contact_email": "rosa@example.org", "contact_language": "es",
        "confirm": "y"})
    assert ok.status_code == 200 and "rosa@example.org" in ok.text
    assert "Frente Minero" not in anon.get(f"/en/declarations/{world.slug}").text
    login_as(world.organizer)
    review = client.get(f"{base}/signatories")
    assert "Frente Minero" in review.text and "rosa@example.org" in review.text
    with app.app_context():
        sid = db.session.scalar(db.select(Signatory.id))
    assert client.post(f"{base}/signatories/{sid}/verify").status_code == 302
    public = anon.get(f"/es/declarations/{world.slug}")
    assert "Frente Minero" in public.text and "rosa@example.org" not in public.text and "México" in public.text
    # Withdrawal by the emailed link.
    with app.app_context():
        body = db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.template == "declarations_signon_received")).one().body_text
    link = re.search(r"http://localhost(/es/declarations/\S+/withdraw/\S+)", body).group(1)
    assert anon.get(link).status_code == 200
    assert anon.post(link).status_code == 302
    assert "La firma de Frente Minero quedó retirada." in anon.get(f"/en/declarations/{world.slug}").text
    assert "Frente Minero" not in anon.get(f"/en/declarations/{world.slug}").text
    assert anon.get(f"/en/declarations/{world.slug}/withdraw/not-a-token").status_code == 404


def test_signer_account_withdraws_own_signature(app, client, world, login_as):
    from datetime import date

    from organizer.accounts.models import User
    from organizer.declarations import services

    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        services.adopt(declaration, db.session.get(User, world.organizer), method="vote", adopted_on=date(2030, 1, 1),
                       votes_for=5, votes_against=0, votes_abstain=0)
        signatory, _token = services.sign_on(
            declaration, organization=None, new_name="Union X", country="US", sector=None, authorized_by="A",
            authorizer_title=None, contact_email="a@example.org", contact_language="en",
            user=db.session.get(User, world.stranger))
        db.session.commit()
        sid = signatory.id
    login_as(world.lead)
    assert client.post(f"/en/declarations/{world.slug}/signatures/{sid}/withdraw").status_code == 403
    client.post("/en/account/logout")
    login_as(world.stranger)
    page = client.get(f"/en/declarations/{world.slug}")
    assert "You signed for Union X" in page.text
    assert client.post(f"/en/declarations/{world.slug}/signatures/{sid}/withdraw").status_code == 302
    with app.app_context():
        assert db.session.get(Signatory, sid).status == "withdrawn"


def test_public_views_in_both_languages_print_and_pdf(app, client, world, login_as):
    from datetime import date

    from organizer.accounts.models import User
    from organizer.declarations import services

    # A draft is not public.
    assert client.get(f"/en/declarations/{world.slug}").status_code == 302  # to log in
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        services.adopt(declaration, db.session.get(User, world.organizer), method="vote", adopted_on=date(2030, 5, 1),
                       votes_for=40, votes_against=2, votes_abstain=5)
        db.session.commit()
    # Issue 12, item 5: the page defaults to the reader's language; side by side is a choice.
    default = client.get(f"/es/declarations/{world.slug}")
    assert default.status_code == 200
    assert "Las y los trabajadores nos reunimos." in default.text and "We the workers meet." not in default.text
    assert f'/es/declarations/{world.slug}?view=both' in default.text
    both = client.get(f"/es/declarations/{world.slug}?view=both")
    assert both.status_code == 200
    assert "Las y los trabajadores nos reunimos." in both.text and "We the workers meet." in both.text
    assert "Adoptada" in both.text and "Cláusula 1" in both.text and "Demanda" in both.text
    assert "Falta la traducción (inglés)." in both.text
    for leftover in ("Adopted", "Clause", "Signatories", "Printable version", "Translation missing"):
        assert leftover not in both.text, leftover
    # Side by side, the reader's language comes first.
    assert both.text.index('<div lang="es">') < both.text.index('<div lang="en">')
    english_reader = client.get(f"/en/declarations/{world.slug}?view=both")
    assert english_reader.text.index('<div lang="en">') < english_reader.text.index('<div lang="es">')
    only_es = client.get(f"/en/declarations/{world.slug}?view=es")
    assert "Las y los trabajadores nos reunimos." in only_es.text and "We the workers meet." not in only_es.text
    only_en = client.get(f"/en/declarations/{world.slug}?view=en")
    assert "We the workers meet." in only_en.text and "Las y los trabajadores" not in only_en.text
    assert "not yet translated" in only_en.text  # clause 2 shown in Spanish, marked
    assert "For: 40" in only_en.text
    printable = client.get(f"/es/declarations/{world.slug}/print")
    assert printable.status_code == 200 and "Las y los trabajadores nos reunimos." in printable.text
    assert "<script" not in printable.text
    pdf = client.get(f"/es/declarations/{world.slug}.pdf?view=both")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and len(pdf.data) > 2000
    # A bad view parameter falls back to the reader's language.
    assert client.get(f"/en/declarations/{world.slug}?view=fr").status_code == 200
    assert client.get("/en/declarations/no-such-declaration").status_code == 404


def test_pdf_text_renders_spanish_accents(app, client, world):
    from datetime import date

    from organizer.accounts.models import User
    from organizer.declarations import services

    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        services.adopt(declaration, db.session.get(User, world.organizer), method="vote", adopted_on=date(2030, 5, 1),
                       votes_for=40, votes_against=2, votes_abstain=5)
        db.session.commit()
        from organizer.declarations.pdf import _Writer

        writer = _Writer()
        writer.close()
        assert writer.text("Declaración — año ¿sí? ñ") in ("Declaración — año ¿sí? ñ", 'Declaración - año ¿sí? ñ')
    for lang in ("en", "es"):
        response = client.get(f"/{lang}/declarations/{world.slug}.pdf?view={lang}")
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert b"/FontFile2" in response.data  # DejaVu Sans embedded: every Latin letter renders
    # Without the font (a host restarted with another setting, same cache): the core font, whose
    # Latin-1 covers Spanish; nothing the old setting rendered is served.
    from organizer import create_app

    restarted = create_app({**app.config, "DECLARATIONS_PDF_FONT": "/nonexistent.ttf", "CACHE_CODE_VERSION": None})
    try:
        response = restarted.test_client().get(f"/es/declarations/{world.slug}.pdf?view=es")
    finally:
        with restarted.app_context():
            db.engine.dispose()
    assert response.status_code == 200 and b"/Helvetica" in response.data


def test_constituency_groups_managed_by_organizers(app, client, world, login_as):
    login_as(world.organizer)
    url = f"/en/declarations/groups/{world.convening_slug}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"group-name-en": "Environment", "group-name-es": ""})
    assert bad.status_code == 200 and "every language" in bad.text
    assert client.post(url, data={"group-name-en": "Environment", "group-name-es": "Medio ambiente"}).status_code == 302
    from organizer.declarations.models import ConstituencyGroup, ConstituencyMember

    with app.app_context():
        group = db.session.scalar(db.select(ConstituencyGroup).where(ConstituencyGroup.key == "environment"))
        gid = group.id
    assert client.post(f"{url}/{gid}/members", data={"member-email": "nobody@example.org"}).status_code == 302
    assert client.post(f"{url}/{gid}/members", data={"member-email": "stranger@example.org"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ConstituencyMember)
                                 .where(ConstituencyMember.group_id == gid)) == 1
    page = client.get(url)
    assert "Medio ambiente" not in page.text and "Environment" in page.text and "Sam Stranger" in page.text
    assert client.post(f"{url}/{gid}/members/{world.stranger}/remove").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ConstituencyMember)
                                 .where(ConstituencyMember.group_id == gid)) == 0


def test_organizer_starts_declaration_and_names_committee(app, client, world, login_as):
    login_as(world.organizer)
    url = f"/en/declarations/new/{world.convening_slug}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"title-en": "", "title-es": ""}).status_code == 200
    r = client.post(url, data={"title-en": "Second declaration", "title-es": "Segunda declaración"})
    assert r.status_code == 302 and "/manage" in r.headers["Location"]
    slug = r.headers["Location"].split("/declarations/")[1].split("/")[0]
    assert slug == "la-2030-second-declaration"
    bad = client.post(f"/en/declarations/{slug}/manage", data={"email": "nobody@example.org"})
    assert "No Organizer account" in bad.text
    assert client.post(f"/en/declarations/{slug}/manage", data={"email": "lead@example.org"}).status_code == 302
    with app.app_context():
        from organizer.declarations.models import CommitteeMember

        decl = db.session.scalar(db.select(Declaration).where(Declaration.slug == slug))
        assert db.session.get(CommitteeMember, (decl.id, world.lead)) is not None
    assert client.post(f"/en/declarations/{slug}/committee/{world.lead}/remove").status_code == 302


def test_convening_hooks_show_declarations_to_who_may_read_them(app, world, login_as, client):
    from flask_login import login_user, logout_user

    from organizer.platform import signals
    from organizer.accounts.models import User
    from organizer.convenings.models import Convening

    # Other domains (agenda, registration) add their own blocks and links: look at ours only.
    def own(sections):
        return [s for s in sections if s.template.startswith("declarations/")]

    def own_links(links):
        return [(url, label) for url, label in links if "/declarations/" in url]
    with app.test_request_context("/en/"):
        convening = db.session.get(Convening, world.convening_id)
        # Anonymous: the draft is not listed, so no section at all.
        assert own(signals.sections(signals.convening_sections, convening)) == []
        assert own_links(signals.collect(signals.convening_admin_links, convening)) == []
        login_user(db.session.get(User, world.organizer))
        sections = own(signals.sections(signals.convening_sections, convening))
        assert len(sections) == 1 and sections[0].context["declarations"][0].slug == world.slug
        links = [url for url, _label in own_links(signals.collect(signals.convening_admin_links, convening))]
        assert f"/en/declarations/new/{world.convening_slug}" in links
        assert f"/en/declarations/groups/{world.convening_slug}" in links
        html = app.jinja_env.get_template(sections[0].template).render(**sections[0].context)
        assert "Joint declaration" in html and "Draft" in html
        # As the convening page includes it: the context under ``ctx``.
        html = app.jinja_env.get_template(sections[0].template).render(ctx=sections[0].context)
        assert "Joint declaration" in html and f"/en/declarations/new/{world.convening_slug}" in html
        logout_user()
        login_user(db.session.get(User, world.other_organizer))
        assert own(signals.sections(signals.convening_sections, convening)) == []


def test_index_lists_adopted_declarations_of_public_convenings(app, client, world, count_queries):
    from datetime import date

    from organizer.accounts.models import User
    from organizer.convenings.models import Convening
    from organizer.declarations import services
    from organizer.i18n.translated import TranslatedText

    assert "Joint declaration" not in client.get("/en/declarations/").text  # a draft
    with app.test_request_context("/en/"):
        organizer = db.session.get(User, world.organizer)
        declaration = db.session.get(Declaration, world.declaration_id)
        services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                       votes_for=5, votes_against=0, votes_abstain=0)
        hidden = Convening(slug="secret", title=TranslatedText(en="Secret", es="Secreto"), kind="forum",
                           status="draft", timezone="UTC", countries=[])
        db.session.add(hidden)
        db.session.flush()
        other = services.create_declaration(hidden, TranslatedText(en="Hidden text", es="Texto oculto"), organizer)
        other.status = "adopted"
        db.session.commit()
    with count_queries() as queries:
        page = client.get("/es/declarations/")
    assert page.status_code == 200 and "Declaración conjunta" in page.text and "Texto oculto" not in page.text
    assert 'aria-current="page"' in page.text  # the main navigation marks the section
    assert len(queries) <= 4


def test_proposing_a_change_starts_from_the_clause_and_keeps_only_what_changed(app, client, world, login_as):
    base = f"/es/declarations/{world.slug}"
    first = world.clause_ids[0]
    login_as(world.lead)
    form = client.get(f"{base}/propose?clause={first}&action=change")
    assert form.status_code == 200
    assert re.search(r'name="text-en"[^>]*>We the workers meet\.</textarea>', form.text)
    assert re.search(r'name="text-es"[^>]*>Las y los trabajadores nos reunimos\.</textarea>', form.text)
    assert re.search(r'<option selected value="preamble">|<option value="preamble" selected>', form.text)
    same = {"on_behalf": f"d{world.delegation_id}", "action": "change", "clause": str(first),
            "reason-es": "Más incluyente.", "text-en": "We the workers meet.",
            "text-es": "Las y los trabajadores nos reunimos."}
    unchanged = client.post(f"{base}/propose", data=same)
    assert unchanged.status_code == 200 and "texto actual de la cláusula" in unchanged.text
    sent = client.post(f"{base}/propose", data={**same, "text-es": "Las trabajadoras y los trabajadores nos reunimos."})
    assert sent.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(db.select(Proposal))
        # English was left as it stands: it is not part of the change.
        assert proposal.text.to_dict() == {"es": "Las trabajadoras y los trabajadores nos reunimos."}


def test_drafting_pages_of_an_adopted_text_send_the_committee_back_with_the_reason(app, client, world, login_as):
    """Once the text is frozen, every drafting page (title, new clause, edit, move, remove, merge)
    changes nothing and says why on the declaration's page."""
    with app.app_context():
        declaration = db.session.get(Declaration, world.declaration_id)
        declaration.status = "adopted"
        clause_id = world.clause_ids[0]
        db.session.commit()
    login_as(world.committee)
    base = f"/en/declarations/{world.slug}"
    for url, method in [("/title", "get"), ("/clauses/new", "get"), (f"/clauses/{clause_id}/edit", "get"),
                        (f"/clauses/{clause_id}/move", "post"), (f"/clauses/{clause_id}/remove", "get"),
                        ("/proposals/merge", "get")]:
        response = getattr(client, method)(base + url)
        assert response.status_code == 302 and response.headers["Location"].endswith(base), url
    page = client.get(base).get_data(as_text=True)
    assert "adopted" in page.lower()
    with app.app_context():
        assert db.session.get(Clause, clause_id) is not None
