"""A coordinator writes, previews, saves and sends; another party backs it."""

from __future__ import annotations

import re

from tests.e2e.conftest import sign_in


def test_koping_writes_previews_saves_and_submits_a_need(page, axe):
    sign_in(page, "koping@samnod.test")
    axe(page)
    page.get_by_role("link", name="Registrera ett behov").click()
    page.get_by_label("Rubrik").fill("Stöd till unga vuxna med försörjningsstöd")
    page.get_by_label("Sammanfattning").fill("Fler unga vuxna behöver arbetsträning.")
    page.get_by_label("Beskrivning").fill("## Bakgrund\n\nVi ser **fler** unga vuxna.")
    page.get_by_role("button", name="Förhandsgranska beskrivningen").click()
    preview = page.locator("#preview")
    preview.locator("h2", has_text="Bakgrund").wait_for()
    assert preview.locator("strong").inner_text() == "fler"
    axe(page)
    page.get_by_label("Unga 16–29 år").check()
    page.get_by_role("button", name="Spara som utkast").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    assert "Utkast" in page.locator(".badge").inner_text()
    assert "Sparat som utkast" in page.locator("#flashes").inner_text()
    axe(page)
    page.get_by_role("button", name="Skicka till förbundskansliet").click()
    page.wait_for_load_state()
    assert "Inskickad" in page.locator(".badge").inner_text()
    assert page.locator(".timeline li").count() >= 2
    axe(page)


def test_fagersta_backs_kopings_funded_initiative(browser, live_server, page, axe):
    sign_in(page, "koping@samnod.test")
    page.goto("/nodes/koping/submissions/new?kind=initiative")
    page.get_by_label("Rubrik").fill("Gemensam arbetsträning i Bergslagen")
    page.get_by_label("Sammanfattning").fill(
        "Två kommuner delar arbetsträningsplatser."
    )
    page.get_by_label("Mål", exact=True).fill("Fler i arbete eller studier.")
    page.get_by_label("Sökta samverkansmedel (kr)").fill("250000")
    page.get_by_label("Budgetspecifikation").fill(
        "- Handledare 200 000\n- Resor 50 000"
    )
    page.get_by_label("Fagersta kommun").check()
    page.get_by_role("button", name="Skicka till förbundskansliet").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    url = page.url
    assert "1 av 13 parter" in page.content()

    fagersta = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(fagersta, "fagersta@samnod.test")
    fagersta.goto(url)
    axe(fagersta)
    fagersta.get_by_role("button", name=re.compile("Bekräfta att Fagersta")).click()
    fagersta.wait_for_load_state()
    assert "2 av 13 parter" in fagersta.content()
    axe(fagersta)
    fagersta.context.close()


def test_fagersta_cannot_edit_kopings_need(page, axe):
    sign_in(page, "fagersta@samnod.test")
    response = page.goto("/nodes/koping/submissions/new?kind=need")
    assert response.status == 403
    assert "Inte tillåtet" in page.locator("h1").inner_text()
    axe(page)


def test_the_live_check_warns_about_the_finsam_rule_while_typing(page, axe):
    sign_in(page, "koping@samnod.test")
    page.goto("/nodes/koping/submissions/new?kind=initiative")
    page.get_by_label("Sökta samverkansmedel (kr)").fill("90000")
    page.get_by_label("Sökta samverkansmedel (kr)").blur()
    page.locator("#funding-live", has_text="Finsam").wait_for()
    axe(page)


def test_text_survives_an_expired_session(page):
    sign_in(page, "vasteras@samnod.test")
    page.goto("/nodes/vasteras/submissions/new?kind=need")
    page.get_by_label("Rubrik").fill("Behov som inte får försvinna")
    page.get_by_label("Beskrivning").fill("Lång text skriven under en timme.")
    page.context.clear_cookies()
    page.get_by_role("button", name="Spara som utkast").click()
    page.wait_for_url(re.compile("/login"))
    page.get_by_label("E-postadress").fill("vasteras@samnod.test")
    page.get_by_label("Lösenord").fill("samnod-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/nodes/vasteras/submissions/new\?kind=need$"))
    page.locator(".restored").wait_for()  # announced once the text is back
    assert page.get_by_label("Rubrik").input_value() == "Behov som inte får försvinna"
    assert (
        page.get_by_label("Beskrivning").input_value()
        == "Lång text skriven under en timme."
    )


def test_back_and_send_again_makes_one_submission_unless_changed(page):
    sign_in(page, "koping@samnod.test")
    page.goto("/nodes/koping/submissions/new?kind=need")
    page.get_by_label("Rubrik").fill("Tillbaka och skicka igen")
    page.get_by_label("Sammanfattning").fill("Skickat två gånger med Bakåt.")
    page.get_by_role("button", name="Spara som utkast").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    first = page.url
    page.go_back()
    assert page.get_by_label("Rubrik").input_value() == "Tillbaka och skicka igen"
    page.get_by_role("button", name="Spara som utkast").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    assert page.url == first  # the same form: the submission already made
    page.go_back()
    page.get_by_label("Rubrik").fill("Tillbaka, ändrad och skickad igen")
    page.get_by_role("button", name="Spara som utkast").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    assert page.url != first  # changed: a submission of its own, nothing lost
    assert "Tillbaka, ändrad och skickad igen" in page.locator("h1").inner_text()
    page.goto("/nodes/koping/")
    listing = page.locator("#submissions")
    assert listing.get_by_text("Tillbaka och skicka igen", exact=True).count() == 1
