"""The demo's contributions and residents 16–64, from demo/data/residents-16-64.csv."""

from __future__ import annotations

import csv
import io
from importlib.resources import files

from models import Organisation, User, funds

from .data import load


def residents_table() -> list[dict[str, str]]:
    """The rows of the data file (one per municipality, SCB 31 December 2018)."""
    text = files(__package__).joinpath("data", "residents-16-64.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def seed_figures(
    orgs: dict[str, Organisation], central: User, years: list[int]
) -> None:
    """Record residents and contributions for the years, through the grid rule.

    Residents are the 2018 figure for every year (later years are entered from
    SCB in the app); only cells not recorded yet are written, so running the
    demo again changes nothing.
    """
    rows = residents_table()
    residents = {
        (orgs[r["slug"]], y): int(r["residents_16_64"]) for r in rows for y in years
    }
    paid = {
        (orgs[r["slug"]], y): int(r["demo_contribution_kr"])
        for r in rows
        for y in years
    }
    for slug, amount in load("structure")["contributions"].items():
        paid |= {(orgs[slug], y): amount for y in years}
    _fill("residents", central, residents)
    _fill("contribution", central, paid)


def _fill(kind: str, central: User, cells: dict) -> None:
    stored = funds.grid_values(kind)
    new = {(o, y): v for (o, y), v in cells.items() if (o.id, y) not in stored}
    funds.save_grid(kind, central, new)
