"""full-text search on SQLite: prefix indexes for 2 and 3 letters, no vocabulary

Revision ID: 549e8f3f023f
Revises: b7d3e5a1c9f2
Create Date: 2026-12-02 01:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '549e8f3f023f'
down_revision = 'b7d3e5a1c9f2'
branch_labels = None
depends_on = None

# Frozen copies of models/read/fulltext.py as of this revision. Every word is a
# prefix query now; FTS5 keeps prefix indexes for words of two and three
# letters, and the vocabulary table the words were expanded through goes.
# PostgreSQL is unchanged.
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS submissions_fts_insert",
    "DROP TRIGGER IF EXISTS submissions_fts_delete",
    "DROP TRIGGER IF EXISTS submissions_fts_update",
    "DROP TABLE IF EXISTS submissions_fts_vocab",
    "DROP TABLE IF EXISTS submissions_fts",
]
TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS submissions_fts_insert AFTER INSERT ON submissions "
    "BEGIN INSERT INTO submissions_fts(rowid, title, summary, body_md, purpose, "
    "method_md) VALUES (new.id, new.title, new.summary, new.body_md, new.purpose, "
    "new.method_md); END",
    "CREATE TRIGGER IF NOT EXISTS submissions_fts_delete AFTER DELETE ON submissions "
    "BEGIN INSERT INTO submissions_fts(submissions_fts, rowid, title, summary, "
    "body_md, purpose, method_md) VALUES ('delete', old.id, old.title, old.summary, "
    "old.body_md, old.purpose, old.method_md); END",
    "CREATE TRIGGER IF NOT EXISTS submissions_fts_update AFTER UPDATE OF title, "
    "summary, body_md, purpose, method_md ON submissions BEGIN "
    "INSERT INTO submissions_fts(submissions_fts, rowid, title, summary, body_md, "
    "purpose, method_md) VALUES ('delete', old.id, old.title, old.summary, "
    "old.body_md, old.purpose, old.method_md); "
    "INSERT INTO submissions_fts(rowid, title, summary, body_md, purpose, method_md) "
    "VALUES (new.id, new.title, new.summary, new.body_md, new.purpose, "
    "new.method_md); END",
]
REBUILD = "INSERT INTO submissions_fts(submissions_fts) VALUES ('rebuild')"
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts USING fts5("
    "title, summary, body_md, purpose, method_md, "
    "content='submissions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    *TRIGGERS,
    REBUILD,
]
SQLITE_BEFORE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts USING fts5("
    "title, summary, body_md, purpose, method_md, "
    "content='submissions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    *TRIGGERS,
    REBUILD,
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts_vocab "
    "USING fts5vocab(submissions_fts, 'row')",
]


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for sql in SQLITE_DROP + SQLITE:
        op.execute(sql)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for sql in SQLITE_DROP + SQLITE_BEFORE:
        op.execute(sql)
