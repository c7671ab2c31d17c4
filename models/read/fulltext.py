"""Full-text search over submissions behind one interface, on both databases.

SQLite: an FTS5 table kept in step by triggers, unicode61 without diacritic
folding so å, ä and ö stay distinct letters, with prefix indexes for words of
two and three letters (what the search box holds while a word is being typed).
PostgreSQL: a stored, weighted `swedish` tsvector column with a GIN index.

A query word is cut to its Snowball stem (the `swedish` stemmer PostgreSQL's
configuration uses too) and every word beginning with the stem matches, so
"kvinnor" finds "kvinna" and "insats" finds "insatserna", and "arbetsträning"
still finds "arbetsträningsplatserna". A stem of MIN_INFIX letters or more
also finds the words that hold it later on, as the last part of a compound
("träning" finds "arbetsträning", "marknad" finds "arbetsmarknaden"): those
words are looked up in the vocabulary (`SearchWord`, every word of the
submissions' text) through a trigram index — FTS5's trigram tokenizer on
SQLite, `pg_trgm` on PostgreSQL — and searched for as well. Results can be
ranked (title before summary before the rest) and shown with highlighted
snippets. Beyond the plain engine features one step stays because the bench
shows it pays (`id + 0`, see matches()); bench/README.md ("Search tricks
re-measured") says which others were tried and why they went.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
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
from sqlalchemy.dialects import postgresql, sqlite

from ..base import db
from ..submission import SearchWord, Submission

# Letters and digits: what FTS5's unicode61 tokenizer keeps together in a token.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8
# bm25 weights per column on SQLite (title, summary, body, purpose, method);
# PostgreSQL weighs the title A, the summary B and the rest C.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0, 2.0, 1.0)
SNIPPET_WORDS = 28
SEARCH_VECTOR = literal_column("submissions.search_vector")
MARKDOWN_MARKS = re.compile(r"[*_`#>|]+|\[|\]\([^)]*\)")
# A stem this long is also looked for later in a word (a compound's last part);
# a shorter one only at a word's start ("ung" would find "kung" and "sjunga").
MIN_INFIX = 4
# The vocabulary keeps words of VOCABULARY_MIN to VOCABULARY_MAX letters: a
# shorter one cannot hold a stem of MIN_INFIX letters after another letter.
VOCABULARY_MIN, VOCABULARY_MAX = MIN_INFIX + 1, 64
# Compounds searched for per query word, shortest first (a stem in hundreds of
# compounds finds the commonest; the search stays one short index lookup).
MAX_COMPOUNDS = 50

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
# The vocabulary's trigram index: which words hold a stem anywhere.
SQLITE_WORDS_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_words_trigram USING fts5("
    "word, content='search_words', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS search_words_trigram_insert AFTER INSERT ON "
    "search_words BEGIN INSERT INTO search_words_trigram(rowid, word) "
    "VALUES (new.id, new.word); END",
    "CREATE TRIGGER IF NOT EXISTS search_words_trigram_delete AFTER DELETE ON "
    "search_words BEGIN INSERT INTO search_words_trigram(search_words_trigram, "
    "rowid, word) VALUES ('delete', old.id, old.word); END",
]
POSTGRES_WORDS_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_search_words_trigram ON search_words "
    "USING gin (word gin_trgm_ops)",
]
# Every word of the submissions' searched text, from the full-text index
# itself (one pass in the engine): after a migration or a bulk load. The
# lengths are VOCABULARY_MIN and VOCABULARY_MAX.
SQLITE_REBUILD_WORDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.submissions_fts_terms "
    "USING fts5vocab(main, submissions_fts, row)",
    "INSERT OR IGNORE INTO search_words (word) SELECT term FROM "
    "temp.submissions_fts_terms WHERE length(term) BETWEEN 5 AND 64",
    "DROP TABLE temp.submissions_fts_terms",
]
POSTGRES_REBUILD_WORDS = [
    "INSERT INTO search_words (word) SELECT word FROM ts_stat($$SELECT "
    "to_tsvector('simple', title || ' ' || summary || ' ' || body_md || ' ' || "
    "purpose || ' ' || method_md) FROM submissions$$) "
    "WHERE length(word) BETWEEN 5 AND 64 "
    "AND word !~ '[[:punct:][:space:]]' ON CONFLICT DO NOTHING",
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
        "search_words_trigram",
        "search_words_trigram_data",
        "search_words_trigram_idx",
        "search_words_trigram_docsize",
        "search_words_trigram_config",
        "ix_search_words_trigram",
    }
)


def create_objects(table_, connection, **_kw) -> None:
    """After `create_all` makes the submissions or the vocabulary table: its
    full-text objects.

    Registered in app.py; migrations create the same objects themselves.
    """
    dialect = connection.dialect.name
    if table_.name == SearchWord.__tablename__:
        ddl = {"sqlite": SQLITE_WORDS_DDL, "postgresql": POSTGRES_WORDS_DDL}[dialect]
    else:
        ddl = {"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL}[dialect]
    for sql in ddl:
        connection.exec_driver_sql(sql)


def drop_objects(table_, connection, **_kw) -> None:
    """Before `drop_all` drops the submissions or the vocabulary table: SQLite's
    FTS5 table over it."""
    if connection.dialect.name == "sqlite":
        name = (
            "search_words_trigram"
            if table_.name == SearchWord.__tablename__
            else "submissions_fts"
        )
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def rebuild_words() -> None:
    """Add every word of the submissions' text to the vocabulary, in one pass
    (after rows were written around `workflow.fill()`, as a bulk load does)."""
    dialect = db.session.get_bind().dialect.name
    for sql in {"sqlite": SQLITE_REBUILD_WORDS}.get(dialect, POSTGRES_REBUILD_WORDS):
        db.session.execute(text(sql))
    _forget_terms()


def add_words(*texts: str) -> None:
    """Add the words of these texts that the vocabulary lacks (a submission's
    searched text, as it is written)."""
    new = {
        w
        for t in texts
        for w in WORD.findall((t or "").lower())
        if VOCABULARY_MIN <= len(w) <= VOCABULARY_MAX
    }
    if not new:
        return
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[
        db.session.get_bind().dialect.name
    ]
    with db.session.no_autoflush:  # the submission is flushed when it is ready
        db.session.execute(
            insert(SearchWord)
            .values([{"word": w} for w in sorted(new)])
            .on_conflict_do_nothing(index_elements=["word"])
        )
    _forget_terms()


def words(query: str) -> list[str]:
    """Split a query into plain words (no search-syntax characters survive)."""
    return WORD.findall(query.lower())[:MAX_WORDS]


_local = threading.local()


def stem(word: str) -> str:
    """The Snowball (Swedish) stem of a lower-case word: a prefix of it.

    Swedish Snowball only takes endings off, so every word beginning with the
    word being typed still begins with its stem. Words of one or two letters,
    and words longer than any in the vocabulary, are left as they are.
    """
    return _stem(word) if 3 <= len(word) <= VOCABULARY_MAX else word


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # a stemmer object keeps state: one per thread
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    found = stemmer.stemWord(word)
    return found if found and word.startswith(found) else word


@dataclass(frozen=True)
class Term:
    """A query word as searched: its stem as a prefix, or one of the compounds
    that hold the stem later on.

    PostgreSQL is given the word itself as a prefix: its `swedish`
    configuration stems it with the same Snowball algorithm (a stem stemmed
    again can lose more: "insats" → "insat" → "ins"). Its vector holds stems,
    not words, so it is also given the stem as a whole word, which finds the
    word's shorter forms ("insatser" → "insats" → 'insat', the stem of
    "insats"; "arbetsmarknaden" → "arbetsmarknad" → 'arbetsmarkn').
    """

    word: str
    stem: str
    compounds: tuple[str, ...] = ()


def terms(query: str) -> list[Term]:
    """The query's words as searched, with their compounds from the vocabulary.

    Looked up once per query and session (a page asks several times).
    """
    found = words(query)
    if not found:
        return []
    cache = db.session.info.setdefault("fulltext_terms", {})
    key = tuple(found)
    if key not in cache:
        stems = [stem(w) for w in found]
        compounds = _compounds(tuple(dict.fromkeys(s for s in stems if _infix(s))))
        cache[key] = [
            Term(w, s, compounds.get(s, ())) for w, s in zip(found, stems, strict=True)
        ]
    return cache[key]


def _infix(stem_: str) -> bool:
    return MIN_INFIX <= len(stem_) < VOCABULARY_MAX


def _forget_terms() -> None:
    db.session.info.pop("fulltext_terms", None)


def _compounds(stems: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The vocabulary's words holding each stem after their first letter."""
    if not stems:
        return {}
    dialect = db.session.get_bind().dialect.name
    words_ = (
        table("search_words_trigram", column("word"))
        if dialect == "sqlite"
        else SearchWord.__table__
    )
    found = {}
    for s in stems:
        stmt = (
            select(words_.c.word)
            .where(words_.c.word.like(f"_%{s}%"))
            .order_by(func.length(words_.c.word), words_.c.word)
            .limit(MAX_COMPOUNDS)
        )
        found[s] = tuple(
            w for w in db.session.scalars(stmt) if WORD.fullmatch(w) and w != s
        )
    return found


def search_text(value: str, length: int = 200) -> str:
    """The search box's text as a filter: "" when it holds no word at all, so
    punctuation alone ("-", "*", a quote) means no search, not a broken one."""
    value = value.strip()[:length]
    return value if words(value) else ""


def _fts_query(terms: list[Term], any_: bool = False, columns: str = "") -> str:
    """The FTS5 query: every word must match (or any, with `any_`), each as
    its stem's prefix ("stem"*) or one of its compounds; `columns` limits it
    to some columns ("{title summary}")."""
    each = [
        "(" + " OR ".join([f'"{t.stem}"*', *(f'"{c}"' for c in t.compounds)]) + ")"
        for t in terms
    ]
    query = (" OR " if any_ else " AND ").join(each)
    return f"{columns} : ({query})" if columns else query


def _pg_query(terms: list[Term], any_: bool = False, weights: str = "") -> str:
    """The tsquery text, as _fts_query() (see Term); `weights` ("AB") limits it
    to the title (A) and the summary (B).

    A whole word whose stem the prefix already finds is left out, as are
    words of one stem but the first: PostgreSQL ranks `'x':* | 'x'` at 0.
    """
    each = []
    for t in terms:
        seen = {t.stem}
        alternatives = [f"{t.word}:*{weights}"]
        for w in (t.stem, *t.compounds):
            lexeme = stem(w)
            if lexeme.startswith(t.stem) or lexeme in seen:
                continue
            seen.add(lexeme)
            alternatives.append(f"{w}:{weights}" if weights else w)
        each.append(f"({' | '.join(alternatives)})")
    return (" | " if any_ else " & ").join(each)


def _tsquery(terms: list[Term], any_: bool = False, weights: str = ""):
    return func.to_tsquery(
        literal_column("'swedish'::regconfig"), _pg_query(terms, any_, weights)
    )


def _fts_match(terms: list[Term], any_: bool = False, columns: str = ""):
    return literal_column("submissions_fts").op("MATCH")(
        _fts_query(terms, any_, columns)
    )


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
    found = terms(query)
    if not found:
        return None
    if dialect == "postgresql":
        return SEARCH_VECTOR.op("@@")(_tsquery(found))
    ident = Submission.id + 0 if dense else Submission.id
    return ident.in_(
        text("SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH :fts_query")
        .bindparams(fts_query=_fts_query(found))
        .columns(column("rowid", Integer))
    )


def count_up_to(query: str, dialect: str, cap: int) -> int:
    """Count the submissions (drafts too) the query matches, stopping past cap."""
    found = terms(query)
    if not found:  # no words: every submission matches
        hits = select(Submission.id)
    elif dialect == "postgresql":
        hits = select(Submission.id).where(SEARCH_VECTOR.op("@@")(_tsquery(found)))
    else:
        hits = (
            select(literal_column("rowid"))
            .select_from(table("submissions_fts"))
            .where(_fts_match(found))
        )
    found = hits.limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) or 0


def newest_scored(
    conditions: list,
    query: str,
    dialect: str,
    window: int,
    any_word: bool = False,
    title_and_summary: bool = False,
) -> list[tuple[int, float]]:
    """Return (id, score) of the `window + 1` newest matches, lower score better.

    Ranking every match of a common word costs a score per matching row (tens
    of thousands in a large library), so callers rank this window and show the
    rest newest first. `any_word`: a row matching any of the words matches;
    `title_and_summary`: only the title and the summary are searched.
    """
    found = terms(query)
    if not found:
        return []
    if dialect == "postgresql":
        tsquery = _tsquery(found, any_word, "AB" if title_and_summary else "")
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
                _fts_match(
                    found, any_word, "{title summary}" if title_and_summary else ""
                ),
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
    """Mark the words the query matched in the title and a passage: those
    beginning with a word's stem, and those holding a long enough stem later on
    (compounds), as the search finds them.

    The passage is the first one with a match, cut to about SNIPPET_WORDS words
    around it; Markdown punctuation is dropped so it reads as prose.
    """
    found = words(query)
    if not found:
        return None
    hit = _prefixes(tuple(stem(w) for w in found))
    best = next((p for p in passages if hit.search(p)), passages[0] if passages else "")
    return Highlight(_mark(title, hit), _mark(_cut(_plain(best), hit), hit))


@lru_cache(maxsize=256)
def _prefixes(stems: tuple[str, ...]) -> re.Pattern:
    """A pattern for whole words that begin with one of the stems, or hold one
    of MIN_INFIX letters or more after their first letter."""
    alternatives = "|".join(re.escape(t) for t in stems)
    inner = "|".join(re.escape(t) for t in stems if _infix(t))
    later = rf"\w+?(?:{inner})|" if inner else ""
    return re.compile(rf"(?<![\w&#])(?:{later}{alternatives})\w*", re.IGNORECASE)


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
