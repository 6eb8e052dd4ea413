"""A draft records the deployed version of its process it was started from, so that deploying it cannot silently
replace a version deployed since.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06 20:15:00

Drafts saved before this revision keep NULL: FlowDesk then takes the version that was newest when the draft was
last saved (app/workflow/studio/draft_base.py), the best the stored rows can tell.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('process_draft') as batch:
        batch.add_column(sa.Column('started_from_version', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('process_draft') as batch:
        batch.drop_column('started_from_version')
