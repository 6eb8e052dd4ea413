"""Indexes for the inbox: the group queue and my tasks, read in due-date or priority order.

The queue reads unclaimed tasks in (due_at, id) or (priority, id) order and stops after one
page, so partial indexes over the unclaimed rows give it that order without a sort. "My tasks"
gets (assignee, due_at, id) over the claimed rows instead of the plain assignee index, which
also keeps SQLite's planner from choosing it for "assignee IS NULL" (most of the table).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNCLAIMED = sa.text("assignee IS NULL")
CLAIMED = sa.text("assignee IS NOT NULL")


def upgrade():
    op.drop_index("ix_user_task_assignee", table_name="user_task")
    op.create_index("ix_user_task_assigned", "user_task", ["assignee", "due_at", "id"],
                    sqlite_where=CLAIMED, postgresql_where=CLAIMED)
    op.create_index("ix_user_task_queue_due", "user_task", ["due_at", "id"],
                    sqlite_where=UNCLAIMED, postgresql_where=UNCLAIMED)
    op.create_index("ix_user_task_queue_priority", "user_task", ["priority", "id"],
                    sqlite_where=UNCLAIMED, postgresql_where=UNCLAIMED)


def downgrade():
    op.drop_index("ix_user_task_queue_priority", table_name="user_task")
    op.drop_index("ix_user_task_queue_due", table_name="user_task")
    op.drop_index("ix_user_task_assigned", table_name="user_task")
    op.create_index("ix_user_task_assignee", "user_task", ["assignee"])
