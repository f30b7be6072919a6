"""users: the reader's time zone

Revision ID: 3c1f0b7e9d21
Revises: a0df26d19472
Create Date: 2026-11-28 22:50:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3c1f0b7e9d21'
down_revision = '5b1e7c3d9a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('timezone')
