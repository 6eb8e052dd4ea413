"""Reports: counters and duration buckets by kind, group, service (and policy) only, daily and monthly, so a dashboard
not filtered by category or priority reads a few rows a day at a million tickets, and monthly buckets by category and
by priority for the whole months of a period filtered by one of them (the upgrade fills them from the
fine tables they sum); and where a bounded catch-up pass stopped.

Revision ID: 0057
Revises: 0052
Create Date: 2026-12-07 03:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0057'
down_revision = '0052'
branch_labels = None
depends_on = None

DIMENSIONS = ('kind', 'grp', 'category_id', 'priority', 'service_id', 'policy')
COUNTERS = ('opened', 'out', 'solved', 'open_delta', 'reopened', 'fcr', 'response_done', 'response_met',
            'resolution_done', 'resolution_met', 'escalations', 'rated', 'rating_sum', 'change_done',
            'change_failed', 'change_emergency', 'open_ordinal_delta')
# new table: (the fine table it sums, the key columns kept as they are, the summed columns)
FILLED_FROM = {
    'report_daily_group': ('report_daily', ('day', 'kind', 'grp', 'service_id', 'policy'), COUNTERS),
    'report_monthly_group': ('report_monthly', ('day', 'kind', 'grp', 'service_id', 'policy'), COUNTERS),
    'report_duration_group': ('report_duration', ('day', 'kind', 'grp', 'service_id', 'measure', 'bucket'),
                              ('count',)),
    'report_monthly_duration_category': ('report_duration', ('MONTH', 'kind', 'grp', 'category_id', 'service_id',
                                                              'measure', 'bucket'), ('count',)),
    'report_monthly_duration_priority': ('report_duration', ('MONTH', 'kind', 'grp', 'priority', 'service_id',
                                                              'measure', 'bucket'), ('count',)),
}
BUCKET_TABLES = ('report_duration_group', 'report_monthly_duration_category', 'report_monthly_duration_priority')


def dimension_columns():
    """Return the key columns every roll-up table shares."""
    return [sa.Column('day', sa.Date(), nullable=False), sa.Column('kind', sa.String(length=20), nullable=False),
            sa.Column('grp', sa.String(length=80), nullable=False),
            sa.Column('category_id', sa.Integer(), nullable=False),
            sa.Column('priority', sa.String(length=10), nullable=False),
            sa.Column('service_id', sa.Integer(), nullable=False),
            sa.Column('policy', sa.String(length=100), nullable=False)]


def upgrade():
    for grain in ('daily', 'monthly'):
        op.create_table(
            f'report_{grain}_group',
            sa.Column('id', sa.Integer(), primary_key=True),
            *dimension_columns(),
            *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS if name != 'open_ordinal_delta'],
            sa.Column('open_ordinal_delta', sa.BigInteger(), nullable=False),
            sa.UniqueConstraint('day', *DIMENSIONS, name=f'uq_report_{grain}_group_key'),
        )
    for table in BUCKET_TABLES:
        op.create_table(
            table,
            sa.Column('id', sa.Integer(), primary_key=True),
            *dimension_columns(),
            sa.Column('measure', sa.String(length=20), nullable=False),
            sa.Column('bucket', sa.Integer(), nullable=False),
            sa.Column('count', sa.Integer(), nullable=False),
            sa.UniqueConstraint('day', *DIMENSIONS, 'measure', 'bucket', name=f'uq_{table}_key'),
        )
    # where a bounded catch-up pass stopped (0: it read to the end)
    op.add_column('report_watermark', sa.Column('ticket_id', sa.Integer(), nullable=False, server_default='0'))
    blank = {'category_id': "0", 'priority': "''", 'policy': "''"}  # the keys the new tables do not keep
    month = ("CAST(date_trunc('month', day) AS DATE)" if op.get_bind().dialect.name == 'postgresql'
             else "date(day, 'start of month')")
    for table, (source, kept, summed) in FILLED_FROM.items():
        blanked = [name for name in blank if name not in kept]
        columns = ", ".join((*('day' if name == 'MONTH' else name for name in kept), *blanked, *summed))
        read = [month if name == 'MONTH' else name for name in kept]
        values = ", ".join((*read, *[blank[name] for name in blanked], *[f"SUM({name})" for name in summed]))
        op.execute(f"INSERT INTO {table} ({columns}) SELECT {values} FROM {source} GROUP BY {', '.join(read)}")


def downgrade():
    with op.batch_alter_table('report_watermark') as batch:
        batch.drop_column('ticket_id')
    for table in (*BUCKET_TABLES, 'report_monthly_group', 'report_daily_group'):
        op.drop_table(table)
