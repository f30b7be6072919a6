"""Links and hosts (issue 11, items 5 and 15): links in mail come from PUBLIC_BASE_URL, unknown
Host headers are refused, reverse proxies are believed only when configured, the development
secret key is private."""
from __future__ import annotations

import os
import re
import stat

import pytest

from organizer import create_app
from organizer.extensions import db
from organizer.mail.models import OutboxMessage

BASE = "https://organizer.example.org"


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": BASE}


def _bodies(app):
    with app.app_context():
        return [m.body_text for m in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))]


def test_a_forged_host_is_refused_and_mails_nothing(app, client, make_user):
    make_user("lead@example.org")
    response = client.post("/en/account/forgot", data={"email": "lead@example.org"},
                           headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert _bodies(app) == []
    for host in ("evil.example:80", "organizer.example.org.evil.example", "evil.example, localhost"):
        assert client.get("/en/", headers={"Host": host}).status_code == 400, host


def test_links_in_mail_use_the_public_base_url_whatever_the_host(app, client, make_user):
    """A host we serve (an extra name, or 127.0.0.1 in development) still mails the public address."""
    make_user("lead@example.org")
    for host in ("localhost", "127.0.0.1:5000", "organizer.example.org"):
        assert client.post("/en/account/forgot", data={"email": "lead@example.org"},
                           headers={"Host": host}).status_code == 200
    bodies = _bodies(app)
    assert len(bodies) == 3
    for body in bodies:
        links = re.findall(r"\w+://\S+", body)
        assert links and all(link.startswith(BASE + "/en/account/reset/") for link in links), body


def test_links_built_outside_a_request_use_the_public_base_url(app):
    from flask import url_for

    with app.app_context():
        assert url_for("accounts.login", lang_code="es") == BASE + "/es/account/login"


def test_production_requires_a_public_base_url(tmp_path, monkeypatch):
    from organizer.config import PublicBaseUrlMissing

    monkeypatch.delenv("ORGANIZER_PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("ORGANIZER_SERVER_NAME_FOR_EMAIL", raising=False)
    with pytest.raises(PublicBaseUrlMissing, match="ORGANIZER_PUBLIC_BASE_URL"):
        create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40,
                    "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite"})
    app = create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40,
                      "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite", "PUBLIC_BASE_URL": BASE + "/",
                      "TRUSTED_HOSTS_EXTRA": "www.organizer.example.org, "})
    assert app.config["PUBLIC_BASE_URL"] == BASE
    assert app.config["TRUSTED_HOSTS"] == ["organizer.example.org", "www.organizer.example.org"]


def test_development_defaults_to_the_local_server(tmp_path, monkeypatch):
    monkeypatch.delenv("ORGANIZER_PUBLIC_BASE_URL", raising=False)
    app = create_app({"ENV": "development", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    assert app.config["MAIL_SEND_IMMEDIATELY"] is True


@pytest.mark.parametrize("proxies, seen", [(0, "127.0.0.1"), (1, "203.0.113.9"), (2, "198.51.100.7")])
def test_forwarded_headers_are_believed_from_configured_proxies_only(tmp_path, proxies, seen):
    from flask import request

    from .conftest import base_config

    app = create_app({**base_config(tmp_path, f"sqlite:///{tmp_path}/x.sqlite"), "TRUSTED_PROXIES": proxies})
    app.add_url_rule("/_address", "address", lambda: f"{request.remote_addr} {request.scheme}")
    response = app.test_client().get("/_address", headers={
        "X-Forwarded-For": "198.51.100.7, 203.0.113.9", "X-Forwarded-Proto": "https, https"})
    assert response.get_data(as_text=True) == f"{seen} {'https' if proxies else 'http'}"


def test_dev_secret_key_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("ORGANIZER_SECRET_KEY", raising=False)
    old = os.umask(0o022)  # the usual umask, under which write_text() makes a 0644 file
    try:
        app = create_app({"ENV": "development", "INSTANCE_PATH": str(tmp_path)})
    finally:
        os.umask(old)
    key = tmp_path / "dev-secret-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert app.config["SECRET_KEY"] == key.read_text().strip()
    key.chmod(0o644)  # written by an older version: tightened at the next start
    create_app({"ENV": "development", "INSTANCE_PATH": str(tmp_path)})
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
