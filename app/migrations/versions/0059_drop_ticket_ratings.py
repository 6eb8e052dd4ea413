"""The ticket's old rating columns go: the satisfaction survey is the one place a rating is kept.

Migration 0058 moved every rating stored on a ticket (ticket.satisfaction and its comment, from the incident's old
rate step) into the ticket's survey answer and emptied the columns; nothing reads or writes them any more. They are
dropped with a plain ALTER TABLE on both databases: a batch (copy-and-move) migration of `ticket` on SQLite would
drop the triggers that keep its full-text index in sync.

Downgrade: the columns come back empty. The ratings stay in the survey answers, where 0058's downgrade finds them
(reason 'rated_on_ticket') and writes them back to these columns.

Revision ID: 0059
Revises: 0058
Create Date: 2026-12-07 07:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0059'
down_revision = '0058'
branch_labels = None
depends_on = None


def upgrade():
    for column in ('satisfaction_comment', 'satisfaction'):
        op.drop_column('ticket', column)


def downgrade():
    op.add_column('ticket', sa.Column('satisfaction', sa.Integer(), nullable=True))
    op.add_column('ticket', sa.Column('satisfaction_comment', sa.Text(), nullable=True))
