"""Security base: CSRF, headers, cookies, permission rules."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.exceptions import Forbidden, Unauthorized

from organizer.accounts.permissions import Rule, anyone, require, rule, signed_in, site_admin

from .conftest import PASSWORD


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def _token(client, url):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_state_changes_without_a_csrf_token_are_refused(client, make_user):
    make_user("lead@example.org")
    response = client.post("/es/account/login", data={"email": "lead@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "El formulario era demasiado antiguo" in response.get_data(as_text=True)
    token = _token(client, "/es/account/login")
    response = client.post("/es/account/login", data={"email": "lead@example.org", "password": PASSWORD,
                                                       "csrf_token": token})
    assert response.status_code == 302
    # Logging out, a bare POST button, needs the token too.
    assert client.post("/es/account/logout").status_code == 400
    assert client.get("/es/account/").status_code == 200


EXPECTED_HEADERS = {
    "Content-Security-Policy": "script-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.mark.parametrize("path", ["/", "/en/", "/es/account/login", "/en/missing", "/static/organizer.css", "/healthz"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    for name, fragment in EXPECTED_HEADERS.items():
        assert fragment in response.headers.get(name, ""), (path, name)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    response.close()


def test_session_cookie_is_httponly_and_lax(client, make_user):
    make_user("lead@example.org")
    client.get("/en/account/login")
    response = client.post("/en/account/login", data={"email": "lead@example.org", "password": PASSWORD,
                                                       "csrf_token": _token(client, "/en/account/login")})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_inline_scripts_or_styles_in_pages(client):
    for path in ("/en/", "/es/account/signup", "/en/account/login"):
        html = client.get(path).get_data(as_text=True)
        assert "<script" not in html and " style=" not in html and "<style" not in html


def test_rules_combine_and_refuse_anonymous():
    class Anonymous:
        is_authenticated = False

    class Member:
        is_authenticated = True
        is_admin = False
        id = 7

    class Admin(Member):
        is_admin = True

    @rule
    def owns(user, obj):
        return obj == user.id

    assert anyone(Anonymous()) and not signed_in(Anonymous()) and not owns(Anonymous(), 7)
    either = site_admin | owns
    assert either(Member(), 7) and not either(Member(), 8) and either(Admin(), 8)
    both = signed_in & owns
    assert both(Member(), 7) and not both(Member(), 8)
    assert isinstance(either, Rule) and "site_admin" in repr(either)


def test_require_answers_401_for_anonymous_and_403_for_others(app):
    with app.test_request_context("/en/"):
        with pytest.raises(Unauthorized):
            require(site_admin)
    from flask_login import login_user

    from organizer.accounts.models import User

    with app.test_request_context("/en/"):
        login_user(User(id=1, email="x@example.org", name="x", password_hash="x", is_admin=False))
        with pytest.raises(Forbidden):
            require(site_admin)
        require(signed_in)  # no exception


def test_is_safe_path():
    from organizer.security import is_safe_path

    assert is_safe_path("/es/agenda?day=2")
    for bad in ("", None, "http://x", "//x", "/\\x", "x", "/ok\r\nSet-Cookie: a=b", "https:/x"):
        assert not is_safe_path(bad), bad


def test_app_has_no_module_level_state():
    """Two apps made by the factory do not share configuration."""
    from organizer import create_app

    a = create_app({"ENV": "testing", "SECRET_KEY": "a" * 32, "DATABASE_URL": "sqlite://"})
    b = create_app({"ENV": "testing", "SECRET_KEY": "b" * 32, "DATABASE_URL": "sqlite://", "LANGUAGES": ["en"]})
    assert isinstance(a, Flask) and a.config["LANGUAGES"] == ["en", "es", "fr"] and b.config["LANGUAGES"] == ["en"]
