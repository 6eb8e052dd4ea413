"""Sessions that can end, tokens that expire, passwords that must change: a session version and a forced
password change on each user; one row per sign-in (user_session); a scope,
an expiry, who created and who revoked each API token. Existing tokens keep writing and expire 90 days on.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 02:30:00

"""
from datetime import datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

EXISTING_TOKEN_DAYS = 90


def upgrade():
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False))

    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('started_at', UtcDateTime(), nullable=False),
    sa.Column('last_seen_at', UtcDateTime(), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=10), server_default='write', nullable=False))
        batch_op.add_column(sa.Column('expires_at', UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('created_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('revoked_by', sa.String(length=80), nullable=True))
    # A token that never expires is what finding 5 of issue 9 closes: give the ones in use a deadline.
    token = sa.table('api_token', sa.column('expires_at', UtcDateTime()))
    expires_at = datetime.now(timezone.utc) + timedelta(days=EXISTING_TOKEN_DAYS)
    op.execute(token.update().where(token.c.expires_at.is_(None)).values(expires_at=expires_at))


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('revoked_by')
        batch_op.drop_column('created_by')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('scope')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('session_version')
