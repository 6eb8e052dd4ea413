"""Insight counts: per process version, element (or flow), day and ticket keys; task durations in log-scaled
buckets; one row per case with its trail; an index of tickets by instance. Empty after the upgrade: `flowdesk insight rebuild` fills them from the
history of the cases that ran before.

Revision ID: 0044
Revises: 0039
Create Date: 2026-12-06 20:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0044'
down_revision = '0041'
branch_labels = None
depends_on = None


def key_columns():
    """Return the columns every count is kept under."""
    return [
        sa.Column('element_id', sa.String(length=200), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('priority', sa.String(length=10), nullable=False),
        sa.Column('group_name', sa.String(length=80), nullable=False),
    ]


def upgrade():
    op.create_table(
        'insight_count',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('definition_id', sa.Integer(), sa.ForeignKey('process_definition.id',
                                                               name='fk_insight_count_definition'), nullable=False),
        *key_columns(),
        sa.Column('passes', sa.Integer(), nullable=False),
        sa.Column('cases', sa.Integer(), nullable=False),
        sa.Column('repeats', sa.Integer(), nullable=False),
        sa.Column('reassignments', sa.Integer(), nullable=False),
        sa.UniqueConstraint('definition_id', 'category', 'priority', 'group_name', 'day', 'element_id',
                            name='uq_insight_count_key'),
    )
    op.create_table(
        'insight_duration',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('definition_id', sa.Integer(), sa.ForeignKey('process_definition.id',
                                                               name='fk_insight_duration_definition'), nullable=False),
        *key_columns(),
        sa.Column('measure', sa.String(length=10), nullable=False),
        sa.Column('bucket', sa.Integer(), nullable=False),
        sa.Column('tasks', sa.Integer(), nullable=False),
        sa.UniqueConstraint('definition_id', 'category', 'priority', 'group_name', 'day', 'element_id', 'measure',
                            'bucket', name='uq_insight_duration_key'),
    )
    op.create_table(
        'insight_case',
        sa.Column('instance_id', sa.Integer(), sa.ForeignKey('process_instance.id', name='fk_insight_case_instance',
                                                             ondelete='CASCADE'), primary_key=True),
        sa.Column('definition_id', sa.Integer(), sa.ForeignKey('process_definition.id',
                                                               name='fk_insight_case_definition'), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('priority', sa.String(length=10), nullable=False),
        sa.Column('group_name', sa.String(length=80), nullable=False),
        sa.Column('path', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('duration_bucket', sa.Integer(), nullable=True),
        sa.Column('ended_at', UtcDateTime(), nullable=True),
        sa.Column('repeats', sa.Integer(), nullable=False),
        sa.Column('rework_start', sa.String(length=200), nullable=True),
        sa.Column('off_path', sa.String(length=200), nullable=False),
        sa.Column('trail', sa.Text(), nullable=False),
        sa.Column('counted_seq', sa.Integer(), nullable=False, server_default='0'),
    )
    op.create_index('ix_insight_case_version_started', 'insight_case', ['definition_id', 'started_on'])
    # The insight joins its cases to their tickets, for the SLA outcome of each path.
    op.create_index('ix_ticket_instance', 'ticket', ['instance_id'])


def downgrade():
    op.drop_index('ix_ticket_instance', 'ticket')
    op.drop_table('insight_case')
    op.drop_table('insight_duration')
    op.drop_table('insight_count')
