"""The request catalogue: categories, items pinned to a diagram version, audiences, requests, approvers, drafts;
reporting lines for approvals by rule (line manager, department head, cost centres); a CI's owning person.

Revision ID: 0051
Revises: 0046
Create Date: 2026-12-06 23:30:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime

# revision identifiers, used by Alembic.
revision = '0051'
down_revision = '0050'
branch_labels = None
depends_on = None


def upgrade():
    # Plain nullable columns: added in place (no batch copy of tables other tables' foreign keys point at).
    op.add_column('department', sa.Column('head_login', sa.String(length=80), nullable=True))
    op.add_column('department', sa.Column('cost_centre', sa.String(length=40), nullable=True))
    op.add_column('app_user', sa.Column('manager_login', sa.String(length=80), nullable=True))
    op.add_column('app_user', sa.Column('cost_centre', sa.String(length=40), nullable=True))
    op.add_column('configuration_item', sa.Column('owner_login', sa.String(length=80), nullable=True))
    op.create_table(
        'cost_centre',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('code', sa.String(length=40), nullable=False, unique=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('owner_login', sa.String(length=80), nullable=True),
    )
    op.create_table(
        'catalogue_category',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(length=120), nullable=False, unique=True),
        sa.Column('name_zh', sa.String(length=120), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False, server_default='0'),
    )
    op.create_table(
        'catalogue_item',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('key', sa.String(length=80), nullable=False, unique=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('name_zh', sa.String(length=200), nullable=True),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('description_zh', sa.Text(), nullable=True),
        sa.Column('icon', sa.String(length=40), nullable=False, server_default='box'),
        sa.Column('category_id', sa.Integer(), sa.ForeignKey(
            'catalogue_category.id', name='fk_catalogue_item_category_id', ondelete='SET NULL'), nullable=True),
        sa.Column('definition_id', sa.Integer(), sa.ForeignKey(
            'process_definition.id', name='fk_catalogue_item_definition_id'), nullable=False),
        sa.Column('unit_price', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('max_quantity', sa.Integer(), nullable=False, server_default='1'),
        sa.Column('sla_hours', sa.Integer(), nullable=True),
        sa.Column('on_behalf', sa.String(length=10), nullable=False, server_default='self'),
        sa.Column('active', sa.Boolean(), nullable=False, server_default='1'),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'catalogue_audience',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('item_id', sa.Integer(), sa.ForeignKey(
            'catalogue_item.id', name='fk_catalogue_audience_item_id', ondelete='CASCADE'), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('value', sa.String(length=80), nullable=False),
        sa.UniqueConstraint('item_id', 'kind', 'value', name='uq_catalogue_audience'),
    )
    op.create_index('ix_catalogue_audience_item_id', 'catalogue_audience', ['item_id'])
    op.create_table(
        'catalogue_request',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey(
            'ticket.id', name='fk_catalogue_request_ticket_id', ondelete='CASCADE'), nullable=False),
        sa.Column('item_id', sa.Integer(), sa.ForeignKey(
            'catalogue_item.id', name='fk_catalogue_request_item_id'), nullable=False),
        sa.Column('definition_id', sa.Integer(), sa.ForeignKey(
            'process_definition.id', name='fk_catalogue_request_definition_id'), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('unit_price', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('ordered_by', sa.String(length=80), nullable=False),
        sa.Column('ordered_at', UtcDateTime(), nullable=False),
        sa.Column('answers', sa.Text(), nullable=False),
        sa.UniqueConstraint('ticket_id', name='uq_catalogue_request_ticket_id'),
    )
    op.create_index('ix_catalogue_request_ordered_by', 'catalogue_request', ['ordered_by', 'id'])
    op.create_table(
        'catalogue_approval',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('ticket_id', sa.Integer(), sa.ForeignKey(
            'ticket.id', name='fk_catalogue_approval_ticket_id', ondelete='CASCADE'), nullable=False),
        sa.Column('element_id', sa.String(length=200), nullable=False),
        sa.Column('rule', sa.String(length=120), nullable=False),
        sa.Column('approver', sa.String(length=80), nullable=False),
        sa.Column('resolved_at', UtcDateTime(), nullable=False),
    )
    op.create_index('ix_catalogue_approval_ticket', 'catalogue_approval', ['ticket_id', 'id'])
    op.create_table(
        'catalogue_draft',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('item_id', sa.Integer(), sa.ForeignKey(
            'catalogue_item.id', name='fk_catalogue_draft_item_id', ondelete='CASCADE'), nullable=False),
        sa.Column('owner', sa.String(length=80), nullable=False),
        sa.Column('answers', sa.Text(), nullable=False),
        sa.Column('saved_at', UtcDateTime(), nullable=False),
    )
    op.create_index('ix_catalogue_draft_owner', 'catalogue_draft', ['owner', 'id'])


def downgrade():
    for table in ('catalogue_draft', 'catalogue_approval', 'catalogue_request', 'catalogue_audience',
                  'catalogue_item', 'catalogue_category', 'cost_centre'):
        op.drop_table(table)
    drop_plain_columns('configuration_item', 'owner_login')
    drop_plain_columns('app_user', 'cost_centre', 'manager_login')
    drop_plain_columns('department', 'cost_centre', 'head_login')


def drop_plain_columns(table: str, *columns: str) -> None:
    """Drop unindexed columns in place: SQLite (3.35 and later) drops them itself, where a batch copy of a table
    that other tables' foreign keys point at fails on dropping the old table."""
    for column in columns:
        if op.get_bind().dialect.name == 'sqlite':
            op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
        else:
            op.drop_column(table, column)
