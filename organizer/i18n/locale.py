"""Choosing the interface language, from small functions tried in order.

Public pages carry the language in the URL (``/en/...``, ``/es/...``); that always wins. Elsewhere
(``/`` and error pages outside the language prefix): the visitor's saved choice (cookie, set when
they browse in a language), the signed-in user's preference, ``Accept-Language``, then the default.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user
from werkzeug.routing import BaseConverter

COOKIE = "organizer_lang"


def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def _valid(lang: str | None) -> str | None:
    return lang if lang in languages() else None


def from_url() -> str | None:
    return _valid(g.get("lang_code"))


def from_path() -> str | None:
    """For pages no route matched (a 404 under /es/...): the path's first segment."""
    return _valid(request.path.lstrip("/").split("/", 1)[0])


def from_cookie() -> str | None:
    return _valid(request.cookies.get(COOKIE))


def from_user() -> str | None:
    if current_user and current_user.is_authenticated:
        return _valid(getattr(current_user, "preferred_language", None))
    return None


def from_header() -> str | None:
    return request.accept_languages.best_match(languages())


NEGOTIATION: tuple[Callable[[], str | None], ...] = (from_cookie, from_user, from_header)


def negotiate() -> str:
    """The language for a visitor who did not ask for one in the URL."""
    for choose in NEGOTIATION:
        lang = choose()
        if lang:
            return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def locale_data(lang: str) -> str:
    """The Babel locale an interface language formats with ("fr" -> "fr_CA"); its catalog stays
    ``translations/<lang>`` (gettext falls back from fr_CA to fr)."""
    return current_app.config.get("LOCALE_DATA", {}).get(lang, lang)


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if not request:
        return locale_data(current_app.config["BABEL_DEFAULT_LOCALE"])
    return locale_data(from_url() or from_path() or negotiate())


def current_language() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]


def switch_url(lang: str) -> str:
    """The current page in another language (same endpoint, arguments and query)."""
    if request.url_rule is not None and request.endpoint and "lang_code" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang_code"] = lang
        query = request.args.to_dict(flat=False)
        for key in list(query):
            if key in args:
                del query[key]
        if request.method != "GET":
            query = {}
        return url_for(request.endpoint, **args, **query)
    return url_for("core.home", lang_code=lang)


def init_app(app: Flask) -> None:
    supported = "|".join(app.config["LANGUAGES"])

    class LanguageConverter(BaseConverter):
        regex = f"(?:{supported})"

    app.url_map.converters["lang"] = LanguageConverter

    @app.url_value_preprocessor
    def _pull_lang(endpoint, values):
        if values and "lang_code" in values:
            g.lang_code = values.pop("lang_code")

    @app.url_defaults
    def _add_lang(endpoint, values):
        if "lang_code" in values:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            values["lang_code"] = g.get("lang_code") or select_locale()

    @app.after_request
    def _remember_and_vary(response):
        lang = g.get("lang_code")
        # a page shown inside another site (the embeddable agenda) never changes the reader's language
        if lang and request.cookies.get(COOKIE) != lang and not g.get("keep_language_cookie"):
            response.set_cookie(
                COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                secure=app.config.get("SESSION_COOKIE_SECURE", False),
            )
        response.headers["Content-Language"] = current_language()
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        return response
