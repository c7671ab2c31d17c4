"""The follow-up's money maths, as pure functions (no database, no Flask).

The rule, as the page states it: an insats's granted kronor (dated by the board's
decision) and its utfall (by budget year) are attributed to the municipalities it
serves in proportion to their residents aged 16–64 in that year. When a served
municipality has no residents figure for the year, the split cannot be made: the
amount is not attributed at all and is reported as "not attributable", naming
the municipality and the year (a missing figure is never read as 0 residents).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

# {(organisation id, year): residents 16–64, or None when recorded as unknown}
Residents = Mapping[tuple[int, int], int | None]


@dataclass
class Attributed:
    """Kronor split over municipalities, and what could not be split."""

    shares: dict[int, Fraction] = field(default_factory=dict)
    # (kronor, organisation ids without a residents figure, year)
    unattributable: list[tuple[int, tuple[int, ...], int]] = field(default_factory=list)

    def add(self, other: Attributed) -> None:
        """Add another split to this one."""
        for org, kronor in other.shares.items():
            self.shares[org] = self.shares.get(org, Fraction(0)) + kronor
        self.unattributable.extend(other.unattributable)

    @property
    def total(self) -> Fraction:
        """The kronor attributed (not the unattributable ones)."""
        return sum(self.shares.values(), Fraction(0))


def attribute(
    kronor: int, served: Iterable[int], year: int, residents: Residents
) -> Attributed:
    """Split kronor over the served municipalities by their residents in `year`."""
    served = sorted(set(served))
    missing = tuple(o for o in served if residents.get((o, year)) is None)
    if missing or not served:
        return Attributed(unattributable=[(kronor, missing, year)])
    total = sum(residents[o, year] for o in served)
    if total == 0:
        return Attributed(unattributable=[(kronor, (), year)])
    return Attributed({o: Fraction(kronor * residents[o, year], total) for o in served})


def per_resident(
    by_year: Mapping[int, Mapping[int, Fraction]], orgs: Iterable[int], residents
) -> dict[int, Fraction | None]:
    """Kronor per resident 16–64 for each municipality over the given years.

    `by_year` is {year: {organisation id: kronor}}: each year's kronor are
    divided by that year's residents and the years added up. A municipality with
    no residents figure in any of the years gets None (unknown, not 0); a year
    without a figure adds nothing, as nothing could be attributed to it then.
    """
    found: dict[int, Fraction | None] = {}
    for org in orgs:
        known = [y for y in by_year if residents.get((org, y))]
        if not known:
            found[org] = None
            continue
        found[org] = sum(
            (Fraction(by_year[y].get(org, 0)) / residents[org, y] for y in known),
            Fraction(0),
        )
    return found


def county_per_resident(
    by_year: Mapping[int, Mapping[int, Fraction]], orgs: Iterable[int], residents
) -> Fraction | None:
    """The county's kronor per resident 16–64: each year's attributed kronor over
    the residents of the municipalities with a figure, the years added up."""
    orgs = list(orgs)
    total, any_year = Fraction(0), False
    for year, kronor in by_year.items():
        people = sum(residents.get((o, year)) or 0 for o in orgs)
        if people:
            any_year = True
            total += Fraction(sum(kronor.get(o, 0) for o in orgs)) / people
    return total if any_year else None


def evenness(values: Mapping[int, Fraction | None]) -> Fraction | None:
    """Jämnhet: the lowest ÷ the highest kronor per resident (1 = even).

    None when it is undefined: nothing was granted, or no municipality has a
    residents figure.
    """
    known = [v for v in values.values() if v is not None]
    if not known or max(known) == 0:
        return None
    return min(known) / max(known)


def below_half(
    values: Mapping[int, Fraction | None], average: Fraction | None
) -> set[int]:
    """The municipalities below half the county's average kronor per resident."""
    if not average:
        return set()
    return {o for o, v in values.items() if v is not None and v < average / 2}


def shares(values: Mapping[int, int | Fraction | None]) -> dict[int, Fraction | None]:
    """Each one's share of the total; all None when a value or the total is
    unknown (a share of an unknown total cannot be known)."""
    if any(v is None for v in values.values()):
        return dict.fromkeys(values)
    total = sum(values.values(), Fraction(0))
    if not total:
        return dict.fromkeys(values)
    return {o: Fraction(v) / total for o, v in values.items()}


def share_ratio(grant: Fraction | None, paid: Fraction | None) -> Fraction | None:
    """(share of grants) ÷ (share of contributions); None when either is unknown
    or nothing was paid."""
    if grant is None or not paid:
        return None
    return grant / paid


def median(histogram: Mapping[int, int]) -> Fraction | None:
    """The exact median of values given as {value: how many}; None when empty."""
    n = sum(histogram.values())
    if not n:
        return None
    middle = [(n - 1) // 2, n // 2]  # 0-based positions; the same when n is odd
    found, seen = [], 0
    for value in sorted(histogram):
        count = histogram[value]
        found.extend(value for pos in middle if seen <= pos < seen + count)
        seen += count
    return Fraction(sum(found), 2)
