"""The date and label helpers write what flask_babel itself would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale, format_date, format_decimal

from models.labels import LABELS, day, label, number

# Around both daylight-saving changes of 2026 in Stockholm, and midnight UTC.
MOMENTS = (
    [datetime(2026, 3, 28, 22, 30) + timedelta(minutes=30 * n) for n in range(8)]
    + [datetime(2026, 10, 24, 21, 0) + timedelta(minutes=45 * n) for n in range(8)]
    + [datetime(2025, 12, 31, 23, 30), datetime(2026, 1, 1, 0, 30)]
)


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_a_day_reads_as_format_date_writes_it(app, locale):
    with app.test_request_context("/"), force_locale(locale):
        for moment in MOMENTS:
            assert day(moment) == format_date(moment)
            aware = moment.replace(tzinfo=UTC)
            assert day(aware) == format_date(aware)
        assert day(date(2026, 2, 3)) == format_date(date(2026, 2, 3))
    with app.test_request_context("/"), force_locale("sv"):
        assert (
            day(datetime(2026, 3, 28, 23, 30)) == "29 mars 2026"
        )  # after midnight here


def test_labels_follow_the_language_of_each_request(app):
    for value, text in LABELS.items():
        for locale in ("sv", "en", "sv"):
            with app.test_request_context("/"), force_locale(locale):
                assert label(value) == str(text)
    with app.test_request_context("/"):
        with force_locale("sv"):
            assert label(next(iter(LABELS))) == "Behov"
        with force_locale("en"):
            assert label(next(iter(LABELS))) == "Need"
        assert label("not-an-enum") == "not-an-enum"


NUMBERS = [0, 7, -7, 999, 1000, -1000, 12_345, 375_000, -2_500_000, 10**20]


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_a_number_reads_as_format_decimal_writes_it(app, locale):
    with app.test_request_context("/"), force_locale(locale):
        for value in NUMBERS:
            assert number(value) == format_decimal(value, "#,##0")
            assert number(value / 8, "#,##0.00") == format_decimal(
                value / 8, "#,##0.00"
            )
    with app.test_request_context("/"), force_locale("sv"):
        assert number(1_234_567) == "1\u00a0234\u00a0567"
        assert number(0.25 * 100, "0.#") == "25"
        assert number(2 / 3, "0.00") == "0,67"


def test_how_long_ago_reads_in_swedish_with_its_plural(app):
    from models.read.followup_tables import _when

    today = date(2026, 5, 20)
    with app.test_request_context("/"), force_locale("sv"):
        notes = [
            _when(today - timedelta(days=n), today, "Aldrig").note for n in (0, 1, 2)
        ]
        assert notes == ["i dag", "för 1 dag sedan", "för 2 dagar sedan"]
        assert _when(None, today, "Aldrig").note == "Aldrig"
