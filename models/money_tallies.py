"""The follow-up's money, kept per month like the counts (issue #11 item 8).

Two tables, so the follow-up reads a few hundred rows instead of every grant:

- `grant_tallies`: (month yyyymm, reach, measure) → kronor, n and the latest day.
  The reach is whom the money serves as a stable string: "county" for an insats
  that serves the whole county, else its chosen municipalities' ids sorted and
  joined ("3,5,8"; "" when none is chosen). Measures:
  - `granted`: grants to an insats, in the month of the board's decision
    (`decided_on`; the day it was recorded when that is not set), `last_day` the
    latest such day;
  - `utfall`: the budget rows' utfall, `month` = the budget year × 100 (month 00:
    the year as a whole), `n` the rows that have an utfall;
  - `without_insats`: grants with no insats record (reach ""), whose money the
    page cannot attribute.
- `party_tallies`: (month, organisation) → kronor, n and the latest day of the
  grants to insatser that the organisation has confirmed it backs.

They move where the rule that changes the money runs: each such rule (a
decision: a grant, a change, a reversal in `granting.decide`; whom an insats
serves in `funds.serve`; a budget row's utfall in `funds.set_budget_row`; a party
named, dropped or confirming its backing and a funding request dropped in
`workflow`; a merge naming a party in `triage.merge`) wraps its change in
`kept(ids)`, which reads what those submissions' money counted for before and
after and adds the difference with one upsert per table. Both reads use
`_money`, the function `recount()` uses for every row, so kept rows always equal
a recount. Rows written by hand (the bench's bulk seed) are counted afresh with
`recount()`.
A latest day cannot be taken back by a sum: where a grant leaves a row, that
row's latest day is read again from the grants of its month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String, and_, case, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, db
from .funding import Decision, FundingRequest
from .insats import BudgetRow, Insats, insats_municipalities
from .submission import Backing, SubmissionParty

COUNTY = "county"  # the reach of an insats that serves the whole county


class GrantMeasure(StrEnum):
    """What `grant_tallies` adds up per month and reach."""

    GRANTED = "granted"
    UTFALL = "utfall"  # month = budget year * 100
    WITHOUT_INSATS = "without_insats"  # reach ""


class GrantTally(Base):
    """The kronor (and how many rows) of one measure, month and reach."""

    __tablename__ = "grant_tallies"

    month: Mapped[int] = mapped_column(primary_key=True)
    reach: Mapped[str] = mapped_column(String(400), primary_key=True)
    measure: Mapped[str] = mapped_column(String(20), primary_key=True)
    kronor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    n: Mapped[int] = mapped_column(default=0, server_default="0")
    last_day: Mapped[date | None]


class PartyTally(Base):
    """The kronor granted in one month to the insatser a party backs, and how many."""

    __tablename__ = "party_tallies"

    month: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    kronor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    n: Mapped[int] = mapped_column(default=0, server_default="0")
    last_day: Mapped[date | None]


GRANTS = GrantTally.__table__.name
PARTIES = PartyTally.__table__.name
_KEYS = {GRANTS: ("month", "reach", "measure"), PARTIES: ("month", "organisation_id")}
_SUMS = ("kronor", "n")


def month_of(day: date) -> int:
    """The month as the tallies key it: 2026-05-… → 202605."""
    return day.year * 100 + day.month


def reach_of(serves_county: bool, chosen: Iterable[int]) -> str:
    """Whom an insats serves as the tallies key it: "county" or "3,5,8"."""
    return COUNTY if serves_county else ",".join(str(i) for i in sorted(chosen))


def served_ids(reach: str) -> tuple[int, ...] | None:
    """The municipality ids of a reach; None for the whole county."""
    if reach == COUNTY:
        return None
    return tuple(int(i) for i in reach.split(",")) if reach else ()


@dataclass
class Money:
    """What some rows count for: {(table, key, "kronor"|"n"): amount} and
    {(table, key): the latest day} (grants and parties only)."""

    sums: Counter = field(default_factory=Counter)
    days: dict[tuple, date] = field(default_factory=dict)

    def add(self, table: str, key: tuple, kronor: int, day: date | None) -> None:
        self.sums[table, key, "kronor"] += kronor
        self.sums[table, key, "n"] += 1
        if day is not None and (table, key) not in self.days:
            self.days[table, key] = day
        elif day is not None:
            self.days[table, key] = max(day, self.days[table, key])

    def keys(self) -> set[tuple]:
        return {(t, k) for t, k, _c in self.sums} | set(self.days)

    def row(self, key: tuple) -> tuple:
        return (*(self.sums.get((*key, c), 0) for c in _SUMS), self.days.get(key))


def _granted_where() -> list:
    """A grant, as the follow-up counts it: an amount and a day."""
    return [
        FundingRequest.decision == Decision.GRANTED,
        FundingRequest.granted_amount.is_not(None),
        or_(
            FundingRequest.decided_on.is_not(None),
            FundingRequest.decided_at.is_not(None),
        ),
    ]


def _in_month(month: int) -> list:
    """Grants whose day falls in this month (yyyymm), as an index can find them."""
    first = date(month // 100, month % 100, 1)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    on, at = FundingRequest.decided_on, FundingRequest.decided_at
    start, stop = datetime(first.year, first.month, 1), datetime(nxt.year, nxt.month, 1)
    return [
        or_(
            and_(on >= first, on < nxt),
            and_(on.is_(None), at >= start, at < stop),
        )
    ]


def _money(conn, ids: list[int] | None = None, month: int | None = None) -> Money:
    """What the submissions `ids` (every one when None), or the grants of one
    month, count for in the money tallies: the one definition of them."""
    where = _granted_where()
    if ids is not None:
        where.append(FundingRequest.submission_id.in_(ids))
    if month is not None:
        where += _in_month(month)
    grants = conn.execute(
        db.select(
            FundingRequest.submission_id,
            FundingRequest.granted_amount,
            FundingRequest.decided_on,
            FundingRequest.decided_at,
            Insats.id,
            Insats.serves_county,
        )
        .outerjoin(Insats, Insats.id == FundingRequest.submission_id)
        .where(*where)
    ).all()
    scope = ids if month is None else [g[0] for g in grants]
    reach = _reaches(conn, scope)
    parties = _confirmed(conn, scope)
    found = Money()
    for sub_id, kronor, on, at, insats_id, whole in grants:
        day = on or at.date()
        if insats_id is None:
            key = (month_of(day), "", GrantMeasure.WITHOUT_INSATS.value)
            found.add(GRANTS, key, kronor, None)
            continue
        key = (month_of(day), reach_of(whole, reach.get(sub_id, ())), "granted")
        found.add(GRANTS, key, kronor, day)
        for org_id in parties.get(sub_id, ()):
            found.add(PARTIES, (month_of(day), org_id), kronor, day)
    if month is None:
        _add_utfall(conn, ids, reach, found)
    return found


def _add_utfall(conn, ids: list[int] | None, reach: dict, found: Money) -> None:
    where = [BudgetRow.utfall.is_not(None)]
    if ids is not None:
        where.append(BudgetRow.insats_id.in_(ids))
    rows = conn.execute(
        db.select(
            BudgetRow.insats_id, BudgetRow.year, BudgetRow.utfall, Insats.serves_county
        )
        .join(Insats, Insats.id == BudgetRow.insats_id)
        .where(*where)
    )
    for insats_id, year, utfall, whole in rows:
        key = (year * 100, reach_of(whole, reach.get(insats_id, ())), "utfall")
        found.add(GRANTS, key, utfall, None)


def _reaches(conn, ids: list[int] | None) -> dict[int, list[int]]:
    """{insats id: its chosen municipalities' ids}."""
    im = insats_municipalities.c
    select = db.select(im.insats_id, im.organisation_id)
    if ids is not None:
        select = select.where(im.insats_id.in_(ids))
    found: dict[int, list[int]] = {}
    for insats_id, org_id in conn.execute(select):
        found.setdefault(insats_id, []).append(org_id)
    return found


def _confirmed(conn, ids: list[int] | None) -> dict[int, list[int]]:
    """{submission id: the parties that have confirmed their backing}."""
    select = db.select(SubmissionParty.submission_id, SubmissionParty.organisation_id)
    select = select.where(SubmissionParty.backing == Backing.CONFIRMED)
    if ids is not None:
        select = select.where(SubmissionParty.submission_id.in_(ids))
    else:  # the backers of grants only, not every party of every submission
        granted = db.select(FundingRequest.submission_id).where(*_granted_where())
        select = select.where(SubmissionParty.submission_id.in_(granted))
    found: dict[int, list[int]] = {}
    for sub_id, org_id in conn.execute(select):
        found.setdefault(sub_id, []).append(org_id)
    return found


# --- moving them ---------------------------------------------------------------


@contextmanager
def kept(ids: Iterable[int | None]) -> Iterator[None]:
    """Keep the money tallies right across a change to the money of the
    submissions `ids`: note what they counted for, run the block, add the
    difference, in the block's transaction (a rollback takes it back too)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:  # a submission not yet stored has no money
        yield
        return
    db.session.flush()
    conn = db.session.connection()
    before = _money(conn, wanted)
    yield
    db.session.flush()
    _move(conn, before, _money(conn, wanted))


def _move(conn, before: Money, after: Money) -> None:
    """Add the difference; read the latest day again where a grant left a row."""
    changed = sorted(
        k for k in before.keys() | after.keys() if before.row(k) != after.row(k)
    )
    if not changed:
        return
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for name in (GRANTS, PARTIES):
        rows = []
        for table, key in changed:
            if table == name:
                sums = [
                    after.sums[table, key, c] - before.sums[table, key, c]
                    for c in _SUMS
                ]
                values = dict(zip(_KEYS[name], key, strict=True))
                values.update(zip(_SUMS, sums, strict=True))
                rows.append({**values, "last_day": after.days.get((table, key))})
        if rows:
            conn.execute(_upsert(insert, name, rows))
    left = [(t, k) for t, k in changed if (t, k) in before.days]
    for month in sorted({key[0] for _t, key in left}):
        _latest_day_again(conn, month, [(t, k) for t, k in left if k[0] == month])


def _upsert(insert, name: str, rows: list[dict]):
    table = Base.metadata.tables[name]
    stmt = insert(table).values(rows)
    new, old = stmt.excluded.last_day, table.c.last_day
    later = case(
        (new.is_(None), old), (old.is_(None), new), (new > old, new), else_=old
    )
    added = {c: table.c[c] + stmt.excluded[c] for c in _SUMS}
    return stmt.on_conflict_do_update(
        index_elements=list(_KEYS[name]), set_={**added, "last_day": later}
    )


def _latest_day_again(conn, month: int, keys: list[tuple]) -> None:
    """Set the latest day of these rows of one month from its grants."""
    found = _money(conn, month=month)
    for table, key in keys:
        model = Base.metadata.tables[table]
        where = [model.c[k] == v for k, v in zip(_KEYS[table], key, strict=True)]
        conn.execute(
            model.update().where(*where).values(last_day=found.days.get((table, key)))
        )


# --- counting them afresh -------------------------------------------------------


def recount(conn) -> None:
    """Set both tables from every grant, budget row and party (the repair tool)."""
    found = _money(conn)
    for name in (GRANTS, PARTIES):
        table = Base.metadata.tables[name]
        conn.execute(table.delete())
        rows = []
        for table_name, key in sorted(found.keys()):
            if table_name == name:
                kronor, n, day = found.row((table_name, key))
                values = dict(zip(_KEYS[name], key, strict=True))
                rows.append({**values, "kronor": kronor, "n": n, "last_day": day})
        if rows:
            conn.execute(table.insert(), rows)
