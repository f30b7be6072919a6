"""The platform layer: what every domain builds on, importing no domain.

- ``unit_of_work``: one commit per request and per CLI command, rollback on any error, work
  released after the commit (mail);
- ``errors``: ``DomainError(message, field=None)``, the one error type services raise, and
  ``form_error`` to show it on a form field;
- ``loader``: ``load_or_404`` and its one 401/403/404 policy;
- ``permissions``: permission answers cached for the request;
- ``signals``: the named, documented extension points between domains (blinker);
- ``slugs``: the one way to make a slug, and old slugs that redirect (``old_slugs``);
- ``visitors``: telling an anonymous visitor apart without loading a user (cached pages);
- ``http_cache``: the one cache of public pages and exports shared by every worker and host
  (Flask-Caching: files under ``instance/cache`` or Redis), its version stamps, conditional
  requests (ETag, Last-Modified, 304) and rendering ahead.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import errors, http_cache, old_slugs, permissions, unit_of_work, visitors  # noqa: F401 (old_slugs: its model)

    unit_of_work.init_app(app)
    permissions.init_app(app)
    errors.init_app(app)
    visitors.init_app(app)
    http_cache.init_app(app)
