"""PostgreSQL: a function that refuses a stale step inside the statement that saves it.

A step's save now travels with its transaction's COMMIT (one round trip fewer), so its lock_version
check cannot wait for the rowcount to come back: the saving statement calls this function when its
UPDATE matched no row, which aborts the transaction before the COMMIT behind it can run. SQLSTATE
FD001 tells the application which error it is (it raises StaleInstance and runs the step again).
SQLite keeps checking the rowcount; nothing changes there.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-06 02:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION flowdesk_refuse_stale_step(instance_id integer, expected integer) RETURNS integer "
        "LANGUAGE plpgsql VOLATILE AS $$ BEGIN "
        "RAISE EXCEPTION 'Instance % was changed by another step since version % was read; "
        "this step was not saved and runs again.', instance_id, expected USING ERRCODE = 'FD001'; "
        "END $$"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS flowdesk_refuse_stale_step(integer, integer)")
