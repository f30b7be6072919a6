"""One small mechanism for permission checks.

A *rule* is a function ``(user, obj) -> bool`` wrapped in ``Rule``; rules combine with ``|`` and
``&``. Views call ``require(rule, obj)`` (or load through ``platform.loader.load_or_404``);
templates call ``can(rule, obj)``. Answers are remembered for the request (``platform.permissions``). Domains define their
own rules next to their models (``convenings.permissions``, ``delegations.permissions``...), built
from the ones here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user

from ..platform.permissions import cached


class Rule:
    def __init__(self, check: Callable[[Any, Any], bool], name: str):
        self.check = check
        self.name = name

    def __call__(self, user, obj=None) -> bool:
        if user is None:
            return False
        return cached(self, user, obj, lambda: bool(self.check(user, obj)))

    def __or__(self, other: "Rule") -> "Rule":
        return Rule(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __and__(self, other: "Rule") -> "Rule":
        return Rule(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __repr__(self) -> str:
        return f"<Rule {self.name}>"


def rule(fn: Callable[[Any, Any], bool]) -> Rule:
    """Decorator: turn ``def name(user, obj) -> bool`` into a Rule. Anonymous users fail every
    rule except ``anyone``."""

    def check(user, obj):
        return bool(getattr(user, "is_authenticated", False)) and fn(user, obj)

    return Rule(check, fn.__name__)


anyone = Rule(lambda user, obj: True, "anyone")


@rule
def signed_in(user, obj) -> bool:
    return True


@rule
def site_admin(user, obj) -> bool:
    return bool(user.is_admin)


def can(check: Rule, obj=None) -> bool:
    return check(current_user, obj)


def require(check: Rule, obj=None) -> None:
    """Abort unless the current user passes the rule: 401 (log in) for anonymous, else 403."""
    if check(current_user, obj):
        return
    abort(401 if not current_user.is_authenticated else 403)
