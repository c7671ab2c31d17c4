"""Follow-up: how activity and money are distributed over members and years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func

from .base import db
from .funding import Contribution, Decision, FundingRequest
from .organisation import Organisation, OrgKind
from .spread import Answer, Spread
from .submission import Kind, Status, Submission


@dataclass
class DistributionRow:
    """One member's figures for the chosen year."""

    org: Organisation
    needs: int = 0
    initiatives_accepted: int = 0
    spreads_received: int = 0
    adoptions: int = 0
    granted: int = 0
    contributed: int = 0


@dataclass
class Distribution:
    """The table behind the follow-up page."""

    year: int
    years: list[int]
    rows: list[DistributionRow] = field(default_factory=list)


def _year_of(column, year: int):
    """A half-open range, not EXTRACT(year): a range can use an index."""
    return and_(column >= datetime(year, 1, 1), column < datetime(year + 1, 1, 1))


def _counts(stmt) -> dict[int, int]:
    return {key: value or 0 for key, value in db.session.execute(stmt).all()}


def yearly_distribution(year: int | None = None) -> Distribution:
    """Count per member what happened in one calendar year."""
    years = sorted(
        db.session.scalars(db.select(Contribution.year).distinct()).all(), reverse=True
    )
    year = year if year in years else (years[0] if years else 2026)
    by_origin = (Submission.origin_id,)
    needs = _counts(
        db.select(*by_origin, func.count())
        .where(
            Submission.kind == Kind.NEED,
            Submission.status != Status.DRAFT,
            _year_of(Submission.created_at, year),
        )
        .group_by(*by_origin)
    )
    accepted = _counts(
        db.select(*by_origin, func.count())
        .where(
            Submission.kind == Kind.INITIATIVE,
            Submission.status == Status.ACCEPTED,
            _year_of(Submission.created_at, year),
        )
        .group_by(*by_origin)
    )
    spreads = _counts(
        db.select(Spread.organisation_id, func.count())
        .where(_year_of(Spread.created_at, year))
        .group_by(Spread.organisation_id)
    )
    adoptions = _counts(
        db.select(Spread.organisation_id, func.count())
        .where(Spread.answer == Answer.ADOPTED, _year_of(Spread.created_at, year))
        .group_by(Spread.organisation_id)
    )
    granted = _counts(
        db.select(Submission.origin_id, func.sum(FundingRequest.granted_amount))
        .join(Submission, FundingRequest.submission_id == Submission.id)
        .where(
            FundingRequest.decision == Decision.GRANTED,
            _year_of(FundingRequest.decided_at, year),
        )
        .group_by(Submission.origin_id)
    )
    paid = _counts(
        db.select(Contribution.organisation_id, Contribution.amount).where(
            Contribution.year == year
        )
    )
    orgs = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.kind != OrgKind.OFFICE)
        .order_by(Organisation.name)
    )
    rows = [
        DistributionRow(
            o,
            needs.get(o.id, 0),
            accepted.get(o.id, 0),
            spreads.get(o.id, 0),
            adoptions.get(o.id, 0),
            granted.get(o.id, 0),
            paid.get(o.id, 0),
        )
        for o in orgs
    ]
    return Distribution(year, years, rows)
