"""The per-language content type: storage, fallback, marker, form widget."""
from __future__ import annotations

import pytest
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from werkzeug.datastructures import MultiDict

from organizer.extensions import db
from organizer.i18n.fields import TranslatedField
from organizer.i18n.formatting import translated_html
from organizer.i18n.translated import TranslatedText, TranslatedType

languages = st.sampled_from(["en", "es", "fr", "pt"])
texts = st.text(min_size=0, max_size=40)


def test_resolve_prefers_the_requested_language():
    value = TranslatedText(en="Workers", es="Trabajadores")
    assert value.resolve("es").text == "Trabajadores"
    assert not value.resolve("es").is_fallback
    assert value.resolve("es-MX").text == "Trabajadores"


def test_missing_language_falls_back_and_says_so():
    value = TranslatedText(en="Workers")
    resolved = value.resolve("es")
    assert resolved.text == "Workers"
    assert resolved.language == "en"
    assert resolved.is_fallback


def test_a_third_language_needs_no_schema_change():
    value = TranslatedText(en="Workers", es="Trabajadores", fr="Travailleurs")
    assert value.resolve("fr").text == "Travailleurs"
    assert TranslatedText(fr="Travailleurs").resolve("es").text == "Travailleurs"


def test_blank_texts_count_as_missing():
    value = TranslatedText(en="  ", es="Hola")
    assert value.missing(["en", "es"]) == ["en"]
    assert not TranslatedText(en="", es=None)


@settings(deadline=None)  # no timing in tests: the machine may be busy
@given(st.dictionaries(languages, texts), languages)
def test_resolve_never_invents_text(data, lang):
    value = TranslatedText(data)
    resolved = value.resolve(lang)
    present = {k: v.strip() for k, v in data.items() if v and v.strip()}
    if not present:
        assert resolved.text == "" and resolved.language is None
    else:
        assert resolved.text == present[resolved.language]
        assert resolved.is_fallback == (lang not in present)


@settings(deadline=None)
@given(st.dictionaries(languages, texts))
def test_equality_and_hash_follow_the_content(data):
    a, b = TranslatedText(data), TranslatedText(dict(data))
    assert a == b and hash(a) == hash(b)
    assert TranslatedText(a.to_dict()) == a


def test_column_round_trip(app):
    metadata = MetaData()
    table = Table("tt_probe", metadata, Column("id", Integer, primary_key=True), Column("body", TranslatedType()))
    with app.app_context():
        metadata.create_all(db.engine)
        try:
            with db.engine.begin() as conn:
                conn.execute(insert(table).values(id=1, body=TranslatedText(en="Hi", es="Hola", fr="Salut")))
                conn.execute(insert(table).values(id=2, body=None))
                rows = dict(conn.execute(select(table.c.id, table.c.body)).all())
            assert rows[1] == TranslatedText(en="Hi", es="Hola", fr="Salut")
            assert isinstance(rows[1], TranslatedText)
            assert rows[2] is None
        finally:
            metadata.drop_all(db.engine)


@pytest.mark.parametrize("lang, marker", [("es", "aún sin traducir"), ("en", "not yet translated")])
def test_fallback_is_visibly_marked_in_the_readers_language(app, lang, marker):
    with app.test_request_context(f"/{lang}/"):
        with force_locale(lang):
            other = "es" if lang == "en" else "en"
            html = str(translated_html(TranslatedText({other: "<b>text</b>"})))
            assert marker in html
            assert f'lang="{other}"' in html
            assert "&lt;b&gt;" in html  # content is escaped
            plain = str(translated_html(TranslatedText({lang: "own"})))
            assert plain == "own"


def _form_class():
    from flask_wtf import FlaskForm

    class ProbeForm(FlaskForm):
        title = TranslatedField("Title", required="one", max_length=20)
        body = TranslatedField("Body", required="all", multiline=True)

    return ProbeForm


def test_widget_edits_both_languages_side_by_side(app):
    with app.test_request_context("/en/"):
        form = _form_class()(data={"title": TranslatedText(en="A", es="B")})
        html = str(form.title())
        assert 'name="title-en"' in html and 'name="title-es"' in html
        assert 'lang="es"' in html and 'value="B"' in html
        # Issue 12, item 7: languages are named in the reader's words ("Spanish" on an English page).
        assert '<label for="title-es">Spanish</label>' in html and "Español" not in html
        assert "<textarea" in str(form.body())


def test_widget_validation_keeps_what_was_typed(app):
    with app.test_request_context("/es/", method="POST"):
        formdata = MultiDict({"title-en": "", "title-es": "", "body-en": "Only English", "body-es": ""})
        form = _form_class()(formdata=formdata)
        assert not form.validate()
        assert form.title.errors == ["Llena este campo al menos en un idioma."]
        assert "Falta: Español" in form.body.errors[0]
        assert "Only English" in str(form.body())
    with app.test_request_context("/en/", method="POST"):
        formdata = MultiDict({"title-en": "x" * 21, "title-es": "ok", "body-en": "a", "body-es": "b"})
        form = _form_class()(formdata=formdata)
        assert not form.validate()
        assert "at most 20 characters" in form.title.errors[0]
        formdata = MultiDict({"title-en": "ok", "title-es": "", "body-en": "a", "body-es": "b"})
        form = _form_class()(formdata=formdata)
        assert form.validate()
        assert form.title.data.to_dict() == {"en": "ok"}
        assert not form.title.data.provenance("en").is_translation  # typed in a form: the original


@pytest.mark.parametrize("lang, start, end, expected", [
    ("en", "2013-12-02", "2013-12-03", "December 2\u2009\u2013\u20093, 2013"),
    ("es", "2013-12-02", "2013-12-03", "2\u20133 de diciembre de 2013"),
    ("en", "2024-02", None, "February 2024"),
    ("es", "2024-02", None, "febrero de 2024"),
    ("es", "2009", None, "2009"),
    ("en", "2014-01-28", "2014-01-31", "January 28\u2009\u2013\u200931, 2014"),
])
def test_partial_dates_keep_their_precision(app, lang, start, end, expected):
    from organizer.i18n.formatting import PartialDate, format_partial_range

    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        assert format_partial_range(PartialDate.parse(start), PartialDate.parse(end) if end else None) == expected
