"""How the follow-up's cells read on a page: Swedish figures, and the links the
viewer may follow."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import quote_plus

from flask import url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from models import Role
from models.labels import day, number
from models.read.tables import Cell, CellKind, Link

from ..ui import sek

# The lists a role may open: the inbox is the office's; members read the
# insatser; contributions are kept by the office and the administrators.
OPENS = {
    Role.CENTRAL: frozenset({"inbox.index", "funds.index", "funds.contributions"}),
    Role.ADMIN: frozenset({"funds.index", "funds.contributions"}),
    Role.COORDINATOR: frozenset({"funds.index"}),
}


def links_for(role: Role) -> Callable[[Link | None], str | None]:
    """A function giving a cell's address, or None where this role has none to
    open (or the list does not exist in this build)."""
    opens = OPENS.get(role, frozenset())
    bases: dict[str, str | None] = {}

    def href(link: Link | None) -> str | None:
        if link is None or link.endpoint not in opens:
            return None
        if link.endpoint not in bases:  # url_for once per list, not per figure
            try:
                bases[link.endpoint] = url_for(link.endpoint)
            except BuildError:
                bases[link.endpoint] = None
        base = bases[link.endpoint]
        if base is None:
            return None
        if not link.args:
            return base
        return f"{base}?" + "&".join(_pair(k, v) for k, v in link.args.items())

    return href


@functools.lru_cache(maxsize=4096)
def _pair(key: str, value) -> str:
    """One "key=value" of a query, as `urlencode` writes it: a page links its
    figures with the same few dates, nodes and kinds hundreds of times."""
    return f"{quote_plus(key)}={quote_plus(str(value))}"


def cell_text(cell: Cell) -> str:
    """The figure as a Swedish reader reads it; a note for what has no value."""
    if cell.kind == CellKind.MISSING:
        return cell.note or _("missing")
    if cell.value is None:
        return cell.note or "–"
    return FORMATS[cell.kind](cell.value)


def _decimal(pattern: str) -> Callable:
    return lambda v: number(float(v), pattern)


def _count(value: int) -> str:
    """A count; the locale only for those it would group (a three-year page
    by month has hundreds of counts)."""
    return str(value) if -1000 < value < 1000 else number(value)


FORMATS = {
    CellKind.INT: _count,
    CellKind.KRONOR: sek,
    CellKind.KRONOR_PER: lambda v: f"{number(float(v), '#,##0.00')}\u00a0kr",
    CellKind.RATIO: _decimal("0.00"),
    CellKind.PERCENT: lambda v: f"{number(float(v) * 100, '0.#')}\u00a0%",
    CellKind.DAYS: _decimal("#,##0.#"),
    CellKind.DATE: day,
    CellKind.TEXT: str,
}


def decimal(value, places: int = 2) -> str:
    """A ratio or kronor per resident with two decimals ("0,48")."""
    return number(float(value), "0." + "0" * places)
