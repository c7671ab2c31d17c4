"""The follow-up's choice of years and time axis, read from the address."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, Length, ValidationError

from models.base import local_today
from models.read.followup import Params
from models.read.periods import FIRST_YEAR, Axis

from ..forms import Form

AXES = [
    SelectChoice(Axis.YEAR.value, _l("Year")),
    SelectChoice(
        Axis.TERTIAL.value, _l("Tertial (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec)")
    ),
    SelectChoice(Axis.QUARTER.value, _l("Quarter")),
    SelectChoice(Axis.MONTH.value, _l("Month")),
]


# The axis in a heading: "2026, per tertial".
AXIS_NAMES = {
    Axis.YEAR: _l("year"),
    Axis.TERTIAL: _l("tertial"),
    Axis.QUARTER: _l("quarter"),
    Axis.MONTH: _l("month"),
}


def last_year() -> int:
    """The last year one may choose: next year (a budget year is planned ahead)."""
    return local_today().year + 1


def _year(form, field) -> None:
    """A year from 2024 to next year, written as digits (or nothing)."""
    value = (field.data or "").strip()
    if not value:
        field.data = None
        return
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(_l("Write the year with four digits, e.g. 2026."))
    year = int(value)
    if not FIRST_YEAR <= year <= last_year():
        raise ValidationError(
            _l(
                "Choose a year from %(first)d to %(last)d.",
                first=FIRST_YEAR,
                last=last_year(),
            )
        )
    field.data = year


class FollowUpForm(Form):
    """One year, or the years from … to, and how to cut them (GET, no CSRF)."""

    class Meta:
        csrf = False

    year = StringField(_l("Year"), validators=[Length(max=10), _year])
    from_ = StringField(
        _l("From year"), name="from", validators=[Length(max=10), _year]
    )
    to = StringField(_l("To year"), validators=[Length(max=10), _year])
    by = SelectField(
        _l("Time axis"),
        choices=AXES,
        default=Axis.YEAR.value,
        validate_choice=False,
        validators=[
            AnyOf(
                [a.value for a in Axis],
                message=_l("Choose year, tertial, quarter or month."),
            )
        ],
    )

    def __init__(self) -> None:
        super().__init__(formdata=request.args)

    def validate(self, extra_validators=None) -> bool:
        """Check each field, then that a range runs forwards and is not both."""
        if not super().validate(extra_validators):
            return False
        if self.year.data and (self.from_.data or self.to.data):
            self.year.errors.append(
                _l("Choose either one year or a range of years, not both.")
            )
            return False
        first, last = self.from_.data, self.to.data
        if first and last and first > last:
            self.from_.errors.append(
                _l("The first year must not be after the last year.")
            )
            return False
        # The form shows the range chosen ("year" is a shortcut for from = to).
        first = self.year.data or self.from_.data or self.to.data
        last = self.year.data or self.to.data or self.from_.data
        if first is None:
            first = last = local_today().year
        self.from_.data, self.to.data, self.year.data = first, last, None
        return True

    @property
    def params(self) -> Params:
        """The validated choice; this year when nothing was chosen."""
        return Params(self.from_.data, self.to.data, Axis(self.by.data))


# The board's periods: the tertials (their months) and the whole year.
TERTIALS = {"T1": (1, 4), "T2": (5, 8), "T3": (9, 12)}
PERIODS = [
    SelectChoice("year", _l("The whole year")),
    SelectChoice("T1", _l("T1 (January–April)")),
    SelectChoice("T2", _l("T2 (May–August)")),
    SelectChoice("T3", _l("T3 (September–December)")),
]


class BoardReportForm(Form):
    """The board report's year and period: a tertial or the year (GET, no CSRF)."""

    class Meta:
        csrf = False

    year = StringField(_l("Year"), validators=[Length(max=10), _year])
    period = SelectField(
        _l("Period"),
        choices=PERIODS,
        default="year",
        validate_choice=False,
        validators=[
            AnyOf(
                [c.value for c in PERIODS],
                message=_l("Choose T1, T2, T3 or the whole year."),
            )
        ],
    )

    def __init__(self) -> None:
        super().__init__(formdata=request.args)

    def validate(self, extra_validators=None) -> bool:
        """Check the fields; no year means this year."""
        if not super().validate(extra_validators):
            return False
        self.year.data = self.year.data or local_today().year
        return True

    @property
    def params(self) -> Params:
        """A tertial by month, the year by tertial."""
        year = self.year.data
        if self.period.data in TERTIALS:
            first, last = TERTIALS[self.period.data]
            return Params(year, year, Axis.MONTH, first, last)
        return Params(year, year, Axis.TERTIAL)
