"""Amounts in kronor read as the pages have always shown them, in both languages."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from blueprints.ui import sek


@pytest.mark.parametrize(
    "locale,amount,text",
    [
        ("sv", 375000, "375\u00a0000\u00a0kr"),
        ("sv", 1250000, "1\u00a0250\u00a0000\u00a0kr"),
        ("sv", 0, "0\u00a0kr"),
        ("en", 375000, "375,000\u00a0kr"),
    ],
)
def test_whole_kronor_grouped_as_the_language_does(app, locale, amount, text):
    with app.test_request_context("/"), force_locale(locale):
        assert sek(amount) == text


def test_no_amount_is_no_text(app):
    with app.test_request_context("/"):
        assert sek(None) == ""
