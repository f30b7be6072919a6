"""A convening's version stamp in the shared cache (``platform.http_cache``): every cached public
answer about a convening (its page, its agenda and exports) is keyed by ``stamp(slug)``, renewed
when the convening row changes (under its old and its new address) and, through ``stamp_of``,
when another domain's row of that convening changes (a release, a participant)."""
from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from ..extensions import db
from ..organizations.models import Organization, Person
from ..platform import http_cache
from .models import PUBLIC_STATUSES, Convening, ConveningGoal, ConveningOrganization, ConveningPerson, ConveningSource


#: every list of convenings (the API's)
LIST = "convenings"


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
    return [*(stamp(s) for s in slugs if s), LIST]


def _row_of_convening(row, session) -> list[str]:
    return stamp_of(row.convening_id, session)


def _warm(name: str) -> list[str]:
    """The convening pages to render again: a public convening's own, or every public one's."""
    query = db.select(Convening.slug).where(Convening.status.in_(PUBLIC_STATUSES))
    if name.startswith("convening:"):
        query = query.where(Convening.slug == name.partition(":")[2])
    elif name != http_cache.GLOBAL:
        return []
    slugs = db.session.scalars(query).all()
    with current_app.test_request_context():
        return [url_for("convenings.show", slug=slug, lang_code=lang)
                for slug in slugs for lang in current_app.config["LANGUAGES"]]


def _everything(_row, _session) -> list[str]:
    # an organization's or a person's name appears on many pages (convenings, declarations):
    # renamed, every cached page is stale (rare; the pages are rendered again as they are asked for)
    return [http_cache.GLOBAL]


def init_app() -> None:
    http_cache.warmer(_warm)
    http_cache.watch(Organization, _everything)
    http_cache.watch(Person, _everything)
    http_cache.watch(Convening, _convening)
    for model in (ConveningGoal, ConveningOrganization, ConveningPerson, ConveningSource):
        http_cache.watch(model, _row_of_convening)
