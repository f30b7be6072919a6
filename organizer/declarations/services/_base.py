"""What every write of the declarations domain shares: its one error, slugs, and the version kept
after each change to the text. Services flush; the request commits once."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...accounts.models import User
from ...database import utcnow
from ...extensions import db
from ...platform import slugs
from ...platform.errors import DomainError
from ..models import ADOPTED, Declaration, DeclarationVersion
from ..queries import languages, snapshot_of  # noqa: F401  (languages: re-exported for the services)


class DeclarationError(DomainError):
    """A rule refused the action; ``message`` is translated, ``field`` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def slugify(text: str, max_length: int = 80) -> str:
    return slugs.slugify(text, max_length, fallback="declaration")


def unique_slug(model, base: str) -> str:
    return slugs.unique_slug(model.slug, base, max_length=max(len(base), 1), fallback=base or "declaration")


def _save(declaration: Declaration, user: User | None, event: str) -> DeclarationVersion:
    """Keep a version of the whole text as it now stands."""
    db.session.flush()
    declaration.version_number = (declaration.version_number or 0) + 1
    version = DeclarationVersion(
        declaration_id=declaration.id, number=declaration.version_number, event=event,
        author_id=user.id if user is not None else None, author_name=user.name if user is not None else None,
        snapshot=snapshot_of(declaration))
    db.session.add(version)
    declaration.updated_at = utcnow()
    db.session.flush()
    return version


def _check_draft(declaration: Declaration) -> None:
    if declaration.status == ADOPTED:
        raise DeclarationError(_l("This declaration is adopted: its text can only change by an editorial correction."))


def _check_base(declaration: Declaration, base_version: int | None) -> None:
    """Refuse a save made from an older version than the current one: never overwrite unseen work."""
    if base_version is not None and base_version != declaration.version_number:
        raise DeclarationError(_l(
            "Someone saved a newer version while you were editing. Your text is kept below; compare it "
            "with the current text and save again."), field="base_version")


def check_draft(declaration: Declaration) -> None:
    """Refuse (DeclarationError) when the text can no longer be edited: pages ask before showing a form."""
    _check_draft(declaration)
