"""The follow-up's money, read live: grants, utfall, residents and contributions.

Grants and utfall are few (one decision and a few budget rows per insats), so
they are read at query time and never tallied: editing an insats's served
municipalities changes the attribution at once. A grant is dated by the board's
decision date (`decided_on`; the day it was recorded when that is not set). Only
grants with an insats record count: without one, whom the money serves is not
known (the page says that there are such grants, and asks for the record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_

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
    backers: tuple[int, ...]  # the confirmed member parties


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


def grants(first: date | None, last: date | None, county: list[int]) -> list[Grant]:
    """Every grant to an insats decided from `first` to `last` (None: no bound).

    `county` is every member municipality, served by an insats that serves the
    county.
    """
    # The insatser (few) and their decisions by the unique submission id, the
    # rest of the conditions here: asked in SQL, a planner without statistics
    # walks every granted request by the decision index instead.
    whole = dict(db.session.execute(db.select(Insats.id, Insats.serves_county)).all())
    if not whole:
        return []
    decisions = db.session.execute(
        db.select(
            FundingRequest.submission_id,
            FundingRequest.granted_amount,
            FundingRequest.decision,
            FundingRequest.decided_on,
            FundingRequest.decided_at,
        )
        .where(FundingRequest.submission_id.in_(list(whole)))
        .order_by(FundingRequest.submission_id)
    )
    rows = [
        (insats_id, kronor, on or at.date())
        for insats_id, kronor, decision, on, at in decisions
        if decision == Decision.GRANTED and kronor is not None and (on or at)
    ]
    rows = [
        r
        for r in rows
        if (first is None or r[2] >= first) and (last is None or r[2] <= last)
    ]
    ids = [r[0] for r in rows]
    served = _by_insats(
        db.select(
            insats_municipalities.c.insats_id, insats_municipalities.c.organisation_id
        ).where(insats_municipalities.c.insats_id.in_(ids))
    )
    backers = _by_insats(
        db.select(SubmissionParty.submission_id, SubmissionParty.organisation_id).where(
            SubmissionParty.submission_id.in_(ids),
            SubmissionParty.backing == Backing.CONFIRMED,
        )
    )
    return [
        Grant(
            insats_id,
            kronor,
            day,
            _served(county, whole[insats_id], served.get(insats_id, ())),
            backers.get(insats_id, ()),
        )
        for insats_id, kronor, day in rows
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
