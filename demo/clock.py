"""Steps at past dates, taken in time order with the clock set to each one.

Each step calls the real rules; `time_machine` makes `utcnow()` (and so every
default timestamp and `date.today()`) return the step's time, so the rows come
out as if the people had done it then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import time_machine

from models import Notification, User, db, notification, outbox
from models.notification import MailStatus


@dataclass(order=True)
class Step:
    """One thing someone does at a moment; `n` keeps steps at one moment in order."""

    at: datetime
    n: int
    actor: User | None = field(compare=False)
    action: Callable[[], object] = field(compare=False)


@dataclass
class Clock:
    """The steps planned so far, run in time order."""

    read_until: datetime  # notifications from later on are left unread
    steps: list[Step] = field(default_factory=list)
    read_on: dict[int, date] = field(default_factory=dict)  # user id: last day read

    def at(self, when: datetime, actor: User | None, action: Callable) -> None:
        """Plan `action` at `when` (naive UTC), done by `actor` (None for a cron)."""
        self.steps.append(Step(when, len(self.steps), actor, action))

    def run(self) -> None:
        """Take every step at its time; leave the clock as it was."""
        if not self.steps:
            return
        steps = sorted(self.steps)
        moment = steps[0].at
        with time_machine.travel(_aware(moment), tick=False) as traveller:
            for step in steps:
                if step.at != moment:  # write what happened before the clock moves
                    db.session.flush()
                    moment = step.at
                    traveller.move_to(_aware(moment))
                if step.actor is not None and moment < self.read_until:
                    self._read(step.actor, moment.date())
                step.action()
            db.session.flush()
        _mailed_when_made()

    def _read(self, user: User, day: date) -> None:
        """The first time someone acts on a day, they read their notifications.

        What came after `read_until` stays unread: whoever signs in to the demo
        finds the last weeks' news waiting.
        """
        if self.read_on.get(user.id) != day:
            notification.mark_read(user.id)
            self.read_on[user.id] = day


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC)


def _mailed_when_made() -> None:
    """Record what the rules queued for mail as sent when it was made.

    The demo sends no mail; this leaves nothing from the past in the outbox for
    `flask send-mail`, as if each request had mailed its notices right after it.
    """
    pending = db.session.scalars(
        db.select(Notification).where(Notification.mail_status == MailStatus.PENDING)
    )
    for row in pending:
        outbox.record_sent([row], row.created_at)
    db.session.flush()
