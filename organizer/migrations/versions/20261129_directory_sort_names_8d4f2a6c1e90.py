"""directory sort names: one stored, indexed sort key per interface language on organizations, and
covering indexes for the directory's facet counts

Revision ID: 8d4f2a6c1e90
Revises: 5e1a9c0b7d21
Create Date: 2026-11-29 02:00:00

"""
import json
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8d4f2a6c1e90'
down_revision = '5e1a9c0b7d21'
branch_labels = None
depends_on = None

LANGUAGES = ("en", "es", "fr")


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def sort_key(name, language):
    """As ``organizations.models.sort_key`` computed it when this migration was written."""
    for code in (language, "en", "es", *sorted(name)):
        if (name.get(code) or "").strip():
            return _fold(name[code])[:300]
    return ""


def upgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        for code in LANGUAGES:
            batch_op.add_column(sa.Column(f'sort_name_{code}', sa.String(length=300), nullable=False,
                                          server_default=''))
    # Fill the keys the way the model computes them (folded name in the language, else en, else es).
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM organizations")).all()
    for row_id, name in rows:
        if isinstance(name, str):
            name = json.loads(name)
        values = {f"k_{code}": sort_key(name or {}, code) for code in LANGUAGES}
        conn.execute(sa.text("UPDATE organizations SET sort_name_en = :k_en, sort_name_es = :k_es, "
                             "sort_name_fr = :k_fr WHERE id = :id"), {**values, "id": row_id})
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        for code in LANGUAGES:
            batch_op.alter_column(f'sort_name_{code}', server_default=None)
            batch_op.create_index(f'ix_organizations_sort_name_{code}', ['verified', f'sort_name_{code}', 'slug'],
                                  unique=False)
        batch_op.create_index('ix_organizations_facets', ['verified', 'country', 'kind'], unique=False)
        batch_op.create_index('ix_organizations_verified_kind', ['verified', 'kind'], unique=False)
        batch_op.create_index('ix_organizations_id_facets', ['id', 'verified', 'country', 'kind'], unique=False)


def downgrade():
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        for name in ('ix_organizations_facets', 'ix_organizations_verified_kind', 'ix_organizations_id_facets'):
            batch_op.drop_index(name)
        for code in LANGUAGES:
            batch_op.drop_index(f'ix_organizations_sort_name_{code}')
            batch_op.drop_column(f'sort_name_{code}')
