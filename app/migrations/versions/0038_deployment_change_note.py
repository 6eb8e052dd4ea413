"""A change note on each deployed process version: what the process owner changed and why.

Revision ID: 0038
Revises: 0033
Create Date: 2026-12-06 14:35:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('process_definition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_note', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('process_definition', schema=None) as batch_op:
        batch_op.drop_column('change_note')
