"""Per-language content: one value type, one column type, one fallback rule.

A ``TranslatedText`` maps language codes to text (``{"en": "...", "es": "..."}``). It is stored as a
JSON object, so adding a language (French, say) needs no schema change. Reading it for a language
that has no text falls back to another language and says so, so the page can mark it as not yet
translated.

**Provenance** (issue 17, item 6): each language version can say whether it is the original wording
or a translation, from which language, who translated it and when (``Provenance``). It is stored in
the same JSON object under the reserved key ``"_provenance"`` (``{"en": "...", "fr": "...",
"_provenance": {"fr": {"from": "en", "organizer": true}}}``), so it needs no schema change either.
The mapping protocol, ``to_dict()`` and exports see the texts only; ``stored()`` is the column's
JSON. A language without an entry has unknown provenance (text written before provenance existed).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import JSON
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

DEFAULT_ORDER = ("en", "es", "fr")
#: The reserved key of the stored JSON object holding each language's provenance.
PROVENANCE_KEY = "_provenance"


@dataclass(frozen=True)
class Provenance:
    """Where one language version of a value comes from."""

    source: str | None = None  # the language it was translated from; None: the original wording
    by: str | None = None       # the person who wrote or translated it, by name
    on: str | None = None       # when (ISO date, YYYY-MM-DD)
    organizer: bool = False     # translated by Organizer itself (the archive's seeded records)

    @property
    def is_translation(self) -> bool:
        return self.source is not None

    @classmethod
    def original(cls, by: str | None = None, on: date | str | None = None) -> "Provenance":
        return cls(None, by, _iso(on))

    @classmethod
    def translation(cls, source: str, by: str | None = None, on: date | str | None = None,
                    organizer: bool = False) -> "Provenance":
        return cls(source, by, _iso(on), organizer)

    def to_dict(self) -> dict:
        out: dict = {"from": self.source} if self.source else {"original": True}
        if self.by:
            out["by"] = self.by
        if self.on:
            out["on"] = self.on
        if self.organizer:
            out["organizer"] = True
        return out

    @classmethod
    def from_dict(cls, data) -> "Provenance | None":
        """Tolerant of anything stored: a malformed entry is unknown provenance (None)."""
        if not isinstance(data, Mapping):
            return None
        source = data.get("from")
        source = source if isinstance(source, str) and 0 < len(source) <= 16 else None
        by = data.get("by") if isinstance(data.get("by"), str) else None
        on = data.get("on") if isinstance(data.get("on"), str) else None
        if source is None and not data.get("original"):
            return None
        return cls(source, (by or None) and by[:200], (on or None) and on[:10],
                   bool(data.get("organizer")) and source is not None)


def _iso(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


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

    __slots__ = ("_data", "_provenance")

    def __init__(self, data: Mapping[str, str | None] | None = None, /, *,
                 provenance: Mapping[str, Provenance | Mapping] | None = None, **texts: str | None):
        merged: dict[str, str] = {}
        marks: dict = {}
        if isinstance(data, TranslatedText):
            marks.update(data._provenance)
        for source in (data or {}), texts:
            for lang, text in source.items():
                if lang == PROVENANCE_KEY:
                    if isinstance(text, Mapping):
                        marks.update(text)
                    continue
                if text is None:
                    continue
                if not isinstance(text, str):
                    raise TypeError(f"text for {lang!r} must be a string")
                text = text.strip()
                if text:
                    merged[str(lang)] = text
        marks.update(provenance or {})
        self._data = merged
        self._provenance: dict[str, Provenance] = {}
        for lang, mark in marks.items():
            mark = mark if isinstance(mark, Provenance) else Provenance.from_dict(mark)
            if mark is not None and lang in merged and mark.source != lang:
                self._provenance[lang] = mark

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
        """Two values are equal when their texts and provenance are; a plain mapping of texts says
        nothing about provenance, so it is compared with the texts only."""
        if isinstance(other, TranslatedText):
            return self._data == other._data and self._provenance == other._provenance
        if isinstance(other, Mapping):
            if PROVENANCE_KEY in other:
                return self == TranslatedText(other)
            return self._data == TranslatedText(other)._data
        return NotImplemented

    def __hash__(self) -> int:
        return hash((tuple(sorted(self._data.items())), tuple(sorted(self._provenance.items()))))

    def __repr__(self) -> str:
        if self._provenance:
            return f"TranslatedText({self._data!r}, provenance={self._provenance!r})"
        return f"TranslatedText({self._data!r})"

    def to_dict(self) -> dict[str, str]:
        """The texts only (exports, snapshots, JSON)."""
        return dict(self._data)

    def stored(self) -> dict:
        """The column's JSON: the texts, and the provenance under its reserved key."""
        out: dict = dict(self._data)
        if self._provenance:
            out[PROVENANCE_KEY] = {lang: mark.to_dict() for lang, mark in sorted(self._provenance.items())}
        return out

    def replace(self, **texts: str | None) -> "TranslatedText":
        """New texts for some languages; their provenance becomes unknown, the others' is kept."""
        data = dict(self._data)
        for lang, text in texts.items():
            data[lang] = text  # type: ignore[assignment]
        kept = {lang: mark for lang, mark in self._provenance.items() if lang not in texts}
        return TranslatedText({k: v for k, v in data.items() if v}, provenance=kept)

    # provenance
    def provenance(self, lang: str) -> Provenance | None:
        """How the text in ``lang`` came to be; None when nobody recorded it."""
        return self._provenance.get(lang)

    def with_provenance(self, **marks: Provenance | None) -> "TranslatedText":
        """The same texts with the provenance of some languages set (None: unknown)."""
        kept = {lang: mark for lang, mark in {**self._provenance, **marks}.items() if mark is not None}
        return TranslatedText(self._data, provenance=kept)

    def merged(self, other: "TranslatedText") -> "TranslatedText":
        """This value with ``other``'s languages laid over it, each with its own provenance (a
        proposal accepted into a clause: the languages it left empty keep the clause's text)."""
        other = TranslatedText.coerce(other)
        marks = {lang: mark for lang, mark in self._provenance.items() if lang not in other}
        marks.update(other._provenance)
        return TranslatedText({**self._data, **other._data}, provenance=marks)

    def translated_by_organizer(self, original: str = "en") -> "TranslatedText":
        """Every language but ``original`` marked as Organizer's translation from it, ``original``
        as the original wording (the archive: its sources are in English)."""
        marks = {lang: Provenance.translation(original, organizer=True) if lang != original else Provenance.original()
                 for lang in self._data}
        return TranslatedText(self._data, provenance=marks)

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
        return TranslatedText.coerce(value).stored()

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return TranslatedText(value)

    def coerce_compared_value(self, op, value):
        return JSON()
