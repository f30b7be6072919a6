from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..i18n.fields import language_name


def _password_length(form, field):
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if field.data and len(field.data) < minimum:
        raise ValidationError(ngettext("Use at least %(num)d character.", "Use at least %(num)d characters.", minimum))


def language_choices():
    return [(lang, language_name(lang)) for lang in current_app.config["LANGUAGES"]]


class _LanguageForm:
    def _set_language_choices(self):
        self.preferred_language.choices = language_choices()


class SignupForm(FlaskForm, _LanguageForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=200)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address.")),
                                                 Email(_l("Please enter a valid email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please choose a password.")), _password_length])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(_l("Please repeat the password.")), EqualTo("password", _l("The two passwords differ."))])
    preferred_language = SelectField(_l("Language for emails"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_language_choices()


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address.")),
                                                 Email(_l("Please enter a valid email address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password."))])
    remember = BooleanField(_l("Keep me logged in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address.")),
                                                 Email(_l("Please enter a valid email address."))])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Please choose a password.")), _password_length])
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(_l("Please repeat the password.")), EqualTo("password", _l("The two passwords differ."))])


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Please enter your current password."))])


class ProfileForm(FlaskForm, _LanguageForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=200)])
    preferred_language = SelectField(_l("Language for emails"))
    timezone = SelectField(_l("Your time zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_language_choices()
        from ..i18n.formatting import DEFAULT_ZONES
        from ..i18n.zones import zone_choices, zone_display

        lang = self.preferred_language.data or "en"
        default = _l("The usual one for my language (%(zone)s)",
                     zone=zone_display(DEFAULT_ZONES.get(lang, "UTC")))
        self.timezone.choices = [("", default)] + zone_choices(getattr(kwargs.get("obj"), "timezone", None))
        if self.timezone.data is None:  # not set, or not posted: the default for the language
            self.timezone.data = ""


class ResendConfirmationForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address.")),
                                                 Email(_l("Please enter a valid email address."))])


class ConfirmEmailForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password."))])
