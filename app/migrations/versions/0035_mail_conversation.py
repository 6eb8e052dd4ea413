"""Mail conversations: the Message-IDs of the mail that came in on a ticket (so FlowDesk's later mail threads under
them), other systems' ticket ids remembered on tickets, each mailbox's patterns for those ids, and why a mail is in
quarantine as a word the pages translate.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06 14:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_conversation_id',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_number', sa.String(length=30), nullable=False),
        sa.Column('message_id', sa.String(length=500), nullable=False),
        sa.Column('seen_at', UtcDateTime(), nullable=False),
        sa.UniqueConstraint('ticket_number', 'message_id', name='uq_mail_conversation_id'),
    )
    op.create_table(
        'mail_foreign_reference',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(),
                  sa.ForeignKey('ticket.id', name='fk_mail_foreign_reference_ticket_id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('pattern', sa.String(length=200), nullable=False),
        sa.Column('foreign_id', sa.String(length=100), nullable=False),
        sa.Column('linked_at', UtcDateTime(), nullable=False),
        sa.UniqueConstraint('pattern', 'foreign_id', name='uq_mail_foreign_reference'),
    )
    with op.batch_alter_table('mail_mailbox') as batch:
        batch.add_column(sa.Column('foreign_id_patterns', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('mail_incoming') as batch:  # room for all four detectors' names
        batch.alter_column('detector', existing_type=sa.String(length=30), type_=sa.String(length=60),
                           existing_nullable=True)
        batch.add_column(sa.Column('reason', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_incoming') as batch:
        batch.drop_column('reason')
        batch.alter_column('detector', existing_type=sa.String(length=60), type_=sa.String(length=30),
                           existing_nullable=True)
    with op.batch_alter_table('mail_mailbox') as batch:
        batch.drop_column('foreign_id_patterns')
    op.drop_table('mail_foreign_reference')
    op.drop_table('mail_conversation_id')
