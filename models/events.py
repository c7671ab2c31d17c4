"""The immutable timeline of a submission, and the comment thread.

`record()` is the one write path for derived data: each event it appends
applies its own difference to the kept counts and tallies (`models/tallies.py`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from . import tallies
from .base import Base, db, utcnow
from .changelog import Change
from .spread import Answer, Spread
from .submission import Submission
from .user import Role, User, _enum


class EventKind(enum.StrEnum):
    """What happened to a submission."""

    CREATED = "created"
    STATUS = "status"
    ASSIGNED = "assigned"
    NOTE = "note"
    COMMENT = "comment"
    SPREAD = "spread"
    ANSWER = "answer"
    BACKING = "backing"
    FUNDING = "funding"
    MERGED = "merged"
    EDITED = "edited"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    SNOOZED = "snoozed"  # note: the day it comes back (ISO)
    WOKEN = "woken"  # note: the day it was snoozed until (ISO); no actor: by date
    REVIEW_DATE = "review_date"  # note: the method's next review date (ISO)
    REVIEWED_UNCHANGED = "reviewed_unchanged"  # note: the reviewer's note
    REVIEWED_CHANGED = "reviewed_changed"


# What counts as the office acting on a submission: it clears the node's
# "answered a request for information" mark. An internal note does not.
OFFICE_ACTIONS = frozenset(
    {
        EventKind.STATUS,
        EventKind.ASSIGNED,
        EventKind.COMMENT,
        EventKind.MERGED,
        EventKind.SPREAD,
        EventKind.FUNDING,
        EventKind.PUBLISHED,
    }
)


class ImmutableEventError(RuntimeError):
    """An event on the timeline was about to be changed or deleted."""


class Event(Base):
    """One entry on a submission's timeline: who, what, when, from, to, note."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    # The submission's origin node, copied so a node's feed reads one index.
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
    submission: Mapped[Submission] = relationship()

    __table_args__ = (
        Index("ix_events_submission_created", "submission_id", "id"),
        Index("ix_events_origin", "origin_id", "id"),
    )


class Comment(Base):
    """A message in the thread between a node and the office."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()

    __table_args__ = (Index("ix_comments_submission", "submission_id", "id"),)


# Rows that are added and never changed or deleted.
APPEND_ONLY = (Event, Change)
APPEND_ONLY_TABLES = frozenset(m.__tablename__ for m in APPEND_ONLY)


def refuse_event_changes(session: Session, _ctx, _instances) -> None:
    """Before a flush: refuse to update or delete a timeline event or a logged change.

    Arkivlagen: nothing on the timeline or in the change log is rewritten.
    Registered in app.py.
    """
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, APPEND_ONLY) and (
            obj in session.deleted or session.is_modified(obj)
        ):
            raise ImmutableEventError("timeline events cannot be changed or deleted")


def refuse_bulk_event_writes(orm_execute_state) -> None:
    """On every ORM statement: refuse a bulk UPDATE or DELETE of the events table.

    Registered in app.py.
    """
    if not (orm_execute_state.is_update or orm_execute_state.is_delete):
        return
    table = getattr(orm_execute_state.statement, "table", None)
    if table is not None and table.name in APPEND_ONLY_TABLES:
        raise ImmutableEventError("timeline events cannot be changed or deleted")


def record(
    sub: Submission,
    actor: User | None,
    kind: EventKind,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
    internal: bool = False,
    *,
    spreads: Sequence[Spread] = (),
    answer: tuple[Answer | None, Answer | None] | None = None,
) -> Event:
    """Append an event to the submission's timeline and move the kept counts.

    What the event changed is passed in, never read back from the session:
    `from_status` → `to_status` for a status change or a merge; the new rows for
    a SPREAD (`spreads`); the spread and its answer before → after for an ANSWER
    (`spreads=[spread]`, `answer`). Money is not tallied (read live).
    """
    first = _is_first_decision(sub, from_status, to_status)
    event = Event(
        submission_id=sub.id,
        origin_id=sub.origin_id,
        actor_id=actor.id if actor else None,
        kind=kind,
        note=note,
        from_status=from_status,
        to_status=to_status,
        internal=internal,
        created_at=utcnow(),
    )
    db.session.add(event)
    if kind in ACTIVITY_ONLY:
        _touch(sub, event.created_at)
    else:
        sub.last_activity_at = event.created_at
    office = actor is not None and actor.role == Role.CENTRAL
    if kind in OFFICE_ACTIONS and office and sub.info_answered_at is not None:
        sub.info_answered_at = None
    delta = _delta(sub, event, spreads, answer)
    if first:
        delta.update(tallies.first_decision(sub, event.created_at))
    tallies.apply(delta)
    return event


# Events that add to the record without changing the submission: they move its
# last activity but not its version, so a colleague's note or the node's comment
# never makes an officer's status change or assignment fail as stale. What the
# officer changes (status, assignee, snooze, content…) still gets a new version.
# A wake by date (send-reminders) is the system's, not a colleague's: it ends a
# snooze the list has already stopped honouring that day.
ACTIVITY_ONLY = frozenset({EventKind.NOTE, EventKind.COMMENT, EventKind.WOKEN})


def _touch(sub: Submission, at: datetime) -> None:
    """Move the submission's last activity without a new version.

    A plain UPDATE of the table, outside the ORM's version counter; the loaded
    row is told the new value so a later flush does not write it again.
    """
    if sub.id is None:
        sub.last_activity_at = at
        return
    table = Submission.__table__
    db.session.execute(
        table.update()
        .where(table.c.id == sub.id)
        .values(last_activity_at=at, updated_at=table.c.updated_at)
    )
    set_committed_value(sub, "last_activity_at", at)


def _is_first_decision(sub: Submission, before: str | None, after: str | None) -> bool:
    """Whether this move is the office's first decision on the submission."""
    if not (before and after and tallies.is_decision(before, after)):
        return False
    earlier = db.select(Event.id).where(
        Event.submission_id == sub.id,
        Event.from_status.in_([s.value for s in tallies.UNDECIDED]),
        Event.to_status.in_([s.value for s in tallies.DECIDED]),
    )
    return db.session.scalar(earlier.limit(1)) is None


def _delta(
    sub: Submission, event: Event, spreads: Sequence[Spread], answer
) -> tallies.Delta:
    """What this event changes in the kept counts and tallies."""
    if event.kind == EventKind.CREATED:
        return tallies.created(sub)
    if event.from_status and event.to_status:  # a status change, a merge
        return tallies.status_moved(sub, event.from_status, event.to_status)
    if event.kind == EventKind.SPREAD:
        return tallies.spreads_sent(spreads)
    if event.kind == EventKind.ANSWER:
        (spread,) = spreads
        return tallies.answer_moved(spread, *answer)
    return tallies.Delta()


def timeline(submission_id: int, internal: bool = False) -> list[Event]:
    """Return the submission's events in order; internal ones only when asked."""
    stmt = db.select(Event).where(Event.submission_id == submission_id)
    if not internal:
        stmt = stmt.where(Event.internal.is_(False))
    return list(db.session.scalars(stmt.order_by(Event.id)))


def thread(submission_id: int) -> list[Comment]:
    """Return the conversation between the node and the office, in order."""
    return list(
        db.session.scalars(
            db.select(Comment)
            .where(Comment.submission_id == submission_id)
            .order_by(Comment.id)
        )
    )
