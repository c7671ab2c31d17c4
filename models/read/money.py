"""The follow-up's money, read live: grants, utfall, residents and contributions.

Grants and utfall are read at query time and never tallied: editing an insats's
served municipalities changes the attribution at once. The attribution is linear
in the kronor, so grants (and utfall) that serve the same municipalities in the
same month (year) are added up in SQL and split once: the page reads a row per
month and reach, not one per insats. A grant is dated by the board's
decision date (`decided_on`; the day it was recorded when that is not set). Only
grants with an insats record count: without one, whom the money serves is not
known (the page says that there are such grants, and asks for the record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import String, case, cast, func, or_

from ..base import db
from ..funding import Contribution, Decision, FundingRequest, Residents
from ..insats import BudgetRow, Insats, insats_municipalities
from ..submission import Backing, SubmissionParty


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


def grants_without_insats(first: date, last: date) -> bool:
    """Whether any grant decided from `first` to `last` has no insats record
    (whom it serves is then unknown, so it is not counted).

    Asked, not summed: an EXISTS stops at the first such grant, and when every
    grant has its insats there are only as many grants as insatser to look at.
    """
    found = db.select(FundingRequest.id).where(
        *_granted(first, last),
        FundingRequest.submission_id.not_in(db.select(Insats.id)),
    )
    return db.session.scalar(found.limit(1)) is not None


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


def _reach():
    """Per insats with chosen municipalities, their ids as one string ("3,5,8")."""
    im = insats_municipalities.c
    orgs = func.aggregate_strings(cast(im.organisation_id, String), ",")
    return db.select(im.insats_id, orgs.label("orgs")).group_by(im.insats_id).subquery()


def _ids(orgs: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(o) for o in orgs.split(","))) if orgs else ()


def granted(first: date, last: date, county: list[int]) -> list[Granted]:
    """The grants to insatser decided from `first` to `last`, added up per month
    and per reach (`county`: every member municipality)."""
    reach, day = _reach(), _decided()
    year, month = db.extract("year", day), db.extract("month", day)
    rows = db.session.execute(
        db.select(
            year,
            month,
            Insats.serves_county,
            reach.c.orgs,
            func.sum(FundingRequest.granted_amount),
        )
        .join(Insats, Insats.id == FundingRequest.submission_id)
        .outerjoin(reach, reach.c.insats_id == Insats.id)
        .where(*_granted(first, last))
        .group_by(year, month, Insats.serves_county, reach.c.orgs)
    )
    found: dict[tuple[int, int, tuple], int] = {}
    for y, m, whole, orgs, kronor in rows:  # the same reach, listed in another order
        key = (int(y), int(m), _served(county, whole, _ids(orgs)))
        found[key] = found.get(key, 0) + int(kronor)
    return [Granted(y, m, kronor, served) for (y, m, served), kronor in found.items()]


def utfall_by_reach(years: range, county: list[int]) -> dict[tuple[int, tuple], int]:
    """{(budget year, served): utfall kronor} for the years, added up per reach."""
    reach = _reach()
    rows = db.session.execute(
        db.select(
            BudgetRow.year,
            Insats.serves_county,
            reach.c.orgs,
            func.sum(BudgetRow.utfall),
        )
        .join(Insats, Insats.id == BudgetRow.insats_id)
        .outerjoin(reach, reach.c.insats_id == Insats.id)
        .where(
            BudgetRow.year >= years.start,
            BudgetRow.year < years.stop,
            BudgetRow.utfall.is_not(None),
        )
        .group_by(BudgetRow.year, Insats.serves_county, reach.c.orgs)
    )
    found: dict[tuple[int, tuple], int] = {}
    for year, whole, orgs, kronor in rows:
        key = (year, _served(county, whole, _ids(orgs)))
        found[key] = found.get(key, 0) + int(kronor)
    return found


def backed(first: date, last: date, parties: list[int]) -> dict[int, tuple[int, int]]:
    """{party: (insatser it backs, kronor granted to them)} for the grants
    decided from `first` to `last`."""
    rows = db.session.execute(
        db.select(
            SubmissionParty.organisation_id,
            func.count(),
            func.sum(FundingRequest.granted_amount),
        )
        .join(Insats, Insats.id == FundingRequest.submission_id)
        .join(SubmissionParty, SubmissionParty.submission_id == Insats.id)
        .where(
            *_granted(first, last),
            SubmissionParty.backing == Backing.CONFIRMED,
            SubmissionParty.organisation_id.in_(parties),
        )
        .group_by(SubmissionParty.organisation_id)
    )
    return {org: (n, int(kronor)) for org, n, kronor in rows}


def latest_grants(county: list[int], parties: list[int]) -> dict[int, date]:
    """The day of each member's latest grant to an insats, in any year: for the
    municipalities it serves (every one when it serves the county) and for the
    county-wide `parties` that back it."""
    on = func.max(FundingRequest.decided_on)
    at = func.max(
        case((FundingRequest.decided_on.is_(None), FundingRequest.decided_at))
    )
    grants = (
        db.select(on, at)
        .select_from(FundingRequest)
        .join(Insats, Insats.id == FundingRequest.submission_id)
        .where(*_granted(None, None))
    )
    im = insats_municipalities.c
    chosen = (
        grants.add_columns(im.organisation_id)
        .join(insats_municipalities, im.insats_id == Insats.id)
        .where(Insats.serves_county.is_(False), im.organisation_id.in_(county))
        .group_by(im.organisation_id)
    )
    backers = (
        grants.add_columns(SubmissionParty.organisation_id)
        .join(SubmissionParty, SubmissionParty.submission_id == Insats.id)
        .where(
            SubmissionParty.backing == Backing.CONFIRMED,
            SubmissionParty.organisation_id.in_(parties),
        )
        .group_by(SubmissionParty.organisation_id)
    )
    on_day, at_time = db.session.execute(grants.where(Insats.serves_county)).one()
    found: dict[int, date] = {}
    rows = [*db.session.execute(chosen), *db.session.execute(backers)]
    rows += [(on_day, at_time, org) for org in county]
    for on_day, at_time, org in rows:
        days = [d for d in (on_day, at_time and at_time.date()) if d]
        if days:
            found[org] = max([*days, found.get(org, days[0])])
    return found


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
