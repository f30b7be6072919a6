"""Named extension points, so a domain can add to another's page without importing it.

- ``home_sections``: ``fn() -> Section | None`` (blocks on the home page)
- ``convening_sections``: ``fn(convening) -> Section | None`` (blocks on a convening's public page:
  its agenda, its declarations, its registration)
- ``convening_admin_links``: ``fn(convening) -> list[tuple[url, label]]`` (organizer tools)
- ``convening_shown_status``: ``fn(convening) -> str | None`` (the status its badges show, derived
  from the registration's dates; None: the stored status)
- ``interpretation_sessions``: ``fn(convening_id) -> list[dict]`` (the agenda's sessions with
  simultaneous interpretation: title, start, day, languages, into, channel)

Register in a domain's ``views.init_app(app)`` with ``hooks.add(app, name, fn)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Flask, current_app


@dataclass
class Section:
    template: str
    order: int = 50
    context: dict[str, Any] = field(default_factory=dict)


def add(app: Flask, name: str, fn: Callable) -> None:
    app.extensions.setdefault("organizer_hooks", {}).setdefault(name, []).append(fn)


def call(name: str, *args, **kwargs) -> list:
    results = []
    for fn in current_app.extensions.get("organizer_hooks", {}).get(name, []):
        result = fn(*args, **kwargs)
        if result is None:
            continue
        if isinstance(result, list):
            results.extend(result)
        else:
            results.append(result)
    return results


def sections(name: str, *args) -> list[Section]:
    return sorted(call(name, *args), key=lambda s: s.order)
