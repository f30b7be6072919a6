"""Per-language content: one value type, one column type, one fallback rule.

A ``TranslatedText`` maps language codes to text (``{"en": "...", "es": "..."}``). It is stored as a
JSON object, so adding a language (French, say) needs no schema change. Reading it for a language
that has no text falls back to another language and says so, so the page can mark it as not yet
translated.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

DEFAULT_ORDER = ("en", "es", "fr")


@dataclass(frozen=True)
class Resolved:
    text: str
    language: str | None  # the language the text is in; None when there is no text at all
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language is not None and self.language != self.requested

    def __str__(self) -> str:
        return self.text


class TranslatedText(Mapping[str, str]):
    """Immutable mapping language -> text. Empty and blank texts are dropped."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str | None] | None = None, /, **texts: str | None):
        merged: dict[str, str] = {}
        for source in (data or {}), texts:
            for lang, text in source.items():
                if text is None:
                    continue
                if not isinstance(text, str):
                    raise TypeError(f"text for {lang!r} must be a string")
                text = text.strip()
                if text:
                    merged[str(lang)] = text
        self._data = merged

    @classmethod
    def coerce(cls, value) -> "TranslatedText":
        if value is None:
            return cls()
        if isinstance(value, TranslatedText):
            return value
        if isinstance(value, Mapping):
            return cls(value)
        raise TypeError(f"cannot make TranslatedText from {type(value).__name__}")

    # Mapping protocol
    def __getitem__(self, lang: str) -> str:
        return self._data[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __bool__(self) -> bool:
        return bool(self._data)

    def __eq__(self, other) -> bool:
        if isinstance(other, TranslatedText):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == TranslatedText(other)._data
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._data.items())))

    def __repr__(self) -> str:
        return f"TranslatedText({self._data!r})"

    def to_dict(self) -> dict[str, str]:
        return dict(self._data)

    def replace(self, **texts: str | None) -> "TranslatedText":
        data = dict(self._data)
        for lang, text in texts.items():
            data[lang] = text  # type: ignore[assignment]
        return TranslatedText({k: v for k, v in data.items() if v})

    def missing(self, languages) -> list[str]:
        return [lang for lang in languages if lang not in self._data]

    def resolve(self, language: str, order=None) -> Resolved:
        """The text in ``language``; else in its base language (es-MX -> es); else in the first
        language of ``order`` (default: the site's ``CONTENT_FALLBACK``, so a French reader gets
        French, then English, then Spanish) that has text; else in any language. Empty when there
        is none."""
        if order is None:
            order = _fallback_order()
        candidates = [language]
        base = language.replace("_", "-").split("-")[0]
        if base != language:
            candidates.append(base)
        candidates.extend(order)
        candidates.extend(sorted(self._data))
        for lang in candidates:
            text = self._data.get(lang)
            if text:
                return Resolved(text, lang, base)
        return Resolved("", None, base)

    def __str__(self) -> str:
        return self.resolve(_current_language()).text

    def __html__(self) -> str:
        # Jinja's autoescape uses __html__ when present: escape the text.
        from markupsafe import escape

        return str(escape(str(self)))


def _fallback_order() -> tuple[str, ...]:
    try:
        from flask import current_app

        return tuple(current_app.config.get("CONTENT_FALLBACK") or DEFAULT_ORDER)
    except RuntimeError:  # outside an app context
        return DEFAULT_ORDER


def _current_language() -> str:
    try:
        from flask_babel import get_locale

        locale = get_locale()
        return str(locale.language) if locale else DEFAULT_ORDER[0]
    except Exception:  # outside a request or app context
        return DEFAULT_ORDER[0]


class TranslatedType(TypeDecorator):
    """Column type holding a TranslatedText as JSON (JSONB on PostgreSQL)."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return TranslatedText.coerce(value).to_dict()

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return TranslatedText(value)

    def coerce_compared_value(self, op, value):
        return JSON()
