"""The SUS record of each grant the bench seeds, as rows for Core inserts.

The same shape as the demo's (demo/insatser.py): the period starts the month
after the board's decision and runs 12–36 months; three in four insatser work
with people; one serves the origin's area (or the origin alone), the whole
county when the origin is not a municipality and for ~15 % of the others; the
granted kronor are spread over the budget years by months, with utfall for the
years that are over.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from demo.insatser import LENGTHS, _add_months, _month_after, _split
from models import BudgetType, Inriktning

COUNTY_SHARE = 0.15  # of the insatser a municipality asked for
INRIKTNINGAR = [Inriktning.INDIVIDUAL] * 3 + [Inriktning.STRUCTURAL]


def insats(ctx, sub: dict, kronor: int, decided_at: datetime) -> None:
    """Add the insats of a granted initiative, whom it serves and its budget."""
    rng = ctx.rng
    starts_on = _month_after(decided_at.date())
    ends_on = _add_months(starts_on, rng.choice(LENGTHS)) - timedelta(days=1)
    inriktning = rng.choice(INRIKTNINGAR)
    reach = ctx.reach.get(sub["origin_id"], [])
    county = not reach or rng.random() < COUNTY_SHARE
    ctx.add(
        "insatser",
        {
            "id": sub["id"],
            "name": sub["title"],
            "description": sub["summary"],
            "starts_on": starts_on,
            "ends_on": ends_on,
            "inriktning": inriktning,
            "preciserad_inriktning": rng.choice(ctx.phrases[inriktning.value]),
            "serves_county": county,
            "version": 1,
            "created_at": decided_at,
        },
        with_id=False,
    )
    for org in [] if county else reach:
        row = {"insats_id": sub["id"], "organisation_id": org}
        ctx.add("insats_municipalities", row, with_id=False)
    _years(ctx, sub["id"], kronor, starts_on, ends_on, inriktning)


def _years(ctx, insats_id: int, kronor: int, starts_on, ends_on, inriktning) -> None:
    """A budget row per year of the period; planned participants if individual."""
    rng = ctx.rng
    for year, budget in _split(kronor, starts_on, ends_on).items():
        utfall = int(round(budget * rng.uniform(0.7, 1.03), -3))
        row = {
            "insats_id": insats_id,
            "year": year,
            "type": BudgetType.INSATS,
            "budget": budget,
            "utfall": utfall if year < ctx.now.year else None,
            "description": "",
        }
        ctx.add("budget_rows", row)
        if inriktning == Inriktning.INDIVIDUAL:
            planned = {"insats_id": insats_id, "year": year}
            planned["planned_participants"] = rng.randrange(10, 80, 5)
            ctx.add("insats_years", planned, with_id=False)
