"""Import contracts (README, "Layers"): a lower layer never imports a higher one, no ``_private``
name crosses from one domain into another, and only the platform commits.

Imports inside functions count as much as those at the top of a module. Today's known violations
are listed in the allowlists below, each with the issue that removes it; an entry that no longer
happens fails the test too, so the lists only ever shrink.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "organizer"

#: The import order: a module may import its own layer and those below, never one above.
LAYERS = {
    # the platform and what every domain stands on
    "platform": 0, "i18n": 0, "extensions": 0, "database": 0, "config": 0, "security": 0,
    "links": 0,
    "migrations": 0,
    "accounts": 1, "mail": 1, "templating": 1,
    "organizations": 2,
    "convenings": 3,
    "archive": 4, "delegations": 4,
    "agenda": 5, "declarations": 5,
    # the application that assembles the domains: may import anything, imported by no domain
    "core": 9, "cli": 9, "domains": 9, "models": 9, "__init__": 9,
}

#: (importing module, imported module) pairs that break the order today (none since the directory
#: and site search moved from organizations/ to archive/).
LAYER_ALLOWLIST: set[tuple[str, str]] = set()

#: (importing module, "module.name") private names used across domains today (none: the search
#: helpers are public in i18n.text, ``organizes_any`` in convenings.permissions).
PRIVATE_ALLOWLIST: set[tuple[str, str]] = set()

#: Files that still commit themselves. Issue 10: the declarations, registration and organizations
#: engineers convert their domains. Mail delivery (mail/delivery.py) commits its own short
#: transactions by design: it runs in the worker or after the response, in an app context and
#: session of its own, never in a request's unit of work.
COMMIT_ALLOWLIST = {
    "organizer/delegations/cli.py",
    "organizer/mail/delivery.py",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(module: str, path: Path):
    """(imported module, names imported from it, line) for every import of an organizer module, and
    the names bound to imported organizer modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("organizer"):
                    yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                target = ".".join(anchor + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("organizer"):
                yield target, [alias.name for alias in node.names], node.lineno


def _domain_pairs():
    modules = _modules()
    for module, path in sorted(modules.items()):
        if module.startswith("organizer.migrations.versions"):
            continue
        for target, names, line in _imports(module, path):
            # "from ..organizations import services" imports the module organizations.services
            resolved = [(f"{target}.{n}" if f"{target}.{n}" in modules else target, n) for n in names] or [(target, None)]
            for imported, name in resolved:
                yield module, path, imported, name, line


def test_no_layer_imports_a_higher_one():
    violations = set()
    for module, _path, imported, _name, _line in _domain_pairs():
        if LAYERS[_layer_of(imported)] > LAYERS[_layer_of(module)]:
            violations.add((module, imported))
    assert violations - LAYER_ALLOWLIST == set(), "a lower layer imports a higher one (see README, Layers)"
    assert LAYER_ALLOWLIST - violations == set(), "fixed: remove these from LAYER_ALLOWLIST"


def _private(name: str | None) -> bool:
    return bool(name) and name.startswith("_") and not name.startswith("__")


def _private_uses():
    modules = _modules()
    bound: dict[str, dict[str, str]] = {}
    for module, _path, imported, name, _line in _domain_pairs():
        if _layer_of(imported) == _layer_of(module):
            continue
        if name and imported.endswith("." + name):  # "from ..organizations import services": a module
            if _private(name):
                yield module, imported
            bound.setdefault(module, {})[name] = imported
        elif _private(name):
            yield module, f"{imported}.{name}"
    # module._private through a module of another domain ("services._check_draft(...)")
    for module, names in bound.items():
        tree = ast.parse(modules[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names
                    and _private(node.attr)):
                yield module, f"{names[node.value.id]}.{node.attr}"


def test_no_private_name_crosses_a_domain():
    violations = set(_private_uses())
    assert violations - PRIVATE_ALLOWLIST == set(), "a domain uses another's private name"
    assert PRIVATE_ALLOWLIST - violations == set(), "fixed: remove these from PRIVATE_ALLOWLIST"


COMMIT = re.compile(r"\bsession\.commit\(|\bdb\.session\.commit\b")


def test_only_the_platform_commits():
    committing = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(("organizer/platform/", "organizer/migrations/")):
            continue
        if COMMIT.search(path.read_text(encoding="utf-8")):
            committing.add(relative)
    assert committing - COMMIT_ALLOWLIST == set(), "commit through the unit of work (organizer/platform)"
    assert COMMIT_ALLOWLIST - committing == set(), "fixed: remove these from COMMIT_ALLOWLIST"
