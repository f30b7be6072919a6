"""The one way to make a slug: lowercase ASCII letters, digits and single hyphens
("Sindicato Mexicano de Electricistas" -> "sindicato-mexicano-de-electricistas";
"Défense" -> "defense"). Accents are dropped, other characters become hyphens."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import or_

from ..extensions import db

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str | None, max_length: int = 80, fallback: str = "item") -> str:
    """A slug of ``text`` of at most ``max_length`` characters (``fallback`` when nothing is left)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    return slug[:max_length].strip("-") or fallback


def unique_slug(column, base: str, *, scope=(), exclude=None, max_length: int = 80, fallback: str = "item") -> str:
    """``slugify(base)``, or with "-2", "-3"... appended, so that no row has it yet in ``column``
    (e.g. ``Organization.slug``). ``scope`` adds conditions (the rows of one convening);
    ``exclude`` is a condition for the row being renamed (``Organization.id != 5``). One query."""
    base = slugify(base, max_length=max_length, fallback=fallback)
    conditions = [or_(column == base, column.like(f"{base}-%")), *scope]
    if exclude is not None:
        conditions.append(exclude)
    taken = set(db.session.scalars(db.select(column).where(*conditions)))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
