"""Test fixtures: an app on a fresh database per test, SQLite always and PostgreSQL when
ORGANIZER_TEST_DATABASE_URL is set; a client, a CLI runner, users, log-in, a real SMTP server."""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import event, text

from organizer import create_app
from organizer.extensions import db

from . import factories

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("ORGANIZER_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"]
PASSWORD = factories.PASSWORD


def pytest_configure(config):
    if os.environ.get("ORGANIZER_REQUIRE_POSTGRES") and not PG_URL:
        raise pytest.UsageError("ORGANIZER_REQUIRE_POSTGRES is set but ORGANIZER_TEST_DATABASE_URL is not")


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """The one way tests make hashing cheap: the application hashes with one PBKDF2 round (the
    default, scrypt, costs tens of milliseconds per sign-up and per sign-in). What is hashed and
    checked is unchanged; ``tests/factories.py`` hashes the same way."""
    from werkzeug.security import generate_password_hash

    import organizer.accounts.models as models
    import organizer.accounts.services as services

    def fast(password, method=None, salt_length=16):
        return generate_password_hash(password, method=factories.FAST_HASH_METHOD, salt_length=salt_length)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(models, "generate_password_hash", fast)
        patch.setattr(services, "generate_password_hash", fast)
        yield


@pytest.fixture(scope="session", autouse=True)
def shared_url_builders():
    """Werkzeug writes and compiles a URL builder (an AST, then bytecode) for every rule of every
    app, and the tests make an app per test: the same ~600 builders were compiled again for each,
    most of ``create_app()``'s time. A builder depends only on the rule's text, its defaults and
    whether unknown arguments are appended, so the process shares them; URLs are built the same."""
    from werkzeug.routing.rules import Rule

    original = Rule._compile_builder
    builders: dict = {}

    def compile_builder(self, append_unknown=True):
        key = (self.rule, self.host, self.subdomain, append_unknown, tuple(self._trace),
               tuple(sorted((k, repr(v)) for k, v in (self.defaults or {}).items())))
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = original(self, append_unknown)
        return builder

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", compile_builder)
        yield


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """Compile translations/*.po into .mo files, as `make` does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            catalog = read_po(f)
        with po.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


def base_config(tmp_path: Path, url: str) -> dict:
    return {
        "ENV": "testing",
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-key-0123456789abcdef",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "WTF_CSRF_ENABLED": False,
        "MAIL_SEND_IMMEDIATELY": False,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 9,  # nothing listens: delivery fails fast unless a test starts a server
        "SMTP_TIMEOUT": 2,
        "PUBLIC_BASE_URL": "http://localhost",
    }


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    app = create_app(base_config(path.parent, f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


def _pg_admin_url(url: str) -> str:
    from organizer.config import normalize_database_url

    return normalize_database_url(url)


@pytest.fixture(scope="session")
def pg_database(tmp_path_factory):
    """A database of its own for this test session (and xdist worker), with the schema built."""
    if not PG_URL:
        yield None
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(_pg_admin_url(PG_URL))
    name = f"organizer_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    app = create_app(base_config(tmp_path_factory.mktemp("pg"), url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pytest_generate_tests(metafunc):
    """Every test that uses the database runs on each backend; ``@pytest.mark.backends("sqlite")``
    limits a test to the ones named."""
    if "backend" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("backends")
        metafunc.parametrize("backend", list(marker.args) if marker else BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL tests need ORGANIZER_TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    return request.param


@pytest.fixture
def database_url(backend, tmp_path, request) -> str:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "organizer.sqlite"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_database")


@pytest.fixture
def app_config() -> dict:
    """Override in a test module to change the configuration."""
    return {}


class _SharedTemplateCode(BytecodeCache):
    """Compiled templates shared by every app of the test process: each test makes a new app,
    and compiling the same templates again for each was a tenth of a page test's time."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = _SharedTemplateCode()


@pytest.fixture
def app(database_url, tmp_path, app_config, backend):
    app = create_app({**base_config(tmp_path, database_url), **app_config})
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    app.config["ORGANIZER_BACKEND"] = backend
    yield app
    with app.app_context():
        db.session.remove()
        if backend == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a confirmed user: make_user("ana@example.org", language="es", admin=True)."""
    from organizer.accounts import services

    counter = iter(range(1, 10_000))

    def _make(email: str | None = None, *, name: str | None = None, language: str = "en",
              admin: bool = False, confirmed: bool = True, password: str = PASSWORD):
        n = next(counter)
        with app.app_context():
            user = services.create_user(email or f"user{n}@example.org", name or f"User {n}", password,
                                        language, is_admin=admin, confirmed=confirmed)
            db.session.commit()
            return user.id

    return _make


def session_user_id(app, user_id: int) -> str:
    """Start a log-in record for a user (as logging in does) and return what Flask-Login keeps in
    the session for it ("<id>.<token>"), for tests that put a user in the session directly."""
    from organizer.accounts import services
    from organizer.accounts.models import User

    with app.app_context():
        user = db.session.get(User, user_id)
        services.start_session(user)
        db.session.commit()
        return user.get_id()


def login(client, email: str, password: str = PASSWORD, lang: str = "en"):
    return client.post(f"/{lang}/account/login", data={"email": email, "password": password})


@pytest.fixture
def login_as(client, app):
    """Log the test client in as a user id (made with make_user)."""
    from organizer.accounts.models import User

    def _login(user_id: int):
        with app.app_context():
            email = db.session.get(User, user_id).email
        response = login(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback (aiosmtpd); ``.messages`` holds what it received."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    controller.messages = handler.messages
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def count_queries(app):
    """with count_queries() as queries: ...; len(queries) is the number of statements run;
    ``queries.calls`` pairs each statement with its parameters (the same question asked twice)."""
    from contextlib import contextmanager

    class Statements(list):
        calls: list[tuple[str, str]]

    @contextmanager
    def _count():
        statements = Statements()
        statements.calls = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
                statements.append(statement)
                statements.calls.append((statement, repr(parameters)))

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return _count
