"""Signal subscriptions: the subscription table names the kind of event each row waits for, message or signal.

Rows already there are messages. The signals that running instances wait for are written here, read from their
stored state by the engine (an instance whose state cannot be read is left without rows and is reported).

Revision ID: 0030
Revises: 0025
Create Date: 2026-12-06 11:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("message_subscription") as batch:
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="message"))
    op.create_index("ix_message_subscription_kind_name", "message_subscription", ["kind", "message_name", "instance_id"])
    subscribe_running_instances()


def subscribe_running_instances():
    """Write the signal subscriptions of the instances running now, as their next step would."""
    bind = op.get_bind()
    running = bind.execute(sa.text("SELECT id FROM process_instance WHERE status = 'running' LIMIT 1")).first()
    if running is None:
        return
    from flask import current_app

    from app.workflow.outside.subscription_backfill import backfill_signal_subscriptions
    skipped = backfill_signal_subscriptions(current_app.extensions["flowdesk"], bind)
    if skipped:
        print(f"0030: the stored state of instances {skipped} could not be read; they have no signal "
              "subscriptions until their next step.")


def downgrade():
    op.execute("DELETE FROM message_subscription WHERE kind <> 'message'")
    op.drop_index("ix_message_subscription_kind_name", table_name="message_subscription")
    with op.batch_alter_table("message_subscription") as batch:
        batch.drop_column("kind")
