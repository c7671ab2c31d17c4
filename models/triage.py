"""The county office's triage rules: status, assignment, notes, merge, publishing.

Every change compares the version the officer read with the current one first,
so two officers working on the same submission never overwrite each other.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from . import mentions, money_tallies, tallies
from .base import Base, db, local_today, utcnow
from .events import Comment, EventKind, record
from .labels import label
from .notification import notify
from .submission import (
    NOT_MERGE_TARGETS,
    Backing,
    Status,
    Submission,
    SubmissionParty,
)
from .user import Role, User
from .workflow import RuleBroken, check_version, coordinators_of

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset(
        {Status.IN_REVIEW, Status.NEEDS_INFO, Status.ACCEPTED, Status.DECLINED}
    ),
    Status.IN_REVIEW: frozenset({Status.NEEDS_INFO, Status.ACCEPTED, Status.DECLINED}),
    Status.NEEDS_INFO: frozenset({Status.IN_REVIEW, Status.DECLINED}),
    Status.ACCEPTED: frozenset({Status.IN_REVIEW}),
    Status.DECLINED: frozenset({Status.IN_REVIEW}),
    Status.MERGED: frozenset({Status.IN_REVIEW}),
}
NEEDS_MESSAGE = frozenset({Status.NEEDS_INFO, Status.DECLINED})


class TransitionNotAllowed(RuleBroken):
    """That status cannot follow the current one."""


def allowed_next(sub: Submission) -> frozenset[Status]:
    """Return the statuses the office may move the submission to."""
    return TRANSITIONS.get(sub.status, frozenset())


def transition(
    sub: Submission,
    to: Status,
    actor: User,
    message: str = "",
    version: int | None = None,
) -> None:
    """Move the submission on; tell the node; a request or refusal needs a message."""
    check_version(sub, version)
    if to not in allowed_next(sub):
        raise TransitionNotAllowed(
            _l(
                "It cannot go from “%(old)s” to “%(new)s”.",
                old=label(sub.status),
                new=label(to),
            ),
            field="status",
        )
    if to in NEEDS_MESSAGE and not message.strip():
        raise RuleBroken(
            _l("Write a message to the node: it needs to know why."), field="message"
        )
    record(
        sub, actor, EventKind.STATUS, note=message, from_status=sub.status, to_status=to
    )
    if message.strip():
        db.session.add(Comment(submission_id=sub.id, author_id=actor.id, text=message))
    if sub.merged_into_id and to == Status.IN_REVIEW:
        sub.merged_into_id = None
    sub.status = to
    notify(
        coordinators_of([sub.origin_id]),
        _NOTICE_KIND.get(to, "status"),
        sub.id,
        title=sub.title,
        status=to.value,
        note=message.strip(),
    )


# A request for information and a decision are worth an e-mail to the node.
_NOTICE_KIND = {
    Status.NEEDS_INFO: "needs_info",
    Status.ACCEPTED: "decision",
    Status.DECLINED: "decision",
}


def assign(
    sub: Submission, assignee: User | None, actor: User, version: int | None = None
) -> None:
    """Give the submission to an officer (or to no one)."""
    check_version(sub, version)
    if assignee is not None and assignee.role != Role.CENTRAL:
        raise RuleBroken(
            _l("Only county office staff can be assigned."), field="assignee"
        )
    sub.assignee = assignee
    record(
        sub,
        actor,
        EventKind.ASSIGNED,
        internal=True,
        note=assignee.name if assignee else "",
    )
    if assignee is not None and assignee.id != actor.id:
        notify([assignee], "assigned", sub.id, actor=actor.name, title=sub.title)


def add_note(sub: Submission, actor: User, text: str) -> None:
    """Append an internal note; never conflicts and is never shown to nodes."""
    event = record(sub, actor, EventKind.NOTE, note=text, internal=True)
    mentioned = mentions.named_in(text, exclude=actor.id)
    if mentioned:
        db.session.flush()  # the note's id: the notification links to it
        notify(
            mentioned,
            "mention",
            sub.id,
            actor=actor.name,
            title=sub.title,
            event=str(event.id),
        )


def snooze(
    sub: Submission, until: date | None, actor: User, version: int | None = None
) -> None:
    """Take it out of every inbox view but "Snoozed" until a day after today.

    It comes back by itself on that day (the list compares with today), and
    `wake_due` records the wake and tells the assignee; `wake` ends it early.
    """
    check_version(sub, version)
    if until is None:
        raise RuleBroken(_l("Choose the day it comes back."), field="until")
    if until <= local_today():
        raise RuleBroken(_l("Choose a date after today."), field="until")
    sub.snoozed_until = until
    record(sub, actor, EventKind.SNOOZED, note=until.isoformat(), internal=True)


def wake(sub: Submission, actor: User, version: int | None = None) -> None:
    """End a snooze before its day ("Wake now")."""
    check_version(sub, version)
    if not sub.is_snoozed:
        raise RuleBroken(_l("It is not snoozed."), field="until")
    until = sub.snoozed_until
    sub.snoozed_until = None
    record(sub, actor, EventKind.WOKEN, note=until.isoformat(), internal=True)


def wake_due(today: date) -> int:
    """Wake what was snoozed until today or before, once per snooze; how many.

    Each wake is an event on the timeline ("Snooze ended") and a notification
    (and mail) to the assignee. Safe to run twice, also at the same time: a
    snooze is claimed by a conditional update before anything is recorded.
    """
    due = db.session.scalars(
        db.select(Submission)
        .where(Submission.snoozed_until <= today)
        .order_by(Submission.id)
    ).all()
    table = Submission.__table__
    woken = 0
    for sub in due:
        until = sub.snoozed_until
        claimed = db.session.execute(
            table.update()
            .where(table.c.id == sub.id, table.c.snoozed_until == until)
            .values(snoozed_until=None, updated_at=table.c.updated_at)
        ).rowcount
        if not claimed:
            continue
        set_committed_value(sub, "snoozed_until", None)
        record(sub, None, EventKind.WOKEN, note=until.isoformat(), internal=True)
        if sub.assignee is not None and sub.assignee.active:
            notify(
                [sub.assignee],
                "woken",
                sub.id,
                title=sub.title,
                until=until.isoformat(),
            )
        woken += 1
    return woken


def merge_target(target_id: int | None) -> Submission:
    """Return the submission with this number to merge into; drafts are not shown."""
    target = db.session.get(Submission, target_id or 0)
    if target is None or target.is_draft:
        raise RuleBroken(_l("There is no submission with that number."), "target")
    return target


def merge(
    sub: Submission, target: Submission, actor: User, version: int | None = None
) -> None:
    """Merge into another submission: both nodes stay counted; nothing is deleted."""
    check_version(sub, version)
    if target.id == sub.id or target.status in NOT_MERGE_TARGETS:
        raise RuleBroken(
            _l("Choose another submission that is still open or accepted."),
            field="target",
        )
    if not sub.can_merge:
        raise TransitionNotAllowed(_l("Only a submission in triage can be merged."))
    record(
        sub,
        actor,
        EventKind.MERGED,
        from_status=sub.status,
        to_status=Status.MERGED,
        note=target.title,
    )
    sub.status, sub.merged_into = Status.MERGED, target
    if all(p.organisation_id != sub.origin_id for p in target.parties):
        with money_tallies.kept([target.id]):  # a backer of the target's grant
            target.parties.append(
                SubmissionParty(
                    organisation_id=sub.origin_id, backing=Backing.CONFIRMED
                )
            )
    record(target, actor, EventKind.MERGED, note=sub.title)
    target.last_activity_at = utcnow()
    notify(
        coordinators_of({sub.origin_id, target.origin_id}),
        "merged",
        target.id,
        source=sub.title,
        target=target.title,
    )


BULK_ACTIONS = ("assign_me", "unassign", "in_review", "accepted", "snooze")


def bulk(
    subs: list[Submission], action: str, actor: User, until: date | None = None
) -> list[tuple[Submission, str | None]]:
    """Apply one action to many; return each with None (done) or why it was skipped.

    Every rule here raises before it changes anything, so a skipped one is left
    as it was without a savepoint per row; all changes are flushed together, and
    the kept counts move once for them all.
    """
    results = []
    with tallies.batch():
        for sub in subs:
            try:
                _bulk_one(sub, action, actor, until)
                results.append((sub, None))
            except RuleBroken as exc:
                results.append((sub, str(exc.message)))
    db.session.flush()
    return results


def _bulk_one(sub: Submission, action: str, actor: User, until: date | None) -> None:
    if action == "assign_me":
        assign(sub, actor, actor)
    elif action == "unassign":
        assign(sub, None, actor)
    elif action == "snooze":
        snooze(sub, until, actor)
    else:
        transition(sub, Status(action), actor)


class AnswerTemplate(Base):
    """A reusable message for requests for information and refusals."""

    __tablename__ = "answer_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)


def answer_templates() -> list[AnswerTemplate]:
    """Return the office's active answer templates, by name."""
    return list(
        db.session.scalars(
            db.select(AnswerTemplate)
            .where(AnswerTemplate.active)
            .order_by(AnswerTemplate.name)
        )
    )


def merge_candidates(sub: Submission, query: str, limit: int = 8) -> list[Submission]:
    """Return submissions this one could be merged into, matching the query."""
    from .read.fulltext import matches

    condition = matches(query, db.session.get_bind().dialect.name)
    if condition is None:
        return []
    return list(
        db.session.scalars(
            db.select(Submission)
            .where(
                condition,
                Submission.id != sub.id,
                Submission.status.not_in(NOT_MERGE_TARGETS),
            )
            .order_by(Submission.created_at.desc())
            .limit(limit)
        )
    )


def publish(sub: Submission, actor: User, publish: bool, version: int | None) -> None:
    """Put an accepted initiative in the method library, or take it out."""
    check_version(sub, version)
    if not sub.can_publish:
        raise RuleBroken(
            _l("Only an accepted initiative can be published as a method."),
            field="publish",
        )
    if sub.is_method == publish:
        return
    sub.is_method = publish
    record(sub, actor, EventKind.PUBLISHED if publish else EventKind.UNPUBLISHED)
