"""Draft diagrams of processes, saved from the modeller with who saved them, when, and a version per save.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06 14:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'process_draft',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('process_id', sa.String(length=200), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('bpmn_xml', sa.LargeBinary(), nullable=False),
        sa.Column('saved_by', sa.String(length=80), nullable=False),
        sa.Column('saved_at', UtcDateTime(), nullable=False),
        sa.UniqueConstraint('process_id', name='uq_process_draft_process_id'),
    )


def downgrade():
    op.drop_table('process_draft')
