"""The follow-up's downloads: its tables as shown, and the insatser of a budget
year ready to key into SUS."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask import abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Role
from models.base import local_today
from models.labels import label
from models.read.followup import followup
from models.read.sus import SusRow, sus_rows
from models.read.tables import Cell, CellKind, Table

from ..exports import Column, Kind, Sheet, dated_name, export_response, export_sheets
from ..policy import office_required, role_required
from ..validators import whole_number
from .cells import cell_text
from .forms import FollowUpForm
from .routes import bp

# The association was formed on 1 January 2024: no budget year before it.
FIRST_YEAR = 2024
YEARS_AHEAD = 10
SUS_COLUMNS = (
    (_l("Insats number"), Kind.INT, 10),
    (_l("Name"), Kind.TEXT, 40),
    (_l("Description"), Kind.TEXT, 60),
    (_l("Start date"), Kind.DATE, None),
    (_l("End date"), Kind.DATE, None),
    (_l("Focus (inriktning)"), Kind.TEXT, 22),
    (_l("Specified focus"), Kind.TEXT, 30),
    (_l("Target groups"), Kind.TEXT, 40),
    (_l("Member parties"), Kind.TEXT, 40),
    (_l("Municipalities served"), Kind.TEXT, 40),
    (_l("Budget year"), Kind.INT, 10),
    (_l("Budget type"), Kind.TEXT, 20),
    (_l("Budget"), Kind.KRONOR, None),
    (_l("Outcome (utfall)"), Kind.KRONOR, None),
    (_l("Planned participants"), Kind.INT, 12),
    (_l("Granted amount"), Kind.KRONOR, None),
    (_l("Decision date"), Kind.DATE, None),
    (_l("Reference"), Kind.TEXT, 20),
)


# How each kind of follow-up figure is written, and to how many decimals (the
# page's own): the file holds the figures the page shows.
KINDS = {
    CellKind.INT: Kind.INT,
    CellKind.KRONOR: Kind.KRONOR,
    CellKind.KRONOR_PER: Kind.KRONOR_PER,
    CellKind.RATIO: Kind.RATIO,
    CellKind.PERCENT: Kind.PERCENT,
    CellKind.DAYS: Kind.DECIMAL,
    CellKind.DATE: Kind.DATE,
    CellKind.TEXT: Kind.TEXT,
    CellKind.MISSING: Kind.TEXT,
}
PLACES = {
    CellKind.KRONOR_PER: 2,
    CellKind.RATIO: 2,
    CellKind.PERCENT: 3,
    CellKind.DAYS: 1,
}


@bp.route("/export.<any(csv, xlsx):extension>")
@role_required(Role.CENTRAL, Role.ADMIN, Role.COORDINATOR)
def export(extension: str):
    """Download the follow-up's tables as the page shows them, for its choice."""
    form = FollowUpForm()
    if not form.validate():
        abort(422, description=_first_error(form))
    found = followup(form.params, current_user.organisation_id)
    p = found.params
    stem = _("samnod-followup") + f"-{p.first_year}-{p.last_year}-{p.axis.value}"
    return export_sheets(dated_name(stem, extension), map(table_sheet, found.tables))


def _first_error(form) -> str:
    """The message the page would show at the first field in error."""
    return next(str(errors[0]) for errors in form.errors.values() if errors)


def table_sheet(table: Table) -> Sheet:
    """A follow-up table as a sheet: its title, headings and typed figures."""
    columns = [
        Column(heading, _column_kind(table, i))
        for i, heading in enumerate(table.columns)
    ]
    rows = ([_value(c) for c in row.cells] for row in table.rows)
    return Sheet(table.title, columns, rows)


def _column_kind(table: Table, index: int) -> Kind:
    """The kind of the column's figures; text where it has none (or mixes)."""
    kinds = {KINDS[c.kind] for c in table.column(index) if _valued(c)}
    return kinds.pop() if len(kinds) == 1 else Kind.TEXT


def _valued(cell: Cell) -> bool:
    return cell.kind != CellKind.MISSING and cell.value is not None


def _value(cell: Cell):
    """The figure, rounded as the page shows it; the page's words where it has
    none ("saknas", "Aldrig", "–")."""
    if not _valued(cell):
        return cell_text(cell)
    if cell.kind in PLACES:
        return round(float(cell.value), PLACES[cell.kind])
    return cell.value


@bp.route("/sus.<any(csv, xlsx):extension>")
@office_required
def sus_export(extension: str):
    """Download the granted insatser of a budget year with SUS's fields."""
    year = _budget_year()
    columns = [Column(str(header), kind, width) for header, kind, width in SUS_COLUMNS]
    rows = _shown(sus_rows(year))
    name = _("samnod-sus") + f"-{year}.{extension}"
    return export_response(name, columns, rows)


def _budget_year() -> int:
    """The `year` asked for, or 422 with what to give instead."""
    try:
        year = whole_number(request.args.get("year", ""))
    except ValueError:
        year = None
    last = local_today().year + YEARS_AHEAD
    if year is None or not FIRST_YEAR <= year <= last:
        message = _(
            "Give the budget year as a year from %(first)d to %(last)d, "
            "for example ?year=%(example)d.",
            first=FIRST_YEAR,
            last=last,
            example=local_today().year,
        )
        abort(422, description=message)
    return year


def _shown(rows: Iterable[SusRow]) -> Iterator[tuple]:
    """Each SUS row with its labels in the user's language."""
    county = _("The whole county")
    for row in rows:
        served = county if row.served is None else "; ".join(row.served)
        yield (
            row.id,
            row.name,
            row.description,
            row.starts_on,
            row.ends_on,
            label(row.inriktning) if row.inriktning else "",
            row.preciserad_inriktning,
            "; ".join(row.target_groups),
            "; ".join(row.parties),
            served,
            row.year,
            label(row.budget_type) if row.budget_type else "",
            row.budget,
            row.utfall,
            row.planned_participants,
            row.granted,
            row.decided_on,
            row.reference,
        )
