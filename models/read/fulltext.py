"""Full-text search over submissions behind one interface, on both databases.

SQLite: an FTS5 table kept in step by triggers, unicode61 without diacritic
folding so å, ä and ö stay distinct letters. PostgreSQL: a stored, weighted
`swedish` tsvector column with a GIN index. Every word is matched as a prefix,
so "arbetsträning" finds "arbetsträningsplatserna". Results can be ranked
(title before summary before the rest) and shown with highlighted snippets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape
from sqlalchemy import (
    DDL,
    Integer,
    column,
    event,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from ..base import db
from ..submission import Submission

# Letters and digits: what FTS5's unicode61 tokenizer keeps together in a token.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8
# SQLite: a word names the terms it prefixes (from the index's vocabulary) when
# it is this long and they are this few; FTS5 then reads each term's list as it
# goes instead of merging the lists of every term with the prefix up front.
EXPAND_FROM_LENGTH = 3
EXPAND_AT_MOST = 40
# ... and a dense search walks the list asking the index per row when
# share² × rows reaches this, else it collects its matches. Walking costs a probe
# (20–35 µs) per row visited, page / share rows; collecting ~0.13 µs per match,
# share × rows matches: walking wins when share² × rows > page × 200 ≈ 10 000.
# Measured for one word in 39 % of rows: at 10⁴ rows walk 4.3 ms, collect 0.5;
# at 10⁵ walk 2.4 ms, collect 5.2.
WALK_FROM = 10_000
# PostgreSQL: words the planner expects in this many times the cap (from the
# lexeme statistics ANALYZE keeps for the vector), and in at least
# ESTIMATE_FROM rows, match more than the cap: no need to count. Counting
# 1 001 matches checks the vector of every row until then (4–8 ms at 10⁵).
ESTIMATE_MARGIN = 3
ESTIMATE_FROM = 5000
STRUCTURE = "SELECT block FROM submissions_fts_data WHERE id = 10"
KNOWN_TERMS_AT_MOST = 4096
# (index structure, word) -> (terms, rows holding one): see _terms().
_KNOWN_TERMS: dict[tuple[bytes | None, str], tuple[tuple[str, ...], int]] = {}
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
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts_vocab "
    "USING fts5vocab(submissions_fts, 'row')",
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
    # Keep the vector in the row, not in the TOAST table (longer texts go there
    # first): a search checks it on every row it walks, and fetching it out of
    # line cost four buffer reads a row (count of 1 001 matches: 13 ms → 2 ms).
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
        "submissions_fts_vocab",
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
    DDL("DROP TABLE IF EXISTS submissions_fts_vocab").execute_if(dialect="sqlite"),
)
event.listen(
    Submission.__table__,
    "before_drop",
    DDL("DROP TABLE IF EXISTS submissions_fts").execute_if(dialect="sqlite"),
)


def words(query: str) -> list[str]:
    """Split a query into plain words (no search-syntax characters survive)."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def search_text(value: str, length: int = 200) -> str:
    """The search box's text as a filter: "" when it holds no word at all, so
    punctuation alone ("-", "*", a quote) means no search, not a broken one."""
    value = value.strip()[:length]
    return value if words(value) else ""


def _sqlite_query(terms: list[str]) -> tuple[str, list[int] | None]:
    """Return the FTS5 query and, when every word was expanded to its terms,
    for each word how many rows hold one of its terms (None when a word stayed
    a prefix).

    A word becomes ("term1" OR "term2" …) when the vocabulary names few enough
    terms for it, else stays a prefix query "word"*. Every word must match.
    """
    parts, rows_per_word = [], []
    expanded = True
    for word in terms:
        found, rows = _terms(word)
        if found:
            parts.append("(" + " OR ".join(f'"{t}"' for t in found) + ")")
            rows_per_word.append(rows)
        else:
            parts.append(f'"{word}"*')
            expanded = False
    return " AND ".join(parts), rows_per_word if expanded else None


def _terms(word: str) -> tuple[tuple[str, ...], int]:
    """The indexed terms that begin with the word and how many rows hold one,
    or () when a prefix query is better (a short word, too many terms, none).

    Reading the vocabulary counts every row of each term, so the answer is kept
    in the process for as long as the index is unchanged: FTS5's structure
    record (row 10 of its data table) changes with every write to the index.
    """
    info = db.session.info
    if "fulltext_state" not in info:  # once per transaction
        info["fulltext_state"] = db.session.scalar(text(STRUCTURE))
    key = (info["fulltext_state"], word)
    found = _KNOWN_TERMS.get(key)
    if found is None:
        if len(_KNOWN_TERMS) >= KNOWN_TERMS_AT_MOST:
            _KNOWN_TERMS.clear()
        found = _KNOWN_TERMS[key] = _vocabulary(word)
    return found


def _vocabulary(word: str) -> tuple[tuple[str, ...], int]:
    if len(word) < EXPAND_FROM_LENGTH or ord(word[-1]) >= 0x10FFFF:
        return (), 0
    rows = db.session.execute(
        text(
            "SELECT term, doc FROM submissions_fts_vocab "
            "WHERE term >= :low AND term < :high LIMIT :n"
        ),
        {
            "low": word,
            "high": word[:-1] + chr(ord(word[-1]) + 1),
            "n": EXPAND_AT_MOST + 1,
        },
    ).all()
    if len(rows) > EXPAND_AT_MOST:
        return (), 0
    return tuple(term for term, _ in rows), sum(doc for _, doc in rows)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_state(session: Session) -> None:
    """A later transaction may see an index that new text has changed."""
    session.info.pop("fulltext_state", None)


def _pg_query(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in terms)


def _tsquery(terms: list[str]):
    return func.to_tsquery(literal_column("'swedish'::regconfig"), _pg_query(terms))


def matches(query: str, dialect: str, dense: bool = False):
    """Return a condition on Submission true when every word prefixes a word in it.

    `dense`: the words match so many rows that walking the list's own order and
    checking each row is cheaper than fetching every match and sorting them. On
    SQLite `id + 0` keeps the planner from driving the query by the matches.
    """
    terms = words(query)
    if not terms:
        return None
    if dialect == "postgresql":
        return SEARCH_VECTOR.op("@@")(_tsquery(terms))
    fts_query, rows_per_word = _sqlite_query(terms)
    if dense and rows_per_word and _walk_pays(rows_per_word):
        # Words in a good share of many rows: each row of the list's own order
        # asks the index about itself (a seek in a few terms' lists), and a page
        # is found after some hundred rows instead of collecting every match.
        return text(
            "EXISTS (SELECT 1 FROM submissions_fts WHERE submissions_fts MATCH "
            ":fts_query AND submissions_fts.rowid = submissions.id)"
        ).bindparams(fts_query=fts_query)
    ident = Submission.id + 0 if dense else Submission.id
    return ident.in_(
        text("SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH :fts_query")
        .bindparams(fts_query=fts_query)
        .columns(column("rowid", Integer))
    )


def _walk_pays(rows_per_word: list[int]) -> bool:
    """Whether walking the list beats collecting the matches (see WALK_FROM).

    The share is that of all submissions every word is in, as if the words were
    independent; ids are not reused, so the largest counts the submissions.
    """
    total = db.session.scalar(select(func.max(Submission.id))) or 1
    share = math.prod(min(rows, total) / total for rows in rows_per_word)
    return share * share * total >= WALK_FROM


def count_up_to(query: str, dialect: str, cap: int) -> int:
    """Count the submissions (drafts too) the query matches, stopping past cap."""
    terms = words(query)
    if not terms:  # no words: every submission matches
        hits = select(Submission.id)
    elif dialect == "postgresql":
        hits = select(Submission.id).where(SEARCH_VECTOR.op("@@")(_tsquery(terms)))
        if _planned_rows(hits) >= max(ESTIMATE_FROM, ESTIMATE_MARGIN * cap):
            return cap + 1
    else:
        hits = (
            select(literal_column("rowid"))
            .select_from(table("submissions_fts"))
            .where(
                literal_column("submissions_fts").op("MATCH")(_sqlite_query(terms)[0])
            )
        )
    found = hits.limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) or 0


def _planned_rows(stmt) -> int:
    """The rows PostgreSQL's planner expects the statement to return."""
    sql = stmt.compile(
        dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar()
    return int(plan[0]["Plan"]["Plan Rows"])


def newest_scored(
    conditions: list, query: str, dialect: str, window: int
) -> list[tuple[int, float]]:
    """Return (id, score) of the `window + 1` newest matches, lower score better.

    Ranking every match of a common word costs a score per matching row (tens
    of thousands in a large library), so callers rank this window and show the
    rest newest first. One full-text query: a prefix word is expanded once.
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
            .where(
                literal_column("submissions_fts").op("MATCH")(_sqlite_query(terms)[0]),
                *conditions,
            )
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
