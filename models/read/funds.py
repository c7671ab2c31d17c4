"""Read model of the funds: the granted insatser, filtered, with parties and budget."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, extract, or_
from sqlalchemy.orm import selectinload

from ..base import db
from ..funding import Decision, FundingRequest
from ..insats import BudgetRow, Insats, insats_municipalities
from ..organisation import Organisation
from ..submission import Backing, SubmissionParty


@dataclass
class FundsFilter:
    """What the list filters on; every field is optional and they combine."""

    year: int | None = None
    party: str = ""
    municipality: str = ""
    state: str = ""  # "active", "ended" or ""

    def query_args(self) -> dict:
        """The filter as address parameters (empty ones left out)."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class InsatsLine:
    """One insats in the list: the record, its grant, parties and years."""

    insats: Insats
    granted: int | None
    parties: list[Organisation] = field(default_factory=list)
    # year → (budget, utfall or None when no row of the year reported one)
    years: dict[int, tuple[int, int | None]] = field(default_factory=dict)


def granted_insats(insats_id: int) -> tuple[Insats, FundingRequest] | None:
    """An insats whose grant stands, with its funding request (None otherwise)."""
    row = db.session.execute(
        db.select(Insats, FundingRequest)
        .join(FundingRequest, FundingRequest.submission_id == Insats.id)
        .where(Insats.id == insats_id, FundingRequest.decision == Decision.GRANTED)
    ).first()
    return (row[0], row[1]) if row else None


def confirmed_parties(submission_ids: list[int]) -> dict[int, list[Organisation]]:
    """The member parties that confirmed their backing, per submission."""
    rows = db.session.scalars(
        db.select(SubmissionParty).where(
            SubmissionParty.submission_id.in_(submission_ids),
            SubmissionParty.backing == Backing.CONFIRMED,
        )
    )
    parties: dict[int, list[Organisation]] = defaultdict(list)
    for row in rows:
        parties[row.submission_id].append(row.organisation)
    for orgs in parties.values():
        orgs.sort(key=lambda o: o.name)
    return parties


def insats_list(filters: FundsFilter, today: date) -> list[InsatsLine]:
    """Every insats whose grant stands and that matches the filter, by name."""
    query = (
        db.select(Insats, FundingRequest.granted_amount)
        .join(FundingRequest, FundingRequest.submission_id == Insats.id)
        .where(
            FundingRequest.decision == Decision.GRANTED, *_conditions(filters, today)
        )
        .options(selectinload(Insats.served), selectinload(Insats.budget_rows))
        .order_by(Insats.name, Insats.id)
    )
    lines = [
        InsatsLine(insats, granted) for insats, granted in db.session.execute(query)
    ]
    parties = confirmed_parties([line.insats.id for line in lines])
    for line in lines:
        line.parties = parties.get(line.insats.id, [])
        line.years = budget_by_year(line.insats.budget_rows)
    return lines


def budget_by_year(rows: list[BudgetRow]) -> dict[int, tuple[int, int | None]]:
    """Budget and utfall summed per year; utfall is None until one is reported."""
    years: dict[int, tuple[int, int | None]] = {}
    for row in rows:
        budget, utfall = years.get(row.year, (0, None))
        if row.utfall is not None:
            utfall = (utfall or 0) + row.utfall
        years[row.year] = (budget + row.budget, utfall)
    return dict(sorted(years.items()))


def _conditions(f: FundsFilter, today: date) -> list:
    conditions = []
    if f.year is not None:
        conditions.append(_active_in(f.year))
    if f.party:
        conditions.append(
            exists().where(
                SubmissionParty.submission_id == Insats.id,
                SubmissionParty.backing == Backing.CONFIRMED,
                SubmissionParty.organisation_id == _org_id(f.party),
            )
        )
    if f.municipality:
        conditions.append(
            or_(
                Insats.serves_county,
                exists().where(
                    insats_municipalities.c.insats_id == Insats.id,
                    insats_municipalities.c.organisation_id == _org_id(f.municipality),
                ),
            )
        )
    if f.state == "active":
        conditions.append(or_(Insats.ends_on.is_(None), Insats.ends_on >= today))
    elif f.state == "ended":
        conditions.append(Insats.ends_on < today)
    return conditions


def _org_id(slug: str):
    return db.select(Organisation.id).where(Organisation.slug == slug).scalar_subquery()


def _active_in(year: int):
    """Active some day of the year, or with a budget row for it."""
    return or_(
        and_(
            Insats.starts_on.is_not(None),
            extract("year", Insats.starts_on) <= year,
            or_(Insats.ends_on.is_(None), extract("year", Insats.ends_on) >= year),
        ),
        exists().where(BudgetRow.insats_id == Insats.id, BudgetRow.year == year),
    )
