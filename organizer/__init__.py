"""Organizer: a multilingual platform for trinational labor convenings."""
from __future__ import annotations

import os

from flask import Flask

from .links import OrganizerFlask


def create_app(test_config: dict | None = None) -> Flask:
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("ORGANIZER_INSTANCE_PATH")
    app = OrganizerFlask(__name__, instance_relative_config=True, instance_path=instance_path or None)

    from .config import load_config

    load_config(app, test_config)
    _trust_proxies(app)

    from .extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)

    from .i18n import formatting, locale
    from .i18n import form_messages

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", _translations_dir(app))
    babel.init_app(app, locale_selector=locale.select_locale)
    locale.init_app(app)
    formatting.init_app(app)
    form_messages.init_app(app)

    with app.app_context():
        from .database import configure_engine

        configure_engine(db.engine)
    from .database import init_app as init_database

    init_database(app)

    from . import platform, security

    platform.init_app(app)
    from .mail import services as mail_services

    security.init_app(app)
    mail_services.init_app(app)

    _register_domains(app)

    from .cli import init_app as init_cli
    from .templating import init_app as init_templating

    init_cli(app)
    init_templating(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from exactly ``TRUSTED_PROXIES`` reverse proxies
    (0: none; the client address is the socket's)."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _translations_dir(app: Flask) -> str:
    return os.path.join(os.path.dirname(app.root_path), "translations")


def _register_domains(app: Flask) -> None:
    from .domains import register

    register(app)
