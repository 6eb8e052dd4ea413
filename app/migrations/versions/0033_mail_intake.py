"""E-mail intake: the mailboxes admins configure, every incoming message (raw bytes first) with its outcome, and
what a reply to a closed ticket does per category.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 12:10:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_mailbox',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('port', sa.Integer(), nullable=False),
        sa.Column('security', sa.String(length=10), nullable=False),
        sa.Column('username', sa.String(length=255), nullable=False),
        sa.Column('auth_method', sa.String(length=10), nullable=False),
        sa.Column('secret', sa.Text(), nullable=False),
        sa.Column('folder', sa.String(length=255), nullable=False),
        sa.Column('processed_folder', sa.String(length=255), nullable=False),
        sa.Column('refused_folder', sa.String(length=255), nullable=False),
        sa.Column('quarantine_folder', sa.String(length=255), nullable=False),
        sa.Column('ticket_kind', sa.String(length=20), nullable=False),
        sa.Column('category_id', sa.Integer(), sa.ForeignKey('ticket_category.id', name='fk_mail_mailbox_category_id'),
                  nullable=True),
        sa.Column('process_id', sa.String(length=200), nullable=True),
        sa.Column('default_group', sa.String(length=80), nullable=True),
        sa.Column('unknown_senders', sa.String(length=10), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('last_polled_at', UtcDateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.UniqueConstraint('name', name='uq_mail_mailbox_name'),
    )
    op.create_table(
        'mail_incoming',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('mailbox_id', sa.Integer(),
                  sa.ForeignKey('mail_mailbox.id', name='fk_mail_incoming_mailbox_id', ondelete='SET NULL'),
                  nullable=True),
        sa.Column('uid_validity', sa.BigInteger(), nullable=True),
        sa.Column('uid', sa.BigInteger(), nullable=True),
        sa.Column('message_id', sa.String(length=500), nullable=True),
        sa.Column('sender', sa.String(length=254), nullable=True),
        sa.Column('subject', sa.String(length=500), nullable=True),
        sa.Column('raw', sa.LargeBinary(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('received_at', UtcDateTime(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('processed_at', UtcDateTime(), nullable=True),
        sa.Column('ticket_id', sa.Integer(),
                  sa.ForeignKey('ticket.id', name='fk_mail_incoming_ticket_id', ondelete='SET NULL'), nullable=True),
        sa.Column('detector', sa.String(length=30), nullable=True),
        sa.Column('auto_kind', sa.String(length=20), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('moved', sa.Boolean(), nullable=False),
        sa.UniqueConstraint('mailbox_id', 'uid_validity', 'uid', name='uq_mail_incoming_mailbox_uid'),
    )
    op.create_index('ix_mail_incoming_message_id', 'mail_incoming', ['message_id'])
    op.create_index('ix_mail_incoming_sender', 'mail_incoming', ['sender', 'received_at'])
    op.create_index('ix_mail_incoming_status', 'mail_incoming', ['status', 'id'])
    with op.batch_alter_table('ticket_category', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_reply_policy', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('ticket_category', schema=None) as batch_op:
        batch_op.drop_column('closed_reply_policy')
    op.drop_index('ix_mail_incoming_status', table_name='mail_incoming')
    op.drop_index('ix_mail_incoming_sender', table_name='mail_incoming')
    op.drop_index('ix_mail_incoming_message_id', table_name='mail_incoming')
    op.drop_table('mail_incoming')
    op.drop_table('mail_mailbox')
