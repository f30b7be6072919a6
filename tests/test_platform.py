"""The platform layer: one unit of work per request and per command, mail after the commit, the
loader's 401/403/404 policy, the request's permission cache, signals and slugs."""
from __future__ import annotations

import click
import pytest
from flask import Blueprint, abort, render_template_string
from sqlalchemy.exc import OperationalError

from organizer.accounts.models import User
from organizer.accounts.permissions import Rule, rule
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.mail.models import OutboxMessage
from organizer.platform import signals, unit_of_work
from organizer.platform.errors import DomainError, form_error
from organizer.platform.loader import load_or_404
from organizer.platform.slugs import slugify, unique_slug
from tests.conftest import login


def _names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(db.select(User.name)))


def _add(name: str) -> User:
    user = User(email=f"{name}@example.org", name=name, password_hash="!")
    db.session.add(user)
    db.session.flush()
    return user


@pytest.fixture
def routes(app):
    """A blueprint of test views that write a user and end in different ways."""
    bp = Blueprint("uow_test", __name__, url_prefix="/uow")

    @bp.route("/ok", methods=["POST"])
    def ok():
        _add("ok")
        return "SAVED-OK"

    @bp.route("/redirect", methods=["POST"])
    def redirected():
        _add("redirected")
        return "", 302, {"Location": "/"}

    @bp.route("/raises", methods=["POST"])
    def raises():
        _add("raises")
        raise RuntimeError("boom")

    @bp.route("/aborts", methods=["POST"])
    def aborts():
        _add("aborts")
        abort(404)

    @bp.route("/error-status", methods=["POST"])
    def error_status():
        _add("status")
        return "bad input", 422

    @bp.route("/caught-domain-error", methods=["POST"])
    def caught_domain_error():
        _add("caught")
        try:
            raise DomainError("refused", field="name")
        except DomainError:
            return "the form again, with its error", 200

    @bp.route("/uncaught-domain-error", methods=["POST"])
    def uncaught_domain_error():
        _add("uncaught")
        raise DomainError("A rule said no.")

    @bp.route("/bulk", methods=["POST"])
    def bulk():
        for name in ("first", "refused", "third"):
            try:
                with unit_of_work.savepoint():
                    _add(name)
                    if name == "refused":
                        raise DomainError("no")
            except DomainError:
                pass
        return "done"

    @bp.route("/mail", methods=["POST"])
    def mail():
        from organizer.mail.services import queue_mail

        queue_mail("ana@example.org", "en", "password_reset", user=_add("mailer"), reset_url="http://x/", minutes=5)
        return render_template_string("queued"), int(__import__("flask").request.args.get("status", 200))

    app.register_blueprint(bp)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # the error page, as in production
    return bp


def test_a_request_commits_once_when_its_view_succeeds(app, client, routes):
    assert client.post("/uow/ok").status_code == 200
    assert client.post("/uow/redirect").status_code == 302
    assert _names(app) == ["ok", "redirected"]


@pytest.mark.parametrize("path, status", [("/uow/raises", 500), ("/uow/aborts", 404), ("/uow/error-status", 422),
                                          ("/uow/caught-domain-error", 200), ("/uow/uncaught-domain-error", 400)])
def test_any_error_rolls_the_whole_request_back(app, client, routes, path, status):
    response = client.post(path)
    assert response.status_code == status
    assert _names(app) == []


def test_an_uncaught_domain_error_shows_its_message(app, client, routes):
    assert "A rule said no." in client.post("/uow/uncaught-domain-error").get_data(as_text=True)


def test_a_savepoint_contains_one_failure_of_a_bulk_action(app, client, routes):
    assert client.post("/uow/bulk").status_code == 200
    assert _names(app) == ["first", "third"]


def test_a_failed_commit_gives_the_error_page_not_a_success(app, client, routes, monkeypatch):
    def locked():
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "commit", locked)
    response = client.post("/uow/ok")
    assert response.status_code == 503 and "SAVED-OK" not in response.get_data(as_text=True)
    monkeypatch.undo()
    assert _names(app) == []


@pytest.mark.backends("sqlite")
def test_mail_is_sent_only_after_the_commit(app, client, routes, smtp_server):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, MAIL_SEND_IMMEDIATELY=True)
    seen_committed = []
    from organizer.mail import services as mail_services

    real = mail_services.deliver_pending

    def deliver(*args, **kwargs):
        # the request's own row is durable when delivery starts: another connection sees it
        with db.engine.connect() as other:
            seen_committed.append(other.scalar(db.select(db.func.count()).select_from(User.__table__)))
        return real(*args, **kwargs)

    mail_services.deliver_pending = deliver
    try:
        client.post("/uow/mail").close()  # delivery runs once the response is closed (sent)
        assert seen_committed == [1] and len(smtp_server.messages) == 1
        client.post("/uow/mail?status=400").close()  # rolled back: no row, no message, no delivery
    finally:
        mail_services.deliver_pending = real
    assert seen_committed == [1] and len(smtp_server.messages) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 1


def test_a_cli_command_is_one_unit_of_work(app, runner):
    from organizer.cli import group

    @group.command("uow-test-ok")
    def ok():
        _add("cli-ok")

    @group.command("uow-test-fails")
    def fails():
        _add("cli-fails")
        raise click.ClickException("refused")

    try:
        assert runner.invoke(args=["organizer", "uow-test-ok"]).exit_code == 0
        assert runner.invoke(args=["organizer", "uow-test-fails"]).exit_code == 1
    finally:
        group.commands.pop("uow-test-ok")
        group.commands.pop("uow-test-fails")
    assert _names(app) == ["cli-ok"]


# ---------------------------------------------------------------------------------------------- loader

@pytest.fixture
def loader_routes(app, make_user):
    visible = Rule(lambda user, obj: obj.name != "hidden", "visible")
    admin = rule(lambda user, obj: user.is_admin)
    bp = Blueprint("loader_test", __name__, url_prefix="/loader")

    @bp.route("/<int:user_id>")
    def show(user_id):
        return load_or_404(User, user_id, visible=visible, permission=admin).name

    @bp.route("/by-email/<email>")
    def by_email(email):
        return load_or_404(User, email=email).name

    app.register_blueprint(bp)
    return {"visible": make_user("seen@example.org", name="seen"), "hidden": make_user(name="hidden"),
            "admin": make_user("admin@example.org", admin=True), "plain": make_user("plain@example.org")}


def test_the_loader_answers_404_401_403_by_one_policy(app, client, login_as, loader_routes):
    ids = loader_routes
    assert client.get("/loader/999999").status_code == 404                  # missing
    assert client.get(f"/loader/{ids['hidden']}").status_code == 404       # hidden from everyone
    response = client.get(f"/loader/{ids['visible']}")                    # anonymous: log in first
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    login_as(ids["plain"])
    assert client.get(f"/loader/{ids['visible']}").status_code == 403      # signed in, not allowed
    assert client.get(f"/loader/{ids['hidden']}").status_code == 404       # hidden stays 404
    admin = app.test_client()
    login(admin, "admin@example.org")
    assert admin.get(f"/loader/{ids['visible']}").get_data(as_text=True) == "seen"
    assert admin.get("/loader/by-email/seen@example.org").get_data(as_text=True) == "seen"
    assert admin.get("/loader/by-email/nobody@example.org").status_code == 404


# ---------------------------------------------------------------------------------------------- permissions

def test_permission_answers_are_remembered_for_the_request_and_forgotten_on_change(app):
    calls = []

    class Someone:
        is_authenticated = True
        is_admin = False

        def get_id(self):
            return "7"

    @rule
    def counted(user, obj):
        calls.append(obj)
        return user.is_admin

    person = Someone()
    with app.test_request_context("/"):
        assert counted(person, "x") is False and counted(person, "x") is False
        assert len(calls) == 1
        person.is_admin = True
        _add("someone")  # the session flushed a change: the remembered answers are forgotten
        assert counted(person, "x") is True and len(calls) == 2
    with app.test_request_context("/"):  # another request asks again
        assert counted(person, "x") is True and len(calls) == 3


# ---------------------------------------------------------------------------------------------- errors, signals, slugs

def test_form_error_puts_the_message_on_the_field_or_the_form(app):
    from flask_wtf import FlaskForm
    from wtforms import StringField

    class Form(FlaskForm):
        name = StringField()

    with app.test_request_context("/"):
        form = Form(meta={"csrf": False})
        form.validate()
        form_error(form, DomainError("taken", field="name"))
        form_error(form, DomainError("closed", field="nonexistent"))
        assert form.name.errors == ["taken"] and form.form_errors == ["closed"]


def test_signals_collect_answers_in_order_and_drop_none():
    from blinker import Namespace

    signal = Namespace().signal("test")

    def late(sender):
        return signals.Section("b.html", order=20)

    def early(sender):
        return [signals.Section("a.html", order=10)]

    def nothing(sender):
        return None

    with signal.connected_to(late), signal.connected_to(early), signal.connected_to(nothing):
        assert [s.template for s in signals.sections(signal, object())] == ["a.html", "b.html"]
        assert len(signals.collect(signal, object())) == 2


def test_every_documented_signal_has_a_doc():
    for name in ("home_sections", "convening_sections", "convening_admin_links", "convening_seeded",
                 "convening_copied"):
        assert getattr(signals, name).__doc__


def test_one_slug_rule():
    assert slugify("Sindicato Mexicano de Electricistas") == "sindicato-mexicano-de-electricistas"
    assert slugify("  Défense des Travailleurs!  ") == "defense-des-travailleurs"
    assert slugify("¿?", fallback="track") == "track"
    assert slugify("a" * 90 + " b", max_length=80) == "a" * 80


def test_unique_slugs_count_up(app):
    with app.app_context():
        from organizer.organizations.models import Organization

        assert unique_slug(Organization.slug, "CTM") == "ctm"
        for slug in ("ctm", "ctm-2"):
            db.session.add(Organization(slug=slug, name=TranslatedText(en=slug), country="MX", kind="union"))
        db.session.flush()
        assert unique_slug(Organization.slug, "CTM") == "ctm-3"
