"""What-if runs: asked for in a request, replayed by the scheduler under a lease, with progress and the outcome.

Revision ID: 0055
Revises: 0054
Create Date: 2026-12-07 03:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0055'
down_revision = '0054'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'what_if_run',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('process_id', sa.String(length=200), nullable=False),
        sa.Column('draft_version', sa.Integer(), nullable=False),
        sa.Column('draft_xml', sa.LargeBinary(), nullable=False),
        sa.Column('requested_by', sa.String(length=80), nullable=False),
        sa.Column('requested_at', UtcDateTime(), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.Column('overrides', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('cases_total', sa.Integer(), nullable=False),
        sa.Column('replays_done', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claimed_until', UtcDateTime(), nullable=True),
        sa.Column('started_at', UtcDateTime(), nullable=True),
        sa.Column('finished_at', UtcDateTime(), nullable=True),
        sa.Column('failure_code', sa.String(length=20), nullable=True),
        sa.Column('failure_detail', sa.Text(), nullable=True),
        sa.Column('result', sa.Text(), nullable=True),
    )
    op.create_index('ix_what_if_run_due', 'what_if_run', ['status', 'claimed_until'])
    op.create_index('ix_what_if_run_owner', 'what_if_run', ['requested_by', 'id'])


def downgrade():
    op.drop_index('ix_what_if_run_owner', table_name='what_if_run')
    op.drop_index('ix_what_if_run_due', table_name='what_if_run')
    op.drop_table('what_if_run')
