"""Who may do what with a convening. Built on accounts.permissions."""
from __future__ import annotations

from ..accounts.permissions import rule, site_admin
from ..extensions import db
from .models import Convening, ConveningOrganizer


def is_organizer_of(user, convening: Convening | int | None) -> bool:
    if convening is None or not getattr(user, "is_authenticated", False):
        return False
    convening_id = convening if isinstance(convening, int) else convening.id
    return db.session.scalar(
        db.select(db.func.count()).select_from(ConveningOrganizer)
        .where(ConveningOrganizer.convening_id == convening_id, ConveningOrganizer.user_id == user.id)
    ) > 0


@rule
def _organizes(user, convening) -> bool:
    return is_organizer_of(user, convening)


@rule
def organizes_any(user, obj=None) -> bool:
    """Organizes at least one convening (whichever)."""
    return db.session.scalar(
        db.select(db.func.count()).select_from(ConveningOrganizer).where(ConveningOrganizer.user_id == user.id)
    ) > 0


#: Organize (edit, review registrations, build the agenda of) this convening.
organizes = site_admin | _organizes
#: Create a new convening: admins and anyone who already organizes one.
creates_convenings = site_admin | organizes_any


def can_view(user, convening: Convening) -> bool:
    """Drafts are seen only by their organizers."""
    return convening.is_public or organizes(user, convening)
