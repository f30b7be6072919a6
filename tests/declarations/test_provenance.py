"""Issue 17, item 6, for declarations: each language of a clause records who wrote or translated it
and when; the committee's edit form asks "This is a translation of …"; an accepted proposal keeps the
provenance of the languages it leaves alone; the public page names a person's translation."""
from __future__ import annotations

import re
from datetime import date

from organizer.declarations.models import Clause
from organizer.extensions import db
from organizer.i18n.translated import Provenance, TranslatedText

from .test_csrf import _login, _token


def _edit(client, world, clause_id, **fields):
    form = client.get(f"/en/declarations/{world.slug}/clauses/{clause_id}/edit")
    assert 'name="text-fr-translated"' in form.text  # the checkbox, for every language
    data = {"csrf_token": _token(form.text), "kind": "preamble", "original_language": "en",
            "base_version": re.search(r'name="base_version" type="hidden" value="(\d+)"', form.text).group(1),
            "text-en": "We the workers meet.", "text-es": "Las y los trabajadores nos reunimos.", **fields}
    return client.post(f"/en/declarations/{world.slug}/clauses/{clause_id}/edit", data=data)


def _works_in_french(app, world):
    """The convening works in English, Spanish and French: its clause forms ask for all three."""
    from organizer.convenings.models import Convening
    from organizer.declarations.models import Declaration

    with app.app_context():
        declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == world.slug))
        db.session.get(Convening, declaration.convening_id).working_languages = ["en", "es", "fr"]
        db.session.commit()


def test_the_committee_records_who_translated_a_clause_and_when(app, client, world):
    _works_in_french(app, world)
    _login(app, client, world.committee)
    response = _edit(client, world, world.clause_ids[0], **{
        "text-fr": "Nous, les travailleuses et travailleurs, nous réunissons.",
        "text-fr-translated": "y", "text-fr-from": "es"})
    assert response.status_code == 302
    with app.app_context():
        text = db.session.get(Clause, world.clause_ids[0]).text
        assert text["fr"].startswith("Nous, les travailleuses")
        assert text.provenance("fr") == Provenance.translation("es", "Carla Committee", date.today())
        assert text.provenance("en") is None and text.provenance("es") is None  # unchanged: as they were
    # Rewording the English without the checkbox records it as Carla's original wording.
    response = _edit(client, world, world.clause_ids[0], **{
        "text-en": "We, the workers, meet.",
        "text-fr": "Nous, les travailleuses et travailleurs, nous réunissons.",
        "text-fr-translated": "y", "text-fr-from": "es"})
    assert response.status_code == 302
    with app.app_context():
        text = db.session.get(Clause, world.clause_ids[0]).text
        assert text.provenance("en") == Provenance.original("Carla Committee", date.today())
        assert text.provenance("fr").source == "es"  # kept: neither its text nor its checkbox changed


def test_an_accepted_proposal_keeps_the_provenance_of_the_languages_it_leaves():
    clause = TranslatedText(en="We meet.", es="Nos reunimos.", fr="Nous nous réunissons.").with_provenance(
        fr=Provenance.translation("en", "Marie Tremblay", "2031-03-01"))
    merged = clause.merged(TranslatedText(es="Nos reunimos hoy.").with_provenance(es=Provenance.original("Luis")))
    assert merged.to_dict() == {"en": "We meet.", "es": "Nos reunimos hoy.", "fr": "Nous nous réunissons."}
    assert merged.provenance("fr").by == "Marie Tremblay" and merged.provenance("es") == Provenance.original("Luis")
    assert clause.merged(TranslatedText(fr="Nous voici.")).provenance("fr") is None


def test_the_declaration_page_names_a_persons_translation(app, client, world):
    with app.app_context():
        clause = db.session.get(Clause, world.clause_ids[0])
        clause.text = clause.text.with_provenance(es=Provenance.translation("en", "Carla Committee", "2030-05-02"))
        db.session.commit()
    _login(app, client, world.organizer)
    html = client.get(f"/es/declarations/{world.slug}").get_data(as_text=True)
    assert "Traducido por Carla Committee el 2 de mayo de 2030; original en inglés" in html
