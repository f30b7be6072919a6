"""The domains Organizer is made of. Each is a package ``organizer/<name>/`` that may have:

- ``models.py``: its tables (imported so the metadata and Alembic see them);
- ``views.py``: ``bp`` (a Blueprint) and optionally ``init_app(app)``;
- ``cli.py``: ``commands`` (a list of click commands added to ``flask organizer``);
- ``searching.py``: what it gives the site search (``archive.search_index.builder`` and ``watch``).

Adding a domain means adding its name here; nothing else in the app needs to change.
"""
from __future__ import annotations

import importlib
from importlib.util import find_spec

DOMAINS = (
    "core", "accounts", "mail", "organizations", "convenings", "archive", "delegations", "agenda", "declarations",
)


def submodule(domain: str, name: str):
    module = f"organizer.{domain}.{name}"
    if find_spec(module) is None:
        return None
    return importlib.import_module(module)


def import_models() -> None:
    for domain in DOMAINS:
        submodule(domain, "models")
    for domain in DOMAINS:  # what each domain gives the site search (after every model is known)
        submodule(domain, "searching")


def register(app) -> None:
    import_models()
    for domain in DOMAINS:
        views = submodule(domain, "views")
        if views is not None and hasattr(views, "bp"):
            app.register_blueprint(views.bp)
        if views is not None and hasattr(views, "init_app"):
            views.init_app(app)


def cli_commands() -> list:
    commands = []
    for domain in DOMAINS:
        module = submodule(domain, "cli")
        if module is not None:
            commands.extend(getattr(module, "commands", []))
    return commands
