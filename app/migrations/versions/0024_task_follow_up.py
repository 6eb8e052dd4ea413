"""User tasks keep camunda:followUpDate: when the task is to be looked at again (Camunda's follow-up date).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 08:20:00

"""
import sqlalchemy as sa
from alembic import op

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_task") as batch:
        batch.add_column(sa.Column("follow_up_at", UtcDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("user_task") as batch:
        batch.drop_column("follow_up_at")
