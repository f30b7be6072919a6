"""What registration changes on cached public pages (``platform.http_cache``): the convening page
shows the registration section (places left, the waiting list, the organizers' contact, open or
closed), so a change of settings, of a delegation or of a member renews the convening's stamp."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..convenings import caching as convening_caching
from ..platform import http_cache
from .models import Delegation, DelegationMember, RegistrationSettings


def _of_convening(row, session: Session) -> list[str]:
    return convening_caching.stamp_of(row.convening_id, session)


def _of_member(member: DelegationMember, session: Session) -> list[str]:
    delegation = session.get(Delegation, member.delegation_id) if member.delegation_id is not None else None
    return convening_caching.stamp_of(delegation.convening_id if delegation is not None else None, session)


def init_app() -> None:
    http_cache.watch(RegistrationSettings, _of_convening)
    http_cache.watch(Delegation, _of_convening)
    http_cache.watch(DelegationMember, _of_member)
