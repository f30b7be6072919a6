"""registration: organizer contact, undoable withdrawals, check-in

Revision ID: b7c1d2e3f4a5
Revises: a0df26d19472
Create Date: 2026-11-28 22:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = 'a0df26d19472'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), nullable=True))
    with op.batch_alter_table('delegation_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_from', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('checked_in_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_delegation_members_checked_in_by_users'), 'users',
                                    ['checked_in_by'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('delegation_members', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_delegation_members_checked_in_by_users'), type_='foreignkey')
        batch_op.drop_column('checked_in_by')
        batch_op.drop_column('checked_in_at')
        batch_op.drop_column('withdrawn_from')
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_email')
