"""The immutable timeline of a submission, and the comment thread."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import Base, db, utcnow
from .user import User, _enum

if TYPE_CHECKING:
    from .submission import Submission


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


@event.listens_for(Event, "before_insert")
def _copy_origin(_mapper, _connection, target: Event) -> None:
    """Fill in the origin node from the submission, inside the INSERT itself."""
    if target.origin_id is None:
        from .submission import Submission

        target.origin_id = (
            select(Submission.origin_id)
            .where(Submission.id == target.submission_id)
            .scalar_subquery()
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


@event.listens_for(Session, "before_flush")
def _refuse_event_changes(session: Session, _ctx, _instances) -> None:
    """Refuse to update or delete a timeline event (arkivlagen: nothing rewritten)."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Event) and (
            obj in session.deleted or session.is_modified(obj)
        ):
            raise ImmutableEventError("timeline events cannot be changed or deleted")


@event.listens_for(Event, "before_update")
@event.listens_for(Event, "before_delete")
def _refuse_event_write(_mapper, _connection, _target) -> None:
    """Second guard at the mapper level."""
    raise ImmutableEventError("timeline events cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_event_writes(orm_execute_state) -> None:
    """Refuse bulk UPDATE or DELETE statements aimed at the events table."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete):
        return
    table = getattr(orm_execute_state.statement, "table", None)
    if table is not None and table.name == Event.__tablename__:
        raise ImmutableEventError("timeline events cannot be changed or deleted")


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
