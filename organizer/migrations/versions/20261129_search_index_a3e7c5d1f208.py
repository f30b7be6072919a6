"""search index: the site search's entries, SQLite FTS5 table or PostgreSQL unaccent, per-language
text search configurations and generated tsvectors with GIN indexes

After upgrading, fill it with ``flask organizer search-index`` (it then follows every change).

Revision ID: a3e7c5d1f208
Revises: 8d4f2a6c1e90
Create Date: 2026-11-29 02:50:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'a3e7c5d1f208'
down_revision = '8d4f2a6c1e90'
branch_labels = None
depends_on = None

LANGUAGES = ("en", "es", "fr")
FTS_COLUMNS = ("names", "keywords", *(f"title_{lang}" for lang in LANGUAGES), *(f"body_{lang}" for lang in LANGUAGES))
PG_CONFIGS = {"organizer_simple": ("simple", "simple"), "organizer_en": ("english", "english_stem"),
              "organizer_es": ("spanish", "spanish_stem"), "organizer_fr": ("french", "french_stem")}


def _translated():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _pg_document(config):
    if config == "simple":
        return ("setweight(to_tsvector('public.organizer_simple'::regconfig, coalesce(names, '')), 'A') || "
                "setweight(to_tsvector('public.organizer_simple'::regconfig, coalesce(keywords, '')), 'D')")
    return (f"setweight(to_tsvector('public.organizer_{config}'::regconfig, coalesce(title_{config}, '')), 'A') || "
            f"setweight(to_tsvector('public.organizer_{config}'::regconfig, coalesce(body_{config}, '')), 'C')")


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for name, (parser_copy, dictionary) in PG_CONFIGS.items():
            op.execute(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN "
                f"CREATE TEXT SEARCH CONFIGURATION public.{name} (COPY = pg_catalog.{parser_copy}); "
                f"ALTER TEXT SEARCH CONFIGURATION public.{name} ALTER MAPPING FOR hword, hword_part, word "
                f"WITH public.unaccent, {dictionary}; END IF; END $$")
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('convening_id', sa.Integer(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('parent_slug', sa.String(length=200), nullable=True),
    sa.Column('title', _translated(), nullable=False),
    sa.Column('context', _translated(), nullable=True),
    sa.Column('keys', sa.Text(), nullable=False),
    sa.Column('names', sa.Text(), nullable=False),
    *(sa.Column(f'{part}_{lang}', sa.Text(), nullable=False) for part in ('title', 'body') for lang in LANGUAGES),
    sa.Column('keywords', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['convening_id'], ['convenings.id'], name=op.f('fk_search_entries_convening_id_convenings'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'ref_id', name=op.f('uq_search_entries_kind_ref_id'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_convening_id'), ['convening_id'], unique=False)
    if postgres:
        for config in ("simple", *LANGUAGES):
            op.execute(f"ALTER TABLE search_entries ADD COLUMN document_{config} tsvector "
                       f"GENERATED ALWAYS AS ({_pg_document(config)}) STORED")
            op.execute(f"CREATE INDEX ix_search_entries_document_{config} ON search_entries USING gin (document_{config})")
    else:
        op.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({', '.join(FTS_COLUMNS)}, "
                   "tokenize = 'unicode61 remove_diacritics 2')")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_convening_id'))
    op.drop_table('search_entries')
