"""Nothing typed in the inbox pane is lost when another of its forms is sent, and
an answer template goes in where the cursor is."""

from __future__ import annotations

from tests.e2e.conftest import sign_in
from tests.e2e.test_inbox import pane_ready

MESSAGE = "Hej! Vi har läst er inskickade text. Återkommer."


def _open_one_in_review(page) -> None:
    page.goto("/inbox/?status=in_review")
    page.locator("#inbox-list tbody th a").first.click()
    page.locator("#inbox-detail[data-sub-id]").wait_for()
    pane_ready(page)


def test_typing_in_two_fields_and_acting_in_one(page, axe):
    sign_in(page, "kansli@samnod.test")
    _open_one_in_review(page)
    message = page.get_by_label("Meddelande till noden")
    note = page.get_by_label("Intern anteckning")
    message.fill(MESSAGE)
    note.fill("Ring samordnaren på fredag.")
    page.get_by_role("button", name="Spara anteckning").click()
    page.locator(".timeline", has_text="Ring samordnaren på fredag.").wait_for()
    assert note.input_value() == ""  # the note sent: its field is empty again
    assert message.input_value() == MESSAGE  # the other text is as it was
    axe(page)

    pane_ready(page)
    note.fill("Ett halvt påbörjat")
    page.get_by_label("Tilldela", exact=True).select_option("me")
    page.get_by_role("button", name="Spara tilldelning").click()
    page.locator("#inbox-detail", has_text="Tilldelad Karin Kansli").wait_for()
    assert message.input_value() == MESSAGE
    assert note.input_value() == "Ett halvt påbörjat"
    axe(page)


def test_a_template_goes_in_at_the_cursor(page, axe):
    sign_in(page, "kansli@samnod.test")
    _open_one_in_review(page)
    message = page.get_by_label("Meddelande till noden")
    message.fill("Hej!\nMvh Karin")
    message.focus()
    page.keyboard.press("Control+Home")
    page.keyboard.press("End")  # after "Hej!"
    template = page.get_by_label("Svarsmall")
    text = template.locator("option:checked").get_attribute("data-text")
    page.get_by_role("button", name="Använd i meddelandet").click()
    assert message.input_value() == "Hej!" + text + "\nMvh Karin"
    assert page.evaluate("document.activeElement.id") == "message"
    axe(page)
