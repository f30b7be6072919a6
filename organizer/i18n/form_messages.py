"""WTForms' own messages ("This field is required.", "Not a valid choice.") through our catalog.

Flask-WTF translates them with the catalogs WTForms ships, which know neither our glossary nor any
language WTForms does not carry; a field without a message of its own then showed English, or a
Spanish of its own. ``init_app`` hands forms our catalog instead: every built-in message is listed
here, so ``make messages`` extracts it and it is translated like the rest.
"""
from __future__ import annotations

from flask import Flask
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l


def _messages_for_extraction():  # pragma: no cover - never called; read by ``pybabel extract``
    from flask_babel import ngettext

    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1)
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1)
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1)
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1)


MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Choices cannot be None."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Invalid input."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF failed."),
    _l("CSRF token missing."),
    _l("CSRF token expired."),
)


class CatalogTranslations:
    """The interface WTForms expects (``gettext``, ``ngettext``), answered by the app's catalog. No
    formatting here: WTForms fills its placeholders itself."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


def init_app(app: Flask) -> None:
    """Every FlaskForm asks Flask-WTF's module-level ``translations``: answer with our catalog."""
    import flask_wtf.form

    app.config.setdefault("WTF_I18N_ENABLED", True)
    flask_wtf.form.translations = CatalogTranslations()
