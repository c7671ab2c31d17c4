"""Follow-up: how activity and money are distributed over members and years."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base import db
from ..funding import Contribution
from ..organisation import Organisation, OrgKind
from .counts import Measure, tallies


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


def yearly_distribution(year: int | None = None) -> Distribution:
    """Count per member what happened in one calendar year (from kept tallies)."""
    years = sorted(
        db.session.scalars(db.select(Contribution.year).distinct()).all(), reverse=True
    )
    year = year if year in years else (years[0] if years else 2026)
    kept = tallies(Measure, year)
    paid = dict(
        db.session.execute(
            db.select(Contribution.organisation_id, Contribution.amount).where(
                Contribution.year == year
            )
        ).all()
    )
    orgs = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.kind != OrgKind.OFFICE)
        .order_by(Organisation.name)
    )
    rows = [
        DistributionRow(
            o,
            kept.get((Measure.NEEDS, o.id), 0),
            kept.get((Measure.INITIATIVES_ACCEPTED, o.id), 0),
            kept.get((Measure.SPREADS_RECEIVED, o.id), 0),
            kept.get((Measure.ADOPTIONS, o.id), 0),
            kept.get((Measure.GRANTED, o.id), 0),
            paid.get(o.id, 0),
        )
        for o in orgs
    ]
    return Distribution(year, years, rows)
