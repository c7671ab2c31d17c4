"""Full-text search over submissions behind one interface, on both databases.

SQLite: an FTS5 table kept in step by triggers, unicode61 without diacritic
folding so å, ä and ö stay distinct letters. PostgreSQL: a GIN index on a
`swedish` tsvector of the same text. Every word is matched as a prefix, so
"arbetsträning" finds "arbetsträningsplatserna".
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, Integer, column, event, text

from .submission import Submission

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
PG_DOCUMENT = "title || ' ' || summary || ' ' || body_md"
PG_QUERY_DOCUMENT = (
    "submissions.title || ' ' || submissions.summary || ' ' || submissions.body_md"
)

SQLITE_DDL = [
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
]
POSTGRES_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_submissions_fulltext ON submissions USING gin "
    f"((to_tsvector('swedish', {PG_DOCUMENT})))",
]
# Objects the models do not describe; migrations create them, and the
# migration-vs-models comparison leaves them out.
FULLTEXT_OBJECTS = frozenset(
    {
        "submissions_fts",
        "submissions_fts_data",
        "submissions_fts_idx",
        "submissions_fts_docsize",
        "submissions_fts_config",
        "ix_submissions_fulltext",
    }
)

for _sql in SQLITE_DDL:
    event.listen(
        Submission.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite")
    )
for _sql in POSTGRES_DDL:
    event.listen(
        Submission.__table__, "after_create", DDL(_sql).execute_if(dialect="postgresql")
    )


def words(query: str) -> list[str]:
    """Split a query into plain words (no search-syntax characters survive)."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def matches(query: str, dialect: str):
    """Return a condition on Submission true when every word prefixes a word in it."""
    terms = words(query)
    if not terms:
        return None
    if dialect == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return text(
            f"to_tsvector('swedish', {PG_QUERY_DOCUMENT}) "
            "@@ to_tsquery('swedish', :fts_query)"
        ).bindparams(fts_query=tsquery)
    fts_query = " ".join(f'"{t}"*' for t in terms)
    return Submission.id.in_(
        text("SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH :fts_query")
        .bindparams(fts_query=fts_query)
        .columns(column("rowid", Integer))
    )


event.listen(
    Submission.__table__,
    "before_drop",
    DDL("DROP TABLE IF EXISTS submissions_fts").execute_if(dialect="sqlite"),
)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to leave the full-text objects alone."""
    return name not in FULLTEXT_OBJECTS
