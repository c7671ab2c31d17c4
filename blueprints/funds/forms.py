"""The funds' forms: the list's filter, the insats record, a budget row, the grids."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from models import BudgetType, Inriktning, Organisation, OrgKind
from models.labels import LABELS
from models.organisation import active_areas, member_organisations
from models.privacy import without_controls
from models.read.funds import FundsFilter

from ..forms import Form, parse_kronor
from ..nodes.forms import CheckboxesField, text
from ..validators import TOO_LONG, check_line

YEARS = (2000, 2100)
NOT_A_NUMBER = _l("Write a whole number, for example 375 000.")
NOT_A_DATE = _l("Write the date as YYYY-MM-DD, for example 2026-03-01.")


def read_number(text: str) -> int | None:
    """A whole number as a person types it ("375 000"); empty is None.

    Raises ValueError for anything else. A minus sign is read: the rules refuse
    negative figures with their own message.
    """
    if not (text or "").strip():
        return None
    value = parse_kronor(text)
    if value is None:
        raise ValueError(text)
    return value


class NumberField(IntegerField):
    """A whole number typed with spaces between the thousands, or left empty."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read the typed number; keep the text for a message at the field."""
        if not valuelist:
            return
        self.raw_data = valuelist
        try:
            self.data = read_number(valuelist[0])
        except ValueError as exc:
            self.data = None
            raise ValueError(NOT_A_NUMBER) from exc


class DayField(DateField):
    """A date (the browser sends YYYY-MM-DD); anything else gets our message."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read the date, or keep the text with a message at the field."""
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(NOT_A_DATE) from exc


def _all(options) -> list[SelectChoice]:
    return [SelectChoice("", _l("All")), *options]


def _municipalities() -> list[Organisation]:
    return [o for o in member_organisations() if o.kind == OrgKind.MUNICIPALITY]


class FundsFilterForm(Form):
    """The list's filter, read from the address; a bad value gets a message.

    A value that cannot be used is not applied and is shown at its field, so
    the list never looks filtered when it is not. A slug naming nothing
    matches nothing, as in the inbox.
    """

    class Meta:
        csrf = False

    year = NumberField(
        _l("Year"),
        validators=[
            Optional(),
            NumberRange(*YEARS, message=_l("Give a year between %(min)s and %(max)s.")),
        ],
    )
    party = SelectField(
        _l("Member party"),
        choices=lambda: _all(
            SelectChoice(o.slug, o.name) for o in member_organisations()
        ),
        validate_choice=False,
        default="",
    )
    municipality = SelectField(
        _l("Served municipality"),
        choices=lambda: _all(SelectChoice(o.slug, o.name) for o in _municipalities()),
        validate_choice=False,
        default="",
    )
    state = SelectField(
        _l("State"),
        choices=[
            SelectChoice("", _l("All")),
            SelectChoice("active", _l("Active")),
            SelectChoice("ended", _l("Ended")),
        ],
        validate_choice=False,
        default="",
        validators=[
            AnyOf(["", "active", "ended"], message=_l("Choose active or ended."))
        ],
    )

    def __init__(self) -> None:
        super().__init__(formdata=request.args)
        self.validate()
        values = {f.name: (f.default if f.errors else f.data) for f in self}
        self.filter = FundsFilter(
            year=values["year"],
            party=(values["party"] or "").strip()[:60],
            municipality=(values["municipality"] or "").strip()[:60],
            state=values["state"] or "",
        )


class InsatsForm(Form):
    """The SUS fields of an insats and whom it serves (participants added per year)."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    name = StringField(_l("Name"), validators=text(200, _l("Give the insats a name.")))
    description = TextAreaField(_l("Description"), validators=text(5000))
    starts_on = DayField(_l("Start date"), validators=[Optional()])
    ends_on = DayField(_l("End date"), validators=[Optional()])
    inriktning = SelectField(
        _l("Inriktning"),
        choices=[SelectChoice("", _l("Not set"))]
        + [SelectChoice(i.value, LABELS[i]) for i in Inriktning],
        default="",
    )
    preciserad_inriktning = StringField(
        _l("Preciserad inriktning"),
        validators=[Optional(), Length(max=200, message=TOO_LONG)],
    )
    municipalities = CheckboxesField(_l("Served municipalities"), choices=[])
    area = SelectField(_l("Or an area"), choices=[], default="")
    county = BooleanField(_l("The whole county"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities.choices = [(o.slug, o.name) for o in _municipalities()]
        self.area.choices = [SelectChoice("", _l("No area"))] + [
            SelectChoice(a.slug, a.name) for a in active_areas()
        ]

    def participant_fields(self) -> list:
        """The planned-participants fields, one per year of the period."""
        return [f for f in self if f.name.startswith("participants-")]


def insats_form(years: list[int], **kwargs) -> InsatsForm:
    """The insats form with a planned-participants field per year of the period."""

    class DatedForm(InsatsForm):
        pass

    for year in years:
        setattr(
            DatedForm,
            f"participants-{year}",
            NumberField(
                _l("Planned participants %(year)d", year=year),
                validators=[Optional()],
            ),
        )
    return DatedForm(**kwargs)


class BudgetForm(Form):
    """One budget row: year and type, budget and utfall in whole kronor."""

    year = NumberField(
        _l("Budget year"), validators=[InputRequired(_l("Give the budget year."))]
    )
    type = SelectField(
        _l("Budget type"),
        choices=[SelectChoice(t.value, LABELS[t]) for t in BudgetType],
        default=BudgetType.INSATS.value,
    )
    budget = NumberField(
        _l("Budget (kr)"), validators=[InputRequired(_l("Give the budget."))]
    )
    utfall = NumberField(_l("Utfall (kr)"), validators=[Optional()])
    description = StringField(
        _l("Comment"),
        validators=[Optional(), Length(max=500, message=TOO_LONG)],
        # The insats form on the same page has a "description" of its own.
        id="budget-description",
    )


class GridForm(Form):
    """The CSRF token of a grid; its cells are read by `read_cells`."""


class AddYearForm(Form):
    """Show one more year (a column) in a grid; read from the address."""

    class Meta:
        csrf = False

    add = NumberField(
        _l("Show another year"),
        validators=[
            Optional(),
            NumberRange(*YEARS, message=_l("Give a year between %(min)s and %(max)s.")),
        ],
    )


def read_years(values: list[str]) -> list[int]:
    """The years of a grid's columns, as the form or the address gives them."""
    years = set()
    for value in values[:10]:
        try:
            year = read_number(value)
        except ValueError:
            continue
        if year is not None and YEARS[0] <= year <= YEARS[1]:
            years.add(year)
    return sorted(years)


def cell_name(org: Organisation, year: int) -> str:
    """The name of a grid cell's input."""
    return f"{org.slug}-{year}"


def read_cells(orgs, years, check) -> tuple[dict, dict, dict]:
    """Every cell of the grid: values, the typed text, and a message per bad cell.

    A cell the post does not hold at all (a crafted or truncated post, a member
    added since the page was drawn) is left as it is; an empty one is unknown.
    """
    values, typed, errors = {}, {}, {}
    for org in orgs:
        for year in years:
            name = cell_name(org, year)
            if name not in request.form:
                continue
            text = request.form[name]
            typed[name] = without_controls(text[:40])  # a control shown as �
            try:
                check_line(f"{org.name} {year}", text)
            except ValidationError as exc:
                errors[name] = str(exc)
                continue
            try:
                values[org, year] = read_number(text)
                check(values[org, year])
            except ValueError as exc:
                errors[name] = getattr(exc, "message", None) or NOT_A_NUMBER
    return values, typed, errors
