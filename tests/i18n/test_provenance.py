"""Issue 17, item 6: each language version of a value says whether it is the original wording or a
translation (from which language, by whom, when), inside the one content type."""
from __future__ import annotations

from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from werkzeug.datastructures import MultiDict

from organizer.extensions import db
from organizer.i18n.fields import TranslatedField
from organizer.i18n.formatting import provenance_note, provenance_text, translator_note
from organizer.i18n.translated import PROVENANCE_KEY, Provenance, TranslatedText, TranslatedType

SEEDED = TranslatedText(en="Workers meet", es="Se reúnen", fr="Rencontre").translated_by_organizer("en")


def test_a_value_records_original_and_translations_without_changing_its_texts():
    assert SEEDED.provenance("en") == Provenance.original()
    assert SEEDED.provenance("fr") == Provenance(source="en", organizer=True)
    assert SEEDED.provenance("fr").is_translation and not SEEDED.provenance("en").is_translation
    # The mapping, exports and snapshots see the texts only.
    assert dict(SEEDED) == SEEDED.to_dict() == {"en": "Workers meet", "es": "Se reúnen", "fr": "Rencontre"}
    assert list(SEEDED) == ["en", "es", "fr"] and len(SEEDED) == 3
    assert SEEDED == {"en": "Workers meet", "es": "Se reúnen", "fr": "Rencontre"}  # a plain mapping: texts
    # Two values differ when their provenance does (so a re-seed or an edit records it).
    assert SEEDED != TranslatedText(SEEDED.to_dict())
    assert SEEDED == TranslatedText(SEEDED.stored()) and hash(SEEDED) == hash(TranslatedText(SEEDED.stored()))
    assert SEEDED.stored()[PROVENANCE_KEY]["es"] == {"from": "en", "organizer": True}


def test_replacing_a_text_forgets_only_that_languages_provenance():
    changed = SEEDED.replace(fr="Les travailleurs se rencontrent")
    assert changed.provenance("fr") is None and changed.provenance("es") == SEEDED.provenance("es")
    person = changed.with_provenance(fr=Provenance.translation("es", "Marie Tremblay", date(2014, 1, 30)))
    assert person.provenance("fr").to_dict() == {"from": "es", "by": "Marie Tremblay", "on": "2014-01-30"}


@pytest.mark.parametrize("stored", [
    {"en": "Hi", PROVENANCE_KEY: "nonsense"},
    {"en": "Hi", PROVENANCE_KEY: {"en": 7, "es": {"from": "en"}, "fr": ["x"]}},
    {"en": "Hi", PROVENANCE_KEY: {"en": {"from": {"a": 1}, "by": 3}}},
    {"en": "Hi", PROVENANCE_KEY: {"en": {"from": "en"}}},  # a translation of itself is no provenance
])
def test_malformed_stored_provenance_is_unknown_never_an_error(stored):
    value = TranslatedText(stored)
    assert value.to_dict() == {"en": "Hi"} and value.provenance("en") is None and value.provenance("es") is None


def test_the_column_keeps_provenance(app):
    metadata = MetaData()
    table = Table("tt_provenance_probe", metadata, Column("id", Integer, primary_key=True), Column("body", TranslatedType()))
    with app.app_context():
        metadata.create_all(db.engine)
        try:
            with db.engine.begin() as conn:
                conn.execute(insert(table).values(id=1, body=SEEDED))
                body = conn.execute(select(table.c.body)).scalar_one()
            assert body == SEEDED and body.provenance("es").organizer
        finally:
            metadata.drop_all(db.engine)


@pytest.mark.parametrize("lang, expected", [
    ("es", "Traducción de Organizer; original en inglés"),
    ("fr", "Traduction d'Organizer; original en anglais"),
    ("en", ""),  # English is the original: nothing to say
])
def test_public_pages_say_whose_translation_in_the_readers_language(app, lang, expected):
    with app.test_request_context(f"/{lang}/"):
        app.preprocess_request()
        assert provenance_text(SEEDED) == expected
        note = str(provenance_note(None, TranslatedText(en="x"), SEEDED))
        assert (str(escape(expected)) in note) if expected else note == ""


def test_a_persons_translation_names_them_and_the_day(app):
    value = TranslatedText(en="We demand", fr="Nous exigeons").with_provenance(
        fr=Provenance.translation("en", "Marie <Tremblay>", "2014-01-30"), en=Provenance.original("Ana"))
    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert provenance_text(value) == "Traduit par Marie <Tremblay> le 30 janvier 2014; original en anglais"
        assert "Marie &lt;Tremblay&gt;" in str(translator_note(value, "fr"))
        assert str(translator_note(value, "en")) == ""
        assert str(translator_note(SEEDED, "fr")) == ""  # Organizer's own: said once per page


def _form(app):
    from flask_wtf import FlaskForm

    class ProbeForm(FlaskForm):
        title = TranslatedField("Title")

    return ProbeForm


def test_the_widget_offers_this_is_a_translation_of_and_shows_what_is_recorded(app):
    with app.test_request_context("/fr/"):
        app.preprocess_request()
        html = str(_form(app)(data={"title": SEEDED}).title())
        assert 'name="title-fr-translated" value="y" checked' in html
        assert "C'est une traduction de l'original en" in html
        assert 'name="title-en-translated" value="y">' in html  # English: the original, unticked
        assert '<option value="en" selected>Anglais</option>' in html


def test_editing_records_the_original_unless_marked_as_a_translation(app, make_user, login_as):
    user_id = make_user("marie@example.org", name="Marie Tremblay")
    with app.test_request_context("/fr/", method="POST"):
        from flask_login import login_user

        from organizer.accounts.models import User

        login_user(db.session.get(User, user_id))
        form = _form(app)(formdata=MultiDict({
            "title-en": "Workers meet", "title-en-translated": "",  # unchanged: kept as it was
            "title-es": "Se reúnen", "title-es-translated": "y", "title-es-from": "en",  # unchanged
            "title-fr": "Les travailleurs se rencontrent", "title-fr-translated": "y", "title-fr-from": "es",
        }), data={"title": SEEDED})
        assert form.validate()
        data = form.title.data
        assert data.provenance("en") == SEEDED.provenance("en") and data.provenance("es") == SEEDED.provenance("es")
        assert data.provenance("fr") == Provenance.translation("es", "Marie Tremblay", date.today())
        # Not ticked: the French typed here is Marie's own wording.
        form = _form(app)(formdata=MultiDict({"title-en": "Workers meet", "title-fr": "Rencontre ouvrière",
                                              "title-fr-from": "zz<script>"}), data={"title": SEEDED})
        assert form.validate()
        assert form.title.data.provenance("fr") == Provenance.original("Marie Tremblay", date.today())
        # Unticking alone turns a translation into an original.
        form = _form(app)(formdata=MultiDict({"title-en": "Workers meet", "title-es": "Se reúnen"}),
                          data={"title": SEEDED})
        form.validate()
        assert not form.title.data.provenance("es").is_translation


def test_a_new_value_ticked_as_translation_defaults_to_a_language_with_text(app):
    with app.test_request_context("/en/", method="POST"):
        form = _form(app)(formdata=MultiDict({"title-en": "Hi", "title-es": "Hola", "title-es-translated": "y"}))
        form.validate()
        assert form.title.data.provenance("es") == Provenance.translation("en", None, date.today())
        assert form.title.data.provenance("en") == Provenance.original(None, date.today())
