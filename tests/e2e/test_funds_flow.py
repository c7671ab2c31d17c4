"""Issue 11, item 9, in Chromium: from a refused grant to the money in the
follow-up and the inbox as a spreadsheet.

Köping sends an initiative that names Västerås; the office's grant, made with
the keyboard alone, is refused while only Köping has confirmed (the rule's
message at its field, the input kept); Västerås confirms on its page and the
same grant goes through. The office sets whom the insats serves and its budget;
the follow-up by tertial then shows the money in the served municipalities'
rows, in the chart and in its table, and Köping's coordinator reads the same
page with its own row marked. The inbox's Excel export, downloaded for a filter,
lists what the inbox shows for it. Every state passes axe and the CSP check.

The initiative is this test's own: the shared demo's figures stay as they were
for the other tests, except for the money this grant adds.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from models.base import local_today
from tests.e2e.conftest import sign_in
from tests.e2e.test_inbox import pane_ready

TODAY = local_today()
YEAR = TODAY.year
TERTIAL = f"T{(TODAY.month - 1) // 4 + 1} {YEAR}"
TITLE = "Gemensam arbetsmarknadscoach i Köping och Kungsör"
AMOUNT = 420_000
SERVED = ("Köpings kommun", "Kungsörs kommun")
FOLLOWUP = f"/followup/?year={YEAR}&by=tertial"


def _kronor(text: str) -> int:
    """A Swedish amount as shown ("1 234 kr", "saknas" …) as whole kronor."""
    digits = re.sub(r"[^\d-]", "", text.split("(")[0])
    return int(digits) if digits else 0


def _column(page, table: str, heading: str) -> dict[str, str]:
    """The text of one column of a follow-up table, by the row's heading."""
    return page.evaluate(
        """([table, heading]) => {
          const t = document.querySelector(`#${table}-caption`).closest('table');
          const col = [...t.tHead.rows[0].cells].findIndex(
            c => c.innerText.trim() === heading);
          return Object.fromEntries([...t.tBodies[0].rows].map(r => [
            r.cells[0].innerText.replace(/\\s*\\(.*\\)\\s*$/, '').trim(),
            r.cells[col].innerText.trim()]));
        }""",
        [table, heading],
    )


def _granted(page) -> tuple[dict[str, int], int]:
    """Kronor granted and attributed per municipality, and in the tertial."""
    rows = _column(page, "funds", "Beviljat, fördelat")
    trend = _column(page, "trend", "Beviljat")
    return {k: _kronor(v) for k, v in rows.items()}, _kronor(trend[TERTIAL])


def _utfall(page) -> int:
    """The utfall attributed to the municipalities, all together."""
    return sum(map(_kronor, _column(page, "funds", "Utfall, fördelat").values()))


def _send_initiative(browser, live_server) -> tuple[int, str]:
    """Köping's coordinator sends an initiative that names Västerås."""
    page = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(page, "koping@samnod.test")
    page.goto("/nodes/koping/submissions/new?kind=initiative")
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Sammanfattning").fill("En coach delad mellan två kommuner.")
    page.get_by_label("Beskrivning").fill("Coachen stöttar deltagare mot arbete.")
    page.get_by_label("Mål", exact=True).fill("Fler i arbete eller studier.")
    page.get_by_label("Startdatum").fill(f"{YEAR}-01-01")
    page.get_by_label("Slutdatum").fill(f"{YEAR}-12-31")
    page.get_by_label("Sökta samverkansmedel (kr)").fill(str(AMOUNT))
    page.get_by_label("Budgetspecifikation").fill("Lön för en coach, 420 000 kr.")
    page.get_by_label("Västerås stad").check()
    page.get_by_role("button", name="Skicka till förbundskansliet").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    sub_id = int(page.url.rsplit("/", 1)[1])
    page.context.close()
    return sub_id


def _tab_to(page, element_id: str) -> None:
    """Press Tab until the element with this id has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def _grant_with_the_keyboard(page) -> None:
    """Tab to the decision, choose a grant and fill it in, send it: no mouse."""
    page.locator("#inbox-detail").focus()
    _tab_to(page, "decision-0")
    assert page.evaluate("document.activeElement.value") == "granted"
    page.keyboard.press("Space")
    _tab_to(page, "granted_amount")
    page.keyboard.type(f"{AMOUNT:_}".replace("_", " "))  # "420 000"
    _tab_to(page, "decided_on")
    _type_date(page, TODAY)
    _tab_to(page, "reference")
    page.keyboard.type("LSFV 2026/31 § 4")
    _tab_to(page, "note")  # left empty
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText") == "Registrera beslutet"
    page.keyboard.press("Enter")


def _type_date(page, day: date) -> None:
    """Type a day into the focused date field, part by part, in the order the
    browser's own locale shows them (Debian's headless Chromium: mm/dd/yyyy,
    whatever the page's language); a wrong guess is erased with the keyboard."""
    for order in ("%Y%m%d", "%m%d%Y", "%d%m%Y"):
        page.keyboard.type(day.strftime(order))
        if page.evaluate("document.activeElement.value") == day.isoformat():
            return
        for key in ("Backspace", "Shift+Tab", "Backspace", "Shift+Tab", "Backspace"):
            page.keyboard.press(key)
    raise AssertionError("the date field took none of the usual orders")


def _confirm_as_vasteras(browser, live_server, sub_id: int, axe) -> None:
    page = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(page, "vasteras@samnod.test")
    page.goto(f"/submissions/{sub_id}")
    axe(page)
    page.get_by_role(
        "button", name="Bekräfta att Västerås stad står bakom detta"
    ).click()
    page.locator("#flashes", has_text="står nu bakom detta").wait_for()
    axe(page)
    page.context.close()


def test_a_grant_waits_for_two_parties_and_its_money_reaches_the_follow_up(
    browser, live_server, page, axe
):
    sub_id = _send_initiative(browser, live_server)
    sign_in(page, "kansli@samnod.test")
    page.goto(FOLLOWUP)
    before, tertial_before = _granted(page)
    utfall_before = _utfall(page)

    page.goto(f"/inbox/{sub_id}")
    pane_ready(page)
    page.get_by_role("button", name="Påbörja beredning").click()
    page.locator("#inbox-detail .badge", has_text="Under beredning").wait_for()
    pane_ready(page)
    backing = page.locator("#funding-backing")
    assert "1 av 2" in backing.inner_text()
    axe(page)

    page.evaluate("window.__marker = 'same page'")
    _grant_with_the_keyboard(page)
    error = page.locator("#decision-error")
    error.wait_for()
    assert "kräver att minst 2 medlemsparter" in error.inner_text()
    assert "Västerås stad" in error.inner_text()  # the party still waited for
    assert (
        page.get_by_label("Beviljat", exact=True).get_attribute("aria-invalid")
        == "true"
    )
    assert page.locator("#granted_amount").input_value() == "420 000"  # kept
    assert page.evaluate("window.__marker") == "same page"  # swapped in place
    axe(page)

    _confirm_as_vasteras(browser, live_server, sub_id, axe)
    page.reload()
    pane_ready(page)
    assert "2 av 2" in page.locator("#funding-backing").inner_text()
    _grant_with_the_keyboard(page)
    page.get_by_role("button", name="Ändra beslutet").wait_for()
    decided = page.locator("#funding-decision dl").inner_text().replace("\xa0", " ")
    assert "Beviljat, 420 000 kr" in decided
    axe(page)

    page.goto(f"/funds/{sub_id}")
    axe(page)
    form = page.locator("form", has=page.get_by_role("button", name="Spara insatsen"))
    for name in SERVED:
        form.get_by_label(name, exact=True).check()
    form.get_by_role("button", name="Spara insatsen").click()
    page.locator("#flashes", has_text="Insatsen är sparad").wait_for()
    served = page.locator("dt:text-is('Riktar sig till') + dd").inner_text()
    assert all(name in served for name in SERVED)
    page.get_by_label("Budgetår").fill(str(YEAR))
    page.get_by_label("Budget (kr)").fill("400000")
    page.get_by_label("Utfall (kr)").fill("150000")
    page.get_by_role("button", name="Spara budgetraden").click()
    page.locator("#flashes", has_text="Budgetraden är sparad").wait_for()
    axe(page)

    page.goto(FOLLOWUP)
    after, tertial_after = _granted(page)
    added = {name: after[name] - before[name] for name in after}
    assert {n for n, v in added.items() if v} == set(SERVED)
    assert abs(sum(added.values()) - AMOUNT) <= 1  # rounded per row
    assert tertial_after - tertial_before == AMOUNT
    assert abs(_utfall(page) - utfall_before - 150_000) <= 1
    shares = _column(page, "shares", "Andel av beviljade medel")
    chart = page.locator("#chart-shares-title").locator("xpath=..")
    labels = chart.locator("text").all_text_contents()
    for name in SERVED:  # the chart's bar label says what the table says
        assert labels[labels.index(name) + 1] == shares[name].replace(" ", "\xa0")
    axe(page)

    _koping_reads_it(browser, live_server, after["Köpings kommun"], axe)
    _inbox_export_equals_the_list(page, axe)


def _koping_reads_it(browser, live_server, koping_granted: int, axe) -> None:
    """Köping's coordinator: the same figures, its own row marked, nothing to edit."""
    page = browser.new_context(base_url=live_server, locale="sv-SE").new_page()
    sign_in(page, "koping@samnod.test")
    page.goto(FOLLOWUP)
    own = page.locator("#funds-caption").locator("xpath=..").locator("tr.own")
    assert own.count() == 1
    assert "Köpings kommun (din organisation)" in own.inner_text()
    assert _granted(page)[0]["Köpings kommun"] == koping_granted
    labels = page.locator("#chart-shares-title").locator("xpath=..")
    assert (
        "Köpings kommun (din organisation)"
        in labels.locator("text").all_text_contents()
    )
    own_label = labels.locator("text", has_text="Köpings kommun (din organisation)")
    assert own_label.bounding_box()["x"] >= labels.bounding_box()["x"]  # not cut off
    assert page.locator("main form[method=post]").count() == 0  # read-only
    assert page.locator("a[href^='/inbox/']").count() == 0
    axe(page)
    page.context.close()


def _inbox_export_equals_the_list(page, axe) -> None:
    """The Excel file downloaded for a filter lists the rows the inbox shows."""
    page.goto("/inbox/?node=koping&kind=initiative")
    rows = page.locator("#inbox-list tbody tr")
    shown = [
        (row.locator("th a").inner_text(), row.locator(".badge").inner_text())
        for row in rows.all()
    ]
    assert (TITLE, "Under beredning") in shown
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera som Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    xlsx = BytesIO(Path(download.value.path()).read_bytes())
    sheet = load_workbook(xlsx, read_only=True).active
    header, *lines = sheet.iter_rows(values_only=True)
    title, status = header.index("Rubrik"), header.index("Status")
    assert [(line[title], line[status]) for line in lines] == shown
