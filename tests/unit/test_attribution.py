"""The follow-up's money maths, with examples worked by hand."""

from __future__ import annotations

from datetime import date
from fractions import Fraction as F  # noqa: N817 - hand-worked fractions read short

from models.read import attribution as attr
from models.read.periods import Axis, Period, period_of, periods

KOPING, SALA, ARBOGA = 1, 2, 3
RESIDENTS = {
    (KOPING, 2026): 15_000,
    (SALA, 2026): 30_000,
    (ARBOGA, 2026): None,  # recorded as unknown
    (KOPING, 2025): 10_000,
    (SALA, 2025): 10_000,
}


def test_a_grant_is_split_by_residents():
    # 90 000 kr over 15 000 + 30 000 residents: 30 000 and 60 000 kr
    split = attr.attribute(90_000, [KOPING, SALA], 2026, RESIDENTS)
    assert split.shares == {KOPING: F(30_000), SALA: F(60_000)}
    assert split.unattributable == []
    assert split.total == 90_000


def test_a_municipality_without_a_residents_figure_stops_the_split():
    # Arboga's figure is unknown (None), and 2024 has no figures at all
    split = attr.attribute(50_000, [KOPING, ARBOGA], 2026, RESIDENTS)
    assert split.shares == {}
    assert split.unattributable == [(50_000, (ARBOGA,), 2026)]
    split = attr.attribute(10_000, [SALA], 2024, RESIDENTS)
    assert split.unattributable == [(10_000, (SALA,), 2024)]


def test_an_insats_serving_no_one_is_not_attributable():
    assert attr.attribute(1_000, [], 2026, RESIDENTS).unattributable == [
        (1_000, (), 2026)
    ]


def test_kronor_per_resident_adds_each_years_share():
    by_year = {
        2025: {KOPING: F(20_000)},  # 2 kr per resident
        2026: {KOPING: F(30_000), SALA: F(60_000)},  # 2 kr each
    }
    values = attr.per_resident(by_year, [KOPING, SALA, ARBOGA], RESIDENTS)
    assert values == {KOPING: F(4), SALA: F(2), ARBOGA: None}
    # the county: 20 000 ÷ 20 000 + 90 000 ÷ 45 000 = 3 kr per resident
    assert attr.county_per_resident(by_year, [KOPING, SALA, ARBOGA], RESIDENTS) == 3
    # jämnhet: 2 ÷ 4; below half of 3 (1,50): none
    assert attr.evenness(values) == F(1, 2)
    assert attr.below_half(values, F(3)) == set()
    assert attr.below_half({KOPING: F(4), SALA: F(1)}, F(3)) == {SALA}


def test_a_period_with_no_grants_has_no_evenness():
    values = attr.per_resident({2026: {}}, [KOPING, SALA], RESIDENTS)
    assert values == {KOPING: 0, SALA: 0}
    assert attr.evenness(values) is None
    assert attr.evenness({ARBOGA: None}) is None
    assert attr.county_per_resident({2024: {}}, [KOPING], RESIDENTS) is None


def test_shares_and_their_ratio():
    grants = attr.shares({KOPING: F(30_000), SALA: F(90_000)})
    paid = attr.shares({KOPING: 375_000, SALA: 125_000})
    assert grants == {KOPING: F(1, 4), SALA: F(3, 4)}
    assert paid == {KOPING: F(3, 4), SALA: F(1, 4)}
    assert attr.share_ratio(grants[KOPING], paid[KOPING]) == F(1, 3)
    assert attr.share_ratio(grants[SALA], paid[SALA]) == 3
    # a missing contribution makes every share unknown, never a share of a part
    assert attr.shares({KOPING: 375_000, SALA: None}) == {KOPING: None, SALA: None}
    assert attr.shares({KOPING: 0, SALA: 0}) == {KOPING: None, SALA: None}
    assert attr.share_ratio(None, F(1, 2)) is None
    assert attr.share_ratio(F(1, 2), F(0)) is None


def test_the_median_of_a_histogram_is_exact():
    assert attr.median({}) is None
    assert attr.median({4: 1}) == 4
    assert attr.median({1: 1, 4: 1, 10: 1}) == 4
    assert attr.median({1: 1, 4: 1, 10: 1, 11: 1}) == 7  # (4 + 10) ÷ 2
    assert attr.median({0: 3, 9: 1}) == 0
    assert attr.median({2: 2, 5: 2}) == F(7, 2)


def test_periods_follow_finsams_tertials():
    tertials = periods(2025, 2026, Axis.TERTIAL)
    assert [p.key for p in tertials] == [
        "2025-T1", "2025-T2", "2025-T3", "2026-T1", "2026-T2", "2026-T3",
    ]  # fmt: skip
    t2 = tertials[1]
    assert (t2.first_day, t2.last_day) == (date(2025, 5, 1), date(2025, 8, 31))
    assert (t2.first_month, t2.last_month) == (202505, 202508)
    assert period_of(date(2026, 9, 1), Axis.TERTIAL) == Period(Axis.TERTIAL, 2026, 3)
    assert period_of(date(2024, 2, 29), Axis.MONTH).last_day == date(2024, 2, 29)
    assert len(periods(2024, 2026, Axis.MONTH)) == 36
    assert periods(2026, 2026, Axis.QUARTER)[3].first_day == date(2026, 10, 1)
