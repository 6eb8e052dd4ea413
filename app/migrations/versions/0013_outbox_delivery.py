"""Outbox delivery in short units: a status (pending, sent, dead), a lease (claimed_until) and the next
try (next_attempt_at) per message, who resent a dead one and when, and an index for the claim query.
Existing messages: sent ones become sent, unsent ones pending and due now.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('outbox_message', sa.Column('status', sa.String(length=10), server_default='pending', nullable=False))
    op.add_column('outbox_message', sa.Column('next_attempt_at', UtcDateTime(), nullable=True))
    op.add_column('outbox_message', sa.Column('claimed_until', UtcDateTime(), nullable=True))
    op.add_column('outbox_message', sa.Column('resent_at', UtcDateTime(), nullable=True))
    op.add_column('outbox_message', sa.Column('resent_by', sa.String(length=80), nullable=True))
    op.execute("UPDATE outbox_message SET status = 'sent' WHERE sent_at IS NOT NULL")
    op.execute("UPDATE outbox_message SET next_attempt_at = created_at")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('next_attempt_at', existing_type=UtcDateTime(), nullable=False)
        batch_op.drop_index('ix_outbox_message_sent_at')
        batch_op.create_index('ix_outbox_message_due', ['status', 'next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.create_index('ix_outbox_message_sent_at', ['sent_at'], unique=False)
        for column in ('resent_by', 'resent_at', 'claimed_until', 'next_attempt_at', 'status'):
            batch_op.drop_column(column)
