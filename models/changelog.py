"""The change log: who changed what, when, from what to what (append-only).

Administrative records that are not submissions (contributions, residents, an
insats and its budget) keep their history here, as the timeline does for a
submission. Rows are added, never changed or deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, db, utcnow
from .user import User


class Change(Base):
    """One administrative change: who, when, what kind, about what, before → after."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What sort of record changed: "contribution", "residents", "insats", "budget".
    kind: Mapped[str] = mapped_column(String(40))
    # Which record, as a stable key: "koping/2026", "17", "17/2026/insats".
    subject: Mapped[str] = mapped_column(String(200))
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_changes_kind_subject", "kind", "subject", "id"),
        Index("ix_changes_actor", "actor_id", "id"),
    )


def log_change(
    actor: User | None, kind: str, subject: str, before: object, after: object
) -> Change | None:
    """Append one change (nothing when before and after read the same)."""
    old = "" if before is None else str(before)
    new = "" if after is None else str(after)
    if old == new:
        return None
    change = Change(
        actor_id=actor.id if actor else None,
        kind=kind,
        subject=subject,
        before=old,
        after=new,
    )
    db.session.add(change)
    return change


def history(kind: str, subject: str | None = None, limit: int = 200) -> list[Change]:
    """The latest changes of one kind (and subject), newest first."""
    query = db.select(Change).where(Change.kind == kind)
    if subject is not None:
        query = query.where(Change.subject == subject)
    return list(db.session.scalars(query.order_by(Change.id.desc()).limit(limit)))


PER_PAGE = 50


def log_page(
    actor_id: int | None = None, kind: str | None = None, page: int = 1
) -> tuple[list[Change], int]:
    """One page of the admin log, newest first, and how many changes match."""
    query = db.select(Change)
    if actor_id is not None:
        query = query.where(Change.actor_id == actor_id)
    if kind:
        query = query.where(Change.kind == kind)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(Change.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    return list(rows), total or 0


def log_actors() -> list[User]:
    """The people who have made a logged change, by name."""
    made = db.select(Change.actor_id).where(Change.actor_id.is_not(None)).distinct()
    return list(
        db.session.scalars(db.select(User).where(User.id.in_(made)).order_by(User.name))
    )
