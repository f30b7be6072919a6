"""The one error type of services, and how a view shows it.

A service that refuses raises its domain's subclass of ``DomainError`` with a translated message
and, when one input is at fault, the name of the form field concerned::

    class RegistrationError(DomainError): ...
    raise RegistrationError(_("The change deadline has passed."), field="members")

Creating a ``DomainError`` inside a request or CLI command dooms its unit of work: whatever the
service flushed before refusing is rolled back at the end, even when the view catches the error to
show it (use ``unit_of_work.savepoint()`` to contain an error and go on, as bulk actions do).

In the view, ``form_error(form, error)`` puts the message on the field (or on the form as a whole)
and the page re-renders with what was typed. An uncaught ``DomainError`` answers 400 with the
message on the error page.
"""
from __future__ import annotations

from flask import Flask, render_template

from . import unit_of_work


class DomainError(Exception):
    """A rule of the domain refused the operation. ``message`` is for the user (translated);
    ``field`` names the form field it concerns, or None for the operation as a whole."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        unit_of_work.doom()

    def __str__(self) -> str:
        return str(self.message)


def form_error(form, error: DomainError, default_field: str | None = None) -> None:
    """Show ``error`` on ``form``: on its field when the form has it (else on ``default_field``),
    otherwise in ``form.form_errors`` (rendered at the top of the form)."""
    name = error.field if error.field and error.field in form else default_field
    if name and name in form:
        form[name].errors = [*form[name].errors, error.message]
    else:
        form.form_errors.append(error.message)


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _uncaught(error: DomainError):
        return render_template("core/error.html", code=400, description=None, message=error.message), 400
