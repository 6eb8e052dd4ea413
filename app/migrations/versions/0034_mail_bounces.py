"""Mail bounces: every delivery failure of FlowDesk's mail (from a DSN or the relay) and the addresses marked
undeliverable by a permanent one.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 14:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_bounce',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.Column('incoming_mail_id', sa.Integer(), nullable=True),
        sa.Column('permanent', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('diagnostic', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('attributed_by', sa.String(length=20), nullable=True),
        sa.Column('bounced_at', UtcDateTime(), nullable=False),
    )
    op.create_index('ix_mail_bounce_address', 'mail_bounce', ['address', 'bounced_at'])
    op.create_index('ix_mail_bounce_outbox_message_id', 'mail_bounce', ['outbox_message_id'])
    op.create_table(
        'mail_undeliverable_address',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('bounce_id', sa.Integer(), nullable=True),
        sa.Column('bounced_at', UtcDateTime(), nullable=False),
        sa.Column('cleared_at', UtcDateTime(), nullable=True),
        sa.Column('cleared_by', sa.String(length=80), nullable=True),
        sa.UniqueConstraint('address', name='uq_mail_undeliverable_address_address'),
    )


def downgrade():
    op.drop_table('mail_undeliverable_address')
    op.drop_index('ix_mail_bounce_outbox_message_id', table_name='mail_bounce')
    op.drop_index('ix_mail_bounce_address', table_name='mail_bounce')
    op.drop_table('mail_bounce')
