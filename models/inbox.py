"""Read model of the central inbox."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from .base import db
from .submission import Status, Submission

INBOX_PAGE_SIZE = 50


@dataclass
class InboxPage:
    """One page of the inbox with the count per status."""

    items: list[Submission]
    page: int
    pages: int
    counts: dict[Status, int]


def inbox_page(status: Status | str | None = None, page: int = 1) -> InboxPage:
    """Return submitted work (never drafts), longest waiting activity last."""
    counts = dict(
        db.session.execute(
            db.select(Submission.status, func.count())
            .where(Submission.status != Status.DRAFT)
            .group_by(Submission.status)
        ).all()
    )
    where = [Submission.status != Status.DRAFT]
    if status:
        where.append(Submission.status == status)
    total = counts.get(status, 0) if status else sum(counts.values())
    pages = max(1, -(-total // INBOX_PAGE_SIZE))
    page = min(max(page, 1), pages)
    items = db.session.scalars(
        db.select(Submission)
        .where(*where)
        .order_by(Submission.last_activity_at.desc(), Submission.id.desc())
        .limit(INBOX_PAGE_SIZE)
        .offset((page - 1) * INBOX_PAGE_SIZE)
    ).all()
    return InboxPage(list(items), page, pages, counts)
