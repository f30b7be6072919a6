"""declarations: sign-on open or closed (archive declarations closed, issue 16 item 5) and the
closed vote an adoption by vote reads its counts from (issue 14, item 9)

Revision ID: 8b3e6d2f0c41
Revises: 7a2f5c1e9b30
Create Date: 2026-11-29 02:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b3e6d2f0c41'
down_revision = '7a2f5c1e9b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adopted_vote_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signon_open', sa.Boolean(), nullable=False, server_default=sa.true()))
    # The archive's declarations: closed to new signatures until an organizer opens them.
    op.execute("UPDATE declarations SET signon_open = false WHERE origin = 'seed'")


def downgrade():
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('signon_open')
        batch_op.drop_column('adopted_vote_id')
