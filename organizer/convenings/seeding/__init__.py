"""Loading the archive from ``seeds/`` (format: ``seeds/README.md``; interface: SEED_HOOK.md).

Order: ``sources.yaml``, ``organizations.yaml``, ``people.yaml``, then each ``convenings/*.yaml``,
then ``citations.yaml`` (the source passage of each record, ``seeding/citations.py``).
Each file loads inside its own savepoint: an invalid file raises ``SeedError`` naming the file, the
record and the field, and nothing of that file stays. Records are matched by slug (or key), so a
second run changes nothing and an edited file updates its records. Records made in the app (origin
"app", which includes seeded records an organizer has since edited) are never overwritten or deleted.

After a convening's own data, the ``platform.signals.convening_seeded`` signal calls every receiver
as ``fn(ctx, convening=convening, data=data)`` (agenda sessions, declarations...).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from ...extensions import db
from ...organizations.models import INTERNATIONAL
from .citations import load_citations
from .context import SeedContext, SeedError, assign, seed_languages
from .convenings import load_convening, load_sources
from .directory import load_organizations, load_people


def seeds_dir() -> Path:
    configured = current_app.config.get("SEEDS_DIR")
    if configured:
        return Path(configured)
    return Path(current_app.root_path).parent / "seeds"


def read_yaml(path: Path, ctx: SeedContext) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.safe_load(f)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        ctx.error(None, f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}")
    except OSError as exc:
        ctx.error(None, f"cannot be read: {exc}")


def _load_file(path: Path, name: str, loader, stats: Counter) -> None:
    ctx = SeedContext(name, stats)
    savepoint = db.session.begin_nested()
    try:
        data = read_yaml(path, ctx)
        if data is None:
            ctx.error(None, "is empty")
        loader(data, ctx)
        db.session.flush()
    except SeedError:
        savepoint.rollback()
        raise
    except Exception as exc:  # a database constraint, a bug in a hook: still name the file
        savepoint.rollback()
        raise SeedError(name, ctx.record, None, f"could not be loaded: {exc}") from exc
    savepoint.commit()


def seed(directory: Path | str | None = None) -> Counter:
    """Load every seed file (flushes, never commits). Raises SeedError at the first invalid file;
    the files before it stay loaded in the session."""
    base = Path(directory) if directory else seeds_dir()
    if not base.is_dir():
        raise SeedError(str(base), None, None, "the seeds directory does not exist")
    stats: Counter = Counter()
    for name, loader in (("sources.yaml", load_sources), ("organizations.yaml", load_organizations),
                         ("people.yaml", load_people)):
        path = base / name
        if path.exists():
            _load_file(path, name, loader, stats)
    convenings = sorted((base / "convenings").glob("*.yaml")) if (base / "convenings").is_dir() else []
    for path in convenings:
        _load_file(path, f"convenings/{path.name}", load_convening, stats)
    if (base / "citations.yaml").exists():  # last: it names records of every other file
        _load_file(base / "citations.yaml", "citations.yaml", load_citations, stats)
    stats["files read"] = sum(1 for n in ("sources.yaml", "organizations.yaml", "people.yaml", "citations.yaml")
                              if (base / n).exists()) + len(convenings)
    return stats


__all__ = ["SeedContext", "SeedError", "seed", "seeds_dir", "assign", "INTERNATIONAL", "load_convening",
           "load_citations", "load_organizations", "load_people", "load_sources", "seed_languages"]
