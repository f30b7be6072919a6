from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..i18n.registry import INTERNATIONAL, UNKNOWN_COUNTRY, country_keywords  # noqa: F401 (re-exported)
from ..i18n.text import fold, fold_all
from ..i18n.translated import TranslatedText, TranslatedType

# Country codes: ISO 3166-1 alpha-2, "INT" for international organizations, "ZZ" when not known
# (``i18n.registry``).

ORGANIZATION_KINDS = (
    "union", "federation", "labor_council", "worker_center", "ngo", "university", "foundation",
    "government", "network", "political_party", "company", "media", "other",
)
SECTORS = (
    "education", "energy", "telecommunications", "auto", "mining", "public_sector",
    "domestic_homecare", "gig_platform", "building_trades", "hospitality", "retail", "health",
    "agriculture", "manufacturing", "transport", "garment", "film_entertainment", "electrical",
    "steel", "general",
)

# Seeded records are owned by the seed files; records made in the app are never touched by seeding.
ORIGIN_SEED, ORIGIN_APP = "seed", "app"

organization_networks = Table(
    "organization_networks",
    db.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("network_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)


class OrganizationSector(db.Model):
    __tablename__ = "organization_sectors"

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    sector: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


#: The languages with a stored, indexed sort key (``sort_name_<code>``): the interface languages.
SORT_LANGUAGES = ("en", "es", "fr")


class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        Index("ix_organizations_country_kind", "country", "kind"),
        # The directory reads a page in name order from these, and counts its facets from the
        # covering indexes below without reading the (wide) rows.
        *(Index(f"ix_organizations_sort_name_{code}", "verified", f"sort_name_{code}", "slug") for code in SORT_LANGUAGES),
        Index("ix_organizations_facets", "verified", "country", "kind"),
        Index("ix_organizations_verified_kind", "verified", "kind"),
        Index("ix_organizations_id_facets", "id", "verified", "country", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[TranslatedText] = mapped_column(TranslatedType())
    acronym: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    country: Mapped[str] = mapped_column(String(3), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    # False for organizations proposed by a delegation lead until organizers verify them.
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # "|name en|name es|acronym en|acronym es|", folded: finds duplicates (same name or acronym).
    match_keys: Mapped[str] = mapped_column(Text, default="")
    # {"en": "authentic labor front", "es": "frente autentico del trabajo"}: alphabetical order in
    # each language, accents and case ignored, on every database.
    sort_names: Mapped[dict] = mapped_column(JSON, default=dict)
    # The directory's order in each interface language: the folded name in that language, else in
    # English, else Spanish, else any (what the reader sees). Stored and indexed, so a page of the
    # directory is read from the index instead of sorting every organization.
    sort_name_en: Mapped[str] = mapped_column(String(300), default="")
    sort_name_es: Mapped[str] = mapped_column(String(300), default="")
    sort_name_fr: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    parent: Mapped["Organization | None"] = relationship(remote_side=[id], lazy="raise_on_sql")
    sector_rows: Mapped[list[OrganizationSector]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=OrganizationSector.sector)
    networks: Mapped[list["Organization"]] = relationship(
        secondary=organization_networks,
        primaryjoin=lambda: Organization.id == organization_networks.c.organization_id,
        secondaryjoin=lambda: Organization.id == organization_networks.c.network_id,
        lazy="raise_on_sql",
    )

    @property
    def sectors(self) -> list[str]:
        return [row.sector for row in self.sector_rows]

    def set_sectors(self, sectors) -> None:
        wanted = list(dict.fromkeys(sectors or []))
        self.sector_rows = [row for row in self.sector_rows if row.sector in wanted] + [
            OrganizationSector(sector=s) for s in wanted if s not in self.sectors]

    def refresh_search_text(self) -> None:
        """Names and acronyms in every language, the country's names and bilingual keywords for
        the kind and the sectors ("teachers maestros docentes ...")."""
        from .labels import KIND_KEYWORDS, SECTOR_KEYWORDS, SECTOR_WORKER_KEYWORDS, WORKER_KINDS

        workers = self.kind in WORKER_KINDS
        self.search_text = fold_all([
            self.name, self.acronym, self.slug, country_keywords(self.country), KIND_KEYWORDS.get(self.kind, ""),
            *(SECTOR_KEYWORDS.get(s, "") for s in self.sectors),
            *(SECTOR_WORKER_KEYWORDS.get(s, "") for s in self.sectors if workers)])
        self.match_keys = match_keys(self.name, self.acronym)
        names = self.name or {}
        self.sort_names = {lang: fold(text) for lang, text in names.items()}
        for code in SORT_LANGUAGES:
            setattr(self, f"sort_name_{code}", sort_key(self.name, code))

    def __repr__(self) -> str:
        return f"<Organization {self.slug}>"


def sort_key(name, language: str) -> str:
    """The folded name the reader of ``language`` sees (in it, else English, else Spanish, else any),
    cut to the column's length."""
    if not name:
        return ""
    return fold(TranslatedText.coerce(name).resolve(language, order=("en", "es")).text)[:300]


def match_keys(name, acronym) -> str:
    """The folded names and acronyms of an organization, each between bars, for duplicate checks."""
    keys = [fold(v) for value in (name, acronym) if value for v in value.values()]
    keys = [k for k in dict.fromkeys(keys) if k]
    return "|" + "|".join(keys) + "|" if keys else ""


class Person(db.Model):
    """Someone named in the record. Contact data is never stored here."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(3))
    # Only people named in public sources get a public profile.
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    bio: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sources: Mapped[list] = mapped_column(JSON, default=list)
    origin: Mapped[str] = mapped_column(String(8), default=ORIGIN_APP)
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    affiliations: Mapped[list["Affiliation"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="raise_on_sql")

    def refresh_search_text(self) -> None:
        self.search_text = fold_all([self.name, self.slug])

    def __repr__(self) -> str:
        return f"<Person {self.slug}>"


class Affiliation(db.Model):
    """A person's title in an organization, at a time (``as_of``: YYYY, YYYY-MM or YYYY-MM-DD)."""

    __tablename__ = "affiliations"
    __table_args__ = (UniqueConstraint("person_id", "organization_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    title: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    as_of: Mapped[str | None] = mapped_column(String(10))
    sources: Mapped[list] = mapped_column(JSON, default=list)

    person: Mapped[Person] = relationship(back_populates="affiliations", lazy="raise_on_sql")
    organization: Mapped[Organization] = relationship(lazy="raise_on_sql")


@event.listens_for(Session, "before_flush")
def _keep_search_text_in_step(session, flush_context, instances) -> None:
    """Every organization, person and convening saved gets its folded search text (and duplicate
    keys) recomputed, whoever saves it: forms, the seeder, other domains."""
    for obj in list(session.new) + list(session.dirty):
        refresh = getattr(obj, "refresh_search_text", None)
        if refresh is not None and callable(refresh):
            refresh()
