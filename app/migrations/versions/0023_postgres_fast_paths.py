"""PostgreSQL: a function that refuses a claim inside the statement that makes it.

A claim now travels with its transaction's COMMIT (one round trip fewer), so the check that the task
was still unclaimed cannot wait for the UPDATE's rowcount: the claiming statement calls this function
when its UPDATE matched no row, which aborts the transaction before the COMMIT behind it can run.
SQLSTATE FD002 tells the application which error it is (it refuses the claim as before). SQLite keeps
checking the rowcount; nothing changes there.

Revision ID: 0023
Revises: 0017
Create Date: 2026-12-06 05:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION flowdesk_refuse_claim(task_id varchar) RETURNS integer "
        "LANGUAGE plpgsql VOLATILE AS $$ BEGIN "
        "RAISE EXCEPTION 'Task % was claimed by someone else a moment ago.', task_id USING ERRCODE = 'FD002'; "
        "END $$"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS flowdesk_refuse_claim(varchar)")
