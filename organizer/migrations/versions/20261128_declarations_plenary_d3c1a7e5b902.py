"""declarations: two-person corrections, the language of proposals

Revision ID: d3c1a7e5b902
Revises: a0df26d19472
Create Date: 2026-11-28 22:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'd3c1a7e5b902'
down_revision = 'a0df26d19472'
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


def downgrade():
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
