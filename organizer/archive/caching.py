"""The archive's pages in the shared cache (``platform.http_cache``).

Two version stamps:

- ``DIRECTORY``: the directory (every filter and page), every organization page and every person
  page. They show organizations (names, sectors, networks, parents), people, affiliations, the
  convenings they took part in (title, dates, status) and the source passages records rest on, so
  a change of any of those rows renews it. One stamp for all of them: an organization's name shows
  on its page, on its networks' and its members' pages, on the pages of its people and in the
  directory; edits are rare, and a page is rendered again only when asked for.
- ``SEARCH``: the site search's result pages. They read the search index only, which is written
  with Core statements (``search_index``) that the ORM-based ``watch`` does not see: the index marks
  the session when it writes entries (after a flush that touched them, or a ``rebuild``) and the
  stamp is renewed when that session commits.

Every key also includes the global stamp (``convenings.caching`` renews it for any organization or
person change).
"""
from __future__ import annotations

from flask import current_app, has_app_context, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..convenings.models import Citation, Convening, ConveningOrganization, ConveningPerson, Source
from ..organizations.models import Affiliation, Organization, OrganizationSector, Person
from ..platform import http_cache
from . import search_index
from .models import SearchEntry

DIRECTORY = "directory"
SEARCH = "search"

#: the rows shown on the directory, organization and person pages (the networks table is written
#: only with its organization, which is then in the unit of work too)
DIRECTORY_MODELS = (Organization, OrganizationSector, Person, Affiliation, Convening, ConveningOrganization,
                    ConveningPerson, Citation, Source)


def _directory(_row, _session) -> list[str]:
    return [DIRECTORY]


def _search(_row, _session) -> list[str]:
    return [SEARCH]


def _index_committed(session: Session) -> None:
    """A unit of work that wrote search entries committed: the search pages are stale."""
    if not session.info.pop(search_index.INDEX_WRITTEN, False) or not has_app_context():
        return
    app = current_app._get_current_object()
    if app.extensions.get("cache", {}).get(http_cache.cache) is None:
        return
    http_cache.renew([SEARCH], app)


def _warm(name: str) -> list[str]:
    """The directory's first page in every language, rendered again after a change."""
    if name not in (DIRECTORY, http_cache.GLOBAL):
        return []
    with current_app.test_request_context():
        return [url_for("organizations.directory", lang_code=lang) for lang in current_app.config["LANGUAGES"]]


def init_app() -> None:
    for model in DIRECTORY_MODELS:
        http_cache.watch(model, _directory)
    http_cache.watch(SearchEntry, _search)  # entries written through the ORM (none today)
    if not event.contains(Session, "after_commit", _index_committed):
        event.listen(Session, "after_commit", _index_committed)
    http_cache.warmer(_warm)
