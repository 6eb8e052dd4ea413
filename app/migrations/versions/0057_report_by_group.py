"""Reports: counters and duration buckets by kind, group, service (and policy) only, daily and monthly, so a dashboard
not filtered by category or priority reads a few rows a day at a million tickets, and monthly buckets by category and
by priority for the whole months of a period filtered by one of them (the upgrade fills them from the fine tables
they sum); where a bounded catch-up pass stopped; and the last day each ticket counts on, for agents' dashboards.

Revision ID: 0057
Revises: 0056
Create Date: 2026-12-07 03:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0057'
down_revision = '0056'
branch_labels = None
depends_on = None

# new table: (the fine table whose shape it takes and whose rows it sums, the keys it keeps; MONTH: the day's month)
FILLED_FROM = {
    'report_daily_group': ('report_daily', ('day', 'kind', 'grp', 'service_id', 'policy')),
    'report_monthly_group': ('report_monthly', ('day', 'kind', 'grp', 'service_id', 'policy')),
    'report_duration_group': ('report_duration', ('day', 'kind', 'grp', 'service_id', 'measure', 'bucket')),
    'report_monthly_duration_category': ('report_duration', ('MONTH', 'kind', 'grp', 'category_id', 'service_id',
                                                             'measure', 'bucket')),
    'report_monthly_duration_priority': ('report_duration', ('MONTH', 'kind', 'grp', 'priority', 'service_id',
                                                             'measure', 'bucket')),
}
BLANK = {'category_id': "0", 'priority': "''", 'policy': "''"}  # what a key the new tables do not keep holds


def create_like(table, source):
    """Create a table with the columns and unique key of a fine one; return the names of its summed columns."""
    shape = sa.Table(source, sa.MetaData(), autoload_with=op.get_bind())
    key = next(iter(sa.inspect(op.get_bind()).get_unique_constraints(source)))['column_names']
    op.create_table(table, *[sa.Column(column.name, column.type, primary_key=column.primary_key,
                                       nullable=column.nullable) for column in shape.columns],
                    sa.UniqueConstraint(*key, name=f'uq_{table}_key'))
    return [column.name for column in shape.columns if column.name != 'id' and column.name not in key]


def upgrade():
    month = ("CAST(date_trunc('month', day) AS DATE)" if op.get_bind().dialect.name == 'postgresql'
             else "date(day, 'start of month')")
    for table, (source, kept) in FILLED_FROM.items():
        summed = create_like(table, source)
        blanked = [name for name in BLANK if name not in kept]
        columns = ", ".join((*('day' if name == 'MONTH' else name for name in kept), *blanked, *summed))
        read = [month if name == 'MONTH' else name for name in kept]
        values = ", ".join((*read, *[BLANK[name] for name in blanked], *[f"SUM({name})" for name in summed]))
        op.execute(f"INSERT INTO {table} ({columns}) SELECT {values} FROM {source} GROUP BY {', '.join(read)}")
    # where a bounded catch-up pass stopped (0: it read to the end)
    op.add_column('report_watermark', sa.Column('ticket_id', sa.Integer(), nullable=False, server_default='0'))
    # the last day a ticket counts on: until the next rebuild or change, every stored ticket counts on forever
    # (read by an agent's dashboard whatever its period, as before)
    op.add_column('report_ticket', sa.Column('until_day', sa.Date(), nullable=False, server_default='9999-12-31'))
    op.drop_index('ix_report_ticket_assignee', table_name='report_ticket')
    op.create_index('ix_report_ticket_assignee_until', 'report_ticket', ['assignee', 'until_day'])


def downgrade():
    op.drop_index('ix_report_ticket_assignee_until', table_name='report_ticket')
    with op.batch_alter_table('report_ticket') as batch:
        batch.drop_column('until_day')
    op.create_index('ix_report_ticket_assignee', 'report_ticket', ['assignee'])
    with op.batch_alter_table('report_watermark') as batch:
        batch.drop_column('ticket_id')
    for table in reversed(FILLED_FROM):
        op.drop_table(table)
