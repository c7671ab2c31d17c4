"""Finding submissions like the one being written."""

from __future__ import annotations

from ..base import db
from ..submission import Status, Submission
from . import fulltext

SIMILAR_LIMIT = 5
MIN_WORD = 4
MAX_WORD = 40  # a longer "word" is no hint
MAX_TEXT = 2000
HINT_WORDS = 8
# The newest matches ranked (as the library's window): a common word in tens of
# thousands of titles costs one short index scan, not a score per match.
WINDOW = 200


def hint_words(text: str) -> list[str]:
    """The longest distinct words of the text (at most HINT_WORDS)."""
    found = sorted(
        set(fulltext.WORD.findall(text[:MAX_TEXT].lower())), key=lambda w: (-len(w), w)
    )
    return [w for w in found if MIN_WORD <= len(w) <= MAX_WORD][:HINT_WORDS]


def similar_submissions(text: str, exclude_org_id: int) -> list[Submission]:
    """Return submissions from other nodes whose title or summary shares the
    most with the text, through the full-text search: a word finds its
    inflections and the compounds that end with it, as the search box does."""
    picked = hint_words(text)
    if not picked:
        return []
    dialect = db.session.get_bind().dialect.name
    scored = fulltext.newest_scored(
        [
            Submission.origin_id != exclude_org_id,
            Submission.status.not_in([Status.DRAFT, Status.WITHDRAWN]),
        ],
        " ".join(picked),
        dialect,
        WINDOW,
        any_word=True,
        title_and_summary=True,
    )
    best = [i for i, _ in sorted(scored[:WINDOW], key=lambda r: (r[1], -r[0]))]
    ids = best[:SIMILAR_LIMIT]
    found = {
        s.id: s
        for s in db.session.scalars(db.select(Submission).where(Submission.id.in_(ids)))
    }
    return [found[i] for i in ids if i in found]
