"""The agent's desk tools: reply templates (canned responses per language), the time spent on a note, and
system notes stored as an event with parameters (rendered in the reader's language) instead of a sentence.

Existing notes keep their English body and no event: the pages show such legacy rows as they are.

Revision ID: 0029
Revises: 0026
Create Date: 2026-12-06 08:20:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reply_template',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
        sa.UniqueConstraint('language', 'title', name='uq_reply_template_language_title'),
    )
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_spent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('event', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('event_params', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.drop_column('event_params')
        batch_op.drop_column('event')
        batch_op.drop_column('minutes_spent')
    op.drop_table('reply_template')
