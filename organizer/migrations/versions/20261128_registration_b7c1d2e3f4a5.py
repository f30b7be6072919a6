"""registration: organizer contact, undoable withdrawals, check-in, interpretation receivers, email texts

Revision ID: b7c1d2e3f4a5
Revises: a0df26d19472
Create Date: 2026-11-28 22:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = 'd3c1a7e5b902'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registration_email_texts',
    sa.Column('convening_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['convening_id'], ['convenings.id'], name=op.f('fk_registration_email_texts_convening_id_convenings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('convening_id', 'kind', 'language', name=op.f('pk_registration_email_texts'))
    )
    op.create_table('interpretation_receivers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('convening_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('handed_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['convening_id'], ['convenings.id'], name=op.f('fk_interpretation_receivers_convening_id_convenings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['delegation_members.id'], name=op.f('fk_interpretation_receivers_member_id_delegation_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interpretation_receivers')),
    sa.UniqueConstraint('convening_id', 'label', name=op.f('uq_interpretation_receivers_convening_id_label'))
    )
    with op.batch_alter_table('interpretation_receivers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interpretation_receivers_convening_id'), ['convening_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interpretation_receivers_member_id'), ['member_id'], unique=False)

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
    op.drop_table('registration_email_texts')
    with op.batch_alter_table('interpretation_receivers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interpretation_receivers_member_id'))
        batch_op.drop_index(batch_op.f('ix_interpretation_receivers_convening_id'))
    op.drop_table('interpretation_receivers')
    with op.batch_alter_table('delegation_members', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_delegation_members_checked_in_by_users'), type_='foreignkey')
        batch_op.drop_column('checked_in_by')
        batch_op.drop_column('checked_in_at')
        batch_op.drop_column('withdrawn_from')
    with op.batch_alter_table('registration_settings', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_email')
