"""Full-text search over submissions behind one interface, on both databases.

SQLite: an FTS5 table kept in step by triggers, unicode61 without diacritic
folding so å, ä and ö stay distinct letters. PostgreSQL: a stored, weighted
`swedish` tsvector column with a GIN index. Every word is matched as a prefix,
so "arbetsträning" finds "arbetsträningsplatserna". Results can be ranked
(title before summary before the rest) and shown with highlighted snippets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import (
    DDL,
    ColumnElement,
    Float,
    Integer,
    Select,
    bindparam,
    column,
    event,
    func,
    literal_column,
    select,
    text,
)

from .base import db
from .submission import Submission

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
COLUMNS = ("title", "summary", "body_md", "purpose", "method_md")
# SQLite's snippets come from the summary, body, purpose and method columns,
# so the title is never repeated as its own snippet.
# bm25 weights per column on SQLite (title, summary, body, purpose, method);
# PostgreSQL weighs the title A, the summary B and the rest C.
SQLITE_HITS = (
    "SELECT rowid, bm25(submissions_fts, 10.0, 4.0, 1.0, 2.0, 1.0) AS score "
    "FROM submissions_fts WHERE submissions_fts MATCH :fts_query"
)
SQLITE_HIGHLIGHTS = (
    "SELECT rowid, highlight(submissions_fts, 0, char(2), char(3)), "
    "snippet(submissions_fts, 1, char(2), char(3), '…', 24), "
    "snippet(submissions_fts, 2, char(2), char(3), '…', 24), "
    "snippet(submissions_fts, 3, char(2), char(3), '…', 24), "
    "snippet(submissions_fts, 4, char(2), char(3), '…', 24) "
    "FROM submissions_fts WHERE submissions_fts MATCH :fts_query AND rowid IN :ids"
)
OPEN, CLOSE = "\x02", "\x03"
PG_TITLE_OPTIONS = "StartSel=\x02, StopSel=\x03, HighlightAll=true"
PG_SNIPPET_OPTIONS = (
    "StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=10, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
SEARCH_VECTOR = literal_column("submissions.search_vector")
MARKDOWN_MARKS = re.compile(r"[*_`#>|]+|\[|\]\([^)]*\)")

SQLITE_DDL = [
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
]
PG_VECTOR = (
    "setweight(to_tsvector('swedish', title), 'A') || "
    "setweight(to_tsvector('swedish', summary), 'B') || "
    "setweight(to_tsvector('swedish', body_md || ' ' || purpose || ' ' || method_md),"
    " 'C')"
)
POSTGRES_DDL = [
    "ALTER TABLE submissions ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED",
    "CREATE INDEX IF NOT EXISTS ix_submissions_search_vector ON submissions "
    "USING gin (search_vector)",
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
        "search_vector",
        "ix_submissions_search_vector",
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
event.listen(
    Submission.__table__,
    "before_drop",
    DDL("DROP TABLE IF EXISTS submissions_fts").execute_if(dialect="sqlite"),
)


def words(query: str) -> list[str]:
    """Split a query into plain words (no search-syntax characters survive)."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def _sqlite_query(terms: list[str]) -> str:
    return " ".join(f'"{t}"*' for t in terms)


def _pg_query(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in terms)


def _tsquery(terms: list[str]):
    return func.to_tsquery(literal_column("'swedish'::regconfig"), _pg_query(terms))


def matches(query: str, dialect: str):
    """Return a condition on Submission true when every word prefixes a word in it."""
    terms = words(query)
    if not terms:
        return None
    if dialect == "postgresql":
        return SEARCH_VECTOR.op("@@")(_tsquery(terms))
    return Submission.id.in_(
        text("SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH :fts_query")
        .bindparams(fts_query=_sqlite_query(terms))
        .columns(column("rowid", Integer))
    )


def search(stmt: Select, query: str, dialect: str) -> tuple[Select, ColumnElement]:
    """Restrict a select of submissions to the query's matches, with a score.

    Order by the score ascending to get the best match first (title words count
    most, then the summary, then the rest).
    """
    terms = words(query)
    if dialect == "postgresql":
        tsquery = _tsquery(terms)
        score = -func.ts_rank(SEARCH_VECTOR, tsquery)
        return stmt.where(SEARCH_VECTOR.op("@@")(tsquery)), score
    hits = (
        text(SQLITE_HITS)
        .bindparams(fts_query=_sqlite_query(terms))
        .columns(column("rowid", Integer), column("score", Float))
        .subquery("fts_hits")
    )
    return stmt.join(hits, hits.c.rowid == Submission.id), hits.c.score


def highlights(ids: list[int], query: str, dialect: str) -> dict[int, Highlight]:
    """Return each submission's title and best passage with the query words marked."""
    terms = words(query)
    if not ids or not terms:
        return {}
    if dialect == "postgresql":
        tsquery = _tsquery(terms)
        config = literal_column("'swedish'::regconfig")
        passage = (
            Submission.summary + " " + Submission.body_md + " " + Submission.purpose
        )
        stmt = select(
            Submission.id,
            func.ts_headline(config, Submission.title, tsquery, PG_TITLE_OPTIONS),
            func.ts_headline(config, passage, tsquery, PG_SNIPPET_OPTIONS),
        ).where(Submission.id.in_(ids))
    else:
        stmt = text(SQLITE_HIGHLIGHTS).bindparams(
            bindparam("ids", list(ids), expanding=True),
            fts_query=_sqlite_query(terms),
        )
    found = {}
    for ident, title, *passages in db.session.execute(stmt):
        # The summary or the first other field where a word was found.
        best = next((p for p in passages if p and OPEN in p), passages[0] or "")
        found[ident] = Highlight(marked(title), marked(_plain(best)))
    return found


@dataclass(frozen=True)
class Highlight:
    """A title and a passage as safe HTML with the matched words in <mark>."""

    title: Markup
    snippet: Markup


def _plain(passage: str) -> str:
    """Drop Markdown punctuation so a passage reads as prose."""
    return " ".join(MARKDOWN_MARKS.sub("", passage).split())


def marked(passage: str) -> Markup:
    """Escape a passage and turn the search engine's markers into <mark> tags."""
    out, inside = [], False
    for part in re.split(f"([{OPEN}{CLOSE}])", passage):
        if part == OPEN and not inside:
            out.append(Markup("<mark>"))
            inside = True
        elif part == CLOSE and inside:
            out.append(Markup("</mark>"))
            inside = False
        elif part not in (OPEN, CLOSE):
            out.append(escape(part))
    if inside:
        out.append(Markup("</mark>"))
    return Markup("").join(out)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to leave the full-text objects alone."""
    return name not in FULLTEXT_OBJECTS
