"""Change management: change records with their CIs and links, the standard-change catalogue, the risk
questionnaire and the change success scores.

Revision ID: 0048
Revises: 0046
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0048'
down_revision = '0047'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'change_template',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('owner_group', sa.String(length=80), nullable=False),
        sa.Column('implementation_plan', sa.Text(), nullable=False),
        sa.Column('backout_plan', sa.Text(), nullable=False),
        sa.Column('test_plan', sa.Text(), nullable=False),
        sa.Column('impact', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('proposed_by', sa.String(length=80), nullable=False),
        sa.Column('proposed_at', UtcDateTime(), nullable=False),
        sa.Column('decided_by', sa.String(length=80), nullable=True),
        sa.Column('decided_at', UtcDateTime(), nullable=True),
        sa.Column('usage_count', sa.Integer(), nullable=False),
        sa.UniqueConstraint('key', 'version', name='uq_change_template_key_version'),
    )
    op.create_table(
        'change_record',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('ticket.id', name='fk_change_record_ticket_id',
                                                           ondelete='CASCADE'), nullable=False),
        sa.Column('change_type', sa.String(length=20), nullable=False),
        sa.Column('stage', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=80), nullable=False),
        sa.Column('owner_group', sa.String(length=80), nullable=False),
        sa.Column('implementer', sa.String(length=80), nullable=True),
        sa.Column('planned_start_at', UtcDateTime(), nullable=False),
        sa.Column('planned_end_at', UtcDateTime(), nullable=False),
        sa.Column('time_zone', sa.String(length=64), nullable=False),
        sa.Column('implementation_plan', sa.Text(), nullable=False),
        sa.Column('backout_plan', sa.Text(), nullable=False),
        sa.Column('test_plan', sa.Text(), nullable=True),
        sa.Column('risk', sa.String(length=10), nullable=False),
        sa.Column('risk_score', sa.Float(), nullable=False),
        sa.Column('risk_reasons', sa.Text(), nullable=False),
        sa.Column('answers', sa.Text(), nullable=False),
        sa.Column('template_id', sa.Integer(), sa.ForeignKey('change_template.id',
                                                             name='fk_change_record_template_id'), nullable=True),
        sa.Column('outcome', sa.String(length=30), nullable=True),
        sa.Column('actual_start_at', UtcDateTime(), nullable=True),
        sa.Column('actual_end_at', UtcDateTime(), nullable=True),
        sa.UniqueConstraint('ticket_id', name='uq_change_record_ticket_id'),
    )
    op.create_index('ix_change_record_window', 'change_record', ['planned_start_at', 'planned_end_at'])
    op.create_table(
        'change_ci',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('change_record_id', sa.Integer(), sa.ForeignKey(
            'change_record.id', name='fk_change_ci_change_record_id', ondelete='CASCADE'), nullable=False),
        sa.Column('ci_id', sa.Integer(), sa.ForeignKey(
            'configuration_item.id', name='fk_change_ci_ci_id', ondelete='CASCADE'), nullable=False),
        sa.UniqueConstraint('change_record_id', 'ci_id', name='uq_change_ci'),
    )
    op.create_index('ix_change_ci_ci', 'change_ci', ['ci_id'])
    op.create_table(
        'change_link',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('change_record_id', sa.Integer(), sa.ForeignKey(
            'change_record.id', name='fk_change_link_change_record_id', ondelete='CASCADE'), nullable=False),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey(
            'ticket.id', name='fk_change_link_ticket_id', ondelete='CASCADE'), nullable=False),
        sa.UniqueConstraint('change_record_id', 'ticket_id', name='uq_change_link'),
    )
    op.create_index('ix_change_link_ticket', 'change_link', ['ticket_id'])
    op.create_table(
        'change_risk_question',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('text_zh', sa.String(length=300), nullable=False),
        sa.Column('weight', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
    )
    op.create_table(
        'change_success',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('subject_kind', sa.String(length=10), nullable=False),
        sa.Column('subject', sa.String(length=80), nullable=False),
        sa.Column('reviews', sa.Integer(), nullable=False),
        sa.Column('points', sa.Float(), nullable=False),
        sa.UniqueConstraint('subject_kind', 'subject', name='uq_change_success_subject'),
    )


def downgrade():
    op.drop_table('change_success')
    op.drop_table('change_risk_question')
    op.drop_index('ix_change_link_ticket', table_name='change_link')
    op.drop_table('change_link')
    op.drop_index('ix_change_ci_ci', table_name='change_ci')
    op.drop_table('change_ci')
    op.drop_index('ix_change_record_window', table_name='change_record')
    op.drop_table('change_record')
    op.drop_table('change_template')
