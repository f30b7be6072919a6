"""Configuration: package defaults, then ``instance/config.py``, then ``ORGANIZER_*`` variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

DEV_ENVIRONMENTS = {"development", "testing"}


class Defaults:
    # "production", "development" or "testing".
    ENV = "production"
    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # default: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    LANGUAGES = ["en", "es", "fr"]
    # The CLDR data each interface language formats with (dates, numbers, zone names): French as
    # written in Canada (Quebec). A language not listed formats with its own code.
    LOCALE_DATA = {"fr": "fr_CA"}
    # Content in several languages: the languages tried, in order, after the reader's own.
    CONTENT_FALLBACK = ["en", "es", "fr"]
    # The languages content must have when a form asks for "every language" (a convening's working
    # languages default to these; French is offered beside them, not required).
    WORKING_LANGUAGES = ["en", "es"]
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # Request bodies over this many bytes are refused (413) before they are read; uploads are
    # smaller still (a member import reads at most 2 MB). ORGANIZER_MAX_CONTENT_LENGTH.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024

    # Mail: every message goes to the outbox first, then over SMTP.
    MAIL_FROM = "Organizer <no-reply@localhost>"
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_TLS = "none"  # "none", "starttls" or "ssl"
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_TIMEOUT = 10
    MAIL_SEND_IMMEDIATELY = True  # try to deliver right after the request that queued mail

    # Accounts
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_RESET_MAX_AGE = 3600  # seconds
    EMAIL_CONFIRM_MAX_AGE = 3 * 24 * 3600
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_THROTTLE_WINDOW = 15 * 60  # seconds

    # Public base URL used in emails when there is no request (CLI, background delivery).
    SERVER_NAME_FOR_EMAIL = "http://127.0.0.1:5000"


class SecretKeyMissing(RuntimeError):
    pass


def load_config(app: Flask, overrides: dict | None = None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("ORGANIZER")
    if overrides:
        app.config.from_mapping(overrides)

    env = app.config["ENV"]
    if env in DEV_ENVIRONMENTS:
        app.config.setdefault("SESSION_COOKIE_SECURE", False)
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False

    _database(app)
    _secret_key(app, env)


def _database(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "organizer.sqlite")
    url = normalize_database_url(url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        options.setdefault("connect_args", {}).setdefault("timeout", 15)
    else:
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the common short forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(app: Flask, env: str) -> None:
    key = app.config.get("SECRET_KEY")
    if key and key != "change-me" and len(str(key)) >= 16:
        return
    if env not in DEV_ENVIRONMENTS:
        raise SecretKeyMissing(
            "Organizer refuses to start without a real secret key. Set one with\n"
            "  export ORGANIZER_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"\n"
            "or put SECRET_KEY = '...' in instance/config.py. "
            "For local development set ORGANIZER_ENV=development instead."
        )
    # Development and tests: a random key kept in the instance folder so sessions survive restarts.
    path = Path(app.instance_path) / "dev-secret-key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(secrets.token_hex(32))
        app.config["SECRET_KEY"] = path.read_text().strip()
    except OSError:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
