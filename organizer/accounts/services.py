"""Account operations. They flush; the request or command that calls them commits."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import utcnow
from ..extensions import db
from ..mail.services import queue_mail
from ..platform.errors import DomainError
from ..security import is_safe_path
from .models import LoginAttempt, User


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
    user = db.session.get(User, data.get("u"))
    if user is None or data.get("f") != _fingerprint(user):
        return None
    return user


def make_confirm_token(user: User, next_path: str | None = None) -> str:
    data = {"u": user.id, "e": user.email}
    if next_path and is_safe_path(next_path):
        data["n"] = next_path  # where the person was going when they signed up
    return _serializer("email-confirm").dumps(data)


def user_for_confirm_token(token: str) -> tuple[User | None, str | None]:
    """The user a confirmation link is for, and the page to continue to (a path on this site)."""
    try:
        data = _serializer("email-confirm").loads(token, max_age=current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None, None
    user = db.session.get(User, data.get("u"))
    if user is None or user.email != data.get("e"):
        return None, None
    next_path = data.get("n")
    return user, next_path if is_safe_path(next_path) else None


# Flows --------------------------------------------------------------------------------------

def sign_up(email: str, name: str, password: str, language: str, next_path: str | None = None) -> None:
    """Create an unconfirmed account and mail a confirmation link. If the address already has an
    account, mail its owner instead; the answer on screen is the same either way."""
    existing = get_by_email(email)
    if existing is not None:
        queue_mail(existing.email, existing.preferred_language, "account_exists", user=existing,
                   reset_url=url_for("accounts.forgot_password", lang_code=existing.preferred_language, _external=True))
        return
    user = create_user(email, name, password, language)
    queue_mail(user.email, user.preferred_language, "confirm_email", user=user,
               confirm_url=url_for("accounts.confirm_email", token=make_confirm_token(user, next_path),
                                   lang_code=user.preferred_language, _external=True))


def resend_confirmation(user: User) -> None:
    queue_mail(user.email, user.preferred_language, "confirm_email", user=user,
               confirm_url=url_for("accounts.confirm_email", token=make_confirm_token(user),
                                   lang_code=user.preferred_language, _external=True))


def confirm_email(user: User) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()


def request_password_reset(email: str) -> None:
    user = get_by_email(email)
    if user is None:
        return
    queue_mail(user.email, user.preferred_language, "password_reset", user=user,
               reset_url=url_for("accounts.reset_password", token=make_reset_token(user),
                                 lang_code=user.preferred_language, _external=True),
               minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


def change_password(user: User, new_password: str) -> None:
    user.set_password(new_password)


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    """A signed-in user changes their password: the current one must be given."""
    if not user.check_password(current_password):
        raise AccountError(_l("This is not your current password."), field="current")
    change_password(user, new_password)


def update_profile(user: User, name: str, language: str, timezone: str | None = None) -> None:
    """Name, language for emails and time zone (None: the usual one for the language)."""
    user.name = name.strip()
    user.preferred_language = language
    user.timezone = timezone
    db.session.flush()


# Throttling ---------------------------------------------------------------------------------

def throttle_wait(email: str, address: str) -> int:
    """Seconds to wait before another log-in attempt for this account or address (0: go ahead)."""
    cfg = current_app.config
    window = timedelta(seconds=cfg["LOGIN_THROTTLE_WINDOW"])
    since = utcnow() - window
    email = normalize_email(email)
    checks = (
        (LoginAttempt.email == email, cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginAttempt.address == address, cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )
    wait = 0
    for condition, limit in checks:
        count, oldest = db.session.execute(
            db.select(func.count(LoginAttempt.id), func.min(LoginAttempt.created_at))
            .where(condition, LoginAttempt.created_at >= since)
        ).one()
        if count >= limit and oldest is not None:
            wait = max(wait, int((oldest + window - utcnow()).total_seconds()) + 1)
    return wait


def record_failure(email: str, address: str, user: User | None) -> None:
    db.session.add(LoginAttempt(email=normalize_email(email), address=address, user_id=user.id if user else None))
    db.session.flush()


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


def record_success(user: User, email: str) -> None:
    user.last_login_at = utcnow()
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == normalize_email(email)))
