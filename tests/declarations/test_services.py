from __future__ import annotations

from datetime import date

import pytest

from organizer.accounts.models import User
from organizer.declarations import services
from organizer.declarations.diff import compare, word_diff
from organizer.declarations.models import (Clause, Declaration, DeclarationVersion, Proposal, Signatory)
from organizer.declarations.services import DeclarationError
from organizer.delegations.models import Delegation
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.mail.models import OutboxMessage
from organizer.organizations.models import Organization

from .conftest import make_delegation


def _get(world, db_ctx):
    return (db.session.get(Declaration, world.declaration_id), db.session.get(User, world.committee))


def test_translation_status_follows_changes(world, db_ctx):
    declaration, user = _get(world, db_ctx)
    first, second = (db.session.get(Clause, i) for i in world.clause_ids)
    assert first.translation == {"en": "reviewed", "es": "reviewed"}
    assert second.status_for("en") == "missing" and second.status_for("es") == "draft"
    # The English changes after both were reviewed: Spanish is now out of date, English a draft.
    services.edit_clause(first, user, kind="preamble", original_language="en",
                         text=TranslatedText(en="We, the workers, meet.", es=first.text["es"]))
    assert first.translation == {"en": "draft", "es": "outdated"}
    assert first.needs_work(["en", "es"]) == ["en", "es"]
    # The translator updates Spanish and marks both reviewed.
    services.edit_clause(first, user, kind="preamble", original_language="en",
                         text=TranslatedText(en="We, the workers, meet.", es="Nosotras y nosotros nos reunimos."),
                         reviewed=("en", "es"))
    assert first.translation == {"en": "reviewed", "es": "reviewed"}
    summary = services.translation_summary(services.clauses_of(declaration))
    assert [c.id for c in summary["needing"]] == [second.id]
    assert [c.id for c in summary["missing"]] == [second.id]


def test_every_save_keeps_a_version_and_stale_saves_are_refused(world, db_ctx):
    declaration, user = _get(world, db_ctx)
    first = db.session.get(Clause, world.clause_ids[0])
    before = declaration.version_number
    assert before == 3  # created, two clauses added
    stale = before
    services.edit_clause(first, user, kind="preamble", original_language="en",
                         text=TranslatedText(en="Changed once.", es=first.text["es"]), base_version=stale)
    assert declaration.version_number == before + 1
    with pytest.raises(DeclarationError) as error:
        services.edit_clause(first, user, kind="preamble", original_language="en",
                             text=TranslatedText(en="Changed from a stale copy.", es=first.text["es"]),
                             base_version=stale)
    assert error.value.field == "base_version"
    assert first.text["en"] == "Changed once."
    numbers = [v.number for v in services.versions_of(declaration)]
    assert numbers == [4, 3, 2, 1]
    v3, v4 = services.get_version(declaration, 3), services.get_version(declaration, 4)
    assert v3.snapshot["clauses"][0]["text"]["en"] == "We the workers meet."
    assert v4.snapshot["clauses"][0]["text"]["en"] == "Changed once."
    # A save that changes nothing makes no version.
    assert not services.edit_clause(first, user, kind="preamble", original_language="en", text=first.text,
                                    reviewed=[k for k, v in first.translation.items() if v == "reviewed"])
    assert declaration.version_number == 4


def test_word_diff_marks_only_changed_words():
    html = str(word_diff("We demand fair wages now", "We demand living wages now"))
    assert html == "We demand <del>fair</del> <ins>living</ins> wages now"
    assert str(word_diff("a <b>", "a <c>")) == "a <del>&lt;b&gt;</del> <ins>&lt;c&gt;</ins>"


def test_compare_matches_clauses_by_identity():
    a = {"title": {"en": "Old"}, "clauses": [
        {"id": 1, "kind": "demand", "text": {"en": "one two"}},
        {"id": 2, "kind": "demand", "text": {"en": "gone"}},
        {"id": 3, "kind": "demand", "text": {"en": "three"}}]}
    b = {"title": {"en": "New"}, "clauses": [
        {"id": 1, "kind": "demand", "text": {"en": "one 2"}},
        {"id": 3, "kind": "demand", "text": {"en": "three"}},
        {"id": 4, "kind": "commitment", "text": {"en": "four"}}]}
    title, rows = compare(a, b, "en")
    assert str(title) == "<del>Old</del> <ins>New</ins>"
    assert [(r.state, r.number_a, r.number_b) for r in rows] == [
        ("changed", 1, 1), ("removed", 2, None), ("same", 3, 2), ("added", None, 3)]
    assert str(rows[0].html) == "one <del>two</del> <ins>2</ins>"


def test_proposals_accept_merge_decline_and_notify(world, db_ctx):
    declaration, committee = _get(world, db_ctx)
    lead = db.session.get(User, world.lead)
    delegation = db.session.get(Delegation, world.delegation_id)
    first, second = (db.session.get(Clause, i) for i in world.clause_ids)
    change = services.submit_proposal(declaration, lead, action="change", on_behalf=delegation, clause=second,
                                      kind=None, text=TranslatedText(en="We demand living wages."),
                                      reason=TranslatedText(es="Falta el inglés."))
    add1 = services.submit_proposal(declaration, lead, action="add", on_behalf=delegation, clause=None,
                                    kind="solidarity", text=TranslatedText(en="We stand with miners."),
                                    reason=TranslatedText(en="Mining."))
    add2 = services.submit_proposal(declaration, lead, action="add", on_behalf=delegation, clause=None,
                                    kind="solidarity", text=TranslatedText(es="Solidaridad con las mineras."),
                                    reason=TranslatedText(es="Minería."))
    remove = services.submit_proposal(declaration, lead, action="remove", on_behalf=delegation, clause=first,
                                      kind=None, text=None, reason=TranslatedText(en="Too long."))
    assert remove.target_text == first.text and remove.target_number == 1
    # Accept the change: the English is added, the Spanish kept and now marked for review.
    services.accept_proposal(change, committee, text=None, kind=None, reason=None)
    assert second.text == TranslatedText(en="We demand living wages.", es="Exigimos salarios dignos.")
    assert change.status == "accepted" and change.result_clause_id == second.id
    assert change.result_version == declaration.version_number
    # Merge the two additions into one new clause.
    merged = services.merge_proposals(declaration, [add1, add2], committee, into=None, kind="solidarity",
                                      text=TranslatedText(en="We stand with mining workers.",
                                                          es="Nos solidarizamos con quienes trabajan en la minería."),
                                      reason=TranslatedText(en="Merged."), original_language="en")
    assert add1.status == add2.status == "merged" and add1.result_clause_id == merged.id
    shaping = services.shaping_proposals(declaration)
    assert {p.id for p in shaping[merged.id]} == {add1.id, add2.id}
    assert [p.id for p in shaping[second.id]] == [change.id]
    # Declining needs a reason.
    with pytest.raises(DeclarationError):
        services.decline_proposal(remove, committee, TranslatedText())
    services.decline_proposal(remove, committee, TranslatedText(es="El preámbulo se queda."))
    assert remove.status == "declined"
    with pytest.raises(DeclarationError):
        services.accept_proposal(remove, committee, text=None, kind=None, reason=None)
    all_mails = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    received = [m for m in all_mails if m.template == "declarations_proposal_received"]
    assert len(received) == 4 and {m.recipient for m in received} == {"committee@example.org"}
    assert all(m.language == "es" and "Nueva propuesta" in m.subject for m in received)
    mails = [m for m in all_mails if m.template == "declarations_proposal_decided"]
    assert len(mails) == 4 and {m.recipient for m in mails} == {"lead@example.org"}
    assert all(m.language == "es" for m in mails)
    assert "rechazada" in mails[-1].subject and "El preámbulo se queda." in mails[-1].body_text


def test_accepting_a_removal_removes_the_clause_with_a_version(world, db_ctx):
    declaration, committee = _get(world, db_ctx)
    lead = db.session.get(User, world.lead)
    first = db.session.get(Clause, world.clause_ids[0])
    proposal = services.submit_proposal(declaration, lead, action="remove",
                                        on_behalf=db.session.get(Delegation, world.delegation_id), clause=first,
                                        kind=None, text=None, reason=TranslatedText(en="Redundant."))
    version = declaration.version_number
    services.accept_proposal(proposal, committee, text=None, kind=None, reason=None)
    assert [c.id for c in services.clauses_of(declaration)] == [world.clause_ids[1]]
    assert declaration.version_number == version + 1
    assert proposal.target_text["en"] == "We the workers meet."


def test_consensus_block_stops_adoption_until_resolved(world, db_ctx):
    declaration, _ = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    teachers = db.session.get(Delegation, world.delegation_id)
    nurses = make_delegation(world.convening_id, world.stranger, "submitted", "Nurses")
    services.record_position(declaration, teachers, "consent", None, organizer)
    block = services.record_position(declaration, nurses, "block", TranslatedText(en="Clause 2 too weak."), organizer)
    with pytest.raises(DeclarationError, match="blocks"):
        services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
    with pytest.raises(DeclarationError):
        services.resolve_block(block, TranslatedText(), organizer)
    services.resolve_block(block, TranslatedText(en="Clause 2 was strengthened; the block was lifted."), organizer)
    services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
    assert declaration.status == "adopted" and declaration.method == "consensus"
    assert declaration.adopted_on == date(2030, 5, 1)
    assert services.get_version(declaration, declaration.version_number).event == "adopted"
    # Frozen: no edits, no proposals, no positions.
    clause = db.session.get(Clause, world.clause_ids[0])
    with pytest.raises(DeclarationError):
        services.edit_clause(clause, organizer, kind="demand", original_language="en", text=TranslatedText(en="x"))
    with pytest.raises(DeclarationError):
        services.remove_clause(clause, organizer)
    with pytest.raises(DeclarationError):
        services.submit_proposal(declaration, organizer, action="add", on_behalf=teachers, clause=None,
                                 kind="demand", text=TranslatedText(en="x"), reason=TranslatedText(en="y"))
    other = make_delegation(world.other_convening_id, world.other_lead, "confirmed", "Elsewhere")
    with pytest.raises(DeclarationError):
        services.record_position(declaration, other, "consent", None, organizer)


def test_a_position_from_another_convening_is_refused(world, db_ctx):
    declaration, _ = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    other = db.session.scalar(db.select(Delegation).where(Delegation.convening_id == world.other_convening_id))
    with pytest.raises(DeclarationError):
        services.record_position(declaration, other, "consent", None, organizer)
    draft_delegation = make_delegation(world.convening_id, world.stranger, "draft", "Not submitted")
    with pytest.raises(DeclarationError):
        services.record_position(declaration, draft_delegation, "consent", None, organizer)


def test_vote_must_carry(world, db_ctx):
    declaration, _ = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    with pytest.raises(DeclarationError):
        services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                       votes_for=10, votes_against=10, votes_abstain=3)
    with pytest.raises(DeclarationError):
        services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
    services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                   votes_for=40, votes_against=2, votes_abstain=5)
    assert (declaration.votes_for, declaration.votes_against, declaration.votes_abstain) == (40, 2, 5)


def test_corrections_after_adoption_are_logged_and_versioned(world, db_ctx):
    declaration, committee = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    second = db.session.get(Clause, world.clause_ids[1])
    with pytest.raises(DeclarationError):
        services.propose_correction(declaration, second, committee, language="en", new_text="x",
                                    reason=TranslatedText(en="y"))
    services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                   votes_for=3, votes_against=0, votes_abstain=0)
    with pytest.raises(DeclarationError):
        services.propose_correction(declaration, second, committee, language="en", new_text="We demand decent wages.",
                                    reason=TranslatedText())
    version = declaration.version_number
    row = services.propose_correction(declaration, second, committee, language="en",
                                      new_text="We demand decent wages.",
                                      reason=TranslatedText(en="The English translation was missing."))
    assert services.corrections_of(declaration) == [] and "en" not in second.text
    with pytest.raises(DeclarationError):
        services.approve_correction(row, committee)  # never by its proposer
    services.approve_correction(row, organizer)
    assert row.old_text == "" and row.clause_number == 2 and row.version == version + 1
    assert second.text["en"] == "We demand decent wages." and second.status_for("en") == "reviewed"
    assert services.translation_summary(services.clauses_of(declaration))["missing"] == []
    assert [c.id for c in services.corrections_of(declaration)] == [row.id]


def test_sign_on_verify_and_withdraw(world, db_ctx):
    declaration, _ = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    kwargs = dict(organization=None, new_name="Sindicato Minero Independiente", country="MX", sector="mining",
                  authorized_by="Rosa Pérez", authorizer_title="Secretaria General",
                  contact_email="Rosa@Example.org", contact_language="es", user=None)
    with pytest.raises(DeclarationError):
        services.sign_on(declaration, **kwargs)  # not adopted yet
    services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                   votes_for=3, votes_against=0, votes_abstain=0)
    signatory, token = services.sign_on(declaration, **kwargs)
    assert signatory.status == "pending" and signatory.contact_email == "rosa@example.org"
    assert signatory.withdraw_token_hash != token
    assert services.signatories_of(declaration) == []
    organization = db.session.get(Organization, signatory.organization_id)
    assert organization.verified is False and organization.name["es"] == "Sindicato Minero Independiente"
    assert organization.name.to_dict() == {"es": "Sindicato Minero Independiente"}  # no made-up translation
    with pytest.raises(DeclarationError):
        services.sign_on(declaration, **{**kwargs, "organization": organization, "new_name": None})
    services.verify_signatory(signatory, organizer)
    assert organization.verified is True
    assert [s.id for s in services.signatories_of(declaration)] == [signatory.id]
    assert services.signatory_for_token(declaration, token).id == signatory.id
    assert services.signatory_for_token(declaration, "wrong") is None
    services.withdraw_signatory(signatory)
    assert services.signatories_of(declaration) == []
    with pytest.raises(DeclarationError):
        services.withdraw_signatory(signatory)
    to_verify = db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.template == "declarations_signon_to_verify")).all()
    assert [m.recipient for m in to_verify] == ["organizer@example.org"]
    assert "Sindicato Minero Independiente (Mexico)" in to_verify[0].body_text
    mails = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == "rosa@example.org")
                               .order_by(OutboxMessage.id)).all()
    assert [m.template for m in mails] == ["declarations_signon_received", "declarations_signon_verified"]
    assert all(m.language == "es" and m.recipient == "rosa@example.org" for m in mails)
    assert f"/es/declarations/{declaration.slug}/withdraw/{token}" in mails[0].body_text
    assert "Firma recibida" in mails[0].subject


def test_by_country_groups_with_most_first(world, db_ctx):
    declaration, _ = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                   votes_for=3, votes_against=0, votes_abstain=0)
    for name, country in [("B union", "US"), ("A union", "US"), ("Sindicato", "MX")]:
        s, _ = services.sign_on(declaration, organization=None, new_name=name, country=country, sector=None,
                                authorized_by="X", authorizer_title=None, contact_email="x@example.org",
                                contact_language="en", user=None)
        services.verify_signatory(s, organizer)
    groups = services.by_country(services.signatories_of(declaration))
    assert [(code, [s.organization.name["en"] for s in rows]) for code, rows in groups] == [
        ("US", ["A union", "B union"]), ("MX", ["Sindicato"])]
    assert db.session.scalar(db.select(db.func.count()).select_from(Signatory)) == 3
    assert db.session.scalar(db.select(db.func.count()).select_from(DeclarationVersion)) >= 4
    assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 0


def test_consent_counts_only_for_the_text_it_was_given_on(world, db_ctx):
    declaration, committee = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    teachers = db.session.get(Delegation, world.delegation_id)
    row = services.record_position(declaration, teachers, "consent", None, organizer)
    assert row.version == declaration.version_number
    first = db.session.get(Clause, world.clause_ids[0])
    services.edit_clause(first, committee, kind="preamble", original_language="en",
                         text=TranslatedText(en="We meet again.", es=first.text["es"]))
    with pytest.raises(DeclarationError, match="text changed"):
        services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
    services.record_position(declaration, teachers, "consent", None, organizer)
    services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
    assert declaration.status == "adopted"


def test_merge_into_an_existing_clause_and_stale_change(world, db_ctx):
    declaration, committee = _get(world, db_ctx)
    lead = db.session.get(User, world.lead)
    delegation = db.session.get(Delegation, world.delegation_id)
    first, second = (db.session.get(Clause, i) for i in world.clause_ids)
    a = services.submit_proposal(declaration, lead, action="change", on_behalf=delegation, clause=second, kind=None,
                                 text=TranslatedText(es="Exigimos salarios dignos y jornadas justas."),
                                 reason=TranslatedText(es="Jornada."))
    b = services.submit_proposal(declaration, lead, action="change", on_behalf=delegation, clause=second, kind=None,
                                 text=TranslatedText(en="We demand decent wages."), reason=TranslatedText(en="English."))
    with pytest.raises(DeclarationError):
        services.merge_proposals(declaration, [a], committee, into=second, kind="demand", original_language="es",
                                 text=TranslatedText(es="x"), reason=None)
    clause = services.merge_proposals(
        declaration, [a, b], committee, into=second, kind="demand", original_language="es",
        text=TranslatedText(en="We demand decent wages and fair hours.",
                            es="Exigimos salarios dignos y jornadas justas."),
        reason=TranslatedText(es="Conjuntadas."), reviewed=("es",))
    assert clause.id == second.id and second.translation == {"en": "draft", "es": "reviewed"}
    assert {p.status for p in (a, b)} == {"merged"} and a.result_version == declaration.version_number
    # A change to a clause removed in the meantime cannot be accepted (decline or merge it instead).
    stale = services.submit_proposal(declaration, lead, action="change", on_behalf=delegation, clause=first,
                                     kind=None, text=TranslatedText(en="Other."), reason=TranslatedText(en="r"))
    services.remove_clause(first, committee)
    with pytest.raises(DeclarationError, match="no longer in the draft"):
        services.accept_proposal(stale, committee, text=None, kind=None, reason=None)
    assert stale.target_text["en"] == "We the workers meet."
    # Proposing the current text is refused.
    with pytest.raises(DeclarationError):
        services.submit_proposal(declaration, lead, action="change", on_behalf=delegation, clause=second, kind=None,
                                 text=TranslatedText(en=second.text["en"]), reason=TranslatedText(en="r"))


def test_one_contact_cannot_be_flooded_with_sign_on_mails(world, db_ctx):
    declaration, _ = _get(world, db_ctx)
    organizer = db.session.get(User, world.organizer)
    services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                   votes_for=3, votes_against=0, votes_abstain=0)
    for i in range(services.MAX_PENDING_PER_CONTACT):
        services.sign_on(declaration, organization=None, new_name=f"Org {i}", country="US", sector=None,
                         authorized_by="A", authorizer_title=None, contact_email="victim@example.org",
                         contact_language="en", user=None)
    with pytest.raises(DeclarationError) as error:
        services.sign_on(declaration, organization=None, new_name="One more", country="US", sector=None,
                         authorized_by="A", authorizer_title=None, contact_email="Victim@Example.org",
                         contact_language="en", user=None)
    assert error.value.field == "contact_email"
