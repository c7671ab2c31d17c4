"""The administrator invites a coordinator, who sets a password from the mail and
lands on the node; the admin changes, deactivates and reactivates the account;
the person resets a forgotten password through the mail. axe on every state."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import sign_in
from tests.integration.conftest import LoopbackSMTP

EMAIL = "sara.sala@sala.se"
FIRST = "sara har ett bra lösenord"
SECOND = "ett helt annat lösenord"


@pytest.fixture
def mailbox(live_app, live_server):
    """The live server's mail goes to a loopback SMTP server for this test."""
    app = live_app
    server = LoopbackSMTP()
    server.start()
    before = dict(app.config)
    app.config.update(SAMNOD_MAIL_HOST="127.0.0.1", SAMNOD_MAIL_PORT=server.port)
    yield server
    app.config.update(
        SAMNOD_MAIL_HOST=before["SAMNOD_MAIL_HOST"],
        SAMNOD_MAIL_PORT=before["SAMNOD_MAIL_PORT"],
    )
    server.stop()


def wait_for_link(mailbox, count: int, path: str) -> str:
    """The link in the `count`th message to EMAIL, once it has arrived."""
    for _ in range(300):  # a bound on waiting for the mail, not a measurement
        messages = mailbox.to(EMAIL)
        if len(messages) >= count:
            text = messages[count - 1].get_body(("plain",)).get_content()
            return re.search(rf"http://\S+({path}/\S+)", text).group(1)
        time.sleep(0.1)
    raise AssertionError(f"no mail number {count} to {EMAIL}")


def test_invite_change_deactivate_reactivate_and_reset(
    browser, live_server, page, axe, mailbox
):
    sign_in(page, "admin@samnod.test")
    page.get_by_role("link", name="Bjud in en användare").click()
    axe(page)
    page.get_by_label("Namn", exact=True).fill("Sara Sala")
    page.get_by_label("E-postadress", exact=True).fill("sara.sala@")
    page.get_by_label("Roll", exact=True).select_option(label="Samordnare")
    page.get_by_label("Organisation", exact=True).select_option(label="Sala kommun")
    page.get_by_role("button", name="Skicka inbjudan").click()
    assert "Skriv hela e-postadressen" in page.locator("#email-error").inner_text()
    assert page.get_by_label("Namn", exact=True).input_value() == "Sara Sala"
    axe(page)
    page.get_by_label("E-postadress", exact=True).fill(EMAIL)
    with page.expect_navigation():
        page.get_by_label("E-postadress", exact=True).press("Enter")
    assert page.locator("h1").inner_text() == "Sara Sala"
    axe(page)

    invitation = wait_for_link(mailbox, 1, "/invite")
    person = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    person.goto(invitation)
    axe(person)
    person.get_by_label("Nytt lösenord", exact=True).fill(FIRST)
    person.get_by_label("Upprepa det nya lösenordet").fill(FIRST)
    person.get_by_role("button", name="Spara lösenordet och logga in").click()
    person.wait_for_url("**/nodes/sala/")
    assert "Sala kommun" in person.locator("h1").inner_text()
    axe(person)

    page.reload()
    page.get_by_label("Roll", exact=True).select_option(label="Praktiker")
    page.get_by_role("button", name="Spara ändringar").click()
    page.wait_for_load_state()
    flashes = page.locator("#flashes")
    assert "Ändringarna för Sara Sala är sparade." in flashes.inner_text()
    axe(page)

    page.get_by_role("link", name="Inaktivera Sara Sala").click()
    assert page.locator("h1").inner_text() == "Inaktivera Sara Sala?"
    axe(page)
    page.get_by_role("button", name="Inaktivera").click()
    page.wait_for_load_state()
    assert "Inaktiverad" in page.locator(".facts").inner_text()
    axe(page)
    person.goto("/methods/")
    assert "/login" in person.url  # the session ended on the server

    page.get_by_role("link", name="Återaktivera Sara Sala").click()
    axe(page)
    page.get_by_role("button", name="Återaktivera").click()
    page.wait_for_load_state()
    assert "Sara Sala kan logga in igen." in flashes.inner_text()

    person.goto("/login")
    person.get_by_role("link", name="Glömt lösenordet?").click()
    axe(person)
    person.get_by_label("E-postadress", exact=True).fill(EMAIL)
    person.get_by_role("button", name="Skicka länken").click()
    person.wait_for_url("**/login")
    assert "på väg dit" in person.locator("#flashes").inner_text()
    axe(person)
    reset = wait_for_link(mailbox, 2, "/password/reset")
    person.goto(reset)
    axe(person)
    person.get_by_label("Nytt lösenord", exact=True).fill(SECOND)
    person.get_by_label("Upprepa det nya lösenordet").fill(SECOND)
    person.get_by_role("button", name="Spara det nya lösenordet").click()
    person.wait_for_url("**/login")
    sign_in(person, EMAIL, SECOND)
    assert person.url.endswith("/methods/")  # a practitioner now
    person.goto(reset)
    assert "Länken har redan använts" in person.locator("main").inner_text()
    axe(person)
    person.context.close()


ADMIN_PAGES = (
    "/admin/",
    "/admin/users",
    "/admin/users?state=inactive&never=y",
    "/admin/organisations",
    "/admin/areas",
    "/admin/log",
    "/admin/log?kind=user",
    "/password/reset/forged",
)


def test_the_admin_pages_pass_axe(page, axe):
    sign_in(page, "admin@samnod.test")
    for path in ADMIN_PAGES:
        page.goto(path)
        axe(page)
    page.goto("/admin/organisations")
    page.get_by_role("link", name="Köpings kommun").click()
    axe(page)
    page.get_by_role("link", name="Markera att Köpings kommun har gått ur").click()
    axe(page)
    page.get_by_role("link", name="Avbryt").click()
    page.goto("/admin/areas")
    page.get_by_role("link", name="Västra Mälardalen").click()
    axe(page)
    page.get_by_label("Områdets namn").fill("")
    page.get_by_role("button", name="Spara").click()
    assert "Skriv områdets namn." in page.locator("#name-error").inner_text()
    axe(page)
