"""The outgoing-mail settings admins keep on a page (one row; the environment still wins), and what a mailbox needs
to refresh its OAuth2 access token (client, token endpoint, refresh token sealed at rest, when the token expires).

Revision ID: 0037
Revises: 0035
Create Date: 2026-12-06 14:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0037'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_out_settings',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('smtp_host', sa.String(length=255), nullable=True),
        sa.Column('smtp_port', sa.Integer(), nullable=True),
        sa.Column('smtp_security', sa.String(length=10), nullable=False),
        sa.Column('smtp_user', sa.String(length=255), nullable=True),
        sa.Column('smtp_password', sa.Text(), nullable=True),
        sa.Column('from_address', sa.String(length=254), nullable=True),
        sa.Column('from_name', sa.String(length=120), nullable=True),
        sa.Column('mail_domain', sa.String(length=255), nullable=True),
        sa.Column('base_url', sa.String(length=500), nullable=True),
        sa.Column('cap_per_address_per_hour', sa.Integer(), nullable=True),
        sa.Column('cap_per_ticket_per_hour', sa.Integer(), nullable=True),
        sa.Column('updated_at', UtcDateTime(), nullable=True),
        sa.Column('updated_by', sa.String(length=80), nullable=True),
    )
    with op.batch_alter_table('mail_mailbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oauth_client_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('oauth_client_secret', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('oauth_token_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('oauth_refresh_token', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('oauth_scope', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('oauth_expires_at', UtcDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_mailbox', schema=None) as batch_op:
        batch_op.drop_column('oauth_expires_at')
        batch_op.drop_column('oauth_scope')
        batch_op.drop_column('oauth_refresh_token')
        batch_op.drop_column('oauth_token_url')
        batch_op.drop_column('oauth_client_secret')
        batch_op.drop_column('oauth_client_id')
    op.drop_table('mail_out_settings')
