"""Counts kept in step with the rows they count, and the one way they move.

Three tables of counters, so pages do not scan the tables they count:

- `submission_counts`: how many submissions each node has of each kind in each
  status (the inbox's count per status, the node list's count per node and kind).
- `month_tallies`: what the follow-up counts per member and calendar month
  (`Measure`: needs, initiatives logged and accepted, practices shared, spreads
  received, answered and adopted), so any period from a month to years is a sum.
- `decision_days`: per member and month, how many submissions had the office's
  first decision after how many days (a histogram: the median is exact).

The follow-up's money (grants, utfall, the parties' backing) is kept per month
too, in `grant_tallies` and `party_tallies` (models/money_tallies.py), moved by
the rules that change money through `money_tallies.kept()`.

Only `events.record()` moves them. The rule that records an event says what it
changed (a status from → to, the spreads it sent, an answer from → to); the
functions below turn that into differences per counter, and
`apply()` adds them with one upsert per table, in the same transaction, so a
rollback takes them back too and two transactions that create the same counter
both succeed. Rows written outside the rules (the benchmark's Core inserts, the
demo) are counted afresh by `models.read.counts.recount()`, which holds the same
definitions as GROUP BYs. Months are calendar months of the stored (UTC) timestamps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, db
from .spread import Answer, Spread
from .submission import Kind, Status, Submission

KEY = ("origin_id", "kind", "status")
TALLY_KEY = ("measure", "month", "organisation_id")
DAYS_KEY = ("month", "organisation_id", "days")


class SubmissionCount(Base):
    """The number of submissions of one node, kind and status."""

    __tablename__ = "submission_counts"

    origin_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(default=0, server_default="0")


class Measure(StrEnum):
    """What the follow-up tallies per member and month."""

    NEEDS = "needs"  # needs sent in (drafts not), by the month they were created
    INITIATIVES_LOGGED = "initiatives_logged"  # sent in, by the month created
    INITIATIVES_ACCEPTED = "initiatives_accepted"  # by the month created
    PRACTICES_SHARED = "practices_shared"  # sent in, by the month created
    SPREADS_RECEIVED = "spreads_received"  # by the month spread
    ANSWERS_GIVEN = "answers_given"  # spreads answered, by the month spread
    ADOPTIONS = "adoptions"  # spreads answered "adopted", by the month spread


# A submission counts for these measures once sent (drafts never count).
SENT_MEASURE = {
    Kind.NEED: Measure.NEEDS,
    Kind.INITIATIVE: Measure.INITIATIVES_LOGGED,
    Kind.PRACTICE: Measure.PRACTICES_SHARED,
}
# The office's first decision: the first move out of these statuses to those.
UNDECIDED = frozenset({Status.SUBMITTED, Status.IN_REVIEW})
DECIDED = frozenset(
    {Status.NEEDS_INFO, Status.ACCEPTED, Status.DECLINED, Status.MERGED}
)


class MonthTally(Base):
    """One member's total of one measure in one calendar month (yyyymm)."""

    __tablename__ = "month_tallies"

    measure: Mapped[str] = mapped_column(String(30), primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    n: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class DecisionDays(Base):
    """How many of a member's submissions had the office's first decision in a
    month after this many days: a histogram, so a median over any months is exact.
    """

    __tablename__ = "decision_days"

    month: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    days: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(default=0, server_default="0")


COUNTS = SubmissionCount.__table__.name
TALLIES = MonthTally.__table__.name
DAYS = DecisionDays.__table__.name
# A difference to the counters: {(table name, key): amount}.
Delta = Counter


def month_of(at: datetime | date) -> int:
    """The month as the tallies key it: 2026-05-… → 202605."""
    return at.year * 100 + at.month


def is_decision(before: str, after: str) -> bool:
    """Whether a move from one status to another is a decision by the office."""
    return Status(before) in UNDECIDED and Status(after) in DECIDED


# --- what one row counts for --------------------------------------------------


def _submission(sub: Submission, status: str) -> Delta:
    """What a submission counts for while it has this status."""
    status = Status(status)
    kind = Kind(sub.kind)
    found = Delta({(COUNTS, (sub.origin_id, kind.value, status.value)): 1})
    if status == Status.DRAFT or sub.created_at is None:
        return found
    month = month_of(sub.created_at)
    found[TALLIES, (SENT_MEASURE[kind].value, month, sub.origin_id)] += 1
    if kind == Kind.INITIATIVE and status == Status.ACCEPTED:
        found[TALLIES, (Measure.INITIATIVES_ACCEPTED.value, month, sub.origin_id)] += 1
    return found


def _spread(spread: Spread, answer: Answer | None) -> Delta:
    """What a spread counts for while it has this answer (None: not answered)."""
    key = (month_of(spread.created_at), spread.organisation_id)
    found = Delta({(TALLIES, (Measure.SPREADS_RECEIVED.value, *key)): 1})
    if answer is not None:
        found[TALLIES, (Measure.ANSWERS_GIVEN.value, *key)] += 1
    if answer == Answer.ADOPTED:
        found[TALLIES, (Measure.ADOPTIONS.value, *key)] += 1
    return found


def _moved(before: Delta, after: Delta) -> Delta:
    """The difference from one state to the next (a Counter's `-` drops negatives)."""
    delta = Delta(after)
    for key, n in before.items():
        delta[key] -= n
    return delta


# --- what one event changes ---------------------------------------------------


def created(sub: Submission) -> Delta:
    """A new submission, counted in the status it was created with."""
    return _submission(sub, sub.status)


def status_moved(sub: Submission, before: str, after: str) -> Delta:
    """A submission moved from one status to another."""
    return _moved(_submission(sub, before), _submission(sub, after))


def first_decision(sub: Submission, decided_at: datetime) -> Delta:
    """The office's first decision on a submission: days since it was sent in
    (calendar days, UTC), in the month of the decision."""
    sent = sub.submitted_at or sub.created_at
    days = (decided_at.date() - sent.date()).days
    return Delta({(DAYS, (month_of(decided_at), sub.origin_id, days)): 1})


def spreads_sent(spreads: list[Spread]) -> Delta:
    """New spreads, received by their organisations (not answered yet)."""
    delta = Delta()
    for spread in spreads:
        delta.update(_spread(spread, None))
    return delta


def answer_moved(spread: Spread, before: Answer | None, after: Answer | None) -> Delta:
    """A receiving node answered a spread, or changed its answer."""
    return _moved(_spread(spread, before), _spread(spread, after))


# --- applying them ------------------------------------------------------------

_KEYS = {COUNTS: KEY, TALLIES: TALLY_KEY, DAYS: DAYS_KEY}
_BATCH = "tallies.batch"


def apply(delta: Delta) -> None:
    """Add the difference to the counters (at the end of a `batch()` if in one)."""
    pending = db.session.info.get(_BATCH)
    if pending is not None:
        pending.update(delta)
    else:
        _upsert(delta)


@contextmanager
def batch() -> Iterator[None]:
    """Apply the differences of every event recorded inside at once, at the end.

    For a bulk action: a few upserts instead of some per row, and one transaction
    takes every counter's row lock in the same order as any other.
    """
    if _BATCH in db.session.info:
        yield
        return
    db.session.info[_BATCH] = Delta()
    try:
        yield
    finally:
        pending = db.session.info.pop(_BATCH)
    _upsert(pending)


def _upsert(delta: Delta) -> None:
    """INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n, one per table.

    Keys go in sorted order (one VALUES list per table, tables by name), so two
    transactions touching the same counters lock them in the same order.
    """
    rows: dict[str, list[dict]] = {}
    for (table, key), n in sorted(delta.items()):
        if n:
            row = dict(zip(_KEYS[table], key, strict=True), n=n)
            rows.setdefault(table, []).append(row)
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for name, values in rows.items():
        table = Base.metadata.tables[name]
        stmt = insert(table).values(values)
        added = {"n": table.c.n + stmt.excluded.n}
        db.session.execute(
            stmt.on_conflict_do_update(index_elements=list(_KEYS[name]), set_=added)
        )
