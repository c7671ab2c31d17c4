"""Keeping a method current: its next review date, reviews recorded, reminders.

The origin node's coordinators and the county office look after a method in the
library without sending it in again: they set the next review date, or record a
review ("reviewed, unchanged" or "reviewed with changes" and a note). Each is
an event on the method's timeline. `remind_due` reminds the origin node's
coordinators REMIND_BEFORE the review date, once per review date.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from .base import db, local_today
from .events import Event, EventKind, record
from .notification import notify
from .submission import Submission
from .user import Role, User
from .workflow import RuleBroken, coordinators_of

REMIND_BEFORE = timedelta(days=30)


class Outcome(enum.StrEnum):
    """What a review found."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"


_EVENTS = {
    Outcome.UNCHANGED: EventKind.REVIEWED_UNCHANGED,
    Outcome.CHANGED: EventKind.REVIEWED_CHANGED,
}


def can_review(user: User, method: Submission) -> bool:
    """The county office, and the coordinators of the node it comes from."""
    if not user.is_authenticated or not method.in_library:
        return False
    return user.role == Role.CENTRAL or (
        user.role == Role.COORDINATOR and user.organisation_id == method.origin_id
    )


def check_next_review(day: date | None, field: str = "review_date") -> None:
    """The next review is a day after today."""
    if day is None:
        raise RuleBroken(_l("Give the date of the next review."), field)
    if day <= local_today():
        raise RuleBroken(_l("The next review must be a date in the future."), field)


def check_outcome(outcome: str | None, note: str) -> None:
    """A review found the method unchanged, or changed it and says how."""
    if outcome not in {o.value for o in Outcome}:
        raise RuleBroken(_l("Choose what the review found."), "outcome")
    if outcome == Outcome.CHANGED and not note.strip():
        raise RuleBroken(_l("Write what was changed."), "note")


def _check(actor: User, method: Submission) -> None:
    if not can_review(actor, method):
        raise RuleBroken(
            _l("Only the node it comes from and the county office review a method.")
        )


def set_review_date(method: Submission, actor: User, day: date | None) -> None:
    """Move the method's next review to another day."""
    _check(actor, method)
    check_next_review(day)
    if method.review_date == day:
        return
    method.review_date = day
    record(method, actor, EventKind.REVIEW_DATE, note=day.isoformat())


def record_review(
    method: Submission, actor: User, outcome: str, note: str, next_review: date | None
) -> None:
    """Record a review and the day of the next one."""
    _check(actor, method)
    check_outcome(outcome, note)
    check_next_review(next_review)
    record(method, actor, _EVENTS[Outcome(outcome)], note=note.strip())
    if method.review_date != next_review:
        method.review_date = next_review
        record(method, actor, EventKind.REVIEW_DATE, note=next_review.isoformat())


def remind_due(today: date) -> int:
    """Remind origin nodes of methods due for review within REMIND_BEFORE, once
    per review date; return how many methods were reminded of.

    Safe to run twice, also at the same time: each reminder is claimed by a
    conditional update first. Setting a new review date makes a new reminder due.
    """
    not_yet = or_(
        Submission.review_reminded_for.is_(None),
        Submission.review_reminded_for != Submission.review_date,
    )
    due = db.session.scalars(
        db.select(Submission)
        .where(
            Submission.in_library,
            Submission.review_date <= today + REMIND_BEFORE,
            not_yet,
        )
        .order_by(Submission.review_date, Submission.id)
    ).all()
    table = Submission.__table__
    reminded = 0
    for method in due:
        claimed = db.session.execute(
            table.update()
            .where(
                table.c.id == method.id,
                table.c.review_date == method.review_date,
                or_(
                    table.c.review_reminded_for.is_(None),
                    table.c.review_reminded_for != table.c.review_date,
                ),
            )
            # bookkeeping: neither a new version nor a change the feed shows
            .values(
                review_reminded_for=method.review_date,
                updated_at=table.c.updated_at,
            )
        ).rowcount
        if not claimed:
            continue
        notify(
            coordinators_of([method.origin_id]),
            "review_due",
            method.id,
            title=method.title,
            review_date=method.review_date.isoformat(),
        )
        reminded += 1
    return reminded


REVIEW_EVENTS = (
    EventKind.REVIEWED_UNCHANGED,
    EventKind.REVIEWED_CHANGED,
    EventKind.REVIEW_DATE,
)


def reviews_of(method_id: int, limit: int = 10) -> list[Event]:
    """Return the method's recorded reviews and review dates, newest first."""
    return list(
        db.session.scalars(
            db.select(Event)
            .where(Event.submission_id == method_id, Event.kind.in_(REVIEW_EVENTS))
            .order_by(Event.id.desc())
            .limit(limit)
        )
    )
