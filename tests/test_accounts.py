"""Sign up, confirm, log in and out, passwords, throttling, preferred language."""
from __future__ import annotations

import re

import pytest

from organizer.accounts.models import User
from organizer.extensions import db
from organizer.mail.models import OutboxMessage

from .conftest import PASSWORD, login


def outbox(app, to=None):
    with app.app_context():
        query = db.select(OutboxMessage).order_by(OutboxMessage.id)
        if to:
            query = query.where(OutboxMessage.recipient == to)
        return db.session.scalars(query).all()


def link_in(message, pattern):
    match = re.search(r"http://localhost(/\S+)", message.body_text)
    assert match and re.search(pattern, match.group(1)), message.body_text
    return match.group(1)


def signup(client, email="ana@example.org", lang="es", password=PASSWORD, **extra):
    data = {"name": "Ana Pérez", "email": email, "password": password, "confirm": password,
            "preferred_language": lang, **extra}
    return client.post(f"/{lang}/account/signup", data=data)


def test_signup_confirm_and_login_in_spanish(app, client):
    response = signup(client)
    assert response.status_code == 200
    assert "Enviamos un mensaje a ana@example.org" in response.get_data(as_text=True)
    [message] = outbox(app, "ana@example.org")
    assert message.language == "es"
    assert message.subject == "Confirma tu cuenta de Organizer"
    assert "Hola, Ana Pérez:" in message.body_text
    url = link_in(message, r"^/es/account/confirm/")
    # Not confirmed yet: logging in re-sends the link instead.
    response = login(client, "ana@example.org", lang="es")
    assert "aún no está confirmada" in response.get_data(as_text=True)
    response = client.get(url)  # the link alone neither confirms nor logs in: it asks the password
    assert response.status_code == 200 and "Confirma tu dirección de correo" in response.get_data(as_text=True)
    assert client.get("/es/account/").status_code == 302
    response = client.post(url, data={"password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/es/account/").status_code == 200  # logged in by link + password
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "ana@example.org"))
        assert user.is_confirmed and user.preferred_language == "es"
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_signup_does_not_reveal_a_registered_address(app, client, make_user):
    make_user("taken@example.org", language="en")
    fresh = signup(client, "fresh@example.org", lang="en").get_data(as_text=True)
    taken = signup(client, "TAKEN@example.org", lang="en").get_data(as_text=True)
    def normalize(html):
        return html.replace("fresh@example.org", "X").replace("TAKEN@example.org", "X")

    assert normalize(fresh) == normalize(taken)
    [message] = outbox(app, "taken@example.org")
    assert message.template == "account_exists"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2


def test_signup_errors_are_field_level_and_keep_input(client):
    response = signup(client, email="not-an-email", lang="es", password="short")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Escribe una dirección de correo válida." in html
    assert "Usa al menos 10 caracteres." in html
    assert 'value="not-an-email"' in html and 'value="Ana Pérez"' in html
    assert 'aria-invalid="true"' in html


def test_login_logout(client, make_user):
    make_user("lead@example.org")
    response = login(client, "lead@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/en/"
    assert client.get("/en/account/").status_code == 200
    assert client.get("/en/account/logout").status_code == 405  # logging out is a POST
    client.post("/en/account/logout")
    assert client.get("/en/account/").status_code == 302


def test_wrong_password_says_nothing_about_the_account(client, make_user):
    make_user("lead@example.org")
    known = login(client, "lead@example.org", "wrong password!").get_data(as_text=True)
    unknown = login(client, "nobody@example.org", "wrong password!").get_data(as_text=True)
    assert "The email or the password is not right." in known
    assert known.replace("lead@", "X@") == unknown.replace("nobody@", "X@")


def test_login_throttled_per_account(client, make_user, app):
    make_user("lead@example.org")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        login(client, "lead@example.org", "wrong password!")
    response = login(client, "lead@example.org", lang="es")  # even the right password waits
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.get_data(as_text=True)
    # Another account from the same address is not blocked yet.
    make_user("other@example.org")
    assert login(client, "other@example.org").status_code == 302


def test_login_throttled_per_address(client, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for n in range(3):
        login(client, f"guess{n}@example.org", "wrong password!")
    assert login(client, "guess9@example.org", "wrong password!").status_code == 429


@pytest.mark.parametrize("target, expected", [
    ("/en/account/password", "/en/account/password"),
    ("https://evil.example/", "/en/"),
    ("//evil.example/", "/en/"),
    ("/\\evil.example", "/en/"),
    ("javascript:alert(1)", "/en/"),
])
def test_next_only_redirects_within_the_site(client, make_user, target, expected):
    make_user("lead@example.org")
    response = client.post("/en/account/login", query_string={"next": target},
                           data={"email": "lead@example.org", "password": PASSWORD})
    assert response.headers["Location"] == expected


def test_protected_page_sends_to_login_and_back(client, make_user):
    response = client.get("/es/account/password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/es/account/login?next=/es/account/password"


def test_password_reset_is_single_use_and_emailed_in_the_users_language(app, client, make_user):
    make_user("ana@example.org", language="es")
    response = client.post("/en/account/forgot", data={"email": "ana@example.org"})
    unknown = client.post("/en/account/forgot", data={"email": "nobody@example.org"})
    assert response.get_data(as_text=True).replace("ana@", "X@") == unknown.get_data(as_text=True).replace("nobody@", "X@")
    [message] = outbox(app, "ana@example.org")
    assert message.subject == "Elige una nueva contraseña de Organizer"
    url = link_in(message, r"^/es/account/reset/")
    new = "a brand new passphrase"
    response = client.post(url, data={"password": new, "confirm": new})
    assert response.status_code == 302
    client.post("/en/account/logout")
    assert login(client, "ana@example.org", new).status_code == 302
    client.post("/en/account/logout")
    # The same link does not work twice.
    response = client.post(url, data={"password": "another passphrase", "confirm": "another passphrase"})
    assert response.headers["Location"] == "/es/account/forgot"


def test_password_reset_link_expires(app, client, make_user, monkeypatch):
    make_user("ana@example.org")
    client.post("/en/account/forgot", data={"email": "ana@example.org"})
    url = link_in(outbox(app)[0], r"/reset/")
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(url).headers["Location"] == "/en/account/forgot"


def test_change_password_checks_the_current_one(client, make_user, login_as):
    login_as(make_user("lead@example.org"))
    response = client.post("/en/account/password", data={"current": "wrong", "password": "x" * 12, "confirm": "x" * 12})
    assert "This is not your current password." in response.get_data(as_text=True)
    response = client.post("/en/account/password", data={"current": PASSWORD, "password": "x" * 12, "confirm": "x" * 12})
    assert response.status_code == 302
    client.post("/en/account/logout")
    assert login(client, "lead@example.org", "x" * 12).status_code == 302


def test_profile_changes_the_language_of_emails(app, client, make_user, login_as):
    user_id = make_user("lead@example.org", language="en")
    login_as(user_id)
    client.post("/en/account/", data={"name": "Lead", "preferred_language": "es"})
    with app.app_context():
        assert db.session.get(User, user_id).preferred_language == "es"
    client.post("/en/account/logout")
    client.post("/en/account/forgot", data={"email": "lead@example.org"})
    assert outbox(app)[-1].language == "es"


def test_users_cannot_read_each_others_profile(client, make_user, login_as):
    make_user("a@example.org", name="Alicia Uno")
    login_as(make_user("b@example.org", name="Beto Dos"))
    html = client.get("/en/account/").get_data(as_text=True)
    assert "b@example.org" in html and "a@example.org" not in html and "Alicia" not in html


def test_create_admin_command(app, runner):
    result = runner.invoke(args=["organizer", "create-admin", "--email", "Admin@Example.org", "--name", "Admin",
                                 "--password", "a long admin password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "admin@example.org"))
        assert user.is_admin and user.is_confirmed
    result = runner.invoke(args=["organizer", "create-admin", "--email", "x@example.org", "--name", "X",
                                 "--password", "short"])
    assert result.exit_code != 0


def test_confirmation_link_continues_where_the_person_was_going(app, client):
    client.post("/es/account/signup?next=/es/registration/x/", data={
        "name": "Ana", "email": "ana@example.org", "password": PASSWORD, "confirm": PASSWORD,
        "preferred_language": "es"})
    url = link_in(outbox(app, "ana@example.org")[0], r"/confirm/")
    assert client.post(url, data={"password": PASSWORD}).headers["Location"] == "/es/registration/x/"


def test_confirmation_link_never_leaves_the_site(app, client):
    client.post("/en/account/signup?next=https://evil.example/", data={
        "name": "Ana", "email": "ana@example.org", "password": PASSWORD, "confirm": PASSWORD,
        "preferred_language": "en"})
    url = link_in(outbox(app, "ana@example.org")[0], r"/confirm/")
    assert client.post(url, data={"password": PASSWORD}).headers["Location"] == "/en/"
