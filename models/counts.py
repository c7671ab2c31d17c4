"""How many submissions each node has of each kind in each status, kept in step.

The inbox shows a count per status on every request and the node list a count
per node and kind. A GROUP BY over the whole table grows with it (about 150 ms
at a million rows on PostgreSQL), so the counts live in a table of at most
nodes × kinds × statuses rows instead. One session hook sees every insert,
change and delete of a submission made through the ORM and applies the
difference inside the same transaction, so a rollback takes it back too.
Core bulk inserts (the benchmark seed) call `recount()` afterwards.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import ForeignKey, String, event, func, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, db
from .submission import Kind, Status, Submission

KEY = ("origin_id", "kind", "status")


class SubmissionCount(Base):
    """The number of submissions of one node, kind and status."""

    __tablename__ = "submission_counts"

    origin_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(default=0, server_default="0")


def status_counts(origin=None, kind: str = "") -> dict[Status, int]:
    """Return the number of submissions per status, for one node or kind if given.

    `origin` is a node id or a scalar subquery giving one. Drafts are included.
    """
    where = []
    if origin is not None:
        where.append(SubmissionCount.origin_id == origin)
    if kind:
        where.append(SubmissionCount.kind == kind)
    rows = db.session.execute(
        db.select(SubmissionCount.status, func.sum(SubmissionCount.n))
        .where(*where)
        .group_by(SubmissionCount.status)
    )
    return {Status(status): int(n) for status, n in rows if n}


def node_kind_counts(
    drafts: bool = False, origin_id: int | None = None
) -> dict[tuple[int, Kind], int]:
    """Return the number of submissions per node and kind (of one node if given)."""
    where = [] if drafts else [SubmissionCount.status != Status.DRAFT.value]
    if origin_id is not None:
        where.append(SubmissionCount.origin_id == origin_id)
    rows = db.session.execute(
        db.select(
            SubmissionCount.origin_id, SubmissionCount.kind, func.sum(SubmissionCount.n)
        )
        .where(*where)
        .group_by(SubmissionCount.origin_id, SubmissionCount.kind)
    )
    return {(origin, Kind(kind)): int(n) for origin, kind, n in rows if n}


def recount(connection=None) -> None:
    """Set every counter from a real GROUP BY (after Core bulk inserts)."""
    conn = connection if connection is not None else db.session.connection()
    table = SubmissionCount.__table__
    conn.execute(table.delete())
    keys = [getattr(Submission, k) for k in KEY]
    conn.execute(
        table.insert().from_select(
            [*KEY, "n"], db.select(*keys, func.count()).group_by(*keys)
        )
    )


def _key(obj: Submission, when: str) -> tuple:
    state, values = inspect(obj), []
    for name in KEY:
        history = state.attrs[name].history
        if when == "now":
            known = history.added or history.unchanged
        else:
            known = history.deleted or history.unchanged
        value = known[0] if known else getattr(obj, name)
        values.append(value.value if hasattr(value, "value") else value)
    return tuple(values)


def _changes(session: Session) -> Counter:
    delta: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Submission):
            delta[_key(obj, "now")] += 1
    for obj in session.deleted:
        if isinstance(obj, Submission):
            delta[_key(obj, "before")] -= 1
    for obj in session.dirty:
        if isinstance(obj, Submission) and obj not in session.deleted:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in KEY):
                delta[_key(obj, "before")] -= 1
                delta[_key(obj, "now")] += 1
    return delta


@event.listens_for(Session, "after_flush")
def _keep_counts(session: Session, _ctx) -> None:
    """Apply this flush's changes to the counters, in the same transaction."""
    delta = {key: d for key, d in _changes(session).items() if d}
    if not delta:
        return
    conn, table = session.connection(), SubmissionCount.__table__
    # A fixed order keeps two concurrent flushes from locking rows crosswise.
    for key in sorted(delta):
        match = [table.c[name] == value for name, value in zip(KEY, key, strict=True)]
        changed = conn.execute(
            table.update().where(*match).values(n=table.c.n + delta[key])
        ).rowcount
        if not changed:
            row = dict(zip(KEY, key, strict=True))
            conn.execute(table.insert().values(**row, n=delta[key]))
