"""The follow-up's tables, built from its counts and its attributed money.

Counts link to the inbox filtered on exactly the submissions counted (node,
kind, status, the days logged); money links to the insatser (`/funds/`).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import ngettext

from ..base import local_today
from ..organisation import OrgKind
from ..submission import Kind, Status
from . import attribution as attr
from .counts import Measure
from .periods import Axis, period_label
from .tables import Cell, CellKind, Link, Row, Table, count, text

COUNTY_WIDE = frozenset({OrgKind.REGION, OrgKind.STATE_AGENCY})
# What each measure of a submission counts: its kind, and its status if one.
SUBMISSION_FILTERS = {
    Measure.NEEDS: {"kind": Kind.NEED.value},
    Measure.INITIATIVES_LOGGED: {"kind": Kind.INITIATIVE.value},
    Measure.INITIATIVES_ACCEPTED: {
        "kind": Kind.INITIATIVE.value,
        "status": Status.ACCEPTED.value,
    },
    Measure.PRACTICES_SHARED: {"kind": Kind.PRACTICE.value},
}


class Kept:
    """The tallies per member and period (by its index on the axis), added up
    per member and per period."""

    def __init__(self, kept: dict[tuple[Measure, int, int], int]) -> None:
        self.org_period = Counter(kept)
        self.org: Counter = Counter()
        self.period: Counter = Counter()
        for (measure, org, index), n in kept.items():
            self.org[measure, org] += n
            self.period[measure, index] += n


def build_tables(found, *, kept, days, cash, latest, viewer_org_id) -> list[Table]:
    """Every table of the page, in the order shown."""
    sums = Kept(kept)
    funds = _funds(found, cash, viewer_org_id)
    return [
        _activity(found, sums, days, viewer_org_id),
        funds,
        _parties(found, cash, viewer_org_id),
        _latest(found, latest, viewer_org_id),
        _trend(found, sums, cash),
        _member_trend(found, sums, viewer_org_id),
        _shares(found, funds, viewer_org_id),
        _evenness(found),
    ]


def _inbox(slug: str | None, first, last, measure: Measure | None) -> Link:
    args = {"since": first.isoformat(), "until": last.isoformat()}
    if slug:
        args["node"] = slug
    if measure is not None:
        args |= SUBMISSION_FILTERS[measure]
    return Link("inbox.index", args)


def _funds_link(found, **args) -> Link:
    p = found.params
    if p.first_year == p.last_year:
        args["year"] = p.first_year
    return Link("funds.index", args)


def _member(org, viewer_org_id) -> Row:
    return Row([text(org.name)], own=org.id == viewer_org_id)


def _activity(found, kept, days, viewer) -> Table:
    p = found.params
    no_spreads, none = _("No spreads"), _("None")
    rows = []
    for org in found.members:
        n = {m: kept.org[m, org.id] for m in Measure}
        row = _member(org, viewer)
        row.cells += [
            count(n[m], _inbox(org.slug, p.first_day, p.last_day, m))
            for m in SUBMISSION_FILTERS
        ]
        spreads, answers = n[Measure.SPREADS_RECEIVED], n[Measure.ANSWERS_GIVEN]
        rate = Fraction(answers, spreads) if spreads else None
        median = attr.median(days.get(org.id, {}))
        row.cells += [
            count(spreads),
            count(answers),
            Cell(rate, CellKind.PERCENT, note="" if spreads else no_spreads),
            count(n[Measure.ADOPTIONS]),
            Cell(median, CellKind.DAYS, note="" if median is not None else none),
        ]
        rows.append(row)
    columns = [
        _("Member"),
        _("Needs logged"),
        _("Initiatives logged"),
        _("Initiatives accepted"),
        _("Practices shared"),
        _("Spreads received"),
        _("Answers given"),
        _("Answer rate"),
        _("Adoptions"),
        _("Median days to the office's first decision"),
    ]
    return Table("activity", _("Activity per member"), columns, rows)


def _paid(found, cash, org_id) -> Cell:
    """A member's contributions over the years: "saknas" when every year is
    missing, the sum with the missing years named when some are."""
    years = list(found.params.years)
    known = {y: cash.paid.get((org_id, y)) for y in years}
    missing = [str(y) for y, v in known.items() if v is None]
    link = Link("funds.contributions")
    if len(missing) == len(years):
        return Cell(None, CellKind.MISSING, link)
    total = sum(v for v in known.values() if v is not None)
    note = ""
    if missing:
        note = _("Incomplete: missing for %(years)s", years=", ".join(missing))
    return Cell(total, CellKind.KRONOR, link, note)


def _complete(cell: Cell) -> int | None:
    """A contribution sum that misses no year, else None (unknown)."""
    return cell.value if cell.kind == CellKind.KRONOR and not cell.note else None


def _funds(found, cash, viewer) -> Table:
    p = found.params
    grants = {
        o.id: sum(cash.granted[y].get(o.id, 0) for y in p.years)
        for o in found.municipalities
    }
    paid = {o.id: _paid(found, cash, o.id) for o in found.municipalities}
    grant_share = attr.shares(grants)
    paid_share = attr.shares({o: _complete(c) for o, c in paid.items()})
    rows = []
    for org in found.municipalities:
        link = _funds_link(found, municipality=org.slug)
        ratio = attr.share_ratio(grant_share[org.id], paid_share[org.id])
        flagged = org in found.flagged
        row = _member(org, viewer)
        row.flagged = flagged
        per = found.per_resident[org.id]
        row.cells += [
            Cell(round(grants[org.id]), CellKind.KRONOR, link),
            Cell(round(cash.utfall.get(org.id, 0)), CellKind.KRONOR, link),
            paid[org.id],
            Cell(per, CellKind.KRONOR_PER, link)
            if per is not None
            else Cell(None, CellKind.MISSING, note=_("Residents missing")),
            Cell(grant_share[org.id], CellKind.PERCENT),
            Cell(paid_share[org.id], CellKind.PERCENT),
            Cell(ratio, CellKind.RATIO),
            text(_("Yes, below half the county's average") if flagged else _("No")),
        ]
        rows.append(row)
    columns = [
        _("Municipality"),
        _("Granted, attributed"),
        _("Utfall, attributed"),
        _("Contribution"),
        _("Kronor granted per resident 16–64"),
        _("Share of grants"),
        _("Share of contributions"),
        _("Share of grants ÷ share of contributions"),
        _("Below half the county's average"),
    ]
    return Table("funds", _("Funds per municipality"), columns, rows)


def _parties(found, cash, viewer) -> Table:
    rows = []
    for org in found.members:
        if org.kind not in COUNTY_WIDE:
            continue
        backed, kronor = cash.backed.get(org.id, (0, 0))
        row = _member(org, viewer)
        link = _funds_link(found, party=org.slug)
        row.cells += [
            count(backed, link),
            Cell(kronor, CellKind.KRONOR, link if backed else None),
            _paid(found, cash, org.id),
        ]
        rows.append(row)
    columns = [
        _("Party"),
        _("Insatser backed"),
        _("Kronor granted to insatser it backs"),
        _("Contribution"),
    ]
    return Table("parties", _("County-wide parties involved"), columns, rows)


def _when(day, today, never: str) -> Cell:
    """The day, and how many days ago; `never` when it never happened."""
    if not day:
        return Cell(None, CellKind.TEXT, note=never)
    days = (today - day).days
    if days == 0:
        return Cell(day, CellKind.DATE, note=_("today"))
    ago = ngettext("%(num)d day ago", "%(num)d days ago", days)
    return Cell(day, CellKind.DATE, note=ago)


def _latest(found, latest, viewer) -> Table:
    today, never = local_today(), _("Never")
    rows = []
    for org in found.members:
        row = _member(org, viewer)
        row.cells += [
            _when(latest.accepted.get(org.id), today, never),
            _when(latest.spread.get(org.id), today, never),
            _when(latest.grant.get(org.id), today, never),
        ]
        rows.append(row)
    columns = [
        _("Member"),
        _("Latest accepted initiative (day logged)"),
        _("Latest spread received"),
        _("Latest grant"),
    ]
    return Table("latest", _("How long since"), columns, rows)


def _trend(found, kept, cash) -> Table:
    rows = []
    for i, period in enumerate(found.periods):
        n = {m: kept.period[m, i] for m in Measure}
        cells = [text(period_label(period))]
        cells += [
            count(n[m], _inbox(None, period.first_day, period.last_day, m))
            for m in SUBMISSION_FILTERS
        ]
        granted = cash.total_by_period[period]
        by_year = found.params.axis == Axis.YEAR and granted
        link = Link("funds.index", {"year": period.year}) if by_year else None
        cells += [
            count(n[Measure.SPREADS_RECEIVED]),
            count(n[Measure.ANSWERS_GIVEN]),
            count(n[Measure.ADOPTIONS]),
            Cell(granted, CellKind.KRONOR, link),
        ]
        rows.append(Row(cells))
    columns = [
        _("Period"),
        _("Needs logged"),
        _("Initiatives logged"),
        _("Initiatives accepted"),
        _("Practices shared"),
        _("Spreads received"),
        _("Answers given"),
        _("Adoptions"),
        _("Granted"),
    ]
    return Table("trend", _("The county per period"), columns, rows)


def _member_trend(found, kept, viewer) -> Table:
    sent = (Measure.NEEDS, Measure.INITIATIVES_LOGGED, Measure.PRACTICES_SHARED)
    rows = []
    for org in found.members:
        row = _member(org, viewer)
        for i, period in enumerate(found.periods):
            n = sum(kept.org_period[m, org.id, i] for m in sent)
            row.cells.append(
                count(n, _inbox(org.slug, period.first_day, period.last_day, None))
            )
        rows.append(row)
    columns = [_("Member"), *(period_label(p) for p in found.periods)]
    return Table(
        "member_trend", _("Submissions logged per member and period"), columns, rows
    )


def _shares(found, funds: Table, viewer) -> Table:
    rows = []
    for org, source_row in zip(found.municipalities, funds.rows, strict=True):
        row = _member(org, viewer)
        row.cells += [source_row.cells[5], source_row.cells[6]]
        rows.append(row)
    columns = [_("Municipality"), _("Share of grants"), _("Share of contributions")]
    return Table("shares", _("Share of grants and of contributions"), columns, rows)


def _evenness(found) -> Table:
    rows = []
    for period, value in found.evenness_by_period:
        note = "" if value is not None else _("Undefined: nothing granted")
        rows.append(
            Row([text(period_label(period)), Cell(value, CellKind.RATIO, note=note)])
        )
    columns = [_("Period"), _("Jämnhet (lowest ÷ highest kronor per resident)")]
    return Table("evenness", _("Jämnhet per period"), columns, rows)
