"""method library: initiatives as methods, feed tokens, ranked and weighted search

Revision ID: 7d99be3570bf
Revises: 943f30aa8a8b
Create Date: 2026-11-23 14:54:45.959178

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d99be3570bf'
down_revision = '943f30aa8a8b'
branch_labels = None
depends_on = None

# Frozen copies of models/fulltext.py as of this revision: the index now also
# covers a practice's purpose and method, and PostgreSQL keeps a weighted,
# stored tsvector instead of recomputing one per row.
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS submissions_fts_insert",
    "DROP TRIGGER IF EXISTS submissions_fts_delete",
    "DROP TRIGGER IF EXISTS submissions_fts_update",
    "DROP TABLE IF EXISTS submissions_fts",
]
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts USING fts5("
    "title, summary, body_md, purpose, method_md, "
    "content='submissions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
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
    "INSERT INTO submissions_fts(submissions_fts) VALUES ('rebuild')",
]
POSTGRES = [
    "DROP INDEX IF EXISTS ix_submissions_fulltext",
    "ALTER TABLE submissions ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS ("
    "setweight(to_tsvector('swedish', title), 'A') || "
    "setweight(to_tsvector('swedish', summary), 'B') || "
    "setweight(to_tsvector('swedish', body_md || ' ' || purpose || ' ' || method_md),"
    " 'C')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_submissions_search_vector ON submissions "
    "USING gin (search_vector)",
]
SQLITE_BEFORE = [
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
POSTGRES_BEFORE = [
    "DROP INDEX IF EXISTS ix_submissions_search_vector",
    "ALTER TABLE submissions DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX IF NOT EXISTS ix_submissions_fulltext ON submissions USING gin "
    "((to_tsvector('swedish', title || ' ' || summary || ' ' || body_md)))",
]


def upgrade():
    op.add_column('submissions', sa.Column('is_method', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('users', sa.Column('feed_token_hash', sa.String(length=64), nullable=True))
    op.create_index('uq_users_feed_token_hash', 'users', ['feed_token_hash'], unique=True)
    op.create_index('ix_submission_target_groups_group', 'submission_target_groups', ['target_group_id', 'submission_id'])
    op.create_index('ix_submissions_status_updated', 'submissions', ['status', 'updated_at'])
    op.create_index('ix_submissions_status_title', 'submissions', ['status', 'title'])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in SQLITE_DROP + SQLITE:
            op.execute(sql)
    elif dialect == "postgresql":
        for sql in POSTGRES:
            op.execute(sql)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in SQLITE_DROP + SQLITE_BEFORE:
            op.execute(sql)
    elif dialect == "postgresql":
        for sql in POSTGRES_BEFORE:
            op.execute(sql)
    op.drop_index('ix_submissions_status_title', table_name='submissions')
    op.drop_index('ix_submissions_status_updated', table_name='submissions')
    op.drop_index('ix_submission_target_groups_group', table_name='submission_target_groups')
    op.drop_index('uq_users_feed_token_hash', table_name='users')
    op.drop_column('users', 'feed_token_hash')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('is_method')
