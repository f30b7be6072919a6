from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from ..i18n.locale import current_language
from ..platform.errors import form_error
from ..security import safe_next
from . import services, throttle
from .forms import (ChangePasswordForm, ConfirmEmailForm, ForgotPasswordForm, LoginForm, ProfileForm,
                    ResendConfirmationForm, ResetPasswordForm, SignupForm)

bp = Blueprint("accounts", __name__, url_prefix="/<lang:lang_code>/account", template_folder="templates")


def _home():
    return url_for("core.home")


def _throttled(action: str, field, email: str | None) -> bool:
    """Count this attempt; when over the limit, put the message on ``field`` and answer True."""
    message = throttle.refusal(action, email=email)
    if message:
        field.errors.append(message)
    return bool(message)


def _log_in(user, remember: bool = False) -> None:
    """Record a new log-in (committed with the request) and put its token in the session (and
    remember-me cookie)."""
    services.start_session(user, remember)
    login_user(user, remember=remember)


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(_home())
    form = SignupForm()
    if request.method == "GET":
        form.preferred_language.data = current_language()
    if form.validate_on_submit():
        if _throttled("signup", form.email, form.email.data):
            return render_template("accounts/signup.html", form=form), 429
        services.sign_up(form.email.data, form.name.data, form.password.data, form.preferred_language.data,
                         next_path=request.args.get("next"))
        return render_template("accounts/check_email.html", email=form.email.data, reason="signup")
    return render_template("accounts/signup.html", form=form)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link proves the mailbox; the password (typed here) proves the account. Only then is the
    address confirmed and the person logged in. The link works once."""
    user, next_path = services.user_for_confirm_token(token)
    if user is None:
        flash(_("This confirmation link is invalid or has expired. Ask for a new one below."), "error")
        return redirect(url_for("accounts.resend_confirmation"))
    if user.is_confirmed:
        flash(_("This address is already confirmed. Log in with your password."), "info")
        return redirect(url_for("accounts.login"))
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        if _throttled("confirm", form.password, user.email):
            return render_template("accounts/confirm_email.html", form=form, email=user.email), 429
        try:
            services.confirm_with_password(user, form.password.data)
        except services.AccountError as error:
            form_error(form, error)
        else:
            _log_in(user)
            flash(_("Your email address is confirmed. Welcome!"), "success")
            return redirect(safe_next(next_path, _home()))
    return render_template("accounts/confirm_email.html", form=form, email=user.email)


@bp.route("/confirm", methods=["GET", "POST"])
def resend_confirmation():
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        if _throttled("resend", form.email, form.email.data):
            return render_template("accounts/resend_confirmation.html", form=form), 429
        services.resend_confirmation_to(form.email.data)
        return render_template("accounts/check_email.html", email=form.email.data, reason="confirm")
    return render_template("accounts/resend_confirmation.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.args.get("next"), _home())
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        # Counted before the password is checked: N simultaneous tries are N attempts.
        address = throttle.client_address()
        wait = throttle.hit("login", address=address, email=services.normalize_email(form.email.data))
        if wait:
            minutes = throttle.wait_minutes(wait)
            form.email.errors.append(ngettext(
                "Too many failed attempts. Please wait %(num)d minute and try again, or reset your password.",
                "Too many failed attempts. Please wait %(num)d minutes and try again, or reset your password.",
                minutes))
            return render_template("accounts/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or the password is not right."))
            return render_template("accounts/login.html", form=form), 200
        throttle.reset("login", email=services.normalize_email(form.email.data))
        throttle.refund("login", address=address)
        if not user.is_confirmed:
            services.resend_confirmation(user)
            return render_template("accounts/check_email.html", email=user.email, reason="unconfirmed")
        services.record_success(user)
        _log_in(user, remember=form.remember.data)
        return redirect(next_url)
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        services.end_session(current_user)
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(_home())


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    ended = services.end_other_sessions(current_user)
    flash(ngettext("%(num)d other log-in has ended.", "%(num)d other log-ins have ended.", ended), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if _throttled("forgot", form.email, form.email.data):
            return render_template("accounts/forgot_password.html", form=form), 429
        services.request_password_reset(form.email.data, current_language())
        return render_template("accounts/check_email.html", email=form.email.data, reason="reset")
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("This reset link is invalid, has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.change_password(user, form.password.data)  # ends every log-in of the account
        services.confirm_email(user)  # the link proves the address
        _log_in(user)
        flash(_("Your password is changed."), "success")
        return redirect(_home())
    return render_template("accounts/reset_password.html", form=form, token=token)


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.preferred_language.data,
                                timezone=form.timezone.data or None)
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form,
                           other_sessions=services.other_session_count(current_user))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            # every log-in ends, this one included: a fresh one starts below
            remembered = services.change_own_password(current_user, form.current.data, form.password.data)
        except services.AccountError as error:
            form_error(form, error)
        else:
            user = current_user._get_current_object()
            _log_in(user, remember=remembered)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


def init_app(app) -> None:
    from ..extensions import login_manager
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def _load_user(user_id: str):
        return services.user_for_session(user_id)

    @login_manager.unauthorized_handler
    def _unauthorized():
        if request.method == "GET":
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        return redirect(url_for("accounts.login"))


