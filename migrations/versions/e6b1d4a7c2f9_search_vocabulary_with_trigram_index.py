"""search: a vocabulary of the submissions' words with a trigram index, so a
word's stem finds the compounds that end with it

Revision ID: e6b1d4a7c2f9
Revises: a7d2c9e4f1b3
Create Date: 2026-12-06 19:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e6b1d4a7c2f9"
down_revision = "a7d2c9e4f1b3"
branch_labels = None
depends_on = None

# Frozen copies of models/read/fulltext.py as of this revision: the trigram
# index over the vocabulary, and the vocabulary filled from the rows there are
# (SQLite reads the words from its FTS5 index, PostgreSQL parses the text with
# the 'simple' configuration: lower case, no stemming).
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_words_trigram USING fts5("
    "word, content='search_words', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS search_words_trigram_insert AFTER INSERT ON "
    "search_words BEGIN INSERT INTO search_words_trigram(rowid, word) "
    "VALUES (new.id, new.word); END",
    "CREATE TRIGGER IF NOT EXISTS search_words_trigram_delete AFTER DELETE ON "
    "search_words BEGIN INSERT INTO search_words_trigram(search_words_trigram, "
    "rowid, word) VALUES ('delete', old.id, old.word); END",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.submissions_fts_terms "
    "USING fts5vocab(main, submissions_fts, row)",
    "INSERT OR IGNORE INTO search_words (word) SELECT term FROM "
    "temp.submissions_fts_terms WHERE length(term) BETWEEN 5 AND 64",
    "DROP TABLE temp.submissions_fts_terms",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_search_words_trigram ON search_words "
    "USING gin (word gin_trgm_ops)",
    "INSERT INTO search_words (word) SELECT word FROM ts_stat($$SELECT "
    "to_tsvector('simple', title || ' ' || summary || ' ' || body_md || ' ' || "
    "purpose || ' ' || method_md) FROM submissions$$) "
    "WHERE length(word) BETWEEN 5 AND 64 "
    "AND word !~ '[[:punct:][:space:]]' ON CONFLICT DO NOTHING",
]


def upgrade():
    op.create_table(
        "search_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_words")),
    )
    op.create_index("ix_search_words_word", "search_words", ["word"], unique=True)
    dialect = op.get_bind().dialect.name
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(dialect, []):
        op.execute(sql)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_words_trigram")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_words_trigram")
    op.drop_index("ix_search_words_word", table_name="search_words")
    op.drop_table("search_words")
