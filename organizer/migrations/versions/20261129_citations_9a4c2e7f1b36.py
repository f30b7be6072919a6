"""citations: the source passage (document and quotation or locator) each seeded record rests on

Revision ID: 9a4c2e7f1b36
Revises: a3e7c5d1f208
Create Date: 2026-11-29 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a4c2e7f1b36'
down_revision = "a3e7c5d1f208"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('citations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=24), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('locator', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_citations_source_id_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations'))
    )
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.create_index('ix_citations_record', ['record_kind', 'record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_citations_source_id'), ['source_id'], unique=False)


def downgrade():
    with op.batch_alter_table('citations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citations_source_id'))
        batch_op.drop_index('ix_citations_record')
    op.drop_table('citations')
