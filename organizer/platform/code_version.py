"""What rendered an answer, besides its content: the code, templates and catalogs, and the
settings that change what a page says. Both hashes are part of every key of the shared cache
(``http_cache``, ``edge``), so that a deployment or a restart with other settings never serves what
the previous one rendered, while hosts running the same code with the same settings share it all."""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from flask import Flask

#: the settings that change what a page or export says (links, languages, fonts, formats)
RENDER_SETTINGS = ("PUBLIC_BASE_URL", "LANGUAGES", "LOCALE_DATA", "CONTENT_FALLBACK", "WORKING_LANGUAGES",
                   "BABEL_DEFAULT_LOCALE", "DECLARATIONS_PDF_FONT", "CACHE_PAGE_MAX_AGE")


def settings_version(app: Flask) -> str:
    """A hash of ``RENDER_SETTINGS``: a host restarted with another font or base address never
    serves what the old settings rendered (paths such as the instance folder are left out, so
    hosts with the same settings share every entry)."""
    values = repr([(name, app.config.get(name)) for name in RENDER_SETTINGS])
    return hashlib.sha256(values.encode()).hexdigest()[:8]


def code_version(app: Flask) -> str:
    return _code_version(app.root_path)


@functools.lru_cache(maxsize=4)
def _code_version(root_path: str) -> str:
    """A hash of the code, templates and compiled catalogs that render the answers: part of every
    key, so that a deployment never serves what the previous code rendered (and hosts running the
    same code agree, whenever it was installed)."""
    digest = hashlib.sha256()
    roots = [Path(root_path), Path(root_path).parent / "translations"]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "static", "migrations"))
            for file in sorted(files):
                if file.endswith((".py", ".html", ".txt", ".xml", ".yaml", ".json", ".mo")):
                    path = Path(folder) / file
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
