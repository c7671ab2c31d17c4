"""A coordinator works from the node's to-do list with the keyboard alone: a spread
is answered on its card, which is swapped in place with focus kept on it."""

from __future__ import annotations

import re

from tests.e2e.conftest import sign_in


def _focus_on(page, element_id: str) -> None:
    """Wait until the element has focus (htmx moves it when the swap settles)."""
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id",
        arg=element_id,
        timeout=5000,
    )


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.id || e.tagName) + '|' + (e.getAttribute('value') || '') }"
    )


def test_fagersta_answers_a_late_spread_with_the_keyboard(page, axe):
    sign_in(page, "fagersta@samnod.test")
    page.goto("/nodes/fagersta/")
    todo = page.locator("#todo")
    heading = todo.locator("h2").inner_text()
    total = int(re.search(r"\((\d+)\)", heading)[1])
    spreads = todo.locator("#todo-spreads")
    assert re.search(r"Spridningar att besvara \([1-9]\d*\)", spreads.inner_text())
    assert "försenad" in spreads.inner_text()
    axe(page)

    # From the to-do list to the card, with the keyboard.
    link = spreads.locator("a").first
    card_id = link.get_attribute("href").lstrip("#")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#{card_id}")
    card = page.locator(f"#{card_id}")
    assert "Meddelande från förbundskansliet" in card.inner_text()
    assert card.locator("input[type=radio]:checked").count() == 0
    page.keyboard.press("Tab")  # the title link
    page.keyboard.press("Tab")  # the answer's choices, none chosen
    assert _focused(page) == f"answer-{card_id[7:]}-interested|interested"
    page.keyboard.press("Tab")  # the note
    page.keyboard.type("Vi vill veta mer – ring oss!")
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Enter")

    # No choice: the card comes back with the message at the field, focus on it.
    card.locator(".error", has_text="Välj nodens svar.").wait_for()
    _focus_on(page, f"answer-{card_id[7:]}-interested")
    assert card.get_by_label("Anteckning").input_value() == (
        "Vi vill veta mer – ring oss!"
    )
    axe(page)

    page.keyboard.press("ArrowDown")  # chooses "Under införande"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    card.locator(".badge", has_text="Under införande").wait_for()
    _focus_on(page, f"{card_id}-status")
    assert "försenad" not in card.inner_text()
    todo.locator("h2", has_text=f"Att göra ({total - 1})").wait_for()
    page.locator("#flashes", has_text="Ditt svar är sparat.").wait_for()
    axe(page)

    page.reload()  # and it stays answered
    card = page.locator(f"#{card_id}")
    assert card.get_by_label("Under införande").is_checked()
    assert "Vi vill veta mer – ring oss!" in card.inner_text()
