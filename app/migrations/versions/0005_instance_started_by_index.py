"""Index instances by who started them, newest first, for "My requests".

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_instance_started_by", "process_instance", ["started_by", "id"])


def downgrade():
    op.drop_index("ix_instance_started_by", table_name="process_instance")
