"""French, the third interface language (issue 17): URLs, switcher, negotiation, formatting,
content fallback and emails."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import force_locale

from organizer.i18n.formatting import format_date, format_number, translated_html
from organizer.i18n.translated import TranslatedText


def test_french_pages_render_in_french(client):
    response = client.get("/fr/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert response.headers["Content-Language"] == "fr"
    assert "Rencontres syndicales trinationales" in html
    assert "Trinational labor convenings" not in html


@pytest.mark.parametrize("path", ["/fr/account/login", "/fr/account/signup", "/fr/convenings/",
                                  "/fr/organizations/"])
def test_other_french_pages_answer_in_french(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert "Se connecter" in html or "Se déconnecter" in html


def test_switcher_names_the_three_languages_each_in_its_own(client):
    html = client.get("/fr/account/login").get_data(as_text=True)
    links = re.findall(r'class="language-switch" href="([^"]+)" hreflang="(\w+)" lang="\w+">([^<]+)<', html)
    assert sorted(links) == [("/en/account/login", "en", "English"), ("/es/account/login", "es", "Español")]
    assert re.search(r'aria-current="true" lang="fr">Français<', html)
    html = client.get("/en/").get_data(as_text=True)
    assert 'hreflang="fr" lang="fr">Français<' in html and 'hreflang="es" lang="es">Español<' in html


def test_accept_language_and_saved_choice_pick_among_three(client):
    assert client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"}).headers["Location"] == "/fr/"
    client.get("/es/")
    assert client.get("/", headers={"Accept-Language": "fr-CA"}).headers["Location"] == "/es/"
    client.get("/fr/")
    assert client.get("/", headers={"Accept-Language": "es-MX"}).headers["Location"] == "/fr/"


def test_signed_in_preference_can_be_french(client, make_user, login_as):
    login_as(make_user(language="fr"))
    client.delete_cookie("organizer_lang")
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/fr/"


def test_unconfigured_language_is_not_found_in_the_best_language(client):
    response = client.get("/pt/", headers={"Accept-Language": "fr-CA,fr"})
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)
    assert client.get("/fr/no-such-page").status_code == 404


def test_french_formats_as_in_canada(app):
    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert format_number(1234567.5) == "1\xa0234\xa0567,5"  # fr_CA: no-break space (fr_FR: narrow)
        assert format_date(date(2014, 6, 5), "short") == "2014-06-05"  # fr_CA, not fr_FR's 05/06/2014
        assert format_date(date(2014, 6, 5)) == "5 juin 2014"


def test_a_french_reader_falls_back_to_english_then_spanish_with_the_french_marker(app):
    with app.test_request_context("/fr/"), force_locale("fr"):
        both = TranslatedText(en="Workers meet", es="Se reúnen")
        html = str(translated_html(both))
        assert '<span lang="en">Workers meet</span>' in html and "(pas encore traduit)" in html
        html = str(translated_html(TranslatedText(es="Se reúnen")))
        assert '<span lang="es">Se reúnen</span>' in html and "(pas encore traduit)" in html
        assert str(translated_html(TranslatedText(en="Workers meet", fr="Rencontre"))) == "Rencontre"


def test_the_fallback_order_is_a_site_setting(app):
    app.config["CONTENT_FALLBACK"] = ["es", "en"]
    with app.test_request_context("/fr/"), force_locale("fr"):
        assert TranslatedText(en="Workers meet", es="Se reúnen").resolve("fr").language == "es"


def test_emails_go_out_in_french_for_french_readers(app):
    from types import SimpleNamespace

    from organizer.extensions import db
    from organizer.mail.services import queue_mail

    with app.test_request_context("/en/"):
        app.preprocess_request()
        message = queue_mail("marie@example.org", "fr", "confirm_email",
                             user=SimpleNamespace(name="Marie Tremblay"), confirm_url="https://example.org/x")
        assert message.language == "fr"
        assert message.subject == "Confirmez votre compte Organizer"
        assert "Bonjour Marie Tremblay," in message.body_text
        assert "Veuillez confirmer votre adresse courriel" in message.body_text
        db.session.rollback()


def test_french_is_a_choice_for_a_users_language(app):
    from organizer.accounts.forms import language_choices

    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert ("fr", "Français") in language_choices()
