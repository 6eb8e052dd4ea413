"""Keyed history: the signed checkpoints of the history streams' heads (history_checkpoint, append-only), and a
first "legacy" checkpoint holding every stream's head now, signed with the history key: events up to it
stay verifiable as plain SHA-256, every later one is an HMAC-SHA256 with the key.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 02:30:00

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

CHECKPOINTS_ARE_APPEND_ONLY = "history_checkpoint is append-only: its rows are never updated or deleted"


def upgrade():
    op.create_table(
        'history_checkpoint',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('taken_at', UtcDateTime(), nullable=False),
        sa.Column('up_to_event_id', sa.Integer(), nullable=False),
        sa.Column('heads', sa.Text(), nullable=False),
        sa.Column('prev_signature', sa.String(length=64), nullable=False),
        sa.Column('signature', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    forbid_checkpoint_changes()
    sign_legacy_heads()


def sign_legacy_heads():
    """Sign every stream's head as it stands: the end of its plain SHA-256 part (nothing to do on an empty trail)."""
    from app.workflow.instances.history import CHECKPOINT_TABLE, GENESIS_HASH, checkpoint_row, heads_query

    connection = op.get_bind()
    newest = connection.execute(sa.text("SELECT MAX(id) FROM history_event")).scalar()
    if newest is None:
        return
    heads = connection.execute(heads_query(0, newest)).all()
    connection.execute(sa.insert(CHECKPOINT_TABLE),
                       checkpoint_row("legacy", heads, newest, datetime.now(UTC), GENESIS_HASH))


def forbid_checkpoint_changes():
    """Make the database refuse UPDATE and DELETE on the checkpoints, as on the history."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER history_checkpoint_no_{action.lower()} BEFORE {action} ON history_checkpoint "
                f"BEGIN SELECT RAISE(ABORT, '{CHECKPOINTS_ARE_APPEND_ONLY}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION history_checkpoint_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{CHECKPOINTS_ARE_APPEND_ONLY}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER history_checkpoint_append_only BEFORE UPDATE OR DELETE ON history_checkpoint "
        "FOR EACH ROW EXECUTE FUNCTION history_checkpoint_refuse_change()"
    )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS history_checkpoint_append_only ON history_checkpoint")
        op.execute("DROP FUNCTION IF EXISTS history_checkpoint_refuse_change()")
    op.drop_table('history_checkpoint')
