from __future__ import annotations

from flask import Blueprint, Flask, current_app, make_response, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ..extensions import db
from ..i18n.locale import negotiate
from ..platform import signals

bp = Blueprint("core", __name__, template_folder="templates")


@bp.route("/")
def choose_language():
    response = make_response(redirect(url_for("core.home", lang_code=negotiate()), code=302))
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


@bp.route("/<lang:lang_code>/")
def home():
    return render_template("core/home.html",
                           home_sections=signals.sections(signals.home_sections, current_app._get_current_object()))


@bp.route("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/healthz")
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)


def init_app(app: Flask) -> None:
    def render_error(code: int, description: str | None = None):
        from ..api.views import error as api_error
        from ..api.views import is_api_request

        if is_api_request():  # the API answers in JSON, errors included
            return api_error(code)
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        return render_template("core/error.html", code=code, description=description,
                               limit_mb=max(1, round(limit / (1024 * 1024)))), code

    @app.errorhandler(401)
    def _unauthorized(error):
        if request.method == "GET":
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        return redirect(url_for("accounts.login"))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, "csrf")

    for code in ERROR_CODES:
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(404)
    def _not_found(error):
        """A page under an address that was renamed redirects to its new address."""
        from ..platform.slugs import old_slug_redirect

        return old_slug_redirect() or render_error(404)

    @app.errorhandler(OperationalError)
    def _database_busy(error):
        """SQLite busy/locked, or a PostgreSQL lock time-out: nothing was written; say so."""
        db.session.rollback()
        message = str(getattr(error, "orig", error)).lower()
        if any(word in message for word in ("locked", "busy", "lock timeout", "could not serialize", "deadlock")):
            app.logger.warning("database busy: %s", message)
            response = render_error(503, "busy")
            return response[0], 503, {"Retry-After": "5"}
        raise error

    @app.errorhandler(HTTPException)
    def _other_http(error):
        return render_error(error.code or 500)
