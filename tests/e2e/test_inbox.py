"""The office triages a need from Köping with the keyboard, without a page load."""

from __future__ import annotations

import re

from tests.e2e.conftest import sign_in

PANE_READY = """() => {
  const form = document.querySelector('#inbox-detail form[hx-post*="/status"]');
  return !!(form && form['htmx-internal-data'] && form['htmx-internal-data'].initHash);
}"""


def pane_ready(page) -> None:
    """Wait until htmx has bound the freshly swapped pane's forms.

    A key pressed in the few milliseconds before that would submit the form the
    plain way (which works, but is a page load this test must not see).
    """
    page.wait_for_function(PANE_READY)


def _need_from_koping(browser, live_server, axe) -> str:
    node = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(node, "koping@samnod.test")
    node.goto("/nodes/koping/submissions/new?kind=need")
    node.get_by_label("Rubrik").fill("Tolkstöd i arbetsträningen")
    node.get_by_label("Sammanfattning").fill("Nyanlända behöver tolk under praktiken.")
    node.get_by_role("button", name="Skicka till förbundskansliet").click()
    node.wait_for_url(re.compile(r"/submissions/\d+$"))
    return node


def test_office_triages_with_the_keyboard_without_a_page_load(
    browser, live_server, page, axe
):
    node = _need_from_koping(browser, live_server, axe)
    sign_in(page, "kansli@samnod.test")
    page.evaluate("window.__marker = 'still the same page'")
    page.get_by_label("Nod", exact=True).select_option("koping")
    page.wait_for_url(re.compile(r"node=koping"))
    page.wait_for_function("!document.querySelector('.htmx-request')")
    page.locator("#inbox-list", has_text="Tolkstöd i arbetsträningen").wait_for()
    axe(page)
    page.get_by_role("link", name="Tolkstöd i arbetsträningen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/inbox/\d+"))
    page.locator("#pane-title", has_text="Tolkstöd").wait_for()
    axe(page)
    pane_ready(page)
    page.locator("body").press("a")  # assign to me
    page.locator("#inbox-detail", has_text="Tilldelad Karin Kansli").wait_for()
    axe(page)
    pane_ready(page)
    page.get_by_label("Meddelande till noden").fill("Hur många deltagare gäller det?")
    page.get_by_role("button", name="Begär komplettering").click()
    row = page.locator("#inbox-list tbody tr", has_text="Tolkstöd i arbetsträningen")
    # A decision opens the next item in the list; the row shows the new status.
    row.locator(".badge", has_text="Komplettering begärd").wait_for()
    assert (
        "Status" in page.locator("#flashes").inner_text()
        or page.locator("#flashes").inner_text()
    )
    axe(page)

    node.reload()
    node.get_by_label("Kommentar").fill("Ungefär tolv deltagare per termin.")
    node.get_by_role("button", name="Skicka", exact=True).click()
    node.locator("#thread", has_text="tolv deltagare").wait_for()
    node.context.close()

    page.get_by_role("link", name="Tolkstöd i arbetsträningen").click()
    page.locator("#inbox-detail", has_text="tolv deltagare").wait_for()
    pane_ready(page)
    page.locator("body").press("1")  # accept
    row.locator(".badge", has_text="Accepterad").wait_for()  # swapped out of band
    axe(page)
    assert page.evaluate("window.__marker") == "still the same page"


def test_shortcut_help_opens_with_the_question_mark(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.locator("body").press("?")
    assert page.locator("#shortcuts").get_attribute("open") is not None
    axe(page)
