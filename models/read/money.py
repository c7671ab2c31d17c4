"""The follow-up's money: grants, utfall, residents and contributions.

Grants and utfall are read from the tallies kept per month and reach
(`models/money_tallies.py`), moved by every rule that changes them: editing an
insats's served municipalities changes the attribution at once. The attribution
is linear in the kronor, so grants (and utfall) that serve the same
municipalities in the same month (year) are split once: the page reads a row per
month and reach, not one per insats (`grants` and `utfall` still read them one by
one, to name what could not be split). A grant is dated by the board's
decision date (`decided_on`; the day it was recorded when that is not set). Only
grants with an insats record count: without one, whom the money serves is not
known (the page says that there are such grants, and asks for the record).
`tallies()` reads the kept rows once a page; `Tallies` answers from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_

from ..base import db
from ..funding import Contribution, Decision, FundingRequest, Residents
from ..insats import BudgetRow, Insats, insats_municipalities
from ..money_tallies import (
    GrantMeasure,
    GrantTally,
    PartyTally,
    month_of,
    served_ids,
)


@dataclass(frozen=True)
class Grant:
    """The kronor granted to one insats, the day decided, and whom it serves."""

    insats_id: int
    kronor: int
    day: date
    served: tuple[int, ...]  # municipality ids; every one when it serves the county


@dataclass(frozen=True)
class Granted:
    """The kronor granted in one month to the insatser serving the same
    municipalities."""

    year: int
    month: int
    kronor: int
    served: tuple[int, ...]  # municipality ids; every one when it serves the county

    @property
    def day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)


def _decided():
    """The day a grant counts from, in SQL (a date or a timestamp)."""
    return func.coalesce(FundingRequest.decided_on, FundingRequest.decided_at)


def _granted(first: date | None, last: date | None) -> list:
    where = [
        FundingRequest.decision == Decision.GRANTED,
        FundingRequest.granted_amount.is_not(None),
        or_(
            FundingRequest.decided_on.is_not(None),
            FundingRequest.decided_at.is_not(None),
        ),
    ]
    if first is not None:
        where.append(_decided() >= first)
    if last is not None:
        where.append(_decided() < last + timedelta(days=1))
    return where


def grants(first: date, last: date, county: list[int]) -> list[Grant]:
    """Every grant to an insats decided from `first` to `last`, one by one (to
    name the ones that could not be split; the page reads `granted`).

    `county` is every member municipality, served by an insats that serves the
    county.
    """
    rows = db.session.execute(
        db.select(
            Insats.id,
            Insats.serves_county,
            FundingRequest.granted_amount,
            FundingRequest.decided_on,
            FundingRequest.decided_at,
        )
        .join(Insats, Insats.id == FundingRequest.submission_id)
        .where(*_granted(first, last))
        .order_by(Insats.id)
    ).all()
    served = _by_insats(
        db.select(
            insats_municipalities.c.insats_id, insats_municipalities.c.organisation_id
        ).where(insats_municipalities.c.insats_id.in_([r[0] for r in rows]))
    )
    return [
        Grant(i, kronor, on or at.date(), _served(county, whole, served.get(i, ())))
        for i, whole, kronor, on, at in rows
    ]


def _served(county: list[int], whole: bool, chosen: tuple[int, ...]) -> tuple:
    """The member municipalities served (territory is the municipalities')."""
    return tuple(county) if whole else tuple(o for o in chosen if o in county)


def _by_insats(select) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for insats_id, org_id in db.session.execute(select):
        found.setdefault(insats_id, []).append(org_id)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def utfall(years: range, county: list[int]) -> list[tuple[int, int, int, tuple]]:
    """[(insats id, budget year, utfall kronor, served)] for the years."""
    rows = db.session.execute(
        db.select(BudgetRow.insats_id, BudgetRow.year, func.sum(BudgetRow.utfall))
        .where(
            BudgetRow.year >= years.start,
            BudgetRow.year < years.stop,
            BudgetRow.utfall.is_not(None),
        )
        .group_by(BudgetRow.insats_id, BudgetRow.year)
        .order_by(BudgetRow.insats_id, BudgetRow.year)
    ).all()
    ids = sorted({r[0] for r in rows})
    served = _by_insats(
        db.select(
            insats_municipalities.c.insats_id, insats_municipalities.c.organisation_id
        ).where(insats_municipalities.c.insats_id.in_(ids))
    )
    whole = set(
        db.session.scalars(
            db.select(Insats.id).where(Insats.id.in_(ids), Insats.serves_county)
        )
    )
    return [
        (i, year, int(kronor), _served(county, i in whole, served.get(i, ())))
        for i, year, kronor in rows
    ]


def _served_by(county: list[int], reach: str) -> tuple[int, ...]:
    """The member municipalities a kept reach serves."""
    chosen = served_ids(reach)
    return _served(county, chosen is None, chosen or ())


@dataclass(frozen=True)
class Tallies:
    """The money tallies as the follow-up reads them: every row of
    `grant_tallies`, and the county-wide parties' rows of `party_tallies`.

    A few hundred rows (months × reaches), read in two queries: the page asks
    five questions of them, which as queries were five more round trips.
    """

    # (month yyyymm, reach, measure, kronor, latest day)
    grants: list[tuple[int, str, str, int, date | None]]
    # (month yyyymm, organisation id, n, kronor, latest day)
    parties: list[tuple[int, int, int, int, date | None]]

    def granted(self, first: date, last: date, county: list[int]) -> list[Granted]:
        """The grants to insatser decided in the months of `first` to `last`,
        added up per month and per reach (`county`: every member
        municipality)."""
        found: dict[tuple[int, int, tuple], int] = {}
        months = _months(first, last)
        for month, reach, measure, kronor, _day in self.grants:
            if measure == GrantMeasure.GRANTED and month in months:
                key = (month // 100, month % 100, _served_by(county, reach))
                found[key] = found.get(key, 0) + kronor  # reaches serving the same
        return [Granted(y, m, kr, served) for (y, m, served), kr in found.items()]

    def utfall_by_reach(
        self, years: range, county: list[int]
    ) -> dict[tuple[int, tuple], int]:
        """{(budget year, served): utfall kronor} for the years, per reach."""
        found: dict[tuple[int, tuple], int] = {}
        for month, reach, measure, kronor, _day in self.grants:
            if measure == GrantMeasure.UTFALL and month // 100 in years:
                key = (month // 100, _served_by(county, reach))
                found[key] = found.get(key, 0) + kronor
        return found

    def without_insats(self, first: date, last: date) -> bool:
        """Whether any grant decided in the months of `first` to `last` has no
        insats record (whom it serves is then unknown, so it is not counted)."""
        months = _months(first, last)
        return any(
            measure == GrantMeasure.WITHOUT_INSATS and month in months
            for month, _reach, measure, _kronor, _day in self.grants
        )

    def backed(self, first: date, last: date) -> dict[int, tuple[int, int]]:
        """{party: (insatser it backs, kronor granted to them)} for the grants
        decided in the months of `first` to `last`."""
        found: dict[int, tuple[int, int]] = {}
        months = _months(first, last)
        for month, org, n, kronor, _day in self.parties:
            if month in months:
                had_n, had_kronor = found.get(org, (0, 0))
                found[org] = (had_n + n, had_kronor + kronor)
        return found

    def latest_grants(self, county: list[int]) -> dict[int, date]:
        """The day of each member's latest grant to an insats, in any year: for
        the municipalities it serves (every one when it serves the county) and
        for the county-wide parties that back it."""
        found: dict[int, date] = {}
        days = [
            (day, org)
            for _month, reach, measure, _kronor, day in self.grants
            if measure == GrantMeasure.GRANTED and day is not None
            for org in _served_by(county, reach)
        ]
        days += [(day, org) for _m, org, _n, _k, day in self.parties if day]
        for day, org in days:
            found[org] = max(day, found.get(org, day))
        return found


def _months(first: date, last: date) -> range:
    """The months (yyyymm) of `first` to `last`, both included, as the tallies
    key them. Across a new year the range also holds 202413…202500: no grant is
    dated so, and utfall's year rows (month 00) are told apart by their measure."""
    return range(month_of(first), month_of(last) + 1)


def tallies(parties: list[int]) -> Tallies:
    """Read the money tallies (the rows that count something): `grant_tallies`
    and the `party_tallies` of the county-wide `parties`."""
    grants = db.session.execute(
        db.select(
            GrantTally.month,
            GrantTally.reach,
            GrantTally.measure,
            GrantTally.kronor,
            GrantTally.last_day,
        ).where(GrantTally.n > 0)
    )
    backing = db.session.execute(
        db.select(
            PartyTally.month,
            PartyTally.organisation_id,
            PartyTally.n,
            PartyTally.kronor,
            PartyTally.last_day,
        ).where(PartyTally.n > 0, PartyTally.organisation_id.in_(parties))
    )
    return Tallies(
        [(m, reach, measure, int(kr), day) for m, reach, measure, kr, day in grants],
        [(m, org, n, int(kr), day) for m, org, n, kr, day in backing],
    )


def residents(years: range) -> dict[tuple[int, int], int | None]:
    """{(organisation id, year): residents 16–64, None when recorded as unknown}."""
    rows = db.session.execute(
        db.select(Residents.organisation_id, Residents.year, Residents.count).where(
            Residents.year >= years.start, Residents.year < years.stop
        )
    )
    return {(org, year): count for org, year, count in rows}


def contributions(years: range) -> dict[tuple[int, int], int | None]:
    """{(organisation id, year): kronor paid in, None when recorded as unknown}."""
    rows = db.session.execute(
        db.select(
            Contribution.organisation_id, Contribution.year, Contribution.amount
        ).where(Contribution.year >= years.start, Contribution.year < years.stop)
    )
    return {(org, year): amount for org, year, amount in rows}
