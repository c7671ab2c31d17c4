"""A practice spreads from Fagersta, Köping takes it up, a practitioner finds it."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

from models.base import local_today
from tests.e2e.conftest import sign_in

TITLE = "Handledarnätverk på lokala arbetsplatser"


def _office_spreads_to_vastra_malardalen(page, axe) -> str:
    sign_in(page, "kansli@samnod.test")
    # Straight to the filtered list: filtering by typing is the inbox's own test.
    page.goto("/inbox/?" + urlencode({"q": TITLE, "status": "accepted"}))
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/inbox/\d+"))
    sub_id = re.search(r"/inbox/(\d+)", page.url)[1]
    page.locator("#pane-title", has_text=TITLE).wait_for()
    axe(page)
    detail = page.locator("#inbox-detail")
    detail.get_by_label("Område: Västra Mälardalen").check()
    detail.get_by_label("Meddelande till mottagande noder").fill(
        "Ett arbetssätt som gett fler hållbara praktikplatser."
    )
    deadline = (local_today() + timedelta(days=30)).isoformat()
    detail.get_by_label("Svara senast").fill(deadline)
    detail.get_by_role("button", name="Sprid", exact=True).click()
    page.locator("#flashes", has_text="Köpings kommun").wait_for()
    grid = detail.locator(".county-map")
    grid.locator(".map-koping", has_text="Mottagen, inget svar").wait_for()
    assert "Ursprung" in grid.locator(".map-fagersta").inner_text()
    axe(page)
    return sub_id


def test_a_practice_is_spread_taken_up_and_found(browser, live_server, page, axe):
    sub_id = _office_spreads_to_vastra_malardalen(page, axe)

    node = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(node, "koping@samnod.test")
    node.goto("/nodes/koping/")
    card = node.locator(".card", has_text=TITLE)
    assert "Svara senast" in card.inner_text()
    axe(node)
    card.get_by_label("Under införande").check()
    card.get_by_label("Anteckning").fill("Vi startar med två arbetsplatser i vår.")
    card.get_by_role("button", name="Spara svar").click()
    node.locator(".card", has_text=TITLE).locator(
        ".badge", has_text="Under införande"
    ).wait_for()
    axe(node)
    node.context.close()

    reader = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(reader, "praktiker@samnod.test")
    reader.goto("/methods/")
    axe(reader)
    # The text only has "arbetsträningsplatserna"; the word alone must find it.
    reader.get_by_label("Sök metoder").fill("arbetsträning")
    reader.locator("#method-count", has_text="matchar ”arbetsträning”").wait_for()
    hit = reader.locator("#method-results li", has_text=TITLE)
    assert "arbetsträningsplatserna" in hit.locator("mark").all_inner_texts()
    assert "q=arbetstr" in reader.url
    axe(reader)
    hit.get_by_role("link", name=TITLE).click()
    reader.wait_for_url(f"**/methods/{sub_id}")
    used = reader.locator("section", has_text="Var den används")
    assert "Fagersta kommun – ursprung" in used.inner_text()
    assert "Köpings kommun – Under införande" in used.inner_text()
    assert "Vi startar med två arbetsplatser i vår." in used.inner_text()
    axe(reader)
    reader.emulate_media(media="print")
    assert not reader.locator(".site-header").is_visible()
    assert reader.locator("h1", has_text=TITLE).is_visible()
    reader.context.close()
