"""A ticket's own resolution target: a request ordered from a catalogue item takes the item's SLA target.

Revision ID: 0054
Revises: 0053
Create Date: 2026-12-07 03:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0054'
down_revision = '0053'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('ticket', sa.Column('resolution_target_minutes', sa.Integer(), nullable=True))


def downgrade():
    # SQLite (3.35 and later) drops an unindexed column in place; a batch copy of the ticket table, which other
    # tables' foreign keys point at, fails on dropping the old table.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE ticket DROP COLUMN resolution_target_minutes')
    else:
        op.drop_column('ticket', 'resolution_target_minutes')
