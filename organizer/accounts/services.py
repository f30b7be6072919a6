"""Account operations. They flush; the request or command that calls them commits."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import utcnow
from ..extensions import db
from ..mail.services import queue_mail, render_mail
from ..platform.errors import DomainError
from ..security import is_safe_path
from .models import User, UserSession


class AccountError(DomainError):
    """A rule of accounts refused the operation (message translated, ``field`` the form field)."""


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def get_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalize_email(email)))


def create_user(email: str, name: str, password: str, language: str = "en", *,
                is_admin: bool = False, confirmed: bool = False) -> User:
    user = User(email=normalize_email(email), name=name.strip(), preferred_language=language,
                is_admin=is_admin, email_confirmed_at=utcnow() if confirmed else None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


# Tokens -------------------------------------------------------------------------------------

def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    # Changes whenever the password changes: a used reset link stops working (single use).
    return user.password_hash[-16:]


def make_reset_token(user: User) -> str:
    return _serializer("password-reset").dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _serializer("password-reset").loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or data.get("f") != _fingerprint(user):
        return None
    return user


def make_confirm_token(user: User, next_path: str | None = None) -> str:
    # Bound to the password: a later sign-up for the same unconfirmed address (which replaces the
    # password) ends the earlier links. Confirming ends them all (see user_for_confirm_token).
    data = {"u": user.id, "e": user.email, "f": _fingerprint(user)}
    if next_path and is_safe_path(next_path):
        data["n"] = next_path  # where the person was going when they signed up
    return _serializer("email-confirm").dumps(data)


def user_for_confirm_token(token: str) -> tuple[User | None, str | None]:
    """The user a confirmation link is for, and the page to continue to (a path on this site)."""
    try:
        data = _serializer("email-confirm").loads(token, max_age=current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None, None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or user.email != data.get("e") or data.get("f") != _fingerprint(user):
        return None, None
    next_path = data.get("n")
    return user, next_path if is_safe_path(next_path) else None


# Flows --------------------------------------------------------------------------------------

def sign_up(email: str, name: str, password: str, language: str, next_path: str | None = None) -> None:
    """Create an unconfirmed account and mail a confirmation link. If the address already has a
    confirmed account, mail its owner instead; the answer on screen, and the work done (one
    password hash, one mail queued), are the same either way.

    An unconfirmed account for the address (perhaps made by someone else) takes this sign-up's
    name, password and language: whoever confirms must prove this password, and earlier links stop
    working."""
    password_hash = generate_password_hash(password)
    existing = get_by_email(email)
    if existing is not None and existing.is_confirmed:
        queue_mail(existing.email, existing.preferred_language, "account_exists", user=existing,
                   reset_url=url_for("accounts.forgot_password", lang_code=existing.preferred_language, _external=True))
        return
    if existing is None:
        user = User(email=normalize_email(email), name=name.strip(), preferred_language=language,
                    password_hash=password_hash)
        db.session.add(user)
    else:
        user = existing
        user.name, user.preferred_language, user.password_hash = name.strip(), language, password_hash
    db.session.flush()
    queue_mail(user.email, user.preferred_language, "confirm_email", user=user,
               confirm_url=url_for("accounts.confirm_email", token=make_confirm_token(user, next_path),
                                   lang_code=user.preferred_language, _external=True))


def resend_confirmation_to(email: str) -> None:
    """A new confirmation link if the address has an unconfirmed account; otherwise the same mail
    is rendered and dropped (the same time either way)."""
    user = get_by_email(email)
    if user is not None and not user.is_confirmed:
        resend_confirmation(user)
        return
    stand_in = User(id=0, email=normalize_email(email), name="", password_hash=_dummy_hash(), preferred_language="en")
    render_mail("confirm_email", "en", user=stand_in,
                confirm_url=url_for("accounts.confirm_email", token=make_confirm_token(stand_in), lang_code="en",
                                    _external=True))


def resend_confirmation(user: User) -> None:
    queue_mail(user.email, user.preferred_language, "confirm_email", user=user,
               confirm_url=url_for("accounts.confirm_email", token=make_confirm_token(user),
                                   lang_code=user.preferred_language, _external=True))


def confirm_email(user: User) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()


def request_password_reset(email: str, language: str = "en") -> None:
    """Queue a reset link if the address has an account. For an unknown address the same mail is
    rendered (and dropped), so both answers take the same time."""
    user = get_by_email(email)
    target = user or User(id=0, email=normalize_email(email), name="", password_hash=_dummy_hash(),
                          preferred_language=language)
    lang = target.preferred_language
    context = dict(user=target, minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
                   reset_url=url_for("accounts.reset_password", token=make_reset_token(target),
                                     lang_code=lang, _external=True))
    if user is None:
        render_mail("password_reset", lang, **context)
        return
    queue_mail(user.email, lang, "password_reset", **context)


def change_password(user: User, new_password: str) -> None:
    """New password; every log-in of the user ends (the caller starts a fresh one if needed)."""
    user.set_password(new_password)
    end_all_sessions(user)


def change_own_password(user: User, current_password: str, new_password: str) -> bool:
    """A signed-in user changes their password: the current one must be given. Every log-in of
    the user ends; True when the current one was remembered (the caller starts a fresh one)."""
    if not user.check_password(current_password):
        raise AccountError(_l("This is not your current password."), field="current")
    remembered = end_all_sessions(user)
    change_password(user, new_password)
    return remembered


def confirm_with_password(user: User, password: str) -> None:
    """Confirm the address of an unconfirmed account: whoever follows the link must know the
    password chosen at sign-up."""
    if not user.check_password(password):
        raise AccountError(_l("This is not the password chosen for this account."), field="password")
    confirm_email(user)
    record_success(user)


def update_profile(user: User, name: str, language: str, timezone: str | None = None) -> None:
    """Name, language for emails and time zone (None: the usual one for the language)."""
    user.name = name.strip()
    user.preferred_language = language
    user.timezone = timezone
    db.session.flush()


# Log-ins (sessions) ----------------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, remember: bool = False) -> None:
    """Record a new log-in; its token goes into the session and the remember-me cookie through
    ``user.get_id()``. Call before ``login_user``."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.created_at < utcnow() - _session_lifetime()))
    db.session.add(UserSession(user_id=user.id, token_hash=_token_hash(token), remember=remember))
    db.session.flush()
    user.session_token = token


def user_for_session(user_id: str) -> User | None:
    """The user of a live log-in, from the id Flask-Login kept ("<user id>.<token>"); one query."""
    uid, _, token = (user_id or "").partition(".")
    if not (uid.isascii() and uid.isdigit() and len(uid) < 10 and token):
        return None
    since = utcnow() - _session_lifetime()
    user = db.session.scalar(
        db.select(User).join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(uid), UserSession.token_hash == _token_hash(token), UserSession.created_at >= since))
    if user is not None:
        user.session_token = token
    return user


def _session_lifetime() -> timedelta:
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def _current(user: User):
    return UserSession.token_hash == _token_hash(user.session_token or "")


def end_session(user: User) -> None:
    """Log out this log-in only (its session and remember-me cookie stop working)."""
    if user.session_token:
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id, _current(user)))
        user.session_token = None


def end_other_sessions(user: User) -> int:
    """Log out every other browser and device; the number of log-ins ended."""
    result = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id, ~_current(user)))
    return result.rowcount or 0


def end_all_sessions(user: User) -> bool:
    """End every log-in of the user; True when the current one was remembered."""
    remembered = bool(user.session_token) and bool(db.session.scalar(
        db.select(UserSession.remember).where(UserSession.user_id == user.id, _current(user))))
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.session_token = None
    return remembered


def other_session_count(user: User) -> int:
    since = utcnow() - _session_lifetime()
    return db.session.scalar(db.select(func.count()).select_from(UserSession).where(
        UserSession.user_id == user.id, ~_current(user), UserSession.created_at >= since)) or 0


def authenticate(email: str, password: str) -> User | None:
    user = get_by_email(email)
    if user is not None and user.check_password(password):
        return user
    if user is None:
        # Spend the same time as a real check, so timing does not reveal registered addresses.
        check_password_hash(_dummy_hash(), password)
    return None


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("organizer_dummy_hash", {})
    if "hash" not in cache:
        cache["hash"] = generate_password_hash("not-a-real-password")
    return cache["hash"]


def record_success(user: User) -> None:
    user.last_login_at = utcnow()
