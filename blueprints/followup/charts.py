"""The follow-up's three charts, laid out as SVG shapes the chart macro draws.

Drawn on the server: no script, so they work without JavaScript, in print and
under the strict CSP; colours from the Okabe–Ito palette, told apart by
position and text too. Each chart has a one-sentence summary, and its data
table follows it on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import escape

from models.labels import number
from models.read.followup import FollowUp
from models.read.periods import period_label
from models.read.tables import Table

BLUE, ORANGE, GREEN, GREY = "#0072B2", "#E69F00", "#009E73", "#595959"


@dataclass
class Shape:
    """One SVG element: its tag, attributes and text."""

    tag: str
    attrs: dict
    text: str = ""

    def __html__(self) -> str:
        """The element, its attribute values and text escaped (what Jinja's
        `xmlattr` writes, without a filter call and two escapes per attribute:
        a chart has hundreds of shapes)."""
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in self.attrs.items())
        return f"<{self.tag}{attrs}>{escape(self.text)}</{self.tag}>"


@dataclass
class Chart:
    """A chart: its id (for title and desc ids), words, size and shapes."""

    key: str
    title: str
    desc: str
    summary: str
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)

    def rect(self, x, y, w, h, fill) -> None:
        """Add a bar."""
        attrs = {"x": _r(x), "y": _r(y), "width": _r(w), "height": _r(h)}
        self.shapes.append(Shape("rect", attrs | {"fill": fill}))

    def text(self, x, y, words, anchor="start", size=11) -> None:
        """Add a label."""
        attrs = {"x": _r(x), "y": _r(y), "text-anchor": anchor, "font-size": size}
        self.shapes.append(Shape("text", attrs | {"fill": "#1a1a1a"}, words))

    def line(self, x1, y1, x2, y2, stroke=GREY) -> None:
        """Add a rule."""
        attrs = {"x1": _r(x1), "y1": _r(y1), "x2": _r(x2), "y2": _r(y2)}
        self.shapes.append(Shape("line", attrs | {"stroke": stroke}))


def _r(value: float) -> str:
    return f"{value:.1f}"


def _pct(value) -> str:
    return f"{number(float(value) * 100, '0.#')}\u00a0%"


def charts(found: FollowUp) -> dict[str, Chart]:
    """The three charts, by the key of the table that holds their data."""
    return {
        "member_trend": trend_chart(found.table("member_trend")),
        "shares": shares_chart(found.table("shares")),
        "evenness": evenness_chart(found),
    }


def trend_chart(table: Table) -> Chart:
    """Small multiples: each member's submissions logged per period, one scale."""
    cols, pw, ph = 3, 240, 110
    height = ph * max(1, -(-len(table.rows) // cols))
    values = [[c.value for c in row.cells[1:]] for row in table.rows]
    top = max([v for vs in values for v in vs] or [0]) or 1
    totals = [
        (sum(vs), row.cells[0].value)
        for vs, row in zip(values, table.rows, strict=True)
    ]
    chart = Chart(
        "chart-trend",
        _("Submissions logged per member and period"),
        _(
            "One small bar chart per member, all on the same scale (highest "
            "bar: %(top)s); each bar is one period, from %(first)s to %(last)s.",
            top=top,
            first=table.columns[1],
            last=table.columns[-1],
        ),
        _trend_summary(totals),
        cols * pw,
        height,
    )
    for i, (row, vs) in enumerate(zip(table.rows, values, strict=True)):
        x0, y0 = (i % cols) * pw + 8, (i // cols) * ph
        name = row.cells[0].value + (" " + _("(your organisation)") if row.own else "")
        chart.text(x0, y0 + 14, name)
        base, room = y0 + 96, 70
        chart.line(x0, base, x0 + pw - 24, base)
        step = (pw - 24) / max(1, len(vs))
        for j, v in enumerate(vs):
            h = room * v / top
            chart.rect(
                x0 + j * step + step * 0.1,
                base - h,
                step * 0.8,
                h,
                ORANGE if row.own else BLUE,
            )
    return chart


def _trend_summary(totals: list[tuple[int, str]]) -> str:
    if not totals or max(totals)[0] == 0:
        return _("No submissions were logged in the chosen years.")
    most, least = max(totals), min(totals)
    return _(
        "%(most)s logged the most submissions (%(n)d) and %(least)s the fewest "
        "(%(m)d).",
        most=most[1],
        n=most[0],
        least=least[1],
        m=least[0],
    )


def shares_chart(table: Table) -> Chart:
    """Paired bars per municipality: share of grants beside share of contributions."""
    names = [
        row.cells[0].value + (" " + _("(your organisation)") if row.own else "")
        for row in table.rows
    ]
    # The names end at the bars: room for the longest at ~6 px a letter (10 px type).
    row_h, room = 30, 380
    left = max([170, *(12 + 6 * len(name) for name in names)])
    chart = Chart(
        "chart-shares",
        _("Share of grants and share of contributions per municipality"),
        _(
            "For each municipality two bars: the upper (blue) its share of the "
            "grants attributed, the lower (orange) its share of the contributions."
        ),
        _shares_summary(table),
        left + room + 70,
        40 + row_h * len(table.rows),
    )
    chart.rect(left, 6, 12, 10, BLUE)
    chart.text(left + 16, 15, _("Share of grants"))
    chart.rect(left + 170, 6, 12, 10, ORANGE)
    chart.text(left + 186, 15, _("Share of contributions"))
    known = [
        c.value for row in table.rows for c in row.cells[1:] if c.value is not None
    ]
    top = max(known or [0]) or 1
    for i, (row, name) in enumerate(zip(table.rows, names, strict=True)):
        y = 30 + i * row_h
        chart.text(left - 6, y + 16, name, anchor="end", size=10)
        for k, (cell, fill) in enumerate(
            zip(row.cells[1:3], (BLUE, ORANGE), strict=True)
        ):
            yk = y + 3 + k * 12
            if cell.value is None:
                chart.text(left + 4, yk + 9, _("missing"), size=9)
                continue
            w = room * float(cell.value / top)
            chart.rect(left, yk, w, 10, fill)
            chart.text(left + w + 4, yk + 9, _pct(cell.value), size=9)
    return chart


def _shares_summary(table: Table) -> str:
    pairs = [(r.cells[1].value, r.cells[2].value) for r in table.rows]
    if not pairs or any(g is None or p is None for g, p in pairs):
        return _(
            "The shares cannot be compared: nothing was granted, or a contribution "
            "is missing for one of the years."
        )
    more = sum(1 for g, p in pairs if g > p)
    return _(
        "%(n)d of %(m)d municipalities have a larger share of the grants than of "
        "the contributions.",
        n=more,
        m=len(pairs),
    )


def evenness_chart(found: FollowUp) -> Chart:
    """Jämnhet per period as points joined by lines (gaps where undefined)."""
    points = found.evenness_by_period
    left, top, room_w, room_h = 44, 12, 600, 160
    chart = Chart(
        "chart-evenness",
        _("Jämnhet per period"),
        _(
            "Jämnhet from 0 to 1 (1,00 = every municipality got the same kronor "
            "per resident 16–64) for each period; a gap where nothing was granted."
        ),
        _evenness_summary(points),
        left + room_w + 20,
        top + room_h + 40,
    )
    for level in (0, 0.5, 1):
        y = top + room_h * (1 - level)
        chart.line(left, y, left + room_w, y)
        chart.text(left - 6, y + 4, number(level, "0.00"), "end", 10)
    step = room_w / max(1, len(points))
    every = max(1, len(points) // 12)
    previous = None
    for i, (period, value) in enumerate(points):
        x = left + step * (i + 0.5)
        if i % every == 0:
            chart.text(x, top + room_h + 16, period_label(period), "middle", 9)
        if value is None:
            previous = None
            continue
        y = top + room_h * (1 - float(value))
        if previous is not None:
            chart.line(*previous, x, y, stroke=GREEN)
        circle = {"cx": _r(x), "cy": _r(y), "r": "4", "fill": GREEN}
        chart.shapes.append(Shape("circle", circle))
        previous = (x, y)
    return chart


def _evenness_summary(points) -> str:
    known = [(v, p) for p, v in points if v is not None]
    if not known:
        return _("Jämnhet is undefined in every period: nothing was attributed.")
    low, high = min(known, key=lambda t: t[0]), max(known, key=lambda t: t[0])
    return _(
        "Jämnhet was lowest in %(low)s (%(lv)s) and highest in %(high)s (%(hv)s).",
        low=period_label(low[1]),
        lv=number(float(low[0]), "0.00"),
        high=period_label(high[1]),
        hv=number(float(high[0]), "0.00"),
    )
