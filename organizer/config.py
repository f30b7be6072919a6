"""Configuration: package defaults, then ``instance/config.py``, then ``ORGANIZER_*`` variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

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
    # Deliver right after the response that queued mail (never inside it). Default: only in
    # development; in production run `flask organizer mail-worker` beside the web server.
    MAIL_SEND_IMMEDIATELY: bool | None = None
    MAIL_CLAIM_EXPIRY = 600  # seconds before a claimed, unsent message may be claimed again
    MAIL_MAX_ATTEMPTS = 12  # temporary failures retried with backoff (1 min doubling, up to 6 h)
    MAIL_WORKER_INTERVAL = 5  # seconds the worker sleeps when the outbox is empty

    # Accounts
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_RESET_MAX_AGE = 3600  # seconds
    EMAIL_CONFIRM_MAX_AGE = 3 * 24 * 3600
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_THROTTLE_WINDOW = 15 * 60  # seconds
    # Other limits: action -> {"email": n, "address": n, "window": seconds} (see accounts/throttle.py).
    THROTTLE_LIMITS: dict = {}
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600  # seconds; a log-in's record ends with it too

    # The address people reach the site at (scheme, host, optional port and path). Every link in
    # mail and in cached pages is built from it, never from the request's Host header. Required in
    # production; http://127.0.0.1:5000 in development and testing.
    PUBLIC_BASE_URL: str | None = None
    # Host names accepted besides the base URL's (a list, or a comma-separated string).
    TRUSTED_HOSTS_EXTRA: list | str = []
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are believed.
    TRUSTED_PROXIES = 0

    # The shared cache of public pages and exports (organizer/platform/http_cache.py): files under
    # CACHE_DIR (default instance/cache, at most CACHE_THRESHOLD entries), or Redis when CACHE_URL
    # is set (redis://127.0.0.1:6379/0: needed when several app hosts serve the site).
    CACHE_URL: str | None = None
    CACHE_DIR: str | None = None
    CACHE_THRESHOLD = 2000
    CACHE_TIMEOUT = 24 * 3600  # seconds a stored page is kept (keys change with the content anyway)
    CACHE_PAGE_MAX_AGE = 60  # Cache-Control max-age of public pages; iCal feeds use their refresh interval
    # "thread": after a release, an adoption or a correction, render the public pages of every
    # language in a background thread; "off": only `flask organizer render-ahead` and the mail worker.
    RENDER_AHEAD: str | None = None
    # seconds between the mail worker's passes over every public page (0: none; default 60, 0 in tests)
    RENDER_AHEAD_INTERVAL: float | None = None


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

    if app.config.get("MAIL_SEND_IMMEDIATELY") is None:
        app.config["MAIL_SEND_IMMEDIATELY"] = env == "development"

    _database(app)
    _secret_key(app, env)
    _public_base_url(app, env)


class PublicBaseUrlMissing(RuntimeError):
    pass


def _public_base_url(app: Flask, env: str) -> None:
    # SERVER_NAME_FOR_EMAIL is the former name of this setting (still read, and still set for code
    # that has not moved to PUBLIC_BASE_URL yet).
    url = (app.config.get("PUBLIC_BASE_URL") or app.config.get("SERVER_NAME_FOR_EMAIL") or "").strip()
    if not url:
        if env not in DEV_ENVIRONMENTS:
            raise PublicBaseUrlMissing(
                "Organizer needs the address people reach it at, for links in mail: set\n"
                "  export ORGANIZER_PUBLIC_BASE_URL=https://organizer.example.org\n"
                "or PUBLIC_BASE_URL = '...' in instance/config.py.")
        url = "http://127.0.0.1:5000"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublicBaseUrlMissing(f"PUBLIC_BASE_URL must look like https://organizer.example.org, not {url!r}.")
    app.config["PUBLIC_BASE_URL"] = app.config["SERVER_NAME_FOR_EMAIL"] = url.rstrip("/")
    extra = app.config.get("TRUSTED_HOSTS_EXTRA") or []
    if isinstance(extra, str):
        extra = [h.strip() for h in extra.split(",")]
    hosts = [parts.hostname, *(h for h in extra if h)]
    if env in DEV_ENVIRONMENTS:
        hosts += ["localhost", "127.0.0.1"]
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))


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
            # readable by the owner only (0600), created so, never widened for a moment
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        elif path.stat().st_mode & 0o077:
            path.chmod(0o600)  # a key written by an older version
        app.config["SECRET_KEY"] = path.read_text().strip()
    except OSError:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
