"""What only a browser shows of snooze and reviews: the row leaves the list in
place (an out-of-band delete), "Väck nu" takes it out of "Vilande", and every
state passes axe; a method's review is recorded on its page."""

from __future__ import annotations

import re
from datetime import timedelta

from models.base import local_today
from tests.e2e.conftest import sign_in

TITLE = "Hälsofrämjande aktivitetsgrupp"  # a demo method of Fagersta's


def _settled(page) -> None:
    page.wait_for_function("!document.querySelector('.htmx-request')")


def test_snooze_leaves_the_list_and_wake_now_brings_it_back(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?clear=1&status=submitted")
    first = page.locator("#inbox-list tbody th a").first
    title, row_id = first.inner_text(), first.get_attribute("id")
    first.click()
    page.locator("#pane-title", has_text=title).wait_for()
    _settled(page)
    page.get_by_label("Vilande till").fill(
        (local_today() - timedelta(days=1)).isoformat()
    )
    page.get_by_label("Vilande till").press("Enter")
    page.locator("#until-error", has_text="Välj ett datum efter i dag.").wait_for()
    axe(page)
    until = local_today() + timedelta(days=5)
    page.get_by_label("Vilande till").fill(until.isoformat())
    page.get_by_role("button", name="Lägg vilande").click()
    page.wait_for_function(  # the next item in the list opens
        "t => !document.querySelector('#pane-title').textContent.includes(t)",
        arg=title,
    )
    _settled(page)
    assert page.locator(f"#inbox-list #{row_id}").count() == 0  # left in place
    axe(page)
    page.get_by_role("link", name="Vilande", exact=True).click()
    page.wait_for_url(re.compile(r"snoozed=yes"))
    row = page.locator("#inbox-list tr", has_text=title)
    assert "Vilande till" in row.inner_text()
    axe(page)
    row.get_by_role("link", name=title).click()
    page.get_by_role("button", name="Väck nu").focus()
    page.keyboard.press("Enter")
    page.locator("#inbox-detail", has_text="Vilande upphörde").wait_for()
    _settled(page)
    assert page.locator(f"#inbox-list #{row_id}").count() == 0  # not snoozed now
    axe(page)


def test_the_origin_node_records_a_review_on_the_method_page(browser, live_server, axe):
    page = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(page, "fagersta@samnod.test")
    page.goto("/methods/")
    page.get_by_role("link", name=TITLE).first.click()
    page.locator("#m-review").wait_for()
    axe(page)
    page.get_by_label("Granskad med ändringar").check()
    page.get_by_role("button", name="Registrera granskningen").click()
    page.locator("#note-error", has_text="Skriv vad som ändrades.").wait_for()
    assert page.evaluate("document.activeElement.id") == "note"
    axe(page)
    page.get_by_label("Granskad med ändringar").check()
    page.get_by_label("Anteckning om granskningen").fill("Ny kontaktperson.")
    page.get_by_label("Nästa översyn efter denna").fill(
        (local_today() + timedelta(days=365)).isoformat()
    )
    page.get_by_role("button", name="Registrera granskningen").click()
    page.locator("#flashes", has_text="Granskningen är registrerad").wait_for()
    assert "granskad med ändringar" in page.locator("#review").inner_text()
    axe(page)
