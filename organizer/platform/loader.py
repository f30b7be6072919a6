"""The one way a view loads the row its URL names, with one policy for what a visitor may learn.

Policy (every page, every domain):

- **404** when the row does not exist, or exists but is hidden from this visitor (``visible``
  fails: a draft convening, another lead's delegation). A hidden row is never told apart from a
  missing one.
- **401** when the row is visible but the page needs a permission (``permission``) and the visitor
  is anonymous: the error handler sends a GET to the login page with ``next`` set.
- **403** when a signed-in visitor lacks that permission.

``visible`` and ``permission`` are ``accounts.permissions`` rules (``Rule``); anything callable as
``rule(user, obj) -> bool`` works. Both are asked through the request's permission cache.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from ..extensions import db
from .permissions import cached

T = TypeVar("T")
Check = Callable[[Any, Any], bool]


def load_or_404(model: type[T], key: Any = None, *, visible: Check | None = None,
                permission: Check | None = None, options: tuple = (), **criteria) -> T:
    """The row of ``model`` with primary key ``key`` or with the column values ``criteria``
    (``load_or_404(Convening, slug=slug)``), checked by the policy above. ``options`` are loader
    options (``selectinload(...)``) for the query by criteria."""
    if key is not None:
        if isinstance(key, str) and not criteria:
            try:
                key = int(key)
            except ValueError:
                abort(404)
        row = db.session.get(model, key, options=list(options) or None)
        if row is not None and criteria and any(getattr(row, k) != v for k, v in criteria.items()):
            row = None
    else:
        if not criteria:
            raise TypeError("load_or_404 needs a key or criteria")
        row = db.session.scalar(db.select(model).filter_by(**criteria).options(*options).limit(1))
    return checked(row, visible=visible, permission=permission)


def checked(row: T | None, *, visible: Check | None = None, permission: Check | None = None) -> T:
    """Apply the policy to a row the view found through a query of its domain (``None`` is a
    404)."""
    if row is None:
        abort(404)
    if visible is not None and not allowed(visible, row):
        abort(404)
    if permission is not None and not allowed(permission, row):
        abort(401 if not current_user.is_authenticated else 403)
    return row


def allowed(check: Check, obj=None) -> bool:
    return cached(check, current_user, obj, lambda: bool(check(current_user, obj)))
