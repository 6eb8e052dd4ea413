"""Ticket attachments: the row per uploaded file (the bytes live in the attachment store).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 23:20:24.943971

"""
from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', sa.String(length=80), nullable=False),
    sa.Column('uploaded_at', UtcDateTime(), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name='fk_ticket_attachment_ticket_id', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('storage_key', name='uq_ticket_attachment_storage_key')
    )
    with op.batch_alter_table('ticket_attachment', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_attachment_ticket', ['ticket_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('ticket_attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_attachment_ticket')
    op.drop_table('ticket_attachment')
