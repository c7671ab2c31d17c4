"""The change log as the funds' pages show it: what changed, before → after."""

from __future__ import annotations

import json
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import BudgetType, Change, Inriktning, Organisation, db
from models.changelog import history
from models.funds import COUNTY, insats_history
from models.labels import day, label, number

from ..ui import sek

FIELDS = {
    "name": _l("Name"),
    "description": _l("Description"),
    "starts_on": _l("Start date"),
    "ends_on": _l("End date"),
    "inriktning": _l("Inriktning"),
    "preciserad_inriktning": _l("Preciserad inriktning"),
    "served": _l("Serves"),
}


def insats_lines(insats_id: int) -> list[tuple]:
    """The insats's changes as (change, what, before, after), newest first."""
    names = _names()
    return [_insats_line(c, names) for c in insats_history(insats_id)]


def grid_lines(kind: str) -> list[tuple]:
    """A grid's latest changes as (change, what, before, after)."""
    names = _names()
    lines = []
    for change in history(kind, limit=100):
        slug, _sep, year = change.subject.partition("/")
        what = f"{names.get(slug, slug)} {year}"
        shown = [_number(kind, v) for v in (change.before, change.after)]
        lines.append((change, what, *shown))
    return lines


def _names() -> dict[str, str]:
    rows = db.session.execute(db.select(Organisation.slug, Organisation.name))
    return dict(rows.tuples().all())


def _insats_line(change: Change, names: dict[str, str]) -> tuple:
    parts = change.subject.split("/")
    if len(parts) == 3:  # a budget row: <id>/<year>/<type>
        what = f"{parts[1]} {label(BudgetType(parts[2]))}"
        return change, what, _budget(change.before), _budget(change.after)
    field = parts[1]
    if field.startswith("participants-"):
        what = _("Planned participants %(year)d", year=int(field.split("-")[1]))
    else:
        what = str(FIELDS.get(field, field))
    shown = [_value(field, v, names) for v in (change.before, change.after)]
    return change, what, *shown


def _value(field: str, value: str, names: dict[str, str]) -> str:
    """A logged value in words: dates, inriktning and whom it serves named."""
    if not value:
        return ""
    if field in ("starts_on", "ends_on"):
        return day(date.fromisoformat(value))
    if field == "inriktning":
        return label(Inriktning(value))
    if field == "served":
        if value == COUNTY:
            return _("The whole county")
        return ", ".join(names.get(slug, slug) for slug in value.split(","))
    return value


def _budget(value: str) -> str:
    if not value:
        return ""
    row = json.loads(value)
    utfall = _("not reported") if row["utfall"] is None else sek(row["utfall"])
    text = _(
        "budget %(budget)s, utfall %(utfall)s", budget=sek(row["budget"]), utfall=utfall
    )
    return f"{text} ({row['description']})" if row["description"] else text


def _number(kind: str, value: str) -> str:
    """A grid cell's logged value: kronor, or a number of residents."""
    if not value.isdigit():
        return value
    return sek(int(value)) if kind == "contribution" else number(int(value))
