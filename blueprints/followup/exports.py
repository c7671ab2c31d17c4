"""The follow-up's downloads: the insatser of a budget year, ready to key into SUS."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from flask import abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models.labels import label
from models.read.sus import SusRow, sus_rows

from ..exports import Column, Kind, export_response
from ..policy import office_required
from ..validators import whole_number
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
    last = date.today().year + YEARS_AHEAD
    if year is None or not FIRST_YEAR <= year <= last:
        message = _(
            "Give the budget year as a year from %(first)d to %(last)d, "
            "for example ?year=%(example)d.",
            first=FIRST_YEAR,
            last=last,
            example=date.today().year,
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
