"""The public agenda in the shared cache (``platform.http_cache``).

Every public agenda answer (the page, its versions, the printable view, a session, the changelog,
iCal, JSON and frab XML) is keyed by the convening's version stamp, renewed when a release is made
(or the convening changes): a new release shows at once on every worker and host, with no
database round trip per request. After a release the page and the exports are rendered ahead in
every interface language.
"""
from __future__ import annotations

from flask import current_app, url_for

from ..convenings import caching as convening_caching
from ..convenings.models import PUBLIC_STATUSES, Convening
from ..extensions import db
from ..platform import http_cache
from .models import Release

#: the endpoints rendered ahead for each language (all public, anonymous, no query string)
AHEAD = ("agenda.index", "agenda.ical", "agenda.json_export", "agenda.frab")


def stamps(slug: str) -> list[str]:
    return [convening_caching.stamp(slug)]


def _release(release: Release, session) -> list[str]:
    return convening_caching.stamp_of(release.convening_id, session)


def paths(slug: str) -> list[str]:
    """The agenda answers rendered ahead for a convening, in every language."""
    found = []
    for lang in current_app.config["LANGUAGES"]:
        for endpoint in AHEAD:
            found.append(url_for(endpoint, slug=slug, lang_code=lang))
    return found


def _warm(stamp: str) -> list[str]:
    """The public agenda answers to render again: every released public convening's for the global
    stamp, a convening's own for its stamp (when it is public and released)."""
    query = db.select(Convening.slug).where(Convening.status.in_(PUBLIC_STATUSES),
                                            Convening.id.in_(db.select(Release.convening_id)))
    if stamp.startswith("convening:"):
        query = query.where(Convening.slug == stamp.partition(":")[2])
    elif stamp != http_cache.GLOBAL:
        return []
    slugs = db.session.scalars(query).all()
    with current_app.test_request_context():
        return [path for slug in slugs for path in paths(slug)]


def init_app() -> None:
    http_cache.watch(Release, _release)
    http_cache.warmer(_warm)
