"""Permission answers remembered for the request.

A page asks the same question many times (the layout, the page, each section: "does this user
organize this convening?"); each answer may cost a query. ``cached(rule, user, obj, compute)``
answers from the request's memory when it can. The memory is per request (``flask.g``) and is
forgotten whenever the session flushes changes, so a permission granted or revoked during the
request is seen at once.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, g, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

_KEY = "_permission_cache"


def _identity(obj) -> Any:
    if obj is None:
        return None
    try:
        state = inspect(obj)
    except Exception:  # not a mapped object
        return ("object", id(obj))
    key = getattr(state, "identity_key", None)
    if key is None:  # pending or transient: only this very object
        return ("object", id(obj))
    return key


def _user_identity(user) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return ("user", user.get_id())


def cached(rule: Any, user, obj, compute: Callable[[], bool]) -> bool:
    """The answer of ``compute()`` for (rule, user, object), computed once per request."""
    if not has_request_context():
        return compute()
    memory = g.get(_KEY)
    if memory is None:
        memory = g._permission_cache = {}
    key = (id(rule), _user_identity(user), _identity(obj))
    hit = memory.get(key)
    if hit is not None and hit[0] is rule and hit[1] is obj:
        return hit[2]
    answer = compute()
    memory[key] = (rule, obj, answer)  # the references keep the ids from being reused
    return answer


def forget() -> None:
    """Drop the request's remembered answers."""
    if has_request_context():
        g.pop(_KEY, None)


def _after_flush(session, _context) -> None:
    forget()


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
