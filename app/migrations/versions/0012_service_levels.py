"""Service levels as admin data: calendars, SLA policies and targets, settings; per ticket the SLA
clock's pauses, the escalations raised, the warning and auto-close moments and the satisfaction rating;
per group its assignment strategy.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 23:59:00

"""
from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('business_calendar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('flowdesk_setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('sla_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('calendar_id', sa.Integer(), nullable=False),
    sa.Column('warning_share', sa.Float(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['calendar_id'], ['business_calendar.id'], name='fk_sla_policy_calendar_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('sla_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('response_minutes', sa.Integer(), nullable=False),
    sa.Column('resolution_minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['sla_policy.id'], name='fk_sla_target_policy_id', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('policy_id', 'priority', name='uq_sla_target_policy_priority')
    )
    op.create_table('ticket_escalation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=False),
    sa.Column('raised_at', UtcDateTime(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name='fk_ticket_escalation_ticket_id', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id', 'level', name='uq_ticket_escalation_ticket_level')
    )
    op.create_table('ticket_sla_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('at', UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name='fk_ticket_sla_event_ticket_id', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ticket_sla_event', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_sla_event_ticket', ['ticket_id', 'id'], unique=False)

    # Plain ALTER TABLE ... ADD COLUMN on both databases: a batch (copy-and-move) migration of `ticket` on
    # SQLite would drop the triggers that keep its full-text index in sync.
    op.add_column('ticket', sa.Column('resolution_warning_at', UtcDateTime(), nullable=True))
    op.add_column('ticket', sa.Column('sla_policy', sa.String(length=100), nullable=True))
    op.add_column('ticket', sa.Column('auto_close_at', UtcDateTime(), nullable=True))
    op.add_column('ticket', sa.Column('satisfaction', sa.Integer(), nullable=True))
    op.add_column('ticket', sa.Column('satisfaction_comment', sa.Text(), nullable=True))
    op.add_column('user_group', sa.Column('assignment_strategy', sa.String(length=20), server_default='round_robin',
                                          nullable=False))
    op.add_column('user_group', sa.Column('last_assigned_login', sa.String(length=80), nullable=True))


def downgrade():
    for column in ('last_assigned_login', 'assignment_strategy'):
        op.drop_column('user_group', column)
    for column in ('satisfaction_comment', 'satisfaction', 'auto_close_at', 'sla_policy', 'resolution_warning_at'):
        op.drop_column('ticket', column)

    with op.batch_alter_table('ticket_sla_event', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_sla_event_ticket')

    op.drop_table('ticket_sla_event')
    op.drop_table('ticket_escalation')
    op.drop_table('sla_target')
    op.drop_table('sla_policy')
    op.drop_table('flowdesk_setting')
    op.drop_table('business_calendar')
