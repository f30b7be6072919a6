"""The one registry of countries and languages (``organizer.i18n.registry``)."""
from __future__ import annotations

import pytest

from organizer.i18n import registry
from organizer.i18n.collation import collation_key


def test_every_language_has_a_code_and_vetted_names_in_english_spanish_and_french():
    codes = [language.code for language in registry.LANGUAGES]
    assert len(codes) == len(set(codes))
    for language in registry.LANGUAGES:
        assert set(language.names) == {"en", "es", "fr"} and all(language.names.values()), language.code
    # Stored codes of existing rows keep working; the ISO 639-3 code is kept alongside.
    for code in ("en", "es", "fr", "pt", "zap", "mix", "nah", "yua", "asl", "lsm"):
        assert registry.is_language(code)
    assert registry.language("asl").iso == "ase" and registry.language("lsm").iso == "mfs"
    assert registry.language("ase").code == "asl"  # known by its ISO code too
    assert {language.code for language in registry.LANGUAGES if language.signed} == {"lsm", "asl", "lsq"}
    assert registry.language("nah").indigenous and not registry.language("nah").simultaneous
    assert registry.language("lsm").simultaneous and registry.language("fr-CA").simultaneous


@pytest.mark.parametrize("lang, code, label", [
    ("en", "lsm", "Mexican Sign Language (LSM)"), ("es", "lsm", "Lengua de Señas Mexicana (LSM)"),
    ("fr", "lsq", "Langue des signes québécoise (LSQ)"), ("es", "nah", "Náhuatl"), ("fr", "fr-CA", "Français québécois"),
    ("es", "en", "Inglés"), ("pt", "es", "Espanhol"),  # an interface language the registry has no names for: Babel
    ("pt", "tsz", "Purépecha"),  # ... and the English name when Babel does not know it either
])
def test_labels_in_every_interface_language(lang, code, label):
    assert registry.language_label(code, lang) == label


def test_labels_inside_sentences_and_unknown_codes():
    assert registry.language_label("en", "es", sentence=True) == "inglés"
    assert registry.language_label("", "es") == ""
    assert registry.language_label("qq", "en") == "Qq"  # shown, never hidden
    assert registry.language_name("es") == "Español" and registry.language_name("fr") == "Français"


def test_one_order_by_name_with_the_readers_collation():
    fr = [name for _, name in registry.country_choices("fr")]
    # Accented initials sort with their letter in French (a plain sort puts "Égypte" after "Zimbabwe").
    assert fr.index("Égypte") < fr.index("Espagne") < fr.index("Zimbabwe")
    key = lambda text: collation_key(text, "es")  # noqa: E731 (the one collation helper)
    assert sorted(["Ñandú", "Nueva", "Niue", "Oaxaca"], key=key) == ["Niue", "Nueva", "Ñandú", "Oaxaca"]
    languages = [name for _, name in registry.language_choices(lang="es")]
    assert languages == sorted(languages, key=key) and "Lengua de Señas Mexicana (LSM)" in languages


def test_country_lists_put_the_three_countries_first_then_international_then_the_rest():
    en = registry.country_choices("en")
    assert [code for code, _ in en[:4]] == ["CA", "MX", "US", "INT"]
    es = registry.country_choices("es")
    assert [name for _, name in es[:4]] == ["Canadá", "Estados Unidos", "México", "Internacional"]
    assert ("ZZ", "Country not known") not in en
    assert registry.country_choices("en", unknown=True)[-1] == ("ZZ", "Country not known")
    assert registry.country_choices("en", international=False)[3][0] != "INT"
    assert all(registry.is_country(code) for code, _ in en) and not registry.is_country("EU")


def test_country_names_and_lookups():
    assert registry.country_name("MX", "es") == "México" and registry.country_name("ZZ", "es") == "País no conocido"
    assert registry.country_name("XX", "en") == "XX" and registry.country_name(None) == ""
    assert registry.country_by_name("méxico") == "MX" and registry.country_by_name("Mexique") is None
    assert registry.country_by_name("us") == "US"
    assert registry.language_by_name("Náhuatl") == "nah" and registry.language_by_name("LSM") == "lsm"
    assert registry.language_by_name("ingles") == "en" and registry.language_by_name("klingon") is None
    assert registry.country_keywords("MX") == "Mexico México"  # outside a request: English and Spanish


def test_templates_have_one_name_per_concept(app):
    with app.test_request_context("/es/"):
        from flask import render_template_string

        out = render_template_string("{{ country_name('MX') }}|{{ 'lsm'|language_label }}|"
                                     "{{ ['en', 'nah']|map('language_label', sentence=True)|join(', ') }}", )
    assert out in ("México|Lengua de Señas Mexicana (LSM)|inglés, náhuatl",
                   "Mexico|Mexican Sign Language (LSM)|English, Nahuatl")
