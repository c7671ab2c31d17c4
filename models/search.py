"""Searching the method library."""

from __future__ import annotations

from sqlalchemy import or_

from .base import db
from .submission import Kind, Status, Submission

METHOD_LIMIT = 50


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_methods(query: str = "") -> list[Submission]:
    """Return accepted practices whose text contains every word of the query."""
    stmt = db.select(Submission).where(
        Submission.kind == Kind.PRACTICE, Submission.status == Status.ACCEPTED)
    for word in query.split()[:10]:
        pattern = f"%{_escape_like(word.lower())}%"
        stmt = stmt.where(or_(*(
            db.func.lower(col).like(pattern, escape="\\")
            for col in (Submission.title, Submission.summary, Submission.body_md)
        )))
    return list(db.session.scalars(
        stmt.order_by(Submission.title).limit(METHOD_LIMIT)))
