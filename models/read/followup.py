"""Follow-up: how attention and money are spread over the members and over time.

`followup(params)` returns a `FollowUp`: the headline figures (jämnhet, the
county's kronor per resident, the members flagged) and `tables`, every table
the page shows as data (`models/read/tables.py`), for the page, the board report
and the exports alike. Counts come from the kept month tallies, money from the
money tallies kept per month and reach (`models/money_tallies.py`), attributed by
`models/read/attribution.py`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from ..base import db
from ..organisation import Organisation, OrgKind, member_organisations
from ..spread import Spread
from ..submission import Kind, Status, Submission
from . import attribution as attr
from . import money
from .counts import Measure, decision_days, period_tallies
from .followup_tables import build_tables
from .periods import SPAN, Axis, Period, period_of, periods
from .tables import Table

COUNTY_WIDE = frozenset({OrgKind.REGION, OrgKind.STATE_AGENCY})


@dataclass(frozen=True)
class Params:
    """What the page was asked for: years first…last, cut by the axis.

    A part of a year (a tertial for the board) narrows the range to the months
    `first_month` of the first year to `last_month` of the last; it runs along
    the axis (a tertial is months 1–4, 5–8 or 9–12, any months by month).
    """

    first_year: int
    last_year: int
    axis: Axis = Axis.YEAR
    first_month: int = 1
    last_month: int = 12

    @property
    def years(self) -> range:
        """The years, both ends included."""
        return range(self.first_year, self.last_year + 1)

    @property
    def first_key(self) -> int:
        """The first month as yyyymm."""
        return self.first_year * 100 + self.first_month

    @property
    def last_key(self) -> int:
        """The last month as yyyymm."""
        return self.last_year * 100 + self.last_month

    @property
    def first_day(self) -> date:
        """The first day of the first month (1 January unless narrowed)."""
        return date(self.first_year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the last month (31 December unless narrowed)."""
        end = calendar.monthrange(self.last_year, self.last_month)[1]
        return date(self.last_year, self.last_month, end)


@dataclass
class Unattributable:
    """Kronor that could not be attributed, and why."""

    utfall: bool  # False: kronor granted; True: utfall
    kronor: int
    insats_id: int
    missing: list[Organisation]  # served, without a residents figure
    year: int


@dataclass
class Money:
    """The attributed money over the range and per period."""

    granted: dict[int, dict[int, Fraction]]  # {year: {municipality: kronor}}
    by_period: dict[Period, dict[int, Fraction]]  # {period: {municipality: kronor}}
    total_by_period: dict[Period, int]  # every grant to an insats, attributed or not
    utfall: dict[int, Fraction]
    residents: dict[tuple[int, int], int | None]
    paid: dict[tuple[int, int], int | None]
    backed: dict[int, tuple[int, int]]  # {party: (insatser backed, kronor)}
    unattributable: list[Unattributable] = field(default_factory=list)
    without_insats: bool = False  # grants decided with no insats record


@dataclass
class FollowUp:
    """Everything the follow-up page shows, as data."""

    params: Params
    periods: list[Period]
    members: list[Organisation]
    municipalities: list[Organisation]
    evenness: Fraction | None
    county_per_resident: Fraction | None
    per_resident: dict[int, Fraction | None]
    flagged: list[Organisation]
    evenness_by_period: list[tuple[Period, Fraction | None]]
    unattributable: list[Unattributable]
    without_insats: bool  # some grants of the years have no insats record
    tables: list[Table]

    def table(self, key: str) -> Table:
        """The table with this key."""
        return next(t for t in self.tables if t.key == key)


def followup(params: Params, viewer_org_id: int | None = None) -> FollowUp:
    """Count, attribute and tabulate the chosen years for every member."""
    members = member_organisations()
    munis = [o for o in members if o.kind == OrgKind.MUNICIPALITY]
    axis_periods = [
        p
        for p in periods(params.first_year, params.last_year, params.axis)
        if params.first_day <= p.first_day and p.last_day <= params.last_day
    ]
    first, last = params.first_key, params.last_key
    kept = period_tallies(Measure, first, last, SPAN[params.axis])
    kept_money = money.tallies([o.id for o in members if o.kind in COUNTY_WIDE])
    cash = _money(params, members, axis_periods, kept_money)
    per_resident = attr.per_resident(
        cash.granted, [o.id for o in munis], cash.residents
    )
    average = attr.county_per_resident(
        cash.granted, [o.id for o in munis], cash.residents
    )
    flagged_ids = attr.below_half(per_resident, average)
    by_period = [(p, _period_evenness(cash, p, munis)) for p in axis_periods]
    found = FollowUp(
        params,
        axis_periods,
        members,
        munis,
        attr.evenness(per_resident),
        average,
        per_resident,
        [o for o in munis if o.id in flagged_ids],
        by_period,
        cash.unattributable,
        cash.without_insats,
        [],
    )
    found.tables = build_tables(
        found,
        kept=kept,
        days=decision_days(first, last),
        cash=cash,
        latest=_latest(members, kept_money),
        viewer_org_id=viewer_org_id,
    )
    return found


def _money(
    params: Params, members: list[Organisation], axis: list[Period], kept: money.Tallies
) -> Money:
    """The grants and utfall of the years from the kept tallies, attributed."""
    munis = [o for o in members if o.kind == OrgKind.MUNICIPALITY]
    county = [o.id for o in munis]
    names = {o.id: o for o in munis}
    residents = money.residents(params.years)
    first, last = params.first_day, params.last_day
    cash = Money(
        {y: {} for y in params.years},
        {p: {} for p in axis},
        dict.fromkeys(axis, 0),
        {},
        residents,
        money.contributions(params.years),
        kept.backed(first, last),
    )
    # Split once per period and reach (a period lies within one year, so its
    # grants share the residents figures; a sum splits as its parts would).
    groups: dict[tuple[Period, tuple[int, ...]], list[money.Granted]] = {}
    for grant in kept.granted(first, last, county):
        key = (period_of(grant.day, params.axis), grant.served)
        groups.setdefault(key, []).append(grant)
    for (period, served), grants in groups.items():
        kronor = sum(g.kronor for g in grants)
        split = attr.attribute(kronor, served, period.year, residents)
        cash.total_by_period[period] += kronor
        _add(cash.granted[period.year], split.shares)
        _add(cash.by_period[period], split.shares)
        for grant in grants if split.unattributable else ():
            month = Period(Axis.MONTH, grant.year, grant.month)
            each = money.grants(month.first_day, month.last_day, county)
            mine = [(g.insats_id, g.kronor) for g in each if g.served == served]
            cash.unattributable += _one_by_one(False, split, mine, names)
    cash.without_insats = kept.without_insats(first, last)
    for (year, served), kronor in kept.utfall_by_reach(params.years, county).items():
        split = attr.attribute(kronor, served, year, residents)
        _add(cash.utfall, split.shares)
        if split.unattributable:
            each = money.utfall(range(year, year + 1), county)
            mine = [(i, k) for i, _y, k, reach in each if reach == served]
            cash.unattributable += _one_by_one(True, split, mine, names)
    cash.unattributable.sort(key=lambda u: (u.utfall, u.insats_id, u.year))
    return cash


def _one_by_one(utfall: bool, split: attr.Attributed, insatser, names) -> list:
    """What could not be split, named per insats: [(insats id, kronor)] that
    serve the same municipalities in the same month or year, so lack the same
    residents figures."""
    ((_kronor, missing, year),) = split.unattributable
    return [
        Unattributable(utfall, kronor, insats_id, [names[o] for o in missing], year)
        for insats_id, kronor in insatser
    ]


def _add(into: dict[int, Fraction], shares: dict[int, Fraction]) -> None:
    for org, kronor in shares.items():
        into[org] = into.get(org, Fraction(0)) + kronor


def _period_evenness(cash: Money, period: Period, munis) -> Fraction | None:
    """Jämnhet within one period (its year's residents)."""
    values = attr.per_resident(
        {period.year: cash.by_period[period]}, [o.id for o in munis], cash.residents
    )
    return attr.evenness(values)


@dataclass
class Latest:
    """The last day each member had an accepted initiative, a spread, a grant."""

    accepted: dict[int, date]
    spread: dict[int, date]
    grant: dict[int, date]


def _latest(members: list[Organisation], kept: money.Tallies) -> Latest:
    """When each member last had an accepted initiative, a spread and a grant
    (every year, not only the chosen ones)."""
    newest = (
        db.select(Submission.created_at)
        .where(
            Submission.origin_id == Organisation.id,
            Submission.status == Status.ACCEPTED,
            Submission.kind == Kind.INITIATIVE,
        )
        .order_by(Submission.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    last_spread = (  # one step down (organisation_id, created_at) per member
        db.select(Spread.created_at)
        .where(Spread.organisation_id == Organisation.id)
        .order_by(Spread.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Organisation.id, newest, last_spread).where(
            Organisation.id.in_([o.id for o in members])
        )
    ).all()
    county = [o.id for o in members if o.kind == OrgKind.MUNICIPALITY]
    grant = kept.latest_grants(county)
    accepted = {org: at.date() for org, at, _ in rows if at is not None}
    spread = {org: at.date() for org, _, at in rows if at is not None}
    return Latest(accepted, spread, grant)
