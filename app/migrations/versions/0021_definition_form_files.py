"""Camunda Forms deployed with a process version: the .form files its camunda:formKey names.

A version is parsed again from what is stored, so the forms that give its tasks their fields are
stored beside the XML (JSON: file name -> form text); versions without forms keep NULL.

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-06 05:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('process_definition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_files', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('process_definition', schema=None) as batch_op:
        batch_op.drop_column('form_files')
