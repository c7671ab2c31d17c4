"""Read model of a node's to-do list ("Att göra") for its coordinators.

Four kinds of work wait for a node: requests for more information to answer,
spreads to answer, backing to confirm and methods of its own due for review.
Each kind is one statement, whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import contains_eager, load_only

from ..base import db, local_today
from ..funding import Decision, FundingRequest
from ..organisation import Organisation
from ..spread import Spread
from ..submission import (
    IN_TRIAGE,
    Backing,
    Status,
    Submission,
    SubmissionParty,
)

# A method comes up for review this many days before its review date.
REVIEW_NOTICE_DAYS = 30
_TITLE = (Submission.id, Submission.title, Submission.kind, Submission.status)


@dataclass
class SpreadToAnswer:
    """A spread waiting for the node's answer; late once its answer date has passed."""

    spread: Spread
    late: bool


@dataclass
class MethodToReview:
    """A method of the node's own whose review date is near or past."""

    method: Submission
    overdue: bool


@dataclass
class NodeTodo:
    """What waits for a node's coordinators, by kind."""

    info_requests: list[Submission]
    spreads: list[SpreadToAnswer]
    backing: list[Submission]
    reviews: list[MethodToReview]

    @property
    def total(self) -> int:
        """How many items wait, of every kind."""
        return sum(
            map(len, (self.info_requests, self.spreads, self.backing, self.reviews))
        )


def node_todo(org: Organisation, today: date | None = None) -> NodeTodo:
    """Return what waits for the node's coordinators, oldest or most urgent first."""
    today = today or local_today()
    return NodeTodo(
        info_requests=info_requests(org),
        spreads=[
            SpreadToAnswer(s, s.deadline is not None and s.deadline < today)
            for s in spreads_to_answer(org)
        ],
        backing=backing_to_confirm(org),
        reviews=[
            MethodToReview(m, m.review_date < today)
            for m in methods_to_review(org, today)
        ],
    )


def info_requests(org: Organisation) -> list[Submission]:
    """The node's submissions on which the office has asked for more information."""
    return list(
        db.session.scalars(
            db.select(Submission)
            .where(
                Submission.origin_id == org.id, Submission.status == Status.NEEDS_INFO
            )
            .options(load_only(*_TITLE, Submission.last_activity_at))
            .order_by(Submission.last_activity_at, Submission.id)
        )
    )


def spreads_to_answer(org: Organisation) -> list[Spread]:
    """Spreads to the node still without an answer, by answer date (none last)."""
    return list(
        db.session.scalars(
            db.select(Spread)
            .join(Spread.submission)
            .where(
                Spread.organisation_id == org.id,
                Spread.answer.is_(None),
                Submission.status == Status.ACCEPTED,
            )
            .options(contains_eager(Spread.submission).load_only(*_TITLE))
            .order_by(Spread.deadline.is_(None), Spread.deadline, Spread.id)
        )
    )


def backing_to_confirm(org: Organisation) -> list[Submission]:
    """Requests for joint funds that name the node and wait for its backing.

    Only while the board has not decided: after that, backing changes nothing.
    """
    return list(
        db.session.scalars(
            db.select(Submission)
            .join(SubmissionParty, SubmissionParty.submission_id == Submission.id)
            .join(FundingRequest, FundingRequest.submission_id == Submission.id)
            .where(
                SubmissionParty.organisation_id == org.id,
                SubmissionParty.backing == Backing.PENDING,
                Submission.origin_id != org.id,
                Submission.status.in_(IN_TRIAGE | {Status.ACCEPTED}),
                FundingRequest.decision == Decision.PENDING,
            )
            .options(load_only(*_TITLE, Submission.origin_id))
            .order_by(Submission.submitted_at, Submission.id)
        )
    )


def methods_to_review(org: Organisation, today: date) -> list[Submission]:
    """The node's methods whose review date is within REVIEW_NOTICE_DAYS or past."""
    return list(
        db.session.scalars(
            db.select(Submission)
            .where(
                Submission.origin_id == org.id,
                Submission.in_library,
                Submission.review_date <= today + timedelta(days=REVIEW_NOTICE_DAYS),
            )
            .options(load_only(*_TITLE, Submission.review_date))
            .order_by(Submission.review_date, Submission.id)
        )
    )
