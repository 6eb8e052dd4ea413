"""External tasks waiting for outside workers, with their locks (/engine-rest/external-task).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 05:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "external_task",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("instance_id", sa.Integer, sa.ForeignKey("process_instance.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("element_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("priority", sa.Integer, server_default="0", nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("worker_id", sa.String(255), nullable=True),
        sa.Column("lock_expires_at", UtcDateTime(), nullable=True),
        sa.Column("retries", sa.Integer, nullable=True),
        sa.Column("error_message", sa.Text, nullable=True),
        sa.Column("error_details", sa.Text, nullable=True),
    )
    op.create_index("ix_external_task_instance_id", "external_task", ["instance_id"])
    op.create_index("ix_external_task_fetch", "external_task", ["topic", "priority", "created_at"])


def downgrade():
    op.drop_index("ix_external_task_fetch", table_name="external_task")
    op.drop_index("ix_external_task_instance_id", table_name="external_task")
    op.drop_table("external_task")
