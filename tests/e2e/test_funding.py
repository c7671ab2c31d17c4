"""The funding part of the inbox pane in Chromium: the backing the rule counts,
a refused decision with the message at its field, and a recorded decision; each
state passes axe. Nothing is saved: the shared demo stays as it was seeded."""

from __future__ import annotations

import re

from tests.e2e.conftest import sign_in
from tests.e2e.test_inbox import pane_ready


def _open(page, title: str) -> None:
    page.goto("/inbox/?q=" + title.split()[0])
    page.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    page.locator("#pane-title", has_text=title).wait_for()
    pane_ready(page)


def test_a_bad_amount_is_refused_at_its_field_and_the_pane_stays_accessible(page, axe):
    sign_in(page, "kansli@samnod.test")
    _open(page, "Förstärkt samverkan vid Jobbtorg")
    funding = page.locator("#funding-decision")
    assert "Ett beviljande kräver 2." in funding.inner_text()
    axe(page)
    page.evaluate("window.__marker = 'same page'")
    funding.get_by_label("Beviljat", exact=True).check()
    funding.get_by_label("Beviljat belopp (kr)").fill("tvåhundratusen")
    funding.get_by_label("Datum för styrelsens beslut").fill("2026-01-15")
    funding.get_by_label("Protokollsparagraf eller diarienummer").fill("§ 3")
    funding.get_by_role("button", name="Registrera beslutet").click()
    error = page.locator("#granted_amount-error")
    error.wait_for()
    assert "hela kronor" in error.inner_text()
    amount = page.locator("#granted_amount")
    assert amount.get_attribute("aria-invalid") == "true"
    assert amount.input_value() == "tvåhundratusen"  # kept
    assert page.evaluate("window.__marker") == "same page"  # swapped in place
    axe(page)


def test_a_recorded_decision_is_shown_with_the_form_to_change_it(page, axe):
    sign_in(page, "kansli@samnod.test")
    _open(page, "Arbetsgivarnätverk för IPS i Västerås")
    funding = page.locator("#funding-decision")
    text = funding.inner_text()
    assert "Beviljat" in text and "LSFV" in text
    funding.get_by_role("button", name="Ändra beslutet").wait_for()
    axe(page)
