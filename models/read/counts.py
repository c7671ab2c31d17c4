"""Reading the kept counters, and counting them afresh.

The counters (`submission_counts`, `year_tallies`) and the one way they move are
in `models/tallies.py`: every timeline event applies its own difference through
`events.record()`. Here are the queries the pages ask of them, and `recount()`,
the repair tool that sets every counter from a real GROUP BY (after Core bulk
inserts such as the benchmark's seed, or rows the demo writes directly).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func

from ..base import db
from ..funding import Decision, FundingRequest
from ..spread import Answer, Spread
from ..submission import Kind, Status, Submission
from ..tallies import KEY, TALLY_KEY, Measure, SubmissionCount, YearTally


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
    measures: Iterable[Measure], year: int | None = None
) -> dict[tuple[Measure, int], int]:
    """Return {(measure, organisation id): total} for one year, or all years."""
    where = [YearTally.measure.in_([m.value for m in measures])]
    if year is not None:
        where.append(YearTally.year == year)
    rows = db.session.execute(
        db.select(YearTally.measure, YearTally.organisation_id, func.sum(YearTally.n))
        .where(*where)
        .group_by(YearTally.measure, YearTally.organisation_id)
    )
    return {(Measure(m), org): int(n) for m, org, n in rows if n}


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
    tally = YearTally.__table__
    conn.execute(tally.delete())
    for select in _tally_selects():
        conn.execute(tally.insert().from_select([*TALLY_KEY, "n"], select))


def _tally_selects() -> list:
    """One GROUP BY per measure, giving (measure, year, organisation_id, n)."""

    def grouped(measure, at, org, n, *where, join=None):
        year = func.extract("year", at)
        select = db.select(db.literal(measure.value), year, org, n).where(*where)
        if join is not None:
            select = select.select_from(join)
        return select.group_by(year, org)

    sub, spread, fr = Submission, Spread, FundingRequest
    return [
        grouped(
            Measure.NEEDS,
            sub.created_at,
            sub.origin_id,
            func.count(),
            sub.kind == Kind.NEED,
            sub.status != Status.DRAFT,
        ),
        grouped(
            Measure.INITIATIVES_ACCEPTED,
            sub.created_at,
            sub.origin_id,
            func.count(),
            sub.kind == Kind.INITIATIVE,
            sub.status == Status.ACCEPTED,
        ),
        grouped(
            Measure.SPREADS_RECEIVED,
            spread.created_at,
            spread.organisation_id,
            func.count(),
        ),
        grouped(
            Measure.ADOPTIONS,
            spread.created_at,
            spread.organisation_id,
            func.count(),
            spread.answer == Answer.ADOPTED,
        ),
        grouped(
            Measure.GRANTED,
            # the board's date; a decision from before it was recorded, its time
            func.coalesce(fr.decided_on, fr.decided_at),
            sub.origin_id,
            func.coalesce(func.sum(fr.granted_amount), 0),
            fr.decision == Decision.GRANTED,
            fr.decided_at.is_not(None),
            join=db.join(fr, sub, fr.submission_id == sub.id),
        ),
    ]
