"""Problem management: problem records, known errors with their CIs, suggested problems and their incidents.

Revision ID: 0046
Revises: 0039
Create Date: 2026-12-06 20:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0046'
down_revision = '0044'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'problem_record',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('ticket.id', name='fk_problem_record_ticket_id',
                                                           ondelete='CASCADE'), nullable=False),
        sa.Column('stage', sa.String(length=20), nullable=False),
        sa.Column('root_cause', sa.Text(), nullable=True),
        sa.Column('workaround', sa.Text(), nullable=True),
        sa.Column('published_workaround', sa.Text(), nullable=True),
        sa.Column('published_at', UtcDateTime(), nullable=True),
        sa.UniqueConstraint('ticket_id', name='uq_problem_record_ticket_id'),
    )
    op.create_table(
        'known_error',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey('ticket.id', name='fk_known_error_ticket_id',
                                                           ondelete='CASCADE'), nullable=False),
        sa.Column('symptom', sa.Text(), nullable=False),
        sa.Column('cause', sa.Text(), nullable=False),
        sa.Column('workaround', sa.Text(), nullable=False),
        sa.Column('recorded_by', sa.String(length=80), nullable=False),
        sa.Column('recorded_at', UtcDateTime(), nullable=False),
        sa.UniqueConstraint('ticket_id', name='uq_known_error_ticket_id'),
    )
    op.create_table(
        'known_error_ci',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('known_error_id', sa.Integer(), sa.ForeignKey(
            'known_error.id', name='fk_known_error_ci_known_error_id', ondelete='CASCADE'), nullable=False),
        sa.Column('ci_id', sa.Integer(), sa.ForeignKey(
            'configuration_item.id', name='fk_known_error_ci_ci_id', ondelete='CASCADE'), nullable=False),
        sa.UniqueConstraint('known_error_id', 'ci_id', name='uq_known_error_ci'),
    )
    op.create_index('ix_known_error_ci_ci', 'known_error_ci', ['ci_id'])
    op.create_table(
        'problem_suggestion',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('basis', sa.String(length=10), nullable=False),
        sa.Column('basis_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('decided_by', sa.String(length=80), nullable=True),
        sa.Column('decided_at', UtcDateTime(), nullable=True),
        sa.Column('problem_ticket_id', sa.Integer(), nullable=True),
    )
    op.create_index('ix_problem_suggestion_status', 'problem_suggestion', ['status', 'id'])
    op.create_table(
        'problem_suggestion_incident',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('suggestion_id', sa.Integer(), sa.ForeignKey(
            'problem_suggestion.id', name='fk_problem_suggestion_incident_suggestion_id', ondelete='CASCADE'),
            nullable=False),
        sa.Column('basis', sa.String(length=10), nullable=False),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey(
            'ticket.id', name='fk_problem_suggestion_incident_ticket_id', ondelete='CASCADE'), nullable=False),
        sa.UniqueConstraint('basis', 'ticket_id', name='uq_problem_suggestion_incident_basis_ticket'),
    )


def downgrade():
    op.drop_table('problem_suggestion_incident')
    op.drop_index('ix_problem_suggestion_status', table_name='problem_suggestion')
    op.drop_table('problem_suggestion')
    op.drop_index('ix_known_error_ci_ci', table_name='known_error_ci')
    op.drop_table('known_error_ci')
    op.drop_table('known_error')
    op.drop_table('problem_record')
