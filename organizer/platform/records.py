"""Small helpers for code that writes rows from outside a form (the archive's seed loaders)."""
from __future__ import annotations

from ..i18n.translated import TranslatedText


def assign(obj, **values) -> bool:
    """Set the attributes that differ; True when something changed (so a re-run changes nothing).
    TranslatedText values compare by their texts."""
    changed = False
    for name, value in values.items():
        current = getattr(obj, name)
        if isinstance(value, TranslatedText) or isinstance(current, TranslatedText):
            same = (TranslatedText.coerce(current) if current is not None else None) == value
        else:
            same = current == value
        if not same:
            setattr(obj, name, value)
            changed = True
    return changed
