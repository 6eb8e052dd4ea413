"""Knowledge base: full-text search index (SQLite FTS5 trigram table, PostgreSQL pg_trgm indexes).

The search objects stay outside the ORM metadata; app.knowledge.models.include_in_autogenerate keeps
autogenerate from seeing them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

SQLITE_UPGRADE = [
    "CREATE VIRTUAL TABLE kb_article_fts USING fts5("
    "title, body_markdown, content='kb_article', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER kb_article_fts_ai AFTER INSERT ON kb_article BEGIN "
    "INSERT INTO kb_article_fts(rowid, title, body_markdown) VALUES (new.id, new.title, new.body_markdown); "
    "END",
    "CREATE TRIGGER kb_article_fts_ad AFTER DELETE ON kb_article BEGIN "
    "INSERT INTO kb_article_fts(kb_article_fts, rowid, title, body_markdown) "
    "VALUES ('delete', old.id, old.title, old.body_markdown); "
    "END",
    "CREATE TRIGGER kb_article_fts_au AFTER UPDATE ON kb_article BEGIN "
    "INSERT INTO kb_article_fts(kb_article_fts, rowid, title, body_markdown) "
    "VALUES ('delete', old.id, old.title, old.body_markdown); "
    "INSERT INTO kb_article_fts(rowid, title, body_markdown) VALUES (new.id, new.title, new.body_markdown); "
    "END",
    "INSERT INTO kb_article_fts(kb_article_fts) VALUES ('rebuild')",
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS kb_article_fts_au",
    "DROP TRIGGER IF EXISTS kb_article_fts_ad",
    "DROP TRIGGER IF EXISTS kb_article_fts_ai",
    "DROP TABLE IF EXISTS kb_article_fts",
]
POSTGRESQL_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_kb_article_title_trgm ON kb_article USING gin (lower(title) gin_trgm_ops)",
    "CREATE INDEX ix_kb_article_body_trgm ON kb_article USING gin (lower(body_markdown) gin_trgm_ops)",
]
# The pg_trgm extension stays: other objects may have come to rely on it.
POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_kb_article_body_trgm",
    "DROP INDEX IF EXISTS ix_kb_article_title_trgm",
]


def run(statements_by_dialect):
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade():
    run({'sqlite': SQLITE_UPGRADE, 'postgresql': POSTGRESQL_UPGRADE})


def downgrade():
    run({'sqlite': SQLITE_DOWNGRADE, 'postgresql': POSTGRESQL_DOWNGRADE})
