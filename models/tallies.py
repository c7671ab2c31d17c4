"""Counts kept in step with the rows they count, and the one way they move.

Two tables of counters, so pages do not scan the tables they count:

- `submission_counts`: how many submissions each node has of each kind in each
  status (the inbox's count per status, the node list's count per node and kind).
- `year_tallies`: what the follow-up counts per member and calendar year (needs,
  accepted initiatives, spreads received, adoptions, granted kronor).

Only `events.record()` moves them. The rule that records an event says what it
changed (a status from → to, the spreads it sent, an answer from → to, a grant
from → to); the functions below turn that into differences per counter, and
`apply()` adds them with one upsert per table, in the same transaction, so a
rollback takes them back too and two transactions that create the same counter
both succeed. Rows written outside the rules (the benchmark's Core inserts, the
demo) are counted afresh by `models.read.counts.recount()`, which holds the same
definitions as GROUP BYs. Years are calendar years of the stored (UTC) timestamps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, db
from .spread import Answer, Spread
from .submission import Kind, Status, Submission

KEY = ("origin_id", "kind", "status")
TALLY_KEY = ("measure", "year", "organisation_id")


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
    """What the follow-up tallies per member and year."""

    NEEDS = "needs"  # needs sent in (drafts not), by the year they were created
    INITIATIVES_ACCEPTED = "initiatives_accepted"  # by the year created
    SPREADS_RECEIVED = "spreads_received"  # by the year spread
    ADOPTIONS = "adoptions"  # spreads answered "adopted", by the year spread
    GRANTED = "granted"  # kronor granted to the origin, by the board's year


class YearTally(Base):
    """One member's total of one measure in one calendar year."""

    __tablename__ = "year_tallies"

    measure: Mapped[str] = mapped_column(String(30), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    n: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


COUNTS = SubmissionCount.__table__.name
TALLIES = YearTally.__table__.name
# A difference to the counters: {(table name, key): amount}.
Delta = Counter
# Kronor granted and when the decision was taken.
Grant = tuple[int, datetime]


# --- what one row counts for --------------------------------------------------


def _submission(sub: Submission, status: str) -> Delta:
    """What a submission counts for while it has this status."""
    status = Status(status)
    kind = Kind(sub.kind)
    found = Delta({(COUNTS, (sub.origin_id, kind.value, status.value)): 1})
    if status == Status.DRAFT or sub.created_at is None:
        return found
    year = sub.created_at.year
    if kind == Kind.NEED:
        found[TALLIES, (Measure.NEEDS.value, year, sub.origin_id)] += 1
    if kind == Kind.INITIATIVE and status == Status.ACCEPTED:
        found[TALLIES, (Measure.INITIATIVES_ACCEPTED.value, year, sub.origin_id)] += 1
    return found


def _spread(spread: Spread, answer: Answer | None) -> Delta:
    """What a spread counts for while it has this answer (None: not answered)."""
    key = (spread.created_at.year, spread.organisation_id)
    found = Delta({(TALLIES, (Measure.SPREADS_RECEIVED.value, *key)): 1})
    if answer == Answer.ADOPTED:
        found[TALLIES, (Measure.ADOPTIONS.value, *key)] += 1
    return found


def _grant(sub: Submission, grant: Grant | None) -> Delta:
    """What a funding decision counts for: the kronor granted, by decision year."""
    if grant is None:
        return Delta()
    kronor, decided_at = grant
    key = (Measure.GRANTED.value, decided_at.year, sub.origin_id)
    return Delta({(TALLIES, key): kronor or 0})


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


def spreads_sent(spreads: list[Spread]) -> Delta:
    """New spreads, received by their organisations (not answered yet)."""
    delta = Delta()
    for spread in spreads:
        delta.update(_spread(spread, None))
    return delta


def answer_moved(spread: Spread, before: Answer | None, after: Answer | None) -> Delta:
    """A receiving node answered a spread, or changed its answer."""
    return _moved(_spread(spread, before), _spread(spread, after))


def grant_moved(sub: Submission, before: Grant | None, after: Grant | None) -> Delta:
    """A funding decision was taken or changed (None: nothing granted)."""
    return _moved(_grant(sub, before), _grant(sub, after))


# --- applying them ------------------------------------------------------------

_KEYS = {COUNTS: KEY, TALLIES: TALLY_KEY}
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
