"""The board report: the follow-up of a tertial or a year, its headline figures
and the insatser with their budget and utfall of the year.

Every figure comes from the follow-up read model (`followup`) and the funds read
side (`insats_list`); here they are only added up for the headline.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..base import local_today
from . import money
from .followup import FollowUp, Params, followup
from .funds import FundsFilter, InsatsLine, insats_list
from .tables import CellKind

# The county per period (the follow-up's "trend" table): its columns, by name.
TREND_COLUMNS = (
    "needs",
    "initiatives",
    "accepted",
    "practices",
    "spreads",
    "answers",
    "adoptions",
    "granted",
)


@dataclass
class Headline:
    """The period's figures for the county as a whole."""

    needs: int
    initiatives: int
    accepted: int
    practices: int
    spreads: int
    answers: int
    adoptions: int
    granted: int  # kronor granted (decided) in the period
    utfall: int | None  # utfall reported for the year; None when none is


@dataclass
class BoardReport:
    """What the office takes to the board for one period."""

    found: FollowUp
    headline: Headline
    insatser: list[InsatsLine]

    @property
    def year(self) -> int:
        """The report's (budget) year."""
        return self.found.params.first_year

    def budget(self, line: InsatsLine) -> tuple[int, int | None] | None:
        """The insats's budget and utfall of the report's year (None: no row)."""
        return line.years.get(self.year)


def board_report(params: Params, viewer_org_id: int | None = None) -> BoardReport:
    """The follow-up of the params' months, and the insatser active that year
    or granted in those months (a grant counted in the headline is listed)."""
    found = followup(params, viewer_org_id)
    today, year = local_today(), params.first_year
    county = [o.id for o in found.municipalities]
    shown = {
        g.insats_id for g in money.grants(params.first_day, params.last_day, county)
    }
    shown |= {line.insats.id for line in insats_list(FundsFilter(year=year), today)}
    lines = [
        line for line in insats_list(FundsFilter(), today) if line.insats.id in shown
    ]
    return BoardReport(found, _headline(found, lines, year), lines)


def _headline(found: FollowUp, lines: list[InsatsLine], year: int) -> Headline:
    """The trend table's periods added up, and the year's utfall reported."""
    totals = [0] * len(TREND_COLUMNS)
    for row in found.table("trend").rows:
        for i, cell in enumerate(row.cells[1:]):
            if cell.kind in (CellKind.INT, CellKind.KRONOR) and cell.value:
                totals[i] += cell.value
    reported = [
        line.years[year][1]
        for line in lines
        if year in line.years and line.years[year][1] is not None
    ]
    utfall = sum(reported) if reported else None
    return Headline(*totals, utfall=utfall)
