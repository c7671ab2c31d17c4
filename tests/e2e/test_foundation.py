"""Each demo account signs in, lands on its role's page, and every page passes axe."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import check_page, sign_in

LANDINGS = [
    ("admin@samnod.test", "/admin/", "Administration"),
    ("kansli@samnod.test", "/inbox/", "Inkorg"),
    ("koping@samnod.test", "/nodes/koping/", "Köpings kommun"),
    ("fagersta@samnod.test", "/nodes/fagersta/", "Fagersta kommun"),
    ("vasteras@samnod.test", "/nodes/vasteras/", "Västerås stad"),
    ("praktiker@samnod.test", "/methods/", "Metodbank"),
]


def test_login_page_passes_axe(page, axe):
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "sv"
    axe(page)


@pytest.mark.parametrize("email,path,heading", LANDINGS)
def test_demo_account_signs_in_and_lands_on_its_page(page, axe, email, path, heading):
    sign_in(page, email)
    assert urlsplit(page.url).path == path  # the inbox may add a remembered filter
    assert heading in page.locator("h1").inner_text()
    axe(page)


# Each page as the account that uses it: admins administer, they do not triage.
OFFICE_PAGES = {
    "admin@samnod.test": (
        "/nodes/",
        "/nodes/koping/",
        "/methods/",
        "/methods/?q=arbete",
        "/followup/",
        "/admin/",
        "/account",
        "/notifications",
        "/submissions/5",
    ),
    "kansli@samnod.test": ("/inbox/?clear=1", "/inbox/5", "/inbox/templates"),
    "koping@samnod.test": ("/nodes/koping/submissions/new?kind=practice",),
}


@pytest.mark.parametrize("email", OFFICE_PAGES)
def test_every_main_page_passes_axe_for_the_office(page, axe, email):
    sign_in(page, email)
    for path in OFFICE_PAGES[email]:
        page.goto(path)
        axe(page)


def test_wrong_password_is_announced_at_the_field(page, axe):
    sign_in(page, "kansli@samnod.test", "fel lösenord")
    error = page.locator("#password-error")
    assert "Fel e-postadress eller lösenord" in error.inner_text()
    assert page.get_by_label("Lösenord").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("E-postadress").input_value() == "kansli@samnod.test"
    axe(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_usable_at_360_pixels(page, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "kansli@samnod.test")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    axe(page)


def test_harness_sees_a_violation(page):
    """Positive control: a page with an unlabelled input must fail the axe check."""
    page.goto("/login")
    page.evaluate("document.querySelector('label[for=email]').remove()")
    with pytest.raises(AssertionError, match="label"):
        check_page(page)


def test_htmx_is_loaded_and_configured(page):
    page.goto("/login")
    page.wait_for_function("window.htmx !== undefined")
    config = page.evaluate(
        "[htmx.version, htmx.config.selfRequestsOnly,"
        " htmx.config.historyRestoreAsHxRequest,"
        " htmx.config.includeIndicatorStyles]"
    )
    assert config == ["2.0.11", True, False, False]
