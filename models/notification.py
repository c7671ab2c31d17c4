"""In-app notifications (and, later, the e-mail that goes with them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, db, utcnow


class Notification(Base):
    """Something a user should know about, linked to where it happened."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)


def notify(users, kind: str, text: str, submission_id: int | None = None) -> None:
    """Queue an in-app notification for each user (e-mail follows from it)."""
    for user in users:
        db.session.add(
            Notification(
                user_id=user.id, kind=kind, text=text, submission_id=submission_id
            )
        )


def unread_count(user_id: int) -> int:
    """Return how many notifications the user has not read."""
    return (
        db.session.scalar(
            db.select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def notifications_for(user_id: int, limit: int = 100) -> list[Notification]:
    """Return the user's notifications, newest first."""
    return list(
        db.session.scalars(
            db.select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one or all of the user's notifications as read; return how many."""
    stmt = db.update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount
