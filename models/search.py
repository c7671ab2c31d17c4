"""Searching the method library."""

from __future__ import annotations

from sqlalchemy import case

from . import fulltext
from .base import db
from .submission import Kind, Status, Submission

METHOD_LIMIT = 50


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_methods(query: str = "") -> list[Submission]:
    """Return accepted practices matching every word of the query (as a prefix)."""
    stmt = db.select(Submission).where(
        Submission.kind == Kind.PRACTICE, Submission.status == Status.ACCEPTED
    )
    condition = fulltext.matches(query, db.session.get_bind().dialect.name)
    if condition is not None:
        stmt = stmt.where(condition)
    return list(db.session.scalars(stmt.order_by(Submission.title).limit(METHOD_LIMIT)))


SIMILAR_LIMIT = 5
MIN_WORD = 4


def similar_submissions(text: str, exclude_org_id: int) -> list[Submission]:
    """Return submissions from other nodes sharing the most words with the text."""
    words = sorted(
        {w.strip(".,;:!?()\"'").lower() for w in text.split()} - {""},
        key=len,
        reverse=True,
    )
    words = [w for w in words if len(w) >= MIN_WORD][:8]
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
