"""Folding text for search: case and accents ignored ("México" matches "mexico")."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped.casefold()).strip()


def fold_all(parts: Iterable[object]) -> str:
    """One folded search string from texts and TranslatedTexts (every language)."""
    out: list[str] = []
    for part in parts:
        if part is None:
            continue
        if hasattr(part, "values") and not isinstance(part, str):
            out.extend(fold(v) for v in part.values())
        else:
            out.append(fold(str(part)))
    return " | ".join(p for p in out if p)


def search_terms(query: str | None, limit: int = 8) -> list[str]:
    """The folded words of a search ("Maestros  de México" -> ["maestros", "de", "mexico"])."""
    return [t for t in fold(query).replace("|", " ").split() if t][:limit]


def contains_all(column, terms: Iterable[str]) -> list:
    """SQL conditions: ``column`` (a folded search text) contains every term."""
    return [column.contains(term, autoescape=True) for term in terms]
