"""Finding submissions like the one being written."""

from __future__ import annotations

from sqlalchemy import case

from ..base import db
from ..submission import Status, Submission


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


SIMILAR_LIMIT = 5
MIN_WORD = 4
MAX_WORD = 40  # a longer "word" is no hint, and SQLite refuses LIKE patterns > 50 kB
MAX_TEXT = 2000


def similar_submissions(text: str, exclude_org_id: int) -> list[Submission]:
    """Return submissions from other nodes sharing the most words with the text."""
    words = sorted(
        {w.strip(".,;:!?()\"'").lower() for w in text[:MAX_TEXT].split()} - {""},
        key=len,
        reverse=True,
    )
    words = [w for w in words if MIN_WORD <= len(w) <= MAX_WORD][:8]
    if not words:
        return []
    haystack = db.func.lower(Submission.title + " " + Submission.summary)
    score = sum(
        case((haystack.like(f"%{escape_like(w)}%", escape="\\"), 1), else_=0)
        for w in words
    )
    stmt = (
        db.select(Submission)
        .where(
            Submission.origin_id != exclude_org_id,
            Submission.status.not_in([Status.DRAFT, Status.WITHDRAWN]),
            score > 0,
        )
        .order_by(score.desc(), Submission.created_at.desc())
        .limit(SIMILAR_LIMIT)
    )
    return list(db.session.scalars(stmt))
