"""Reading the kept counters, and counting them afresh.

The counters (`submission_counts`, `month_tallies`, `decision_days`) and the one
way they move are in `models/tallies.py` (the money's, `grant_tallies` and
`party_tallies`, in `models/money_tallies.py`, moved by `money_tallies.kept()`):
every timeline event applies its own difference through `events.record()`. Here
are the queries the pages ask of them, and `recount()`, the repair tool that sets
every counter from a real GROUP BY (after Core bulk inserts such as the
benchmark's seed, or rows the demo writes directly).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Date, Integer, cast, func

from .. import money_tallies
from ..base import db
from ..events import Event
from ..spread import Answer, Spread
from ..submission import Kind, Status, Submission
from ..tallies import (
    DAYS_KEY,
    DECIDED,
    KEY,
    SENT_MEASURE,
    TALLY_KEY,
    UNDECIDED,
    DecisionDays,
    Measure,
    MonthTally,
    SubmissionCount,
)


def status_counts(origin=None, kind: str = "") -> dict[Status, int]:
    """Return the number of submissions per status, for one node or kind if given.

    `origin` is a node id or a scalar subquery giving one. Drafts are included.
    """
    where = []
    if origin is not None:
        where.append(SubmissionCount.origin_id == origin)
    if kind:
        where.append(SubmissionCount.kind == kind)
    rows = db.session.execute(
        db.select(SubmissionCount.status, func.sum(SubmissionCount.n))
        .where(*where)
        .group_by(SubmissionCount.status)
    )
    return {Status(status): int(n) for status, n in rows if n}


def node_kind_counts(
    drafts: bool = False, origin_id: int | None = None
) -> dict[tuple[int, Kind], int]:
    """Return the number of submissions per node and kind (of one node if given)."""
    where = [] if drafts else [SubmissionCount.status != Status.DRAFT.value]
    if origin_id is not None:
        where.append(SubmissionCount.origin_id == origin_id)
    rows = db.session.execute(
        db.select(
            SubmissionCount.origin_id, SubmissionCount.kind, func.sum(SubmissionCount.n)
        )
        .where(*where)
        .group_by(SubmissionCount.origin_id, SubmissionCount.kind)
    )
    return {(origin, Kind(kind)): int(n) for origin, kind, n in rows if n}


def tallies(
    measures: Iterable[Measure], first: int | None = None, last: int | None = None
) -> dict[tuple[Measure, int], int]:
    """Return {(measure, organisation id): total} over months first…last (yyyymm,
    both included; all months when not given)."""
    rows = db.session.execute(
        db.select(
            MonthTally.measure, MonthTally.organisation_id, func.sum(MonthTally.n)
        )
        .where(*_tally_where(measures, first, last))
        .group_by(MonthTally.measure, MonthTally.organisation_id)
    )
    return {(Measure(m), org): int(n) for m, org, n in rows if n}


def period_tallies(
    measures: Iterable[Measure], first: int, last: int, months: int
) -> dict[tuple[Measure, int, int], int]:
    """Return {(measure, organisation id, period): n} for the months first…last
    (yyyymm, both included) cut into periods of `months` months (12, 4, 3 or
    1), numbered from 0 at the first month: added up in SQL, so a page reads a
    row per period."""
    month = MonthTally.month
    start = (first // 100) * 12 + first % 100 - 1
    period = ((month // 100) * 12 + month % 100 - 1 - start) // months
    rows = db.session.execute(
        db.select(
            MonthTally.measure,
            MonthTally.organisation_id,
            period,
            func.sum(MonthTally.n),
        )
        .where(*_tally_where(measures, first, last))
        .group_by(MonthTally.measure, MonthTally.organisation_id, period)
    )
    return {(Measure(m), org, int(p)): int(n) for m, org, p, n in rows if n}


def _tally_where(measures: Iterable[Measure], first: int | None, last: int | None):
    where = [MonthTally.measure.in_([m.value for m in measures])]
    if first is not None:
        where.append(MonthTally.month >= first)
    if last is not None:
        where.append(MonthTally.month <= last)
    return where


def decision_days(first: int, last: int) -> dict[int, dict[int, int]]:
    """Return {organisation id: {days: n}}: the office's first decisions taken in
    months first…last, by how many days after the submission was sent."""
    rows = db.session.execute(
        db.select(
            DecisionDays.organisation_id, DecisionDays.days, func.sum(DecisionDays.n)
        )
        .where(DecisionDays.month >= first, DecisionDays.month <= last)
        .group_by(DecisionDays.organisation_id, DecisionDays.days)
    )
    found: dict[int, dict[int, int]] = {}
    for org, days, n in rows:
        if n:
            found.setdefault(org, {})[days] = int(n)
    return found


def recount(connection=None) -> None:
    """Set every counter from a real GROUP BY: the repair tool.

    For rows written outside the rules' events: Core bulk inserts (the benchmark's
    seed passes its connection), the demo, a row changed by hand. Without a
    connection it counts in the session's transaction, this session's changes too.
    """
    if connection is None:
        db.session.flush()
    conn = connection if connection is not None else db.session.connection()
    table = SubmissionCount.__table__
    conn.execute(table.delete())
    keys = [getattr(Submission, k) for k in KEY]
    conn.execute(
        table.insert().from_select(
            [*KEY, "n"], db.select(*keys, func.count()).group_by(*keys)
        )
    )
    tally = MonthTally.__table__
    conn.execute(tally.delete())
    for select in _tally_selects():
        conn.execute(tally.insert().from_select([*TALLY_KEY, "n"], select))
    days = DecisionDays.__table__
    conn.execute(days.delete())
    conn.execute(days.insert().from_select([*DAYS_KEY, "n"], _days_select(conn)))
    money_tallies.recount(conn)


def _month(at):
    """The calendar month of a timestamp as yyyymm, in SQL."""
    return cast(func.extract("year", at) * 100 + func.extract("month", at), Integer)


def _tally_selects() -> list:
    """One GROUP BY per measure, giving (measure, month, organisation_id, n)."""

    def grouped(measure, at, org, *where):
        month = _month(at)
        select = db.select(db.literal(measure.value), month, org, func.count())
        return select.where(*where).group_by(month, org)

    sub, spread = Submission, Spread
    sent = [
        grouped(
            measure,
            sub.created_at,
            sub.origin_id,
            sub.kind == kind,
            sub.status != Status.DRAFT,
        )
        for kind, measure in SENT_MEASURE.items()
    ]
    return [
        *sent,
        grouped(
            Measure.INITIATIVES_ACCEPTED,
            sub.created_at,
            sub.origin_id,
            sub.kind == Kind.INITIATIVE,
            sub.status == Status.ACCEPTED,
        ),
        grouped(Measure.SPREADS_RECEIVED, spread.created_at, spread.organisation_id),
        grouped(
            Measure.ANSWERS_GIVEN,
            spread.created_at,
            spread.organisation_id,
            spread.answer.is_not(None),
        ),
        grouped(
            Measure.ADOPTIONS,
            spread.created_at,
            spread.organisation_id,
            spread.answer == Answer.ADOPTED,
        ),
    ]


def _days_select(conn):
    """(month, organisation_id, days, n) of each submission's first decision."""
    first = (
        db.select(Event.submission_id, func.min(Event.created_at).label("at"))
        .where(
            Event.from_status.in_([s.value for s in UNDECIDED]),
            Event.to_status.in_([s.value for s in DECIDED]),
        )
        .group_by(Event.submission_id)
        .subquery()
    )
    sent = func.coalesce(Submission.submitted_at, Submission.created_at)
    if conn.dialect.name == "sqlite":
        days = cast(
            func.julianday(func.date(first.c.at)) - func.julianday(func.date(sent)),
            Integer,
        )
    else:
        days = cast(first.c.at, Date) - cast(sent, Date)
    month = _month(first.c.at)
    return (
        db.select(month, Submission.origin_id, days, func.count())
        .join_from(first, Submission, Submission.id == first.c.submission_id)
        .group_by(month, Submission.origin_id, days)
    )
