"""old slugs: earlier addresses of convenings (and other kinds) that redirect

Revision ID: 5e1a9c0b7d21
Revises: 3c1f0b7e9d21
Create Date: 2026-11-29 00:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1a9c0b7d21'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('old_slugs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_old_slugs')),
    sa.UniqueConstraint('kind', 'slug', name=op.f('uq_old_slugs_kind_slug'))
    )
    with op.batch_alter_table('old_slugs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_old_slugs_target'), ['target'], unique=False)


def downgrade():
    with op.batch_alter_table('old_slugs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_old_slugs_target'))
    op.drop_table('old_slugs')
