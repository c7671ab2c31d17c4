"""The insatser of one budget year, shaped as SUS (Uppföljning Finsam) asks for them.

One row per insats and budget row of the year; an insats running that year with
no budget row yet gets one row with the budget left empty, so it is not missed.
Only insatser whose funding request was granted are reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from sqlalchemy import or_
from sqlalchemy.orm import joinedload, selectinload

from ..base import db
from ..funding import Decision, FundingRequest
from ..insats import BudgetRow, BudgetType, Inriktning, Insats, InsatsYear
from ..submission import Backing, Submission

TYPE_ORDER = list(BudgetType)


class SusRow(NamedTuple):
    """One insats and one of its budget rows (or none) in a budget year."""

    id: int
    name: str
    description: str
    starts_on: date | None
    ends_on: date | None
    inriktning: Inriktning | None
    preciserad_inriktning: str
    target_groups: list[str]
    parties: list[str]  # the member parties that confirmed their backing
    served: list[str] | None  # None: the whole county
    year: int
    budget_type: BudgetType | None
    budget: int | None
    utfall: int | None  # None: not reported (not 0 kr)
    planned_participants: int | None
    granted: int | None
    decided_on: date | None
    reference: str


def _running(year: int):
    """The insats runs some time in the year (an open end runs on), or has a
    budget row for it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return or_(
        (Insats.starts_on.is_(None) | (Insats.starts_on <= last))
        & (Insats.ends_on.is_(None) | (Insats.ends_on >= first)),
        Insats.id.in_(db.select(BudgetRow.insats_id).where(BudgetRow.year == year)),
    )


def _statement(year: int):
    return (
        db.select(
            Insats,
            FundingRequest.granted_amount,
            FundingRequest.decided_on,
            FundingRequest.reference,
        )
        .join(FundingRequest, FundingRequest.submission_id == Insats.id)
        .where(FundingRequest.decision == Decision.GRANTED, _running(year))
        .options(
            selectinload(Insats.served),
            selectinload(Insats.budget_rows.and_(BudgetRow.year == year)),
            selectinload(Insats.years.and_(InsatsYear.year == year)),
            joinedload(Insats.submission).options(
                selectinload(Submission.target_groups),
                selectinload(Submission.parties),
            ),
        )
        .order_by(Insats.id)
    )


def sus_rows(year: int) -> Iterator[SusRow]:
    """Yield the SUS rows of the budget year, by insats number and budget type."""
    for insats, granted, decided_on, reference in db.session.execute(_statement(year)):
        sub = insats.submission
        common = {
            "id": insats.id,
            "name": insats.name,
            "description": insats.description,
            "starts_on": insats.starts_on,
            "ends_on": insats.ends_on,
            "inriktning": insats.inriktning,
            "preciserad_inriktning": insats.preciserad_inriktning,
            "target_groups": [g.name for g in sub.target_groups],
            "parties": sorted(
                p.organisation.name
                for p in sub.parties
                if p.backing == Backing.CONFIRMED
            ),
            "served": None if insats.serves_county else [o.name for o in insats.served],
            "year": year,
            "planned_participants": next(
                (y.planned_participants for y in insats.years), None
            ),
            "granted": granted,
            "decided_on": decided_on,
            "reference": reference,
        }
        # SUS's order of budget types (insatskostnad first), not the alphabet's
        rows = sorted(insats.budget_rows, key=lambda r: TYPE_ORDER.index(r.type))
        for row in rows or [None]:
            yield SusRow(
                **common,
                budget_type=row.type if row else None,
                budget=row.budget if row else None,
                utfall=row.utfall if row else None,
            )
