"""agenda releases: stored summary (counts per day) for the convening page

Revision ID: a18c4e2f9b63
Revises: a9e4c2d8f613
Create Date: 2026-11-29 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a18c4e2f9b63'
down_revision = "a9e4c2d8f613"
branch_labels = None
depends_on = None


def upgrade():
    # Rows released before this revision keep NULL: the page reads their snapshot instead.
    with op.batch_alter_table('agenda_releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('agenda_releases', schema=None) as batch_op:
        batch_op.drop_column('summary')
