"""The site search's index: one row per searchable record (convening, session, organization,
person, declaration), its texts per language, kept in step on every write (``search_index``).

Each database searches it with its own engine, built with the table:
- SQLite: an FTS5 table ``search_fts`` (rowid = the entry's id) holding the tokens made by
  ``archive.analysis`` (folded words stemmed per language);
- PostgreSQL: stored generated ``tsvector`` columns ``document_simple`` (names, keywords) and
  ``document_<en|es|fr>`` (each language's texts with ``organizer_<lang>``: ``unaccent`` then that
  language's stemmer), each with its GIN index. The configurations and the ``unaccent`` extension come with the table.
Neither is described by the model (Alembic's comparison skips them: ``database.alembic_include_object``).
"""
from __future__ import annotations

from sqlalchemy import Boolean, DDL, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..i18n.translated import TranslatedText, TranslatedType

KINDS = ("convening", "session", "organization", "person", "declaration")
LANGUAGES = ("en", "es", "fr")


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(Integer)
    # The convening the record belongs to: shown only while that convening is public.
    convening_id: Mapped[int | None] = mapped_column(ForeignKey("convenings.id", ondelete="CASCADE"), index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    slug: Mapped[str] = mapped_column(String(200), default="")
    parent_slug: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[TranslatedText] = mapped_column(TranslatedType())
    context: Mapped[TranslatedText | None] = mapped_column(TranslatedType())
    # "|folded name|folded acronym|...": an exact name or acronym ranks first.
    keys: Mapped[str] = mapped_column(Text, default="")
    names: Mapped[str] = mapped_column(Text, default="")  # people's names: in no language
    title_en: Mapped[str] = mapped_column(Text, default="")
    title_es: Mapped[str] = mapped_column(Text, default="")
    title_fr: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    body_es: Mapped[str] = mapped_column(Text, default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(Text, default="")  # countries, kinds, years: in every language

    def text(self, part: str, language: str) -> str:
        return getattr(self, f"{part}_{language}", "") or ""


# ---------------------------------------------------------------------------------------------- engines

#: FTS5 columns: names and keywords hold folded words, each language's columns that language's stems,
#: so a query word is stemmed for each language only against text in that language.
FTS_COLUMNS = ("names", "keywords", *(f"title_{lang}" for lang in LANGUAGES), *(f"body_{lang}" for lang in LANGUAGES))
SQLITE_CREATE = (f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({', '.join(FTS_COLUMNS)}, "
                 "tokenize = 'unicode61 remove_diacritics 2')")

PG_CONFIGS = {"organizer_simple": ("simple", "simple"), "organizer_en": ("english", "english_stem"),
              "organizer_es": ("spanish", "spanish_stem"), "organizer_fr": ("french", "french_stem")}
#: PostgreSQL: one generated tsvector per configuration (``document_simple``: names and keywords),
#: so each language's text is matched with that language's stems only.
PG_DOCUMENTS = ("simple", *LANGUAGES)


def pg_configurations_sql() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for name, (parser_copy, dictionary) in PG_CONFIGS.items():
        statements.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN "
            f"CREATE TEXT SEARCH CONFIGURATION public.{name} (COPY = pg_catalog.{parser_copy}); "
            f"ALTER TEXT SEARCH CONFIGURATION public.{name} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH public.unaccent, {dictionary}; END IF; END $$")
    return statements


def pg_document_expression(config: str) -> str:
    if config == "simple":
        return ("setweight(to_tsvector('public.organizer_simple'::regconfig, coalesce(names, '')), 'A') || "
                "setweight(to_tsvector('public.organizer_simple'::regconfig, coalesce(keywords, '')), 'D')")
    return (f"setweight(to_tsvector('public.organizer_{config}'::regconfig, coalesce(title_{config}, '')), 'A') || "
            f"setweight(to_tsvector('public.organizer_{config}'::regconfig, coalesce(body_{config}, '')), 'C')")


def pg_document_sql() -> list[str]:
    statements = []
    for config in PG_DOCUMENTS:
        statements.append(f"ALTER TABLE search_entries ADD COLUMN document_{config} tsvector "
                          f"GENERATED ALWAYS AS ({pg_document_expression(config)}) STORED")
        statements.append(f"CREATE INDEX ix_search_entries_document_{config} ON search_entries "
                          f"USING gin (document_{config})")
    return statements


for _statement in pg_configurations_sql():
    event.listen(SearchEntry.__table__, "before_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in pg_document_sql():
    event.listen(SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
event.listen(SearchEntry.__table__, "after_create", DDL(SQLITE_CREATE).execute_if(dialect="sqlite"))
event.listen(SearchEntry.__table__, "after_drop", DDL("DROP TABLE IF EXISTS search_fts").execute_if(dialect="sqlite"))
