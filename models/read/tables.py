"""Tables as data: what a page shows, a board report prints and an export writes.

A `Table` is a title, column headings and rows of `Cell`s. Each cell keeps its
value typed (an int, kronor, a ratio, a date, a text, or missing) and, where a
list of submissions or insatser stands behind the figure, a `Link` to it (an
endpoint and its arguments, so the reader builds the address it may open).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class CellKind(enum.StrEnum):
    """How a cell's value is to be read and written."""

    INT = "int"  # a count
    KRONOR = "kronor"  # whole kronor
    KRONOR_PER = "kronor_per"  # kronor with two decimals (per resident)
    RATIO = "ratio"  # a ratio with two decimals (1,00 = even)
    PERCENT = "percent"  # a share, 0…1, shown as a percentage
    DAYS = "days"  # a number of days, one decimal
    DATE = "date"
    TEXT = "text"
    MISSING = "missing"  # recorded as unknown or not recorded: "saknas", never 0


@dataclass
class Link:
    """Where the figure's rows are listed: an endpoint and its query arguments."""

    endpoint: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cell:
    """One figure. A None value of a kind other than MISSING is undefined ("–")."""

    value: Any
    kind: CellKind
    link: Link | None = None
    note: str = ""  # why it is missing, undefined or incomplete


@dataclass
class Row:
    """A row: its first cell heads it (a member, a period)."""

    cells: list[Cell]
    own: bool = False  # the viewer's own member
    flagged: bool = False  # below half the county's average kronor per resident


@dataclass
class Table:
    """A table as shown: a stable key, caption, headings, rows, and notes."""

    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    empty: str = ""  # what an empty table means
    notes: list[str] = field(default_factory=list)

    def column(self, index: int) -> list[Cell]:
        """The cells of one column, row by row."""
        return [row.cells[index] for row in self.rows]


def text(value: str) -> Cell:
    """A text cell."""
    return Cell(value, CellKind.TEXT)


def count(value: int, link: Link | None = None) -> Cell:
    """A count, linked to what it counts when something is there to list."""
    return Cell(value, CellKind.INT, link if value else None)
