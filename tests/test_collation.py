"""Names sort the way the reader's language does (pyuca, with Spanish ñ)."""
from __future__ import annotations

from organizer.i18n.collation import collation_key, sort_by_name
from organizer.i18n.translated import TranslatedText

COUNTRIES_ES = ["Bután", "Bélgica", "Zambia", "Österreich", "Canadá", "Ñandú", "Nuevo León", "Omán", "Éire", "Chile"]


def test_accented_names_sort_with_their_letter_not_after_z():
    ordered = sorted(COUNTRIES_ES, key=lambda t: collation_key(t, "es"))
    assert ordered == ["Bélgica", "Bután", "Canadá", "Chile", "Éire", "Nuevo León", "Ñandú", "Omán", "Österreich",
                       "Zambia"]
    assert sorted(COUNTRIES_ES) != ordered  # what Python's own comparison gives


def test_spanish_n_tilde_is_a_letter_after_n_but_not_in_english():
    assert collation_key("Ñandú", "es") > collation_key("Nuñez", "es") > collation_key("Nube", "es")
    assert collation_key("Ñandú", "es") < collation_key("Oaxaca", "es")
    assert collation_key("Ñandú", "en") < collation_key("Nube", "en")  # English folds ñ into n
    assert collation_key("Ñandú", "es_MX") == collation_key("Ñandú", "es")


def test_case_and_spaces_do_not_split_names_and_ties_are_stable():
    assert sorted(["álvarez", "Alvarez", "Álvarez", "Aguilar"], key=lambda t: collation_key(t, "es"))[0] == "Aguilar"
    assert collation_key("Ana  María", "es")[0] == collation_key("Ana María", "es")[0]
    assert collation_key(None, "es") < collation_key("A", "es")


def test_sort_by_name_reads_translated_names_in_the_interface_language(app):
    rows = [TranslatedText(en="Belgium union", es="Sindicato de Bélgica"),
            TranslatedText(en="Bhutan union", es="Sindicato de Bután"),
            TranslatedText(en="Austria union", es="Sindicato de Austria")]
    with app.test_request_context("/es/"):
        from flask import g

        g.lang_code = "es"
        assert [r["es"] for r in sort_by_name(rows)] == ["Sindicato de Austria", "Sindicato de Bélgica",
                                                          "Sindicato de Bután"]


def test_signatories_are_listed_by_name_in_the_readers_language(app):
    from types import SimpleNamespace

    from organizer.declarations.services import by_country

    def signatory(country, en, es):
        return SimpleNamespace(country=country, organization=SimpleNamespace(name=TranslatedText(en=en, es=es)))

    rows = [signatory("MX", "Zapotec Union", "Sindicato Zapoteco"), signatory("MX", "Teachers' Union", "Unión de Maestros"),
            signatory("MX", "Electricians", "Électricistas")]
    with app.test_request_context("/es/"):
        from flask import g

        g.lang_code = "es"
        [(country, listed)] = by_country(rows)
        assert [str(s.organization.name) for s in listed] == ["Électricistas", "Sindicato Zapoteco", "Unión de Maestros"]
