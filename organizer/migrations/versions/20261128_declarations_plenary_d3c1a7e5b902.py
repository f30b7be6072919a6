"""declarations: two-person corrections, the language of proposals, positions given by
delegations and groups, votes, the live view

Revision ID: d3c1a7e5b902
Revises: a0df26d19472
Create Date: 2026-11-28 22:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'd3c1a7e5b902'
down_revision = '3c1f0b7e9d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('declaration_corrections', schema=None) as batch_op:
        # Corrections made before this revision took effect when made: they count as approved.
        batch_op.add_column(sa.Column('status', sa.String(length=12), nullable=False, server_default='approved'))
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('version', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key('fk_declaration_corrections_approved_by_id_users', 'users',
                                    ['approved_by_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('declaration_corrections', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
    with op.batch_alter_table('declaration_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_language', sa.String(length=8), nullable=True))
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('positions_deadline', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('groups_take_positions', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('vote_unit', sa.String(length=12), nullable=False,
                                      server_default='delegation'))
        batch_op.add_column(sa.Column('live_clause_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.alter_column('groups_take_positions', server_default=None)
        batch_op.alter_column('vote_unit', server_default=None)
    with op.batch_alter_table('declaration_positions', schema=None) as batch_op:
        batch_op.alter_column('delegation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_behalf', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('recorded_by_name', sa.String(length=200), nullable=True))
        batch_op.create_foreign_key('fk_declaration_positions_group_id_constituency_groups', 'constituency_groups',
                                    ['group_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint('uq_declaration_positions_declaration_id_group_id',
                                          ['declaration_id', 'group_id'])
    with op.batch_alter_table('declaration_positions', schema=None) as batch_op:
        # Positions recorded before this revision were typed by organizers: on the delegations' behalf.
        batch_op.alter_column('on_behalf', server_default=None)
    op.create_table('declaration_voices',
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'],
                            name=op.f('fk_declaration_voices_declaration_id_declarations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'],
                            name=op.f('fk_declaration_voices_delegation_id_delegations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_declaration_voices_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('declaration_id', 'delegation_id', name=op.f('pk_declaration_voices'))
    )
    with op.batch_alter_table('declaration_voices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_voices_user_id'), ['user_id'], unique=False)
    op.create_table('declaration_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=12), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('majority', sa.String(length=12), nullable=False),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('electorate', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('yes', sa.Integer(), nullable=False),
    sa.Column('no', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('quorum_met', sa.Boolean(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['declaration_id'], ['declarations.id'],
                            name=op.f('fk_declaration_votes_declaration_id_declarations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_declaration_votes_opened_by_id_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['declaration_proposals.id'],
                            name=op.f('fk_declaration_votes_proposal_id_declaration_proposals'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_votes'))
    )
    with op.batch_alter_table('declaration_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_votes_declaration_id'), ['declaration_id'], unique=False)
    op.create_table('declaration_ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('voter_key', sa.String(length=24), nullable=False),
    sa.Column('voter_name', sa.String(length=200), nullable=True),
    sa.Column('choice', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['vote_id'], ['declaration_votes.id'],
                            name=op.f('fk_declaration_ballots_vote_id_declaration_votes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_ballots')),
    sa.UniqueConstraint('vote_id', 'voter_key', name=op.f('uq_declaration_ballots_vote_id_voter_key'))
    )
    with op.batch_alter_table('declaration_ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_ballots_vote_id'), ['vote_id'], unique=False)


def downgrade():
    op.drop_table('declaration_ballots')
    op.drop_table('declaration_votes')
    op.drop_table('declaration_voices')
    op.execute("DELETE FROM declaration_positions WHERE delegation_id IS NULL")
    with op.batch_alter_table('declaration_positions', schema=None) as batch_op:
        batch_op.drop_constraint('uq_declaration_positions_declaration_id_group_id', type_='unique')
        batch_op.drop_constraint('fk_declaration_positions_group_id_constituency_groups', type_='foreignkey')
        batch_op.drop_column('recorded_by_name')
        batch_op.drop_column('on_behalf')
        batch_op.drop_column('group_id')
        batch_op.alter_column('delegation_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('declarations', schema=None) as batch_op:
        batch_op.drop_column('live_clause_id')
        batch_op.drop_column('vote_unit')
        batch_op.drop_column('groups_take_positions')
        batch_op.drop_column('positions_deadline')
    with op.batch_alter_table('declaration_proposals', schema=None) as batch_op:
        batch_op.drop_column('original_language')
    op.execute("DELETE FROM declaration_corrections WHERE status != 'approved'")
    with op.batch_alter_table('declaration_corrections', schema=None) as batch_op:
        batch_op.drop_constraint('fk_declaration_corrections_approved_by_id_users', type_='foreignkey')
        batch_op.alter_column('version', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('decided_at')
        batch_op.drop_column('approved_by_name')
        batch_op.drop_column('approved_by_id')
        batch_op.drop_column('status')
