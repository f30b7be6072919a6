"""The application factory, configuration, languages in URLs and the base layout."""
from __future__ import annotations

import pytest

from organizer import create_app
from organizer.config import SecretKeyMissing


def test_home_renders_in_both_languages(client):
    en = client.get("/en/")
    es = client.get("/es/")
    assert en.status_code == es.status_code == 200
    assert '<html lang="en"' in en.get_data(as_text=True)
    assert '<html lang="es"' in es.get_data(as_text=True)
    assert "Encuentros laborales trinacionales" in es.get_data(as_text=True)
    assert "Trinational labor convenings" in en.get_data(as_text=True)
    assert es.headers["Content-Language"] == "es"


@pytest.mark.parametrize("header, expected", [
    ("es-MX,es;q=0.9,en;q=0.5", "/es/"),
    ("en-US,en;q=0.9", "/en/"),
    ("fr-CA,fr;q=0.9,en;q=0.5", "/fr/"),
    ("pt-BR,pt;q=0.9", "/en/"),
    (None, "/en/"),
])
def test_root_negotiates_from_accept_language(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_root_prefers_the_saved_choice_over_the_header(client):
    client.get("/es/")  # browsing in Spanish saves the choice
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/es/"


def test_root_uses_the_signed_in_users_preference(client, make_user, login_as):
    user = make_user(language="es")
    login_as(user)
    client.delete_cookie("organizer_lang")
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/es/"


def test_language_switcher_leads_to_the_same_page(client):
    html = client.get("/en/account/login?next=/en/").get_data(as_text=True)
    assert 'href="/es/account/login?next=/en/"' in html
    html = client.get("/es/account/signup").get_data(as_text=True)
    assert 'href="/en/account/signup"' in html and 'hreflang="en"' in html


def test_unknown_language_is_not_found(client):
    assert client.get("/pt/").status_code == 404


@pytest.mark.parametrize("lang, text", [("en", "Page not found"), ("es", "Página no encontrada")])
def test_error_pages_are_translated(client, lang, text):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_error_page_outside_a_language_uses_accept_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert "Página no encontrada" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("ORGANIZER_SECRET_KEY", raising=False)
    with pytest.raises(SecretKeyMissing, match="ORGANIZER_SECRET_KEY"):
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path)})


def test_production_starts_with_a_secret_key_and_secure_cookies(tmp_path):
    app = create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40,
                      "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite",
                      "PUBLIC_BASE_URL": "https://organizer.example.org"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_configuration_layers(tmp_path, monkeypatch):
    """Package defaults < instance/config.py < ORGANIZER_* environment < explicit overrides."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("SMTP_HOST = 'mail.instance'\nSMTP_PORT = 2525\nMAIL_FROM = 'i@x'\n")
    monkeypatch.setenv("ORGANIZER_SMTP_PORT", "587")
    monkeypatch.setenv("ORGANIZER_DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("ORGANIZER_SECRET_KEY", "s" * 32)
    monkeypatch.setenv("ORGANIZER_PUBLIC_BASE_URL", "https://organizer.example.org")
    app = create_app({"INSTANCE_PATH": str(instance), "MAIL_FROM": "explicit@x"})
    assert app.config["SMTP_HOST"] == "mail.instance"
    assert app.config["SMTP_PORT"] == 587
    assert app.config["MAIL_FROM"] == "explicit@x"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert app.config["SECRET_KEY"] == "s" * 32


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("ORGANIZER_DATABASE_URL", raising=False)
    app = create_app({"ENV": "development", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/organizer.sqlite"


def test_base_layout_is_accessible(client):
    html = client.get("/es/").get_data(as_text=True)
    assert 'class="skip-link" href="#main"' in html
    assert "<header" in html and "<main" in html and "<footer" in html and "<nav" in html
    assert 'name="viewport"' in html
    assert "<script" not in html  # works without JavaScript
