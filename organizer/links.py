"""Absolute links come from ``PUBLIC_BASE_URL``, never from the request's ``Host`` header.

``url_for(..., _external=True)`` anywhere (mail, cached pages, exports, the CLI) builds
``PUBLIC_BASE_URL`` + the path, so a forged ``Host`` cannot end up in a link someone else receives.
Relative links (the default inside a request) are unchanged. Unknown hosts are refused anyway
(``TRUSTED_HOSTS``, derived from the base URL in ``config.py``).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from flask.globals import _cv_request

from .platform.unit_of_work import OrganizerFlask as UnitOfWorkFlask


class OrganizerFlask(UnitOfWorkFlask):
    """The application class: the request's unit of work (``platform.unit_of_work``) plus
    absolute links built from ``PUBLIC_BASE_URL``."""

    def url_for(self, endpoint: str, /, *, _anchor: str | None = None, _method: str | None = None,
                _scheme: str | None = None, _external: bool | None = None, **values) -> str:
        ctx = _cv_request.get(None)
        if ctx is None or ctx.url_adapter is None:
            # CLI, worker, app context only, or a request refused for its Host: build as if
            # requested at the public address (external by default outside a request)
            if _external is None and ctx is None:
                _external = True
            with self.test_request_context(base_url=self.config["PUBLIC_BASE_URL"]):
                return self.url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                    _external=_external, **values)
        if _external is None:
            _external = _scheme is not None
        path = super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)
        if not _external:
            return path
        return public_url(path[len(request.script_root):], scheme=_scheme)


def public_url(path: str, scheme: str | None = None) -> str:
    """``PUBLIC_BASE_URL`` joined with a path of this site ("/en/agenda/...")."""
    from flask import current_app

    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    return f"{scheme or base.scheme}://{base.netloc}{base.path.rstrip('/')}{path}"
