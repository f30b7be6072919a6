"""Sorting by name the way the reader's language does: "Bélgica" before "Bután", "Ñandú" after
"Nuevo León" in Spanish, "Éire" with the E's in English.

Python's ``sorted`` compares code points, so every accented capital ends up after "Z". The Unicode
Collation Algorithm (``pyuca``, the DUCET table) orders letters with their accents as a reader expects;
on top of it, a locale may tailor a few letters (Spanish: ñ is a letter of its own, after n).

One helper for the whole app: ``collation_key(text, locale)`` gives a sort key, ``sort_by_name`` sorts
rows by a name. Lists sorted in SQL by a name should instead be loaded (they are bounded) and sorted
with these, or sorted in SQL by a stored key built from ``collation_key``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

#: Per-language tailoring of the root collation: letters replaced before computing the key. "ñ" becomes
#: "n" followed by a character that sorts after every letter, so "ña" comes after "nz" and before "o".
_AFTER_ALL_LETTERS = "\U000FFFFD"
TAILORING: dict[str, tuple[tuple[str, str], ...]] = {
    "es": (("ñ", "n" + _AFTER_ALL_LETTERS), ("Ñ", "N" + _AFTER_ALL_LETTERS)),
}
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _collator():
    import pyuca

    return pyuca.Collator()


def _language(locale) -> str:
    if locale is None:
        try:
            from .locale import current_language

            return current_language()
        except Exception:  # outside a request
            return "en"
    return str(locale).replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=8192)
def _key(text: str, language: str) -> tuple:
    folded = _SPACES.sub(" ", text).strip()
    for old, new in TAILORING.get(language, ()):
        folded = folded.replace(old, new)
    return (tuple(_collator().sort_key(folded)), text)


def collation_key(text, locale=None) -> tuple:
    """A sort key for ``text`` in ``locale`` (a code like "es" or "es_MX", a Babel Locale, or None for
    the interface language). Ties between equal keys fall back to the text itself, so sorting is stable
    across runs. ``None`` and empty text sort first."""
    return _key(str(text or ""), _language(locale))


def sort_by_name(items: Iterable[T], name: Callable[[T], object] = str, locale=None) -> list[T]:
    """``items`` sorted by ``name(item)`` (a str, or a TranslatedText read in the interface language)."""
    language = _language(locale)
    return sorted(items, key=lambda item: _key(str(name(item) or ""), language))
