"""A convening's version stamp in the shared cache (``platform.http_cache``): every cached public
answer about a convening (its page, its agenda and exports) is keyed by ``stamp(slug)``, renewed
when the convening row changes (under its old and its new address) and, through ``stamp_of``,
when another domain's row of that convening changes (a release, a participant)."""
from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from ..platform import http_cache
from .models import Convening, ConveningGoal, ConveningOrganization, ConveningPerson, ConveningSource


def stamp(slug: str) -> str:
    return f"convening:{slug}"


def stamp_of(convening_id: int | None, session: Session) -> list[str]:
    """The stamp of the convening with this id (from the session's identity map, else one query)."""
    if convening_id is None:
        return [http_cache.GLOBAL]
    convening = session.get(Convening, convening_id)
    return [stamp(convening.slug)] if convening is not None else [http_cache.GLOBAL]


def _convening(convening: Convening, _session) -> list[str]:
    slugs = {convening.slug, *inspect(convening).attrs.slug.history.deleted}
    return [stamp(s) for s in slugs if s]


def _row_of_convening(row, session) -> list[str]:
    return stamp_of(row.convening_id, session)


def init_app() -> None:
    http_cache.watch(Convening, _convening)
    for model in (ConveningGoal, ConveningOrganization, ConveningPerson, ConveningSource):
        http_cache.watch(model, _row_of_convening)
