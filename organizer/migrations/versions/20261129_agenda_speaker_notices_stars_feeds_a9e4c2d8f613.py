"""agenda: speaker notices after a release, personal agenda stars and private calendar feeds

Revision ID: a9e4c2d8f613
Revises: c4f2a9e61b70
Create Date: 2026-11-29 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9e4c2d8f613'
down_revision = "c4f2a9e61b70"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_speaker_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('release_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('sessions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['release_id'], ['agenda_releases.id'], name=op.f('fk_agenda_speaker_notices_release_id_agenda_releases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_agenda_speaker_notices_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name=op.f('fk_agenda_speaker_notices_message_id_outbox_messages'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_speaker_notices'))
    )
    with op.batch_alter_table('agenda_speaker_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_speaker_notices_release_id'), ['release_id'], unique=False)

    op.create_table('agenda_stars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('convening_id', sa.Integer(), nullable=False),
    sa.Column('session_guid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agenda_stars_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['convening_id'], ['convenings.id'], name=op.f('fk_agenda_stars_convening_id_convenings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_stars')),
    sa.UniqueConstraint('user_id', 'convening_id', 'session_guid', name=op.f('uq_agenda_stars_user_id_convening_id_session_guid'))
    )
    with op.batch_alter_table('agenda_stars', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_stars_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_stars_convening_id'), ['convening_id'], unique=False)

    op.create_table('agenda_feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('convening_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_agenda_feed_tokens_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['convening_id'], ['convenings.id'], name=op.f('fk_agenda_feed_tokens_convening_id_convenings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_feed_tokens')),
    sa.UniqueConstraint('token', name=op.f('uq_agenda_feed_tokens_token')),
    sa.UniqueConstraint('user_id', 'convening_id', name=op.f('uq_agenda_feed_tokens_user_id_convening_id'))
    )
    with op.batch_alter_table('agenda_feed_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_feed_tokens_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_feed_tokens_convening_id'), ['convening_id'], unique=False)


def downgrade():
    with op.batch_alter_table('agenda_feed_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_feed_tokens_convening_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_feed_tokens_user_id'))
    op.drop_table('agenda_feed_tokens')
    with op.batch_alter_table('agenda_stars', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_stars_convening_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_stars_user_id'))
    op.drop_table('agenda_stars')
    with op.batch_alter_table('agenda_speaker_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_speaker_notices_release_id'))
    op.drop_table('agenda_speaker_notices')
