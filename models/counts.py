"""How many submissions are in each status, kept in step with every change.

The inbox shows a count per status on every request. A GROUP BY over the whole
table grows with it (about 150 ms at a million rows on PostgreSQL), so the
counts live in a table of one row per status instead. One session hook sees
every insert, status change and delete of a submission made through the ORM and
applies the difference inside the same transaction, so a rollback takes it back
too. Core bulk inserts (the benchmark seed) call `recount()` afterwards.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import String, event, func, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, db
from .submission import Status, Submission


class StatusCount(Base):
    """The number of submissions in one status."""

    __tablename__ = "status_counts"

    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(default=0, server_default="0")


def status_counts() -> dict[Status, int]:
    """Return the number of submissions per status (drafts included)."""
    rows = db.session.execute(db.select(StatusCount.status, StatusCount.n))
    return {Status(status): n for status, n in rows if n}


def recount(connection=None) -> None:
    """Set every counter from a real GROUP BY (after Core bulk inserts)."""
    conn = connection if connection is not None else db.session.connection()
    table = StatusCount.__table__
    actual = dict(
        conn.execute(
            db.select(Submission.status, func.count()).group_by(Submission.status)
        ).all()
    )
    conn.execute(table.delete())
    conn.execute(
        table.insert(), [{"status": s.value, "n": actual.get(s, 0)} for s in Status]
    )


def _changes(session: Session) -> Counter:
    delta: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Submission):
            delta[inspect(obj).dict.get("status") or Status.DRAFT] += 1
    for obj in session.deleted:
        if isinstance(obj, Submission):
            delta[_committed_status(obj)] -= 1
    for obj in session.dirty:
        if isinstance(obj, Submission) and obj not in session.deleted:
            history = inspect(obj).attrs.status.history
            if history.has_changes():
                for old in history.deleted:
                    delta[old] -= 1
                for new in history.added:
                    delta[new] += 1
    return delta


def _committed_status(obj: Submission) -> Status:
    history = inspect(obj).attrs.status.history
    return (history.deleted or history.unchanged or [obj.status])[0]


@event.listens_for(Session, "after_flush")
def _keep_counts(session: Session, _ctx) -> None:
    """Apply this flush's status changes to the counters, in the same transaction."""
    delta = {Status(s).value: d for s, d in _changes(session).items() if d}
    if not delta:
        return
    conn, table = session.connection(), StatusCount.__table__
    # A fixed order keeps two concurrent flushes from locking rows crosswise.
    for status in sorted(delta):
        changed = conn.execute(
            table.update()
            .where(table.c.status == status)
            .values(n=table.c.n + delta[status])
        ).rowcount
        if not changed:
            conn.execute(table.insert().values(status=status, n=delta[status]))
