"""Sessions that can be ended, a confirmation link that is no login, no timing oracle, atomic
throttling behind proxies (issue 11, items 7-10)."""
from __future__ import annotations

import re
import statistics
import threading
import time

import pytest

from organizer.accounts.models import User
from organizer.extensions import db
from organizer.mail.models import OutboxMessage

from .conftest import PASSWORD, login

NEW = "a brand new passphrase"


def logged_in(client) -> bool:
    return client.get("/en/account/").status_code == 200


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def clone(app, client, *names):
    """Another browser holding copies of the given cookies (a stolen or replayed cookie)."""
    other = app.test_client()
    for name in names:
        value = cookie(client, name)
        if value:
            other.set_cookie(name, value)
    return other


def last_link(app, to, pattern):
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == to)
                                     .order_by(OutboxMessage.id.desc())).first()
    return re.search(r"http://localhost(/\S*" + pattern + r"\S*)", message.body_text).group(1)


# 7. Sessions ---------------------------------------------------------------------------------

def test_logout_ends_the_session_and_a_replayed_cookie_fails(app, client, make_user):
    make_user("lead@example.org")
    login(client, "lead@example.org")
    replay = clone(app, client, "session")
    assert logged_in(replay)
    client.post("/en/account/logout")
    assert not logged_in(client)
    assert not logged_in(replay)


def test_remember_me_differs_per_login_and_dies_on_logout(app, make_user):
    make_user("lead@example.org")
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        browser.post("/en/account/login", data={"email": "lead@example.org", "password": PASSWORD, "remember": "y"})
    assert cookie(first, "remember_token") and cookie(first, "remember_token") != cookie(second, "remember_token")
    remembered = cookie(first, "remember_token")
    only_cookie = clone(app, first, "remember_token")  # a new browser session on the same device
    assert logged_in(only_cookie)
    first.post("/en/account/logout")
    assert not logged_in(only_cookie)  # the same log-in: ended
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)
    assert not logged_in(replay)  # the logged-out cookie is dead
    stolen = app.test_client()
    stolen.set_cookie("remember_token", cookie(second, "remember_token"))
    assert logged_in(stolen)  # the other log-in lives on


def test_password_change_ends_every_other_session_and_remember_me(app, make_user):
    make_user("lead@example.org")
    here, there = app.test_client(), app.test_client()
    for browser in (here, there):
        browser.post("/en/account/login", data={"email": "lead@example.org", "password": PASSWORD, "remember": "y"})
    remembered = cookie(there, "remember_token")
    response = here.post("/en/account/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert logged_in(here)
    assert not logged_in(there)
    replay = app.test_client()
    replay.set_cookie("remember_token", remembered)
    assert not logged_in(replay)
    from organizer.accounts.models import UserSession

    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(UserSession)) == 1


def test_password_reset_ends_every_session(app, client, make_user):
    make_user("lead@example.org")
    elsewhere = app.test_client()
    login(elsewhere, "lead@example.org")
    client.post("/en/account/forgot", data={"email": "lead@example.org"})
    url = last_link(app, "lead@example.org", "/reset/")
    assert client.post(url, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert logged_in(client) and not logged_in(elsewhere)


def test_log_out_of_all_other_devices(app, make_user):
    make_user("lead@example.org")
    phone, laptop, tablet = app.test_client(), app.test_client(), app.test_client()
    for browser in (phone, laptop, tablet):
        login(browser, "lead@example.org")
    page = laptop.get("/es/account/").get_data(as_text=True)
    assert "Cerrar sesión en todos los demás dispositivos" in page and "2 otros" in page
    response = laptop.post("/es/account/sessions/end-others")
    assert response.status_code == 302
    assert "No tienes la sesión abierta en ningún otro lugar." in laptop.get("/es/account/").get_data(as_text=True)
    assert logged_in(laptop) and not logged_in(phone) and not logged_in(tablet)
    assert app.test_client().post("/en/account/sessions/end-others").status_code == 302  # log in first


# 8. Confirmation ------------------------------------------------------------------------------

def signup(client, email, password, lang="en"):
    return client.post(f"/{lang}/account/signup", data={
        "name": "Ana", "email": email, "password": password, "confirm": password, "preferred_language": lang})


def test_the_confirmation_link_is_no_login_and_works_once(app, client):
    signup(client, "ana@example.org", PASSWORD)
    url = last_link(app, "ana@example.org", "/confirm/")
    stranger = app.test_client()  # whoever gets hold of the link
    assert stranger.get(url).status_code == 200
    assert not logged_in(stranger)
    response = stranger.post(url, data={"password": "not the password"})
    assert "This is not the password chosen for this account." in response.get_data(as_text=True)
    assert not logged_in(stranger)
    assert client.post(url, data={"password": PASSWORD}).status_code == 302
    assert logged_in(client)
    # Used: it neither confirms nor logs in again.
    again = app.test_client()
    response = again.get(url)
    assert response.status_code == 302 and response.headers["Location"] == "/en/account/login"
    assert again.post(url, data={"password": PASSWORD}).headers["Location"] == "/en/account/login"
    assert not logged_in(again)


def test_an_earlier_unconfirmed_sign_up_loses_its_password(app):
    attacker, victim = app.test_client(), app.test_client()
    signup(attacker, "victim@example.org", "attacker's password")
    attackers_link = last_link(app, "victim@example.org", "/confirm/")
    signup(victim, "victim@example.org", "victim's own password")
    victims_link = last_link(app, "victim@example.org", "/confirm/")
    # the earlier link is dead, the earlier password confirms nothing
    assert attacker.get(attackers_link).headers["Location"] == "/en/account/confirm"
    assert victim.post(victims_link, data={"password": "attacker's password"}).status_code == 200
    assert victim.post(victims_link, data={"password": "victim's own password"}).status_code == 302
    assert logged_in(victim)
    assert login(attacker, "victim@example.org", "attacker's password").status_code == 200
    assert not logged_in(attacker)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


# 9. Timing ----------------------------------------------------------------------------------

@pytest.mark.backends("sqlite")
def test_known_and_unknown_addresses_take_the_same_time(app, client, make_user, capsys):
    make_user("known@example.org")
    make_user("unconfirmed@example.org", confirmed=False)
    counter = iter(range(10_000))
    app.config["THROTTLE_LIMITS"] = {action: {"email": 0, "address": 0} for action in ("signup", "forgot", "resend")}

    def signup_known():
        assert signup(client, "known@example.org", PASSWORD).status_code == 200

    def signup_new():
        assert signup(client, f"new{next(counter)}@example.org", PASSWORD).status_code == 200

    def forgot(email):
        return lambda: client.post("/en/account/forgot", data={"email": email})

    def resend(email):
        return lambda: client.post("/en/account/confirm", data={"email": email})

    pairs = ((("signup known", signup_known), ("signup new", signup_new)),
             (("forgot known", forgot("known@example.org")), ("forgot unknown", forgot("nobody@example.org"))),
             (("resend unconfirmed", resend("unconfirmed@example.org")), ("resend unknown", resend("nobody@example.org"))))
    samples = {name: [] for pair in pairs for name, _ in pair}
    for pair in pairs:
        for _ in range(2):  # warm up
            for _, fn in pair:
                fn()
        for _ in range(9):  # one of each in turn, so both sides share the machine's load
            for name, fn in pair:
                started = time.perf_counter()
                fn()
                samples[name].append((time.perf_counter() - started) * 1000)
    figures = {name: statistics.median(values) for name, values in samples.items()}
    with capsys.disabled():
        print("\n[timing, median ms] " + ", ".join(f"{k}: {v:.0f}" for k, v in figures.items()))
    for (a, _), (b, _) in pairs:
        slow, fast = max(figures[a], figures[b]), min(figures[a], figures[b])
        assert slow / fast < 1.5 or slow - fast < 20, figures


# 10. Throttling -------------------------------------------------------------------------------

def test_simultaneous_bad_passwords_are_counted_one_by_one(app, make_user, backend):
    make_user("lead@example.org")
    assert app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] == 5
    barrier = threading.Barrier(16)
    answers = []

    def attempt(n):
        browser = app.test_client()
        barrier.wait()
        response = browser.post("/en/account/login", data={"email": "lead@example.org", "password": f"wrong {n}"},
                                headers={"X-Forwarded-For": f"198.51.100.{n}"})
        answers.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(answers) == [200] * 5 + [429] * 11, answers



def _counted(app, key: str):
    """The counter of a key, read on a connection of its own (what is committed)."""
    from organizer.accounts.models import ThrottleCounter

    table = ThrottleCounter.__table__
    with app.app_context(), db.engine.connect() as other:
        return other.scalar(db.select(table.c.count).where(table.c.key == key))


def test_the_limiter_counts_in_its_own_transaction_never_the_requests(app, make_user, backend):
    from organizer.accounts import throttle

    make_user("reader@example.org")
    with app.test_request_context("/en/account/signup", method="POST"):
        db.session.scalar(db.select(User).limit(1))  # the request has read (SQLite: holds the write lock)
        assert throttle.hit("signup", address="198.51.100.7") == 0
        db.session.rollback()  # the request is refused and rolled back: the attempt still counts
    assert _counted(app, "signup:address:198.51.100.7") == 1
    with app.test_request_context("/en/account/signup", method="POST"):
        db.session.add(User(email="unsaved@example.org", name="U", password_hash="x"))
        db.session.flush()
        if backend == "sqlite":  # one writer: counting after a write would have to end the request's work
            with pytest.raises(RuntimeError):
                throttle.hit("signup", address="198.51.100.7")
        else:
            assert throttle.hit("signup", address="198.51.100.7") == 0
        db.session.rollback()
    with app.app_context():  # the limiter committed nothing of the request's
        assert db.session.scalar(db.select(User).where(User.email == "unsaved@example.org")) is None
    assert _counted(app, "signup:address:198.51.100.7") == (1 if backend == "sqlite" else 2)

@pytest.fixture
def app_config(request):
    return getattr(request, "param", {})


@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXIES": 1, "LOGIN_MAX_FAILURES_PER_ADDRESS": 3}], indirect=True)
def test_behind_a_proxy_each_client_is_counted_on_its_own(app, client):
    def attempt(n, address):
        return client.post("/en/account/login", data={"email": f"guess{n}@example.org", "password": "wrong password"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [attempt(n, "203.0.113.1") for n in range(4)] == [200, 200, 200, 429]
    assert attempt(9, "203.0.113.2") == 200  # someone else behind the same proxy is not locked out


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(app, client):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    codes = [client.post("/en/account/login", data={"email": f"g{n}@example.org", "password": "wrong password"},
                         headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.parametrize("path, data", [
    ("/es/account/signup", {"name": "Ana", "password": PASSWORD, "confirm": PASSWORD, "preferred_language": "es"}),
    ("/es/account/forgot", {}),
    ("/es/account/confirm", {}),
])
def test_sign_up_forgot_and_resend_are_limited_per_email_and_per_address(app, client, path, data):
    answers = [client.post(path, data={**data, "email": "target@example.org"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    html = client.post(path, data={**data, "email": "target@example.org"}).get_data(as_text=True)
    assert "Demasiados intentos" in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) <= 3
    # per address: another address is fine until the client's own limit
    app.config["THROTTLE_LIMITS"] = {key: {"address": 6} for key in ("signup", "forgot", "resend")}
    assert client.post(path, data={**data, "email": "other@example.org"}).status_code == 200
    assert client.post(path, data={**data, "email": "third@example.org"}).status_code == 429
