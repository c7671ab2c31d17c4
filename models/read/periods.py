"""The follow-up's time axis: years cut into tertials, quarters or months.

Finsam associations report per tertial: T1 January–April, T2 May–August,
T3 September–December.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

FIRST_YEAR = 2024  # the first year Samnod holds


class Axis(enum.StrEnum):
    """How the chosen years are cut up."""

    YEAR = "year"
    TERTIAL = "tertial"
    QUARTER = "quarter"
    MONTH = "month"


# How many months one period of each axis spans.
SPAN = {Axis.YEAR: 12, Axis.TERTIAL: 4, Axis.QUARTER: 3, Axis.MONTH: 1}
PREFIX = {Axis.TERTIAL: "T", Axis.QUARTER: "K"}


@dataclass(frozen=True)
class Period:
    """One step of the axis: its first and last day, and its months (yyyymm)."""

    axis: Axis
    year: int
    number: int  # 1… within the year (the tertial, quarter or month number)

    @property
    def first_month(self) -> int:
        """The first month as yyyymm."""
        return self.year * 100 + (self.number - 1) * SPAN[self.axis] + 1

    @property
    def last_month(self) -> int:
        """The last month as yyyymm."""
        return self.first_month + SPAN[self.axis] - 1

    @property
    def first_day(self) -> date:
        """The period's first day."""
        return date(self.year, self.first_month % 100, 1)

    @property
    def last_day(self) -> date:
        """The period's last day."""
        month = self.last_month % 100
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def key(self) -> str:
        """A short stable name: "2026", "2026-T2", "2026-K3", "2026-05"."""
        if self.axis == Axis.YEAR:
            return str(self.year)
        if self.axis == Axis.MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-{PREFIX[self.axis]}{self.number}"

    def holds(self, day: date) -> bool:
        """Whether the day falls in the period."""
        return self.first_day <= day <= self.last_day


def periods(first_year: int, last_year: int, axis: Axis) -> list[Period]:
    """Every period of the axis from the first year's start to the last's end."""
    per_year = 12 // SPAN[axis]
    return [
        Period(axis, year, n)
        for year in range(first_year, last_year + 1)
        for n in range(1, per_year + 1)
    ]


def period_of(day: date, axis: Axis) -> Period:
    """The period of the axis that holds the day."""
    return Period(axis, day.year, (day.month - 1) // SPAN[axis] + 1)


def period_label(period: Period) -> str:
    """ "2026", "T2 2026", "K3 2026", "maj 2026"."""
    if period.axis == Axis.YEAR:
        return str(period.year)
    if period.axis == Axis.TERTIAL:
        return _("T%(n)d %(year)d", n=period.number, year=period.year)
    if period.axis == Axis.QUARTER:
        return _("Q%(n)d %(year)d", n=period.number, year=period.year)
    return format_date(period.first_day, "LLLL yyyy")
