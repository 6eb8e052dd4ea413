"""Knowledge base: categories and articles.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 23:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kb_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['kb_category.id'], name='fk_kb_category_parent_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('parent_id', 'name', name='uq_kb_category_parent_name')
    )
    op.create_table('kb_article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body_markdown', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('author', sa.String(length=80), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.Column('updated_at', UtcDateTime(), nullable=False),
    sa.Column('published_at', UtcDateTime(), nullable=True),
    sa.Column('source_ticket', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['kb_category.id'], name='fk_kb_article_category_id'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kb_article', schema=None) as batch_op:
        batch_op.create_index('ix_kb_article_category', ['category_id'], unique=False)
        batch_op.create_index('ix_kb_article_status', ['status', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('kb_article', schema=None) as batch_op:
        batch_op.drop_index('ix_kb_article_status')
        batch_op.drop_index('ix_kb_article_category')
    op.drop_table('kb_article')
    op.drop_table('kb_category')
