"""What every template can use: the language helpers, navigation, permission checks."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, render_template, request, url_for
from markupsafe import Markup

from .accounts.permissions import can
from .i18n import registry
from .i18n.locale import current_language, switch_url


@dataclass
class NavItem:
    endpoint: str
    label: object  # a lazy string
    order: int = 50


def add_nav_item(app: Flask, endpoint: str, label, order: int = 50) -> None:
    app.extensions.setdefault("organizer_nav", []).append(NavItem(endpoint, label, order))


def main_navigation() -> list[dict]:
    items = sorted(current_app.extensions.get("organizer_nav", []), key=lambda i: i.order)
    current = request.endpoint or ""
    return [
        {"url": url_for(item.endpoint), "label": item.label,
         "current": current.split(".")[0] == item.endpoint.split(".")[0]}
        for item in items
    ]


def render_section(section) -> Markup:
    """Render a signals.Section: its template gets the section's context as variables (and as
    ``ctx``), plus everything a page template has."""
    return Markup(render_template(section.template, ctx=section.context, **section.context))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        render_section=render_section,
        current_language=current_language,
        switch_language_url=switch_url,
        main_navigation=main_navigation,
        can=can,
    )
    registry.init_app(app)
