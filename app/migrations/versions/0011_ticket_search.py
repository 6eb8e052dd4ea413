"""Finding tickets: saved filters, the indexes of the ticket list, full-text search over tickets and notes.

SQLite: FTS5 trigram tables over ticket (title, description) and ticket_note (body), kept in sync by
triggers. PostgreSQL: pg_trgm GIN indexes on the lower-cased texts. The search objects stay outside the ORM
metadata; app.knowledge.models.include_in_autogenerate keeps autogenerate from seeing them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from app.platform.types import UtcDateTime


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TICKET_INDEXES = (
    ('ix_ticket_assignee', ['assignee', 'id']),
    ('ix_ticket_ci', ['ci_id', 'id']),
    ('ix_ticket_department', ['requester_department_id', 'id']),
    ('ix_ticket_created', ['created_at', 'id']),
    ('ix_ticket_updated', ['updated_at', 'id']),
    ('ix_ticket_priority', ['priority', 'id']),
    ('ix_ticket_resolution_due', ['resolution_due_at', 'id']),
)

# Only changes of the searched texts touch the index: status and assignment updates do not.
SQLITE_UPGRADE = [
    "CREATE VIRTUAL TABLE ticket_fts USING fts5("
    "title, description, content='ticket', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER ticket_fts_ai AFTER INSERT ON ticket BEGIN "
    "INSERT INTO ticket_fts(rowid, title, description) VALUES (new.id, new.title, new.description); "
    "END",
    "CREATE TRIGGER ticket_fts_ad AFTER DELETE ON ticket BEGIN "
    "INSERT INTO ticket_fts(ticket_fts, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); "
    "END",
    "CREATE TRIGGER ticket_fts_au AFTER UPDATE OF title, description ON ticket BEGIN "
    "INSERT INTO ticket_fts(ticket_fts, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); "
    "INSERT INTO ticket_fts(rowid, title, description) VALUES (new.id, new.title, new.description); "
    "END",
    "INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE ticket_note_fts USING fts5("
    "body, content='ticket_note', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER ticket_note_fts_ai AFTER INSERT ON ticket_note BEGIN "
    "INSERT INTO ticket_note_fts(rowid, body) VALUES (new.id, new.body); "
    "END",
    "CREATE TRIGGER ticket_note_fts_ad AFTER DELETE ON ticket_note BEGIN "
    "INSERT INTO ticket_note_fts(ticket_note_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "END",
    "CREATE TRIGGER ticket_note_fts_au AFTER UPDATE OF body ON ticket_note BEGIN "
    "INSERT INTO ticket_note_fts(ticket_note_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO ticket_note_fts(rowid, body) VALUES (new.id, new.body); "
    "END",
    "INSERT INTO ticket_note_fts(ticket_note_fts) VALUES ('rebuild')",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS ticket_note_fts_au",
    "DROP TRIGGER IF EXISTS ticket_note_fts_ad",
    "DROP TRIGGER IF EXISTS ticket_note_fts_ai",
    "DROP TABLE IF EXISTS ticket_note_fts",
    "DROP TRIGGER IF EXISTS ticket_fts_au",
    "DROP TRIGGER IF EXISTS ticket_fts_ad",
    "DROP TRIGGER IF EXISTS ticket_fts_ai",
    "DROP TABLE IF EXISTS ticket_fts",
]
POSTGRESQL_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_ticket_title_trgm ON ticket USING gin (lower(title) gin_trgm_ops)",
    "CREATE INDEX ix_ticket_description_trgm ON ticket USING gin (lower(description) gin_trgm_ops)",
    "CREATE INDEX ix_ticket_note_body_trgm ON ticket_note USING gin (lower(body) gin_trgm_ops)",
]
# The pg_trgm extension stays: the knowledge base's indexes rely on it too.
POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_ticket_note_body_trgm",
    "DROP INDEX IF EXISTS ix_ticket_description_trgm",
    "DROP INDEX IF EXISTS ix_ticket_title_trgm",
]


def run(statements_by_dialect):
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade():
    op.create_table('saved_ticket_filter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('created_at', UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('owner', 'name', name='uq_saved_ticket_filter_owner_name')
    )
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        for name, columns in TICKET_INDEXES:
            batch_op.create_index(name, columns, unique=False)
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_note_author', ['author', 'ticket_id'], unique=False)
    run({'sqlite': SQLITE_UPGRADE, 'postgresql': POSTGRESQL_UPGRADE})


def downgrade():
    run({'sqlite': SQLITE_DOWNGRADE, 'postgresql': POSTGRESQL_DOWNGRADE})
    with op.batch_alter_table('ticket_note', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_note_author')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        for name, _columns in reversed(TICKET_INDEXES):
            batch_op.drop_index(name)
    op.drop_table('saved_ticket_filter')
