"""Issue 17, item 8: a language is data. Portuguese, configured here with a tiny catalog built in a
temporary directory, works like the three others without any code change: URLs, the switcher,
content fields and their fallback, emails and exports."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from icalendar import Calendar

from organizer.convenings.models import Convening
from organizer.convenings.seeding import seed
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

ROOT = Path(__file__).resolve().parents[2]

PORTUGUESE = {
    "Trinational labor convenings": "Encontros sindicais trinacionais",
    "not yet translated": "ainda não traduzido",
    "Confirm your Organizer account": "Confirme sua conta do Organizer",
    "Organizer's translation; original in %(language)s": "Tradução do Organizer; original em %(language)s",
    "Sign in": "Entrar",
}


@pytest.fixture(scope="module")
def portuguese_catalog(tmp_path_factory) -> Path:
    """translations/pt/LC_MESSAGES/messages.mo with a handful of messages: everything else falls back
    to the English msgid, as gettext does for any incomplete catalog."""
    base = tmp_path_factory.mktemp("pt-translations")
    catalog = Catalog(locale="pt", domain="messages")
    for english, portuguese in PORTUGUESE.items():
        catalog.add(english, portuguese)
    path = base / "pt" / "LC_MESSAGES"
    path.mkdir(parents=True)
    with open(path / "messages.mo", "wb") as f:
        write_mo(f, catalog)
    return base


@pytest.fixture
def app_config(portuguese_catalog) -> dict:
    # Configuration only: the language list, the content fallback and where its catalog lives.
    return {
        "LANGUAGES": ["en", "es", "fr", "pt"],
        "CONTENT_FALLBACK": ["en", "es", "fr", "pt"],
        "BABEL_TRANSLATION_DIRECTORIES": f"{ROOT / 'translations'};{portuguese_catalog}",
    }


@pytest.fixture
def archive(app):
    with app.app_context():
        seed(ROOT / "seeds")
        la = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2013"))
        la.title = la.title.replace(pt="Conferência trinacional de solidariedade sindical, Los Angeles 2013")
        db.session.commit()
    return app


def test_portuguese_urls_answer_in_portuguese(client):
    response = client.get("/pt/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Content-Language"] == "pt"
    assert '<html lang="pt"' in html and "Encontros sindicais trinacionais" in html
    assert client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"}).headers["Location"] == "/pt/"
    assert client.get("/pt/account/login").status_code == 200
    assert client.get("/xx/").status_code == 404  # still only what is configured


def test_the_switcher_offers_portuguese_in_its_own_name(client):
    html = client.get("/en/account/login").get_data(as_text=True)
    assert re.search(r'href="/pt/account/login" hreflang="pt" lang="pt">Português<', html)
    html = client.get("/pt/account/login").get_data(as_text=True)
    assert re.search(r'aria-current="true" lang="pt">Português<', html)
    for lang, name in (("en", "English"), ("es", "Español"), ("fr", "Français")):
        assert f'href="/{lang}/account/login" hreflang="{lang}" lang="{lang}">{name}<' in html


def test_content_in_portuguese_and_its_marked_fallback(archive, client):
    html = client.get("/pt/convenings/la-2013/").get_data(as_text=True)
    assert "<h1>Conferência trinacional de solidariedade sindical, Los Angeles 2013</h1>" in html
    # The theme has no Portuguese: English first (the site's fallback), marked in Portuguese.
    assert '<span lang="en">Nearly twenty years of NAFTA' in html and "(ainda não traduzido)" in html
    html = client.get("/pt/convenings/la-2024/").get_data(as_text=True)
    assert '<span lang="en">Worker Solidarity in Action' in html and "(ainda não traduzido)" in html


def test_forms_edit_portuguese_beside_the_others(app):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from organizer.i18n.fields import TranslatedField

    class Probe(FlaskForm):
        title = TranslatedField("Title", required="one")

    with app.test_request_context("/pt/", method="POST"):
        app.preprocess_request()
        form = Probe(formdata=MultiDict({"title-en": "Workers meet", "title-pt": "Trabalhadores se encontram",
                                         "title-pt-translated": "y", "title-pt-from": "en"}))
        assert 'name="title-pt"' in str(form.title) and 'lang="pt"' in str(form.title)
        assert form.validate()
        assert form.title.data["pt"] == "Trabalhadores se encontram"
        assert form.title.data.provenance("pt").source == "en"
        assert TranslatedText(form.title.data.stored()) == form.title.data


def test_emails_go_out_in_portuguese(app):
    from organizer.mail.services import queue_mail

    with app.test_request_context("/en/"):
        app.preprocess_request()
        message = queue_mail("joana@example.org", "pt", "confirm_email",
                             user=SimpleNamespace(name="Joana Silva"), confirm_url="https://example.org/x")
        assert message.language == "pt"
        assert message.subject == "Confirme sua conta do Organizer"
        db.session.rollback()


def test_exports_in_portuguese(archive, client):
    response = client.get("/pt/convenings/la-2013/agenda/agenda.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Conferência trinacional de solidariedade sindical, Los Angeles 2013"
    data = client.get("/pt/convenings/la-2013/agenda/agenda.json").get_json()
    assert data["convening"]["title"]["pt"].startswith("Conferência trinacional")


def test_provenance_is_said_in_portuguese(archive, client):
    html = client.get("/pt/convenings/la-2024/").get_data(as_text=True)
    assert "Tradução do Organizer" not in html  # the text shown is the English original
    with archive.test_request_context("/pt/"):
        archive.preprocess_request()
        from organizer.i18n.formatting import provenance_text

        value = TranslatedText(en="Workers", pt="Trabalhadores").translated_by_organizer("en")
        assert provenance_text(value) == "Tradução do Organizer; original em inglês"


def test_a_portuguese_reader_can_choose_portuguese_for_account_and_admin(app, runner):
    from organizer.accounts.forms import language_choices

    with app.test_request_context("/pt/"):
        app.preprocess_request()
        assert ("pt", "Português") in language_choices()
    result = runner.invoke(args=["organizer", "create-admin", "--email", "joana@example.org", "--name", "Joana",
                                 "--password", "a long enough password", "--language", "pt"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["organizer", "create-admin", "--email", "x@example.org", "--name", "X",
                                 "--password", "a long enough password", "--language", "xx"])
    assert result.exit_code != 0 and "en, es, fr, pt" in result.output


def test_seed_files_may_give_portuguese_too(app, tmp_path):
    (tmp_path / "sources.yaml").write_text(
        'sources:\n  - file: a.txt\n    title: {en: "Report", es: "Informe", pt: "Relatório"}\n', encoding="utf-8")
    with app.app_context():
        from organizer.convenings.models import Source

        seed(tmp_path)
        title = db.session.scalar(db.select(Source.title).where(Source.file == "a.txt"))
        assert title["pt"] == "Relatório" and title.provenance("pt").organizer
        db.session.rollback()


def test_search_answers_a_portuguese_reader(archive, client):
    response = client.get("/pt/search/?q=solidarity")
    assert response.status_code == 200
    assert "Conferência trinacional de solidariedade sindical" in response.get_data(as_text=True)
