"""E-mail out: what each outbox message tells of which ticket (event, ticket number), its HTML part, its Message-ID
and threading references, the rate cap's holds; admin overrides of the mail templates; notification preferences.

Revision ID: 0032
Revises: 0030
Create Date: 2026-12-06 12:10:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("event", sa.String(60), nullable=True))
        batch.add_column(sa.Column("ticket_number", sa.String(30), nullable=True))
        batch.add_column(sa.Column("html", sa.Text(), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(250), nullable=True))
        batch.add_column(sa.Column("thread_references", sa.Text(), nullable=True))
        batch.add_column(sa.Column("held_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("held_count", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_outbox_message_ticket_number", ["ticket_number"], unique=False)
    op.create_table(
        "mail_template_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(60), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event", "language"),
    )
    op.create_table(
        "notification_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(60), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.Column("sms", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "event"),
    )
    op.create_index("ix_notification_preference_user_id", "notification_preference", ["user_id"], unique=False)


def downgrade():
    op.drop_index("ix_notification_preference_user_id", table_name="notification_preference")
    op.drop_table("notification_preference")
    op.drop_table("mail_template_override")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index("ix_outbox_message_ticket_number")
        for column in ("held_count", "held_reason", "thread_references", "message_id", "html", "ticket_number",
                       "event"):
            batch.drop_column(column)
