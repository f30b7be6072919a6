"""Telling an anonymous visitor apart without loading a user.

Pages cached for anonymous visitors (the public agenda) must know, before anything loads the user
(Flask-Login's loader and its session-protection hash cost more than the cached answer), that the
request cannot be a signed-in person's. Flask-Login's own session keys are private to it, so the
platform keeps its own marker in the session, set and cleared through Flask-Login's public signals
(log in, log out, restored from the remember-me cookie).
"""
from __future__ import annotations

from flask import Flask, current_app, get_flashed_messages, request, session
from flask_login import user_logged_in, user_logged_out, user_loaded_from_cookie

MARKER = "signed_in"


def _signed_in(_app, **_kwargs) -> None:
    session[MARKER] = True


def _signed_out(_app, **_kwargs) -> None:
    session.pop(MARKER, None)


def plain_anonymous_visitor() -> bool:
    """True when the request can only be an anonymous visitor's with nothing to flash: no sign-in
    in the session, no remember-me cookie, no flashed message waiting (which stay available to
    the page: Flask keeps them for the request once read)."""
    if session.get(MARKER):
        return False
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return False
    return not get_flashed_messages()


def init_app(app: Flask) -> None:
    user_logged_in.connect(_signed_in)
    user_loaded_from_cookie.connect(_signed_in)
    user_logged_out.connect(_signed_out)
