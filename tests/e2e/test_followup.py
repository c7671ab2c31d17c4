"""The follow-up in Chromium: the office and a coordinator read it, the filter
swaps the results in place and keeps the address; every state passes axe."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from models.base import local_today
from tests.e2e.conftest import sign_in

YEAR = local_today().year


def test_the_office_cuts_the_years_by_tertial(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.goto(f"/followup/?year={YEAR}")
    axe(page)
    page.get_by_label("Från år").fill(str(YEAR - 1))
    page.get_by_label("Tidsaxel").select_option("tertial")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("rowheader", name=f"T3 {YEAR - 1}").first.wait_for()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"from": [str(YEAR - 1)], "to": [str(YEAR)], "by": ["tertial"]}
    assert page.locator("svg[role=img]").count() == 3
    axe(page)
    page.get_by_label("Från år").fill(str(YEAR + 1))  # after "to": refused
    page.get_by_role("button", name="Visa").click()
    page.get_by_text("Det första året får inte vara efter det sista.").wait_for()
    assert page.get_by_label("Från år").get_attribute("aria-invalid") == "true"
    axe(page)


def test_a_coordinator_reads_it_with_its_own_row_marked(page, axe):
    sign_in(page, "koping@samnod.test")
    page.goto(f"/followup/?year={YEAR}&by=quarter")
    own = page.locator("tr.own").first
    assert "Köpings kommun (din organisation)" in own.inner_text()
    assert page.locator("a[href^='/inbox/']").count() == 0
    axe(page)
