"""Keep each instance's history head (last sequence number and hash) on its row.

Every step already locks the instance row; reading the head from it saves a query per step.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64


def upgrade():
    with op.batch_alter_table("process_instance") as batch:
        batch.add_column(sa.Column("history_seq", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("history_hash", sa.String(64), nullable=False, server_default=GENESIS_HASH))
    op.execute(
        "UPDATE process_instance SET "
        "history_seq = COALESCE((SELECT MAX(h.seq) FROM history_event h "
        "  WHERE h.stream = 'instance:' || process_instance.id), 0), "
        "history_hash = COALESCE((SELECT h.hash FROM history_event h "
        f"  WHERE h.stream = 'instance:' || process_instance.id ORDER BY h.seq DESC LIMIT 1), '{GENESIS_HASH}')"
    )


def downgrade():
    with op.batch_alter_table("process_instance") as batch:
        batch.drop_column("history_hash")
        batch.drop_column("history_seq")
