"""The SUS record of the demo's insatser: period, inriktning, reach and budget.

Runs after the submissions are seeded; an insats whose inriktning is already
set is left alone, so running the demo again changes nothing. Everything goes
through the rules in models/funds.py, so the change log shows it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from models import (
    BudgetType,
    FundingRequest,
    Inriktning,
    Insats,
    Organisation,
    OrgKind,
    User,
    db,
    funds,
)

from .data import load

LENGTHS = (12, 18, 24, 36)  # months


def seed_insatser(central: User, today: date) -> int:
    """Fill in every insats that has no SUS record yet; return how many."""
    rng = random.Random(2611)  # noqa: S311 - reproducible demo data, not security
    phrases = load("phrases")["preciserad_inriktning"]
    empty = db.session.scalars(
        db.select(Insats).where(Insats.inriktning.is_(None)).order_by(Insats.id)
    ).all()
    for insats in empty:
        _fill(insats, central, rng, phrases, today)
    db.session.flush()
    return len(empty)


def _fill(insats: Insats, central: User, rng, phrases: dict, today: date) -> None:
    funding = db.session.scalar(
        db.select(FundingRequest).filter_by(submission_id=insats.id)
    )
    starts_on = _month_after(_decided(insats, funding))
    ends_on = _add_months(starts_on, rng.choice(LENGTHS)) - timedelta(days=1)
    inriktning = rng.choice([Inriktning.INDIVIDUAL] * 3 + [Inriktning.STRUCTURAL])
    funds.edit_insats(
        insats,
        central,
        insats.version,
        name=insats.name,
        description=insats.description or insats.submission.summary,
        starts_on=starts_on,
        ends_on=ends_on,
        inriktning=inriktning,
        preciserad_inriktning=rng.choice(phrases[inriktning.value]),
    )
    county = (
        rng.random() < 0.15 or insats.submission.origin.kind != OrgKind.MUNICIPALITY
    )
    funds.serve(insats, central, _reach(insats.submission.origin), county)
    years = funds.period_years(insats)
    if inriktning == Inriktning.INDIVIDUAL:
        counts = {y: rng.randrange(10, 80, 5) for y in years}
        funds.plan_participants(insats, central, counts)
    granted = (funding.granted_amount or funding.amount) if funding else 0
    for year, budget in _split(granted, starts_on, ends_on).items():
        # Utfall is reported for the years that are over, not yet for this one.
        utfall = int(round(budget * rng.uniform(0.7, 1.03), -3))
        reported = utfall if year < today.year else None
        funds.set_budget_row(
            insats, central, year, BudgetType.INSATS, budget, reported, ""
        )


def _decided(insats: Insats, funding: FundingRequest | None) -> date:
    if funding and funding.decided_on:
        return funding.decided_on
    if funding and funding.decided_at:
        return funding.decided_at.date()
    return insats.submission.created_at.date()


def _reach(origin: Organisation) -> list[Organisation]:
    """The origin's area, or the origin alone."""
    return list(origin.areas[0].members) if origin.areas else [origin]


def _month_after(day: date) -> date:
    return _add_months(day.replace(day=1), 1)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _split(amount: int, starts_on: date, ends_on: date) -> dict[int, int]:
    """The amount over the budget years, in proportion to the months in each."""
    months: dict[int, int] = {}
    day = starts_on
    while day <= ends_on:
        months[day.year] = months.get(day.year, 0) + 1
        day = _add_months(day, 1)
    total = sum(months.values())
    # Whole thousands a year; the last year takes what rounding left over.
    shares = {y: amount * m // total // 1000 * 1000 for y, m in months.items()}
    last = max(shares)
    shares[last] += amount - sum(shares.values())
    return shares
