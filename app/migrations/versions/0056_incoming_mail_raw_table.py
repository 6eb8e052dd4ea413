"""Incoming mail keeps its raw bytes in a table of their own (mail_incoming_raw), one row per message.

SQLite rewrites a whole row, every overflow page of a 500 KB message, whenever one of its columns changes; a polled
message's row changes twice after its bytes are stored (its outcome, then its move to its folder), which wrote about
2 MB of WAL a heavy mail for bytes that never change. The upgrade copies the bytes over and drops the column; the
downgrade writes them back.

Revision ID: 0056
Revises: 0055
Create Date: 2026-12-07 03:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0056'
down_revision = '0055'
branch_labels = None
depends_on = None

MAIL = sa.table("mail_incoming", sa.column("id", sa.Integer), sa.column("raw", sa.LargeBinary))
RAW = sa.table("mail_incoming_raw", sa.column("mail_id", sa.Integer), sa.column("raw", sa.LargeBinary))


def upgrade():
    # The foreign key comes last: SQLite drops mail_incoming to remove its column, and with foreign keys on, that
    # drop would cascade into a table already pointing at it.
    op.create_table(
        'mail_incoming_raw',
        sa.Column('mail_id', sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column('raw', sa.LargeBinary(), nullable=False),
    )
    op.execute(sa.insert(RAW).from_select(["mail_id", "raw"], sa.select(MAIL.c.id, MAIL.c.raw)))
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.drop_column('raw')
    with op.batch_alter_table('mail_incoming_raw', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_mail_incoming_raw_mail_id', 'mail_incoming', ['mail_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raw', sa.LargeBinary(), nullable=True))
    stored = sa.select(RAW.c.raw).where(RAW.c.mail_id == MAIL.c.id).scalar_subquery()
    op.execute(sa.update(MAIL).values(raw=sa.func.coalesce(stored, b"")))
    op.drop_table('mail_incoming_raw')  # before SQLite recreates mail_incoming below (see upgrade)
    with op.batch_alter_table('mail_incoming', schema=None) as batch_op:
        batch_op.alter_column('raw', existing_type=sa.LargeBinary(), nullable=False)
