"""The unread count is polled while the tab is seen, and caught up when it is again."""

from __future__ import annotations

from tests.e2e.conftest import sign_in

SET_HIDDEN = """hidden => {
  Object.defineProperty(document, "hidden", {value: hidden, configurable: true});
  Object.defineProperty(document, "visibilityState",
    {value: hidden ? "hidden" : "visible", configurable: true});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_hidden_tab_stops_polling_and_catches_up_when_shown(page):
    page.clock.install()  # htmx's "every 60s" runs on this clock
    sign_in(page, "koping@samnod.test")
    polls = []
    page.on(
        "request",
        lambda r: polls.append(r.url) if "/notifications/badge" in r.url else 0,
    )
    badge = page.locator("#notifications-badge")
    poll = "**/notifications/badge"

    with page.expect_request(poll):
        page.clock.run_for(61_000)  # seen: polled once a minute
    assert len(polls) == 1

    page.evaluate(SET_HIDDEN, True)
    page.clock.run_for(185_000)
    page.wait_for_timeout(500)
    assert len(polls) == 1  # hidden: three minutes without a request

    with page.expect_request(poll):
        page.evaluate(SET_HIDDEN, False)  # shown again: one request at once
    badge.filter(has_text="Aviseringar").wait_for()
    with page.expect_request(poll):
        page.clock.run_for(61_000)  # and the minute's poll goes on
    assert len(polls) == 3
