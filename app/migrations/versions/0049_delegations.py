"""Delegations: a person away hands their approvals to another person for a time.

Revision ID: 0049
Revises: 0046
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0049'
down_revision = '0048'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'delegation',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('from_user_id', sa.Integer(), sa.ForeignKey('app_user.id', name='fk_delegation_from_user_id',
                                                              ondelete='CASCADE'), nullable=False),
        sa.Column('to_user_id', sa.Integer(), sa.ForeignKey('app_user.id', name='fk_delegation_to_user_id',
                                                            ondelete='CASCADE'), nullable=False),
        sa.Column('starts_at', UtcDateTime(), nullable=False),
        sa.Column('ends_at', UtcDateTime(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('withdrawn_by', sa.String(length=80), nullable=True),
        sa.Column('withdrawn_at', UtcDateTime(), nullable=True),
    )
    op.create_index('ix_delegation_from_user_id', 'delegation', ['from_user_id'])
    op.create_index('ix_delegation_to_user_id', 'delegation', ['to_user_id'])


def downgrade():
    op.drop_index('ix_delegation_to_user_id', table_name='delegation')
    op.drop_index('ix_delegation_from_user_id', table_name='delegation')
    op.drop_table('delegation')
