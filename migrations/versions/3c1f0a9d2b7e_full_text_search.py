"""full-text search: FTS5 on SQLite, a swedish tsvector GIN index on PostgreSQL

Revision ID: 3c1f0a9d2b7e
Revises: 8e0aeaa64faf
Create Date: 2026-11-23 13:15:00

"""
from alembic import op

revision = '3c1f0a9d2b7e'
down_revision = '8e0aeaa64faf'
branch_labels = None
depends_on = None

# Frozen copies of models/fulltext.py as of this revision.
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts USING fts5("
    "title, summary, body_md, content='submissions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS submissions_fts_insert AFTER INSERT ON submissions "
    "BEGIN INSERT INTO submissions_fts(rowid, title, summary, body_md) "
    "VALUES (new.id, new.title, new.summary, new.body_md); END",
    "CREATE TRIGGER IF NOT EXISTS submissions_fts_delete AFTER DELETE ON submissions "
    "BEGIN INSERT INTO submissions_fts(submissions_fts, rowid, title, summary, "
    "body_md) VALUES ('delete', old.id, old.title, old.summary, old.body_md); END",
    "CREATE TRIGGER IF NOT EXISTS submissions_fts_update AFTER UPDATE OF title, "
    "summary, body_md ON submissions BEGIN "
    "INSERT INTO submissions_fts(submissions_fts, rowid, title, summary, body_md) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body_md); "
    "INSERT INTO submissions_fts(rowid, title, summary, body_md) "
    "VALUES (new.id, new.title, new.summary, new.body_md); END",
    "INSERT INTO submissions_fts(submissions_fts) VALUES ('rebuild')",
]
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS ix_submissions_fulltext ON submissions USING gin "
    "((to_tsvector('swedish', title || ' ' || summary || ' ' || body_md)))",
]


def upgrade():
    dialect = op.get_bind().dialect.name
    for sql in SQLITE if dialect == "sqlite" else POSTGRES if dialect == "postgresql" else []:
        op.execute(sql)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS submissions_fts_{name}")
        op.execute("DROP TABLE IF EXISTS submissions_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_submissions_fulltext")
