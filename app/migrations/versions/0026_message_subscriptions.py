"""Message subscriptions: the messages each running instance waits for, so that correlation is a lookup by name.

Rows are written by every step from then on; the instances already running get theirs here, read from their
stored state by the engine (an instance whose state cannot be read is left without rows and is reported).

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-06 08:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message_subscription",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("instance_id", sa.Integer, sa.ForeignKey("process_instance.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("task_id", sa.String(36), nullable=False),
        sa.Column("element_id", sa.String(200), nullable=False),
        sa.Column("message_name", sa.String(300), nullable=False),
    )
    op.create_index("ix_message_subscription_instance_id", "message_subscription", ["instance_id"])
    op.create_index("ix_message_subscription_name", "message_subscription", ["message_name", "instance_id"])
    subscribe_running_instances()


def subscribe_running_instances():
    """Write the subscriptions of the instances running now, as their next step would."""
    bind = op.get_bind()
    running = bind.execute(sa.text("SELECT id FROM process_instance WHERE status = 'running' LIMIT 1")).first()
    if running is None:
        return
    from flask import current_app

    from app.workflow.outside.subscription_backfill import backfill_subscriptions
    skipped = backfill_subscriptions(current_app.extensions["flowdesk"], bind)
    if skipped:
        print(f"0026: the stored state of instances {skipped} could not be read; they have no message "
              "subscriptions until their next step.")


def downgrade():
    op.drop_index("ix_message_subscription_name", table_name="message_subscription")
    op.drop_index("ix_message_subscription_instance_id", table_name="message_subscription")
    op.drop_table("message_subscription")
