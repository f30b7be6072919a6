"""What every seed loader uses while reading one file: validated values, lookups of records loaded
earlier, and errors that name the file, the record and the field."""
from __future__ import annotations

import re
from collections import Counter
from typing import NoReturn

from ...extensions import db
from ...i18n.formatting import PartialDate
from ...i18n.registry import is_country
from ...i18n.translated import TranslatedText
from ...organizations.models import Organization, Person
from ...organizations.services import organization_by_slug, person_by_slug
from ...platform.records import assign  # noqa: F401 (re-exported for the loaders)
from ..models import Source

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = ("en", "es")
#: The language of the archive's sources: every other language of a seeded text is our translation.
SOURCES_LANGUAGE = "en"


class SeedError(Exception):
    def __init__(self, file: str, record: str | None, field: str | None, message: str):
        self.file, self.record, self.field, self.message = file, record, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f", record {self.record!r}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class SeedContext:
    """What a loader needs while reading one file: lookups, validated values, error reporting."""

    def __init__(self, file: str, stats: Counter | None = None):
        self.file = file
        self.record: str | None = None
        self.stats: Counter = stats if stats is not None else Counter()
        self._organizations: dict[str, Organization] = {}
        self._people: dict[str, Person] = {}
        self._sources: dict[str, Source] = {}

    def remember(self, record: Organization | Person | Source) -> None:
        """A record this run loaded, so later lookups by slug (or file) need no query."""
        if isinstance(record, Organization):
            self._organizations[record.slug] = record
        elif isinstance(record, Person):
            self._people[record.slug] = record
        else:
            self._sources[record.file] = record

    # errors -------------------------------------------------------------------------------------
    def error(self, field: str | None, message: str) -> NoReturn:
        raise SeedError(self.file, self.record, field, message)

    # lookups ------------------------------------------------------------------------------------
    def organization(self, slug, field: str = "organization") -> Organization:
        slug = self.string(slug, field)
        if slug not in self._organizations:
            found = organization_by_slug(slug)
            if found is None:
                self.error(field, f"unknown organization {slug!r} (not in organizations.yaml)")
            self._organizations[slug] = found
        return self._organizations[slug]

    def person(self, slug, field: str = "person") -> Person:
        slug = self.string(slug, field)
        if slug not in self._people:
            found = person_by_slug(slug)
            if found is None:
                self.error(field, f"unknown person {slug!r} (not in people.yaml)")
            self._people[slug] = found
        return self._people[slug]

    def source(self, file_name, field: str = "sources") -> Source:
        name = self.string(file_name, field)
        if name not in self._sources:
            found = db.session.scalar(db.select(Source).where(Source.file == name))
            if found is None:
                self.error(field, f"unknown source file {name!r} (not in sources.yaml)")
            self._sources[name] = found
        return self._sources[name]

    # values -------------------------------------------------------------------------------------
    def string(self, value, field: str, required: bool = True, max_length: int | None = None) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(field, "is required")
            return None
        if isinstance(value, (dict, list)):
            self.error(field, "must be a plain value, not a list or mapping")
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.error(field, f"is longer than {max_length} characters")
        return text

    def slug(self, value, field: str = "slug") -> str:
        text = self.string(value, field, max_length=120)
        if not SLUG.match(text):
            self.error(field, f"{text!r} is not a slug (lowercase ASCII letters, digits and hyphens)")
        return text

    def text(self, value, field: str, required: bool = True) -> TranslatedText | None:
        if value is None:
            if required:
                self.error(field, "is required (a mapping {en: ..., es: ...})")
            return None
        if not isinstance(value, dict):
            self.error(field, "must be a mapping {en: ..., es: ...}")
        for lang in LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.error(f"{field}.{lang}", "is missing: give the text in English and in Spanish")
        for lang in seed_languages()[len(LANGUAGES):]:
            if lang in value and (not isinstance(value[lang], str) or not value[lang].strip()):
                self.error(f"{field}.{lang}", "is empty: give the text or leave the language out")
        unknown = set(value) - set(seed_languages())
        if unknown:
            self.error(field, f"unknown language(s) {', '.join(sorted(map(str, unknown)))}")
        return archive_translation(value)

    def partial_date(self, value, field: str, required: bool = False) -> PartialDate | None:
        if value is None or value == "":
            if required:
                self.error(field, "is required (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError:
            self.error(field, f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")

    def choice(self, value, allowed, field: str) -> str:
        text = self.string(value, field)
        if text not in allowed:
            self.error(field, f"{text!r} is not one of: {', '.join(allowed)}")
        return text

    def country(self, value, field: str = "country", required: bool = True) -> str | None:
        text = self.string(value, field, required=required)
        if text is None:
            return None
        if not is_country(text):
            self.error(field, f"{text!r} is not a country code (ISO 3166 two capital letters, INT or ZZ)")
        return text

    def list(self, value, field: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(field, "must be a list")
        return value

    def mapping(self, value, field: str) -> dict:
        if not isinstance(value, dict):
            self.error(field, "must be a mapping")
        return value

    def sources(self, value, field: str = "sources") -> list[str]:
        names = []
        for i, name in enumerate(self.list(value, field)):
            names.append(self.source(name, f"{field}[{i}]").file)
        return names


def count(ctx: SeedContext, kind: str, created: bool, changed: bool) -> None:
    if created:
        ctx.stats[f"{kind} created"] += 1
    elif changed:
        ctx.stats[f"{kind} updated"] += 1


def seed_languages() -> tuple[str, ...]:
    """The languages a seed text may give: English and Spanish, always required, then any other
    language the site is configured with (French; issue 17), never required."""
    from flask import current_app

    return tuple(dict.fromkeys([*LANGUAGES, *current_app.config["LANGUAGES"]]))


def archive_translation(value) -> TranslatedText:
    """A seeded text with its provenance (issue 17, item 6): the sources are in English, so the
    Spanish and French are marked as Organizer's translations from English."""
    return TranslatedText(value).translated_by_organizer(SOURCES_LANGUAGE)
