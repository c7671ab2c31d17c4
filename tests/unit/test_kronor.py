"""Whole kronor as people type them, read by the shared KronorField."""

from __future__ import annotations

import pytest

from blueprints.forms import parse_kronor


@pytest.mark.parametrize(
    ("typed", "kronor"),
    [
        ("250000", 250_000),
        ("250 000", 250_000),
        ("250\u00a0000 kr", 250_000),
        (" 1 200 000 KR ", 1_200_000),
        ("-5", -5),
        ("0", 0),
    ],
)
def test_digits_grouped_by_spaces_with_or_without_kr_are_read(typed, kronor):
    assert parse_kronor(typed) == kronor


@pytest.mark.parametrize(
    "typed", ["abc", "12,50", "12.5", "=1+1", "1e6", "kr", "250 000 sek", ""]
)
def test_anything_else_is_no_amount(typed):
    assert parse_kronor(typed) is None
