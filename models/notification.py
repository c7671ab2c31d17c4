"""In-app notifications; each is also an entry in the e-mail outbox.

A notification stores its kind and parameters, never a finished sentence: the
sentence is rendered for each reader, in the reader's language (models/notices).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, db, utcnow
from .user import NotifyPreference, User, _enum

# What is worth an e-mail; everything else stays in the app.
MAILED_KINDS = frozenset(
    {
        "spread",
        "needs_info",
        "decision",
        "merged",
        "answer",
        "mention",
        "backing",
        "reminder",
        "funding",
        "woken",
        "review_due",
    }
)


class MailStatus(enum.StrEnum):
    """Where a notification stands in the e-mail outbox."""

    SKIP = "skip"  # not mailed: in-app only, mail off, or read before it went out
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after MAX_ATTEMPTS; kept, and logged


class Notification(Base):
    """Something a user should know about, linked to where it happened."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # A sentence rendered when the row was made; only rows from before `params`.
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
    mail_status: Mapped[MailStatus] = mapped_column(
        _enum(MailStatus), default=MailStatus.SKIP, server_default="skip"
    )
    mail_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    mail_next_at: Mapped[datetime | None]
    mail_error: Mapped[str] = mapped_column(Text, default="", server_default="")

    user: Mapped[User] = relationship(lazy="raise")

    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_mail_status", "mail_status", "user_id"),
    )


def notify(users, kind: str, submission_id: int | None = None, **params) -> None:
    """Notify each user of something; what is worth an e-mail joins the outbox."""
    for user in users:
        mail = kind in MAILED_KINDS and user.notify != NotifyPreference.OFF
        db.session.add(
            Notification(
                user_id=user.id,
                kind=kind,
                params={k: str(v) for k, v in params.items()},
                submission_id=submission_id,
                mail_status=MailStatus.PENDING if mail else MailStatus.SKIP,
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
