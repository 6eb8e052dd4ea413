"""Satisfaction surveys: the rules per catalogue item, category or default, one survey per ticket, and the roll-up's
counters of surveys sent and answered.

The incidents' earlier ratings (ticket.satisfaction) stay where they are: the reports read them for tickets without
a survey answer.

Revision ID: 0053
Revises: 0052
Create Date: 2026-12-07 03:00:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0053'
down_revision = '0052'
branch_labels = None
depends_on = None

NEW_COUNTERS = ('surveyed', 'survey_answered')


def upgrade():
    op.create_table(
        'survey_rule',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('key', sa.String(length=40), nullable=False, unique=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('sample_percent', sa.Integer(), nullable=False),
        sa.Column('delay_working_days', sa.Integer(), nullable=False),
        sa.Column('min_days_between', sa.Integer(), nullable=False),
        sa.Column('remind_after_days', sa.Integer(), nullable=False),
        sa.Column('expire_after_days', sa.Integer(), nullable=False),
        sa.Column('low_score', sa.Integer(), nullable=False),
        sa.Column('comment_below', sa.Integer(), nullable=False),
        sa.Column('recovery_hours', sa.Integer(), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'survey',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('ticket.id', name='fk_survey_ticket_id',
                                                           ondelete='CASCADE'), nullable=False, unique=True),
        sa.Column('requester', sa.String(length=80), nullable=False),
        sa.Column('rule_key', sa.String(length=40), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('reason', sa.String(length=40), nullable=False),
        sa.Column('instance_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', UtcDateTime(), nullable=False),
        sa.Column('send_at', UtcDateTime(), nullable=True),
        sa.Column('sent_at', UtcDateTime(), nullable=True),
        sa.Column('reminded_at', UtcDateTime(), nullable=True),
        sa.Column('closed_at', UtcDateTime(), nullable=True),
        sa.Column('comment_below', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=True),
        sa.Column('effort', sa.Integer(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
    )
    op.create_index('ix_survey_requester', 'survey', ['requester', 'decided_at'])
    for table in ('report_daily', 'report_monthly'):
        with op.batch_alter_table(table) as batch:
            for name in NEW_COUNTERS:
                batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    for table in ('report_daily', 'report_monthly'):
        with op.batch_alter_table(table) as batch:
            for name in NEW_COUNTERS:
                batch.drop_column(name)
    op.drop_index('ix_survey_requester', table_name='survey')
    op.drop_table('survey')
    op.drop_table('survey_rule')
