"""The change calendar: booked change windows and their CIs, freeze and maintenance windows, the collision rules'
severities, and the secret tokens of calendar feeds.

Revision ID: 0050
Revises: 0046
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0050'
down_revision = '0049'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'change_booking',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('ticket.id', name='fk_change_booking_ticket_id',
                                                           ondelete='CASCADE'), nullable=False),
        sa.Column('starts_at', UtcDateTime(), nullable=False),
        sa.Column('ends_at', UtcDateTime(), nullable=False),
        sa.Column('implementer', sa.String(length=80), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('booked_by', sa.String(length=80), nullable=False),
        sa.Column('booked_at', UtcDateTime(), nullable=False),
        sa.Column('override_reason', sa.Text(), nullable=True),
        sa.UniqueConstraint('ticket_id', name='uq_change_booking_ticket_id'),
    )
    op.create_index('ix_change_booking_implementer', 'change_booking', ['implementer', 'starts_at'])
    op.create_index('ix_change_booking_starts', 'change_booking', ['starts_at'])
    op.create_table(
        'change_booking_ci',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('booking_id', sa.Integer(), sa.ForeignKey(
            'change_booking.id', name='fk_change_booking_ci_booking_id', ondelete='CASCADE'), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('ci_id', sa.Integer(), sa.ForeignKey(
            'configuration_item.id', name='fk_change_booking_ci_ci_id', ondelete='CASCADE'), nullable=False),
        sa.Column('starts_at', UtcDateTime(), nullable=False),
        sa.Column('ends_at', UtcDateTime(), nullable=False),
        sa.UniqueConstraint('booking_id', 'ci_id', name='uq_change_booking_ci'),
    )
    op.create_index('ix_change_booking_ci_window', 'change_booking_ci', ['ci_id', 'starts_at', 'ends_at'])
    op.create_table(
        'change_window',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('rrule', sa.Text(), nullable=False),
        sa.Column('starts_local', sa.String(length=20), nullable=False),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column('timezone', sa.String(length=60), nullable=False),
        sa.Column('calendar_name', sa.String(length=100), nullable=True),
        sa.Column('holidays', sa.String(length=10), nullable=False),
        sa.Column('ci_ids', sa.Text(), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'change_schedule_rule',
        sa.Column('rule', sa.String(length=30), primary_key=True),
        sa.Column('severity', sa.String(length=10), nullable=False),
        sa.Column('hops', sa.Integer(), nullable=True),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'calendar_feed_token',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('app_user.id', name='fk_calendar_feed_token_user_id',
                                                         ondelete='CASCADE'), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('revoked_at', UtcDateTime(), nullable=True),
        sa.UniqueConstraint('token_hash', name='uq_calendar_feed_token_hash'),
    )
    op.create_index('ix_calendar_feed_token_user', 'calendar_feed_token', ['user_id'])


def downgrade():
    op.drop_index('ix_calendar_feed_token_user', table_name='calendar_feed_token')
    op.drop_table('calendar_feed_token')
    op.drop_table('change_schedule_rule')
    op.drop_table('change_window')
    op.drop_index('ix_change_booking_ci_window', table_name='change_booking_ci')
    op.drop_table('change_booking_ci')
    op.drop_index('ix_change_booking_starts', table_name='change_booking')
    op.drop_index('ix_change_booking_implementer', table_name='change_booking')
    op.drop_table('change_booking')
