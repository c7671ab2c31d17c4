"""The board report in Chromium: the demo's previous year passes axe, and in
print the navigation and the period chooser are gone and it fits A4."""

from __future__ import annotations

import os
from pathlib import Path

from models.base import local_today
from tests.e2e.conftest import sign_in

YEAR = local_today().year - 1
# Where the PDF and the screenshot are kept for a person to look at.
OUT = Path(os.environ.get("SAMNOD_E2E_OUT", "instance/e2e"))


def test_the_board_report_of_the_previous_year_prints_on_a4(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.goto(f"/followup/report?year={YEAR}&period=year")
    page.get_by_role(
        "heading", name=f"Uppföljning {YEAR} (januari–december)"
    ).wait_for()
    assert page.locator("svg[role=img]").count() == 3
    axe(page)
    page.get_by_label("Period", exact=True).select_option("T2")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("heading", name=f"Uppföljning T2 {YEAR} (maj–augusti)").wait_for()
    axe(page)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Huvudmeny").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert page.get_by_role("heading", name="Nyckeltal").is_visible()
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=OUT / "board-report.pdf", format="A4")
    assert pdf.startswith(b"%PDF")
    page.screenshot(path=OUT / "board-report.png", full_page=True)
