"""Reports: one fact row per ticket, the daily and monthly roll-ups of KPI counters and duration histograms, the
roll-up's watermark and report subscriptions.

Revision ID: 0052
Revises: 0046
Create Date: 2026-12-06 23:10:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0052'
down_revision = '0051'
branch_labels = None
depends_on = None

DIMENSIONS = ('kind', 'grp', 'category_id', 'priority', 'service_id', 'policy')
COUNTERS = ('opened', 'out', 'solved', 'open_delta', 'reopened', 'fcr', 'response_done', 'response_met',
            'resolution_done', 'resolution_met', 'escalations', 'rated', 'rating_sum', 'change_done',
            'change_failed', 'change_emergency')


def dimension_columns():
    """Return the key columns every roll-up table shares."""
    return [sa.Column('day', sa.Date(), nullable=False), sa.Column('kind', sa.String(length=20), nullable=False),
            sa.Column('grp', sa.String(length=80), nullable=False),
            sa.Column('category_id', sa.Integer(), nullable=False),
            sa.Column('priority', sa.String(length=10), nullable=False),
            sa.Column('service_id', sa.Integer(), nullable=False),
            sa.Column('policy', sa.String(length=100), nullable=False)]


def upgrade():
    op.create_table(
        'report_ticket',
        sa.Column('ticket_id', sa.Integer(), primary_key=True, autoincrement=False),
        *[column for column in dimension_columns() if column.name != 'day'],
        sa.Column('assignee', sa.String(length=80), nullable=False),
        sa.Column('contributions', sa.Text(), nullable=False),
    )
    op.create_index('ix_report_ticket_assignee', 'report_ticket', ['assignee'])
    for grain in ('daily', 'monthly'):
        op.create_table(
            f'report_{grain}',
            sa.Column('id', sa.Integer(), primary_key=True),
            *dimension_columns(),
            *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS],
            sa.Column('open_ordinal_delta', sa.BigInteger(), nullable=False),
            sa.UniqueConstraint('day', *DIMENSIONS, name=f'uq_report_{grain}_key'),
        )
    for table in ('report_duration', 'report_monthly_duration'):
        op.create_table(
            table,
            sa.Column('id', sa.Integer(), primary_key=True),
            *dimension_columns(),
            sa.Column('measure', sa.String(length=20), nullable=False),
            sa.Column('bucket', sa.Integer(), nullable=False),
            sa.Column('count', sa.Integer(), nullable=False),
            sa.UniqueConstraint('day', *DIMENSIONS, 'measure', 'bucket', name=f'uq_{table}_key'),
        )
    op.create_table(
        'report_watermark',
        sa.Column('name', sa.String(length=20), primary_key=True),
        sa.Column('updated_at', UtcDateTime(), nullable=True),
        sa.Column('note_id', sa.Integer(), nullable=False),
        sa.Column('escalation_id', sa.Integer(), nullable=False),
    )
    op.create_table(
        'report_subscription',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('login', sa.String(length=80), nullable=False),
        sa.Column('report', sa.String(length=40), nullable=False),
        sa.Column('filters', sa.Text(), nullable=False),
        sa.Column('rule', sa.String(length=200), nullable=False),
        sa.Column('export_format', sa.String(length=10), nullable=False),
        sa.Column('next_at', UtcDateTime(), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
    )


def downgrade():
    for table in ('report_subscription', 'report_watermark', 'report_monthly_duration', 'report_duration',
                  'report_monthly', 'report_daily', 'report_ticket'):
        op.drop_table(table)
