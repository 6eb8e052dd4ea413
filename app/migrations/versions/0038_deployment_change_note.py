"""A change note on each deployed process version: what the process owner changed and why.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06 14:35:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('process_definition', sa.Column('change_note', sa.Text(), nullable=True))


def downgrade():
    # A plain ALTER TABLE (SQLite 3.35 and later drop columns in place): a batch copy of the table would drop
    # process_definition, which the instances' foreign keys refuse once any instance exists.
    op.drop_column('process_definition', 'change_note')
