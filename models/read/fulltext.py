"""Full-text search over submissions behind one interface, on both databases.

SQLite: an FTS5 table kept in step by triggers, unicode61 without diacritic
folding so å, ä and ö stay distinct letters, with prefix indexes for words of
two and three letters (what the search box holds while a word is being typed).
PostgreSQL: a stored, weighted `swedish` tsvector column with a GIN index.
Every word is matched as a prefix, so "arbetsträning" finds
"arbetsträningsplatserna". Results can be ranked (title before summary before
the rest) and shown with highlighted snippets. Beyond the plain engine features
one step stays because the bench shows it pays (`id + 0`, see matches());
bench/README.md ("Search tricks re-measured") says which others were tried and
why they went.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape
from sqlalchemy import (
    Integer,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from ..base import db
from ..submission import Submission

# Letters and digits: what FTS5's unicode61 tokenizer keeps together in a token.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8
# bm25 weights per column on SQLite (title, summary, body, purpose, method);
# PostgreSQL weighs the title A, the summary B and the rest C.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0, 2.0, 1.0)
SNIPPET_WORDS = 28
SEARCH_VECTOR = literal_column("submissions.search_vector")
MARKDOWN_MARKS = re.compile(r"[*_`#>|]+|\[|\]\([^)]*\)")

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts USING fts5("
    "title, summary, body_md, purpose, method_md, "
    "content='submissions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
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
    # Keep the vector in the row, not in the TOAST table where longer texts go
    # first: a search checks it on every row it walks (bench/README.md).
    "ALTER TABLE submissions ALTER COLUMN search_vector SET STORAGE MAIN",
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


def create_objects(_table, connection, **_kw) -> None:
    """After `create_all` makes the submissions table: the full-text objects.

    Registered in app.py; migrations create the same objects themselves.
    """
    ddl = {"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL}[connection.dialect.name]
    for sql in ddl:
        connection.exec_driver_sql(sql)


def drop_objects(_table, connection, **_kw) -> None:
    """Before `drop_all` drops the submissions table: SQLite's FTS5 table."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DROP TABLE IF EXISTS submissions_fts")


def words(query: str) -> list[str]:
    """Split a query into plain words (no search-syntax characters survive)."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def search_text(value: str, length: int = 200) -> str:
    """The search box's text as a filter: "" when it holds no word at all, so
    punctuation alone ("-", "*", a quote) means no search, not a broken one."""
    value = value.strip()[:length]
    return value if words(value) else ""


def _fts_query(terms: list[str]) -> str:
    """The FTS5 query: every word must match, each as a prefix ("word"*)."""
    return " AND ".join(f'"{t}"*' for t in terms)


def _pg_query(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in terms)


def _tsquery(terms: list[str]):
    return func.to_tsquery(literal_column("'swedish'::regconfig"), _pg_query(terms))


def _fts_match(terms: list[str]):
    return literal_column("submissions_fts").op("MATCH")(_fts_query(terms))


def matches(query: str, dialect: str, dense: bool = False):
    """Return a condition on Submission true when every word prefixes a word in it.

    `dense`: the words match more rows than are counted, so the list walks its
    own order and looks each row up among the matches instead of fetching every
    match and sorting them. On SQLite `id + 0` (SQLite's documented way to keep
    a term from using an index) stops the planner from driving the query by the
    matches: `GET /inbox/?q=<word>` at 10⁵ on SQLite, p50 / p95, walking the
    list 16.6 / 27.1 ms, driven by the matches 63.2 / 97.8 ms (bench/README.md,
    "Search tricks re-measured").
    """
    terms = words(query)
    if not terms:
        return None
    if dialect == "postgresql":
        return SEARCH_VECTOR.op("@@")(_tsquery(terms))
    ident = Submission.id + 0 if dense else Submission.id
    return ident.in_(
        text("SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH :fts_query")
        .bindparams(fts_query=_fts_query(terms))
        .columns(column("rowid", Integer))
    )


def count_up_to(query: str, dialect: str, cap: int) -> int:
    """Count the submissions (drafts too) the query matches, stopping past cap."""
    terms = words(query)
    if not terms:  # no words: every submission matches
        hits = select(Submission.id)
    elif dialect == "postgresql":
        hits = select(Submission.id).where(SEARCH_VECTOR.op("@@")(_tsquery(terms)))
    else:
        hits = (
            select(literal_column("rowid"))
            .select_from(table("submissions_fts"))
            .where(_fts_match(terms))
        )
    found = hits.limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) or 0


def newest_scored(
    conditions: list, query: str, dialect: str, window: int
) -> list[tuple[int, float]]:
    """Return (id, score) of the `window + 1` newest matches, lower score better.

    Ranking every match of a common word costs a score per matching row (tens
    of thousands in a large library), so callers rank this window and show the
    rest newest first.
    """
    terms = words(query)
    if not terms:
        return []
    if dialect == "postgresql":
        tsquery = _tsquery(terms)
        stmt = (
            select(Submission.id, -func.ts_rank(SEARCH_VECTOR, tsquery))
            .where(SEARCH_VECTOR.op("@@")(tsquery), *conditions)
            .order_by(Submission.id.desc())
        )
    else:
        fts = table("submissions_fts", column("rowid", Integer))
        score = func.bm25(literal_column("submissions_fts"), *SQLITE_WEIGHTS)
        stmt = (
            select(fts.c.rowid, score)
            .select_from(fts.join(Submission, Submission.id == fts.c.rowid))
            .where(_fts_match(terms), *conditions)
            .order_by(fts.c.rowid.desc())
        )
    return [(i, float(s)) for i, s in db.session.execute(stmt.limit(window + 1))]


@dataclass(frozen=True)
class Highlight:
    """A title and a passage as safe HTML with the matched words in <mark>."""

    title: Markup
    snippet: Markup


def highlight(query: str, title: str, passages: list[str]) -> Highlight | None:
    """Mark the words the query matched (as prefixes) in the title and a passage.

    The passage is the first one with a match, cut to about SNIPPET_WORDS words
    around it; Markdown punctuation is dropped so it reads as prose.
    """
    terms = words(query)
    if not terms:
        return None
    hit = _prefixes(tuple(terms))
    best = next((p for p in passages if hit.search(p)), passages[0] if passages else "")
    return Highlight(_mark(title, hit), _mark(_cut(_plain(best), hit), hit))


@lru_cache(maxsize=256)
def _prefixes(terms: tuple[str, ...]) -> re.Pattern:
    """A pattern for whole words that begin with one of the terms."""
    alternatives = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?<![\w&#])(?:{alternatives})\w*", re.IGNORECASE)


def _cut(text: str, hit: re.Pattern) -> str:
    tokens = text.split()
    if len(tokens) <= SNIPPET_WORDS:
        return text
    found = hit.search(text)
    before = len(text[: found.start()].split()) if found else 0
    first = max(0, min(before - SNIPPET_WORDS // 4, len(tokens) - SNIPPET_WORDS))
    cut = " ".join(tokens[first : first + SNIPPET_WORDS])
    more = first + SNIPPET_WORDS < len(tokens)
    return ("… " if first else "") + cut + (" …" if more else "")


def _mark(text: str, hit: re.Pattern) -> Markup:
    """Escape the text, then mark the matches (never inside an entity like &amp;)."""
    marked = hit.sub(lambda m: f"<mark>{m.group()}</mark>", str(escape(text)))
    return Markup(marked)  # noqa: S704 - escaped above; matches are word characters


def _plain(passage: str) -> str:
    """Drop Markdown punctuation so a passage reads as prose."""
    return " ".join(MARKDOWN_MARKS.sub("", passage).split())


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to leave the full-text objects alone."""
    return name not in FULLTEXT_OBJECTS
