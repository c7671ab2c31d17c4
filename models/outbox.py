"""The e-mail outbox: which notifications go out, claiming them, and retries.

A notification waits as `pending` until it is mailed. A sender first *claims*
rows in one UPDATE that counts the attempt and pushes `mail_next_at` a lease
ahead, and commits before it talks to the SMTP server: two senders (the request
that made the notification and a cron run) never mail the same row, and a sender
that dies mid-way leaves the row to be retried when the lease runs out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlalchemy.orm import joinedload

from .base import db
from .notification import MailStatus, Notification
from .user import NotifyPreference, User

logger = logging.getLogger("samnod")

LEASE = timedelta(minutes=15)  # longer than any SMTP timeout
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 20  # about four days of retries before a row is marked failed


def skip_unwanted() -> int:
    """Stop mailing rows that were read, or whose reader turned mail off or left."""
    unwanted = db.select(User.id).where(
        or_(User.notify == NotifyPreference.OFF, User.active.is_(False))
    )
    stmt = (
        db.update(Notification)
        .where(
            Notification.mail_status == MailStatus.PENDING,
            or_(
                Notification.read_at.is_not(None),
                Notification.user_id.in_(unwanted),
            ),
        )
        .values(mail_status=MailStatus.SKIP)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).rowcount


def due(
    preference: NotifyPreference, now: datetime, ids: set[int] | None = None
) -> list[int]:
    """Return the ids of rows that may be mailed now to users with this preference."""
    stmt = (
        db.select(Notification.id)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.mail_status == MailStatus.PENDING,
            or_(Notification.mail_next_at.is_(None), Notification.mail_next_at <= now),
            User.notify == preference,
        )
        .order_by(Notification.id)
    )
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(sorted(ids)))
    return list(db.session.scalars(stmt))


def claim(ids: list[int], now: datetime) -> list[int]:
    """Take the rows for one attempt; return the ids this sender got."""
    if not ids:
        return []
    stmt = (
        db.update(Notification)
        .where(
            Notification.id.in_(ids),
            Notification.mail_status == MailStatus.PENDING,
            or_(Notification.mail_next_at.is_(None), Notification.mail_next_at <= now),
        )
        .values(mail_attempts=Notification.mail_attempts + 1, mail_next_at=now + LEASE)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(db.session.scalars(stmt))


def load(ids: list[int]) -> list[Notification]:
    """Return the claimed rows with their users, in order."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            db.select(Notification)
            .options(joinedload(Notification.user))
            .where(Notification.id.in_(ids))
            .order_by(Notification.id)
        ).unique()
    )


def record_sent(rows: list[Notification], now: datetime) -> None:
    """Mark the rows as mailed."""
    for row in rows:
        row.mail_status, row.emailed_at = MailStatus.SENT, now
        row.mail_next_at, row.mail_error = None, ""


def record_failure(rows: list[Notification], error: Exception, now: datetime) -> None:
    """Log the failure and schedule the next try, or give up after MAX_ATTEMPTS."""
    reason = f"{type(error).__name__}: {error}"[:500]
    for row in rows:
        row.mail_error = reason
        if row.mail_attempts >= MAX_ATTEMPTS:
            row.mail_status, row.mail_next_at = MailStatus.FAILED, None
            logger.error(
                "Mail for notification %s to %s failed %s times; giving up: %s",
                row.id,
                row.user.email,
                row.mail_attempts,
                reason,
            )
            continue
        wait = min(FIRST_RETRY * 2 ** (row.mail_attempts - 1), LONGEST_WAIT)
        row.mail_next_at = now + wait
        logger.warning(
            "Mail for notification %s to %s failed (attempt %s); retrying after %s: %s",
            row.id,
            row.user.email,
            row.mail_attempts,
            row.mail_next_at.isoformat(timespec="minutes"),
            reason,
        )
