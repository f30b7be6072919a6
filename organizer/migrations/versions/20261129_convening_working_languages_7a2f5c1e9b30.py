"""convening working languages: each convening chooses the languages it works in (issue 17, item 3)

Revision ID: 7a2f5c1e9b30
Revises: a18c4e2f9b63
Create Date: 2026-11-29 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a2f5c1e9b30'
down_revision = "a18c4e2f9b63"
branch_labels = None
depends_on = None


def upgrade():
    # Existing convenings keep what the site asked of them until now: English and Spanish.
    with op.batch_alter_table('convenings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('working_languages', sa.JSON(), nullable=False,
                                      server_default='["en", "es"]'))


def downgrade():
    with op.batch_alter_table('convenings', schema=None) as batch_op:
        batch_op.drop_column('working_languages')
