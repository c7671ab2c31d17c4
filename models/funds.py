"""The rules of the funds: an insats's SUS record, its budget rows, the grids.

Each change is logged in the change log (`log_change`) with what it was before
and what it became; nothing here commits.
"""

from __future__ import annotations

import json
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import flag_modified

from . import money_tallies
from .base import db
from .changelog import Change, log_change
from .funding import Contribution, Residents
from .insats import BudgetRow, BudgetType, Inriktning, Insats, InsatsYear
from .organisation import Organisation, OrgKind
from .user import User
from .workflow import RuleBroken, StaleVersion

# Amounts are whole kronor; a figure above this is a typing mistake.
KRONOR_AT_MOST = 100_000_000
# More than every resident of the county many times over.
RESIDENTS_AT_MOST = 2_000_000
PARTICIPANTS_AT_MOST = 100_000
PERIOD_YEARS_AT_MOST = 10
PERIOD_EARLIEST = date(2000, 1, 1)
# The SUS fields an edit may change, in the order the history shows them.
INSATS_FIELDS = (
    "name",
    "description",
    "starts_on",
    "ends_on",
    "inriktning",
    "preciserad_inriktning",
)


def check_insats_version(insats: Insats, read_version: int | None) -> None:
    """Refuse an edit made from a stale read of the insats."""
    if read_version is None or int(read_version) != insats.version:
        raise StaleVersion(_l("Someone else changed this while you were working."))


def period_years(insats: Insats) -> list[int]:
    """The budget years of the insats's period (none until the period is set)."""
    if insats.starts_on is None or insats.ends_on is None:
        return []
    return list(range(insats.starts_on.year, insats.ends_on.year + 1))


def check_period(starts_on: date | None, ends_on: date | None) -> None:
    """Refuse a period that ends before it starts, starts before 2000 or runs
    over more than ten budget years (each year is a row to plan and report)."""
    for day, field in ((starts_on, "starts_on"), (ends_on, "ends_on")):
        if day and day < PERIOD_EARLIEST:
            raise RuleBroken(
                _l("Give a date from %(date)s on.", date=PERIOD_EARLIEST.isoformat()),
                field,
            )
    if starts_on and ends_on and ends_on < starts_on:
        raise RuleBroken(_l("The end date cannot be before the start date."), "ends_on")
    if starts_on and ends_on and ends_on.year - starts_on.year >= PERIOD_YEARS_AT_MOST:
        raise RuleBroken(
            _l(
                "An insats runs over at most %(num)d budget years.",
                num=PERIOD_YEARS_AT_MOST,
            ),
            "ends_on",
        )


def edit_insats(insats: Insats, actor: User, version: int | None, **values) -> None:
    """Change the SUS fields of an insats (a stale version is refused)."""
    check_insats_version(insats, version)
    check_period(values.get("starts_on"), values.get("ends_on"))
    for name in INSATS_FIELDS:
        before, after = getattr(insats, name), values[name]
        if before != after:
            _log(actor, insats, name, _plain(before), _plain(after))
            setattr(insats, name, after)
    # Each save is a new version, also when only the served municipalities or
    # the participants change (rows of their own): the next stale form is refused.
    flag_modified(insats, "name")
    db.session.flush()


def _log(actor: User, insats: Insats, what: str, before: str, after: str) -> None:
    """Log a change of one field of an insats: subject "<id>/<field>"."""
    log_change(actor, "insats", f"{insats.id}/{what}", before, after)


def _plain(value: object) -> str:
    """A value as the log keeps it: dates as ISO, enums by value, None as ""."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value.value if isinstance(value, Inriktning) else str(value)


def serve(
    insats: Insats, actor: User, municipalities: list[Organisation], county: bool
) -> None:
    """Set whom the insats serves: chosen municipalities, or the whole county."""
    unique = {o.id: o for o in municipalities if o.kind == OrgKind.MUNICIPALITY}
    chosen = [] if county else sorted(unique.values(), key=lambda o: o.name)
    before = _reach(insats.served, insats.serves_county)
    _log(actor, insats, "served", before, _reach(chosen, county))
    with money_tallies.kept([insats.id]):
        insats.serves_county = county
        insats.served = chosen


def _reach(orgs: list[Organisation], county: bool) -> str:
    """Whom it serves as the log keeps it: "county", or the slugs."""
    return COUNTY if county else ",".join(o.slug for o in orgs)


# How the change log writes "the whole county" in a change of whom it serves.
COUNTY = "county"


def plan_participants(
    insats: Insats, actor: User, counts: dict[int, int | None]
) -> None:
    """Set the planned number of participants per year of the period."""
    years = set(period_years(insats))
    rows = {row.year: row for row in insats.years}
    for year, count in sorted(counts.items()):
        if year not in years:
            continue
        _check_amount(count, PARTICIPANTS_AT_MOST, f"participants-{year}")
        row = rows.get(year)
        before = row.planned_participants if row else None
        if before == count:
            continue
        if row is None:
            row = InsatsYear(insats_id=insats.id, year=year)
            insats.years.append(row)
        row.planned_participants = count
        _log(actor, insats, f"participants-{year}", _plain(before), _plain(count))


def _check_amount(value: int | None, at_most: int, field: str) -> None:
    """Refuse a negative figure or one beyond what is plausible."""
    if value is None:
        return
    if value < 0:
        raise RuleBroken(_l("The figure cannot be negative."), field)
    if value > at_most:
        raise RuleBroken(
            _l("At most %(max)s.", max=f"{at_most:,}".replace(",", "\u00a0")), field
        )


def set_budget_row(
    insats: Insats,
    actor: User,
    year: int,
    kind: BudgetType,
    budget: int,
    utfall: int | None,
    description: str,
) -> BudgetRow:
    """Add or update the budget row of one year and budget type."""
    years = period_years(insats)
    if not years:
        raise RuleBroken(_l("Set the period of the insats before its budget."), "year")
    if year not in years:
        raise RuleBroken(
            _l(
                "The year must be within the period of the insats "
                "(%(first)d–%(last)d).",
                first=years[0],
                last=years[-1],
            ),
            "year",
        )
    _check_amount(budget, KRONOR_AT_MOST, "budget")
    _check_amount(utfall, KRONOR_AT_MOST, "utfall")
    row = next(
        (r for r in insats.budget_rows if (r.year, r.type) == (year, kind)), None
    )
    before = _budget_text(row)
    with money_tallies.kept([insats.id]):
        if row is None:
            row = BudgetRow(insats=insats, year=year, type=kind)
            db.session.add(row)
        row.budget, row.utfall, row.description = budget, utfall, description
    log_change(
        actor, "budget", f"{insats.id}/{year}/{kind.value}", before, _budget_text(row)
    )
    db.session.flush()
    return row


def _budget_text(row: BudgetRow | None) -> str:
    """A budget row as the log keeps it: JSON of budget, utfall and comment."""
    if row is None:
        return ""
    values = {
        "budget": row.budget,
        "utfall": row.utfall,
        "description": row.description,
    }
    return json.dumps(values, ensure_ascii=False)


def insats_history(insats_id: int, limit: int = 200) -> list[Change]:
    """The changes of an insats and its budget rows, newest first."""
    query = db.select(Change).where(
        Change.kind.in_(("insats", "budget")),
        Change.subject.startswith(f"{insats_id}/"),
    )
    return list(db.session.scalars(query.order_by(Change.id.desc()).limit(limit)))


# The two grids: what a cell holds, its row's organisations and its bound.
GRIDS = {
    "contribution": (Contribution, "amount", KRONOR_AT_MOST),
    "residents": (Residents, "count", RESIDENTS_AT_MOST),
}


def grid_rows(kind: str) -> list[Organisation]:
    """The organisations of a grid: every member, or every municipality, also
    those that have left (their figures are history and stay correctable)."""
    query = db.select(Organisation).where(Organisation.kind != OrgKind.OFFICE)
    if kind == "residents":
        query = query.where(Organisation.kind == OrgKind.MUNICIPALITY)
    return list(db.session.scalars(query.order_by(Organisation.name)))


def grid_values(kind: str) -> dict[tuple[int, int], int | None]:
    """Every stored cell of a grid: (organisation id, year) → value (None: saknas)."""
    model, column, _at_most = GRIDS[kind]
    return {
        (row.organisation_id, row.year): getattr(row, column)
        for row in db.session.scalars(db.select(model))
    }


def grid_years(kind: str, this_year: int, extra: int | None = None) -> list[int]:
    """The last three years that have data, this year, and a year asked for."""
    model = GRIDS[kind][0]
    stored = db.session.scalars(
        db.select(model.year).distinct().order_by(model.year.desc()).limit(3)
    )
    years = {*stored, this_year}
    if extra is not None:
        years.add(extra)
    return sorted(years)


def check_cell(kind: str, value: int | None) -> None:
    """Refuse a negative figure or one beyond the grid's bound."""
    _check_amount(value, GRIDS[kind][2], "")


def save_grid(
    kind: str,
    actor: User,
    cells: dict[tuple[Organisation, int], int | None],
) -> int:
    """Store the cells whose value changed, each logged; return how many changed."""
    model, column, _at_most = GRIDS[kind]
    stored = {
        (row.organisation_id, row.year): row
        for row in db.session.scalars(db.select(model))
    }
    changed = 0
    for (org, year), value in cells.items():
        check_cell(kind, value)
        row = stored.get((org.id, year))
        before = getattr(row, column) if row else None
        if before == value:
            continue
        if row is None:
            row = model(organisation_id=org.id, year=year)
            db.session.add(row)
        setattr(row, column, value)
        log_change(actor, kind, f"{org.slug}/{year}", _cell(before), _cell(value))
        changed += 1
    db.session.flush()
    return changed


def _cell(value: int | None) -> str:
    # An empty "before" is also what a new cell shows: "saknas" in both cases.
    return "" if value is None else str(value)
