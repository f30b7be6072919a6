from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..i18n.formatting import DAY, PartialDate
from ..i18n.registry import country_keywords
from ..i18n.text import fold_all
from ..i18n.translated import TranslatedText, TranslatedType
from ..organizations.models import ORIGIN_APP, Organization, Person

CONVENING_KINDS = ("binational", "trinational", "forum", "network_meeting", "delegation_visit")
# "announced": a source announces it and no source says whether or how it took place (issue 16).
STATUSES = ("draft", "published", "registration_open", "registration_closed", "announced", "past")
PUBLIC_STATUSES = ("published", "registration_open", "registration_closed", "announced", "past")
ANNOUNCED = "announced"
ORGANIZATION_ROLES = ("host", "co_host", "partner", "funder", "organizer", "participant", "delegation", "network")
PERSON_ROLES = ("speaker", "moderator", "delegate", "organizer", "quoted", "participant", "author")


def site_working_languages() -> list[str]:
    """The site's default working languages (``WORKING_LANGUAGES``, English and Spanish), kept to
    the configured content languages: what a new convening starts with."""
    from flask import current_app

    try:
        configured = list(current_app.config["LANGUAGES"])
        default = current_app.config.get("WORKING_LANGUAGES") or configured
    except RuntimeError:  # outside an app (a script building rows)
        return ["en", "es"]
    return [lang for lang in configured if lang in default] or configured[:1]


def working_languages_of(convening: "Convening | None") -> list[str]:
    """A convening's working languages in the site's order (the configured ``LANGUAGES``): the
    languages its registration asks first, its declarations must have reviewed, its agenda's
    interpretation is expected into and its public page offers first. A language no longer
    configured is dropped; none left (or no convening): the site's default."""
    if convening is None or not convening.working_languages:
        return site_working_languages()
    from flask import current_app

    try:
        configured = list(current_app.config["LANGUAGES"])
    except RuntimeError:
        configured = ["en", "es", "fr"]
    chosen = [lang for lang in configured if lang in convening.working_languages]
    return chosen or site_working_languages()


class Source(db.Model):
    """A document a record comes from (the seed files in shared/seeds, or any later source)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    file: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedType())
    author: Mapped[str | None] = mapped_column(String(300))
    date: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedType())

    @property
    def partial_date(self) -> PartialDate | None:
        return PartialDate.parse(self.date) if self.date else None


#: The kinds of record a citation can support (``Citation.record_kind``).
CITED_KINDS = ("organization", "person", "affiliation", "convening", "convening_organization", "convening_person",
               "goal", "session", "declaration", "clause")


class Citation(db.Model):
    """Where a seeded record stands in a source: the document and a short quotation (verbatim, in the
    source's language) or a locator ("p. 12"). ``record_kind`` and ``record_id`` name the record
    (one of ``CITED_KINDS``); citations are written by the seed loader only."""

    __tablename__ = "citations"
    __table_args__ = (Index("ix_citations_record", "record_kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    record_kind: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    quote: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")

    source: Mapped[Source] = relationship(lazy="joined")


class Convening(db.Model):
    __tablename__ = "convenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedType())
    subtitle: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    kind: Mapped[str] = mapped_column(String(32))
    countries: Mapped[list] = mapped_column(JSON, default=list)
    city: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    venue: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    country: Mapped[str | None] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # The languages the convening works in (codes of the configured LANGUAGES); see working_languages_of.
    working_languages: Mapped[list] = mapped_column(JSON, default=site_working_languages)
    # Dates with the precision the record has: day, month or year. Never an invented day.
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    start_precision: Mapped[str] = mapped_column(String(5), default=DAY)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str] = mapped_column(String(5), default=DAY)
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    goals: Mapped[list["ConveningGoal"]] = relationship(
        cascade="all, delete-orphan", order_by="ConveningGoal.position", lazy="raise_on_sql")
    organizations: Mapped[list["ConveningOrganization"]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql", back_populates="convening")
    people: Mapped[list["ConveningPerson"]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql", back_populates="convening")
    sources: Mapped[list[Source]] = relationship(secondary="convening_sources", lazy="raise_on_sql")

    @property
    def start(self) -> PartialDate | None:
        return PartialDate(self.start_date, self.start_precision) if self.start_date else None

    @start.setter
    def start(self, value: PartialDate | None) -> None:
        self.start_date = value.value if value else None
        self.start_precision = value.precision if value else DAY

    @property
    def end(self) -> PartialDate | None:
        return PartialDate(self.end_date, self.end_precision) if self.end_date else None

    @end.setter
    def end(self, value: PartialDate | None) -> None:
        self.end_date = value.value if value else None
        self.end_precision = value.precision if value else DAY

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def languages(self) -> list[str]:
        """The working languages, in the site's order (``working_languages_of``)."""
        return working_languages_of(self)

    def refresh_search_text(self) -> None:
        """Title, theme, city and venue in every language, the countries' names in every interface
        language, the kind's names and the year."""
        from .labels import KIND_KEYWORDS

        self.search_text = fold_all([
            self.title, self.subtitle, self.city, self.venue, self.slug,
            *(country_keywords(c) for c in dict.fromkeys([self.country, *(self.countries or [])]) if c),
            KIND_KEYWORDS.get(self.kind, ""), str(self.start_date.year) if self.start_date else ""])

    def __repr__(self) -> str:
        return f"<Convening {self.slug}>"


class ConveningGoal(db.Model):
    __tablename__ = "convening_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[TranslatedText] = mapped_column(TranslatedType())


class ConveningOrganization(db.Model):
    """An organization's part in a convening: host, co-host, partner, funder, participant..."""

    __tablename__ = "convening_organizations"
    __table_args__ = (UniqueConstraint("convening_id", "organization_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    note: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)

    convening: Mapped[Convening] = relationship(back_populates="organizations", lazy="raise_on_sql")
    organization: Mapped[Organization] = relationship(lazy="raise_on_sql")


class ConveningPerson(db.Model):
    """A person's part in a convening, and the organization they took part for."""

    __tablename__ = "convening_people"
    __table_args__ = (UniqueConstraint("convening_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(24))
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)

    convening: Mapped[Convening] = relationship(back_populates="people", lazy="raise_on_sql")
    person: Mapped[Person] = relationship(lazy="raise_on_sql")
    organization: Mapped[Organization | None] = relationship(lazy="raise_on_sql")


class ConveningSource(db.Model):
    __tablename__ = "convening_sources"

    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True)


class ConveningOrganizer(db.Model):
    """The role "organizer of this convening": scoped to one convening."""

    __tablename__ = "convening_organizers"

    convening_id: Mapped[int] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
