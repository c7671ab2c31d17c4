"""Sign-in with the organisation's account in Chromium: the button on /login, the
real (loopback) OpenID provider's own form, and back signed in on the home page."""

from __future__ import annotations

import pytest

from tests.oidc_provider import LoopbackProvider

LABEL = "Logga in med Köpings konto"
SETTINGS = (
    "SAMNOD_OIDC_ISSUER",
    "SAMNOD_OIDC_CLIENT_ID",
    "SAMNOD_OIDC_CLIENT_SECRET",
    "SAMNOD_OIDC_LABEL",
)


@pytest.fixture
def provider(live_app, live_server):
    """The live server trusts an OpenID provider on loopback for this test."""
    base_url = live_app.config["SAMNOD_BASE_URL"]
    with LoopbackProvider() as running:
        live_app.config.update(
            dict(
                zip(
                    SETTINGS,
                    (running.issuer, "samnod-e2e", "hemligt", LABEL),
                    strict=True,
                )
            ),
            SAMNOD_BASE_URL=live_server,  # where the provider sends the browser back
        )
        yield running
        for key in SETTINGS:
            live_app.config.pop(key, None)
        live_app.config["SAMNOD_BASE_URL"] = base_url


def test_a_coordinator_signs_in_with_the_organisations_account(page, axe, provider):
    provider.person(
        "stina.koping", email="Koping@samnod.test", email_verified=True, name="Stina"
    )
    page.goto("/login?next=/nodes/koping/")
    button = page.get_by_role("link", name=LABEL)
    assert button.is_visible()
    axe(page)

    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{provider.issuer}/oauth2/authorize?")
    page.get_by_placeholder("sub").fill("stina.koping")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**/nodes/koping/")
    assert "Köpings kommun" in page.locator("h1").inner_text()
    axe(page)
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/login")


def test_an_unknown_address_gets_a_page_saying_whom_to_ask(page, axe, provider):
    provider.person("okand", email="okand@sala.se", email_verified=True)
    page.goto("/login")
    page.get_by_role("link", name=LABEL).click()
    page.get_by_placeholder("sub").fill("okand")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**/login/oidc/callback?*")
    assert page.locator("h1").inner_text() == "Det finns inget Samnod-konto för dig"
    axe(page)
    page.get_by_role("link", name="Gå till inloggningen").click()
    assert page.get_by_role("link", name=LABEL).is_visible()
