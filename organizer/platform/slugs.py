"""The one way to make a slug: lowercase ASCII letters, digits and single hyphens
("Sindicato Mexicano de Electricistas" -> "sindicato-mexicano-de-electricistas";
"Défense" -> "defense"). Accents are dropped, other characters become hyphens. A slug that must be
shortened is cut between words, never inside one.

Addresses are chosen once: renaming a record keeps its slug; an organizer may change it, and
``remember_old_slug`` keeps the old one so that old links redirect (see ``old_slug_redirect``)."""
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
    if len(slug) > max_length:
        cut = slug[:max_length + 1]  # the character after the limit says whether a word was cut
        slug = cut[:cut.rindex("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-") or fallback


def is_slug(text: str | None, max_length: int = 80) -> bool:
    """Whether ``text`` is already a slug an organizer may choose."""
    return bool(text) and len(text) <= max_length and slugify(text, max_length) == text


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


# ---------------------------------------------------------------------------------------------- old slugs

# The blueprints whose ``slug`` URL argument names a record of each kind.
SLUG_KINDS = {"convenings": "convening", "agenda": "convening", "delegations": "convening",
              "declarations": "declaration", "organizations": "organization", "people": "person"}


def remember_old_slug(kind: str, old: str, new: str) -> None:
    """``old`` now leads to ``new``: earlier records of ``old`` and records leading to ``old``
    follow; a record for ``new`` (the address chosen again) is dropped, so there is never a loop."""
    from .old_slugs import OldSlug

    if old == new:
        return
    db.session.execute(db.delete(OldSlug).where(OldSlug.kind == kind, OldSlug.slug.in_([old, new])))
    db.session.execute(db.update(OldSlug).where(OldSlug.kind == kind, OldSlug.target == old).values(target=new))
    db.session.add(OldSlug(kind=kind, slug=old, target=new))
    db.session.flush()


def is_old_slug(kind: str, slug: str) -> bool:
    from .old_slugs import OldSlug

    return db.session.scalar(db.select(OldSlug.id).where(OldSlug.kind == kind, OldSlug.slug == slug)) is not None


def old_slug_redirect():
    """For a 404 on a page addressed by an old slug: a permanent redirect to the same page under
    the current slug (query string kept), else None. One query, on 404s only."""
    from flask import redirect, request, url_for

    from .old_slugs import OldSlug

    view_args = dict(request.view_args or {})
    slug = view_args.get("slug")
    kind = SLUG_KINDS.get(request.blueprint or "")
    if not slug or not kind or request.method not in ("GET", "HEAD"):
        return None
    if "\x00" in slug or len(slug) > 200:  # no slug holds these (PostgreSQL refuses NUL in text)
        return None
    target = db.session.scalar(db.select(OldSlug.target).where(OldSlug.kind == kind, OldSlug.slug == slug))
    if not target:
        return None
    view_args["slug"] = target
    url = url_for(request.endpoint, **view_args)
    if request.query_string:
        url += "?" + request.query_string.decode("latin-1")
    return redirect(url, 301)
