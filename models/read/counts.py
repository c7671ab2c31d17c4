"""Counts kept in step with the rows they count, so pages do not scan tables.

Two tables of counters:

- `submission_counts`: how many submissions each node has of each kind in each
  status. The inbox shows a count per status on every request and the node list
  a count per node and kind; a GROUP BY over the whole table grows with it
  (about 150 ms at a million rows on PostgreSQL).
- `year_tallies`: what the follow-up counts per member and calendar year (needs,
  accepted initiatives, spreads received, adoptions, granted kronor). Counting a
  year's rows took 17 ms at 10⁵ submissions and 475 ms at 10⁶; the tallies are
  a few hundred rows whatever the size.

One session hook sees every insert, change and delete made through the ORM and
applies the difference inside the same transaction, so a rollback takes it back
too. Core bulk inserts (the benchmark seed) call `recount()` afterwards.
Years are calendar years of the stored (UTC) timestamps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String, event, func, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..base import Base, db
from ..funding import Decision, FundingRequest
from ..spread import Answer, Spread
from ..submission import Kind, Status, Submission

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
    GRANTED = "granted"  # kronor granted to the origin, by the year decided


class YearTally(Base):
    """One member's total of one measure in one calendar year."""

    __tablename__ = "year_tallies"

    measure: Mapped[str] = mapped_column(String(30), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    n: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


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
    """Set every counter from a real GROUP BY (after Core bulk inserts)."""
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
            fr.decided_at,
            sub.origin_id,
            func.coalesce(func.sum(fr.granted_amount), 0),
            fr.decision == Decision.GRANTED,
            fr.decided_at.is_not(None),
            join=db.join(fr, sub, fr.submission_id == sub.id),
        ),
    ]


# --- keeping them in step -------------------------------------------------------

View = Callable[[str], object]  # an attribute's value before or after the flush


def _submission_counts(v: View, _origin) -> list[tuple]:
    return [(tuple(v(name) for name in KEY), 1)]


def _submission_tallies(v: View, _origin) -> list[tuple]:
    if v("status") == Status.DRAFT.value or v("created_at") is None:
        return []
    year, origin = v("created_at").year, v("origin_id")
    if v("kind") == Kind.NEED.value:
        return [((Measure.NEEDS.value, year, origin), 1)]
    if v("kind") == Kind.INITIATIVE.value and v("status") == Status.ACCEPTED.value:
        return [((Measure.INITIATIVES_ACCEPTED.value, year, origin), 1)]
    return []


def _spread_tallies(v: View, _origin) -> list[tuple]:
    if v("created_at") is None:
        return []
    key = (v("created_at").year, v("organisation_id"))
    found = [((Measure.SPREADS_RECEIVED.value, *key), 1)]
    if v("answer") == Answer.ADOPTED.value:
        found.append(((Measure.ADOPTIONS.value, *key), 1))
    return found


def _funding_tallies(v: View, origin: Callable[[int], int]) -> list[tuple]:
    if v("decision") != Decision.GRANTED.value or v("decided_at") is None:
        return []
    key = (Measure.GRANTED.value, v("decided_at").year, origin(v("submission_id")))
    return [(key, v("granted_amount") or 0)]


# (class, attributes that matter, table, key columns, what one row contributes)
KEEPERS = [
    (Submission, KEY, SubmissionCount.__table__, KEY, _submission_counts),
    (
        Submission,
        ("origin_id", "kind", "status", "created_at"),
        YearTally.__table__,
        TALLY_KEY,
        _submission_tallies,
    ),
    (
        Spread,
        ("organisation_id", "created_at", "answer"),
        YearTally.__table__,
        TALLY_KEY,
        _spread_tallies,
    ),
    (
        FundingRequest,
        ("submission_id", "decision", "decided_at", "granted_amount"),
        YearTally.__table__,
        TALLY_KEY,
        _funding_tallies,
    ),
]


def _view(obj, when: str) -> View:
    """An object's attribute values as they are now or were before the flush."""
    state = inspect(obj)

    def value(name: str):
        history = state.attrs[name].history
        if when == "now":
            known = history.added or history.unchanged
        else:
            known = history.deleted or history.unchanged
        found = known[0] if known else getattr(obj, name)
        return found.value if hasattr(found, "value") else found

    return value


def _changes(session: Session, cls, names, contributes, origin) -> Counter:
    delta: Counter = Counter()

    def add(obj, when: str, sign: int) -> None:
        for key, amount in contributes(_view(obj, when), origin):
            delta[key] += sign * amount

    for obj in session.new:
        if isinstance(obj, cls):
            add(obj, "now", 1)
    for obj in session.deleted:
        if isinstance(obj, cls):
            add(obj, "before", -1)
    for obj in session.dirty:
        if isinstance(obj, cls) and obj not in session.deleted:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in names):
                add(obj, "before", -1)
                add(obj, "now", 1)
    return delta


@event.listens_for(Session, "after_flush")
def _keep_counts(session: Session, _ctx) -> None:
    """Apply this flush's changes to the counters, in the same transaction."""
    conn = None

    def origin(submission_id: int) -> int:
        return conn.execute(
            db.select(Submission.origin_id).where(Submission.id == submission_id)
        ).scalar_one()

    touched = {type(o) for o in (*session.new, *session.dirty, *session.deleted)}
    for cls, names, table, key_names, contributes in KEEPERS:
        if cls not in touched:
            continue
        conn = conn or session.connection()
        delta = {
            key: d
            for key, d in _changes(session, cls, names, contributes, origin).items()
            if d
        }
        # A fixed order keeps two concurrent flushes from locking rows crosswise.
        for key in sorted(delta):
            match = [table.c[n] == v for n, v in zip(key_names, key, strict=True)]
            changed = conn.execute(
                table.update().where(*match).values(n=table.c.n + delta[key])
            ).rowcount
            if not changed:
                row = dict(zip(key_names, key, strict=True))
                conn.execute(table.insert().values(**row, n=delta[key]))
