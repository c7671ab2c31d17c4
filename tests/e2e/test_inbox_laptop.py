"""The inbox as a daily tool on a laptop (issue 13, items 5, 6 and 7): the layout
at 1 280 × 800, the merge picker, @mentions as a combobox, and unique ids on every
page and after every swap of the pane."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from models import Submission, db
from models.base import local_today
from tests.e2e.conftest import sign_in
from tests.e2e.test_inbox import pane_ready

LAPTOP = {"width": 1280, "height": 800}
DUPLICATES = """() => { const seen = {};
  document.querySelectorAll('[id]').forEach(e => {
    seen[e.id] = (seen[e.id] || 0) + 1; });
  return Object.entries(seen).filter(([id, n]) => n > 1).map(([id]) => id); }"""
ROWS_ABOVE_THE_FOLD = """() => [...document.querySelectorAll('#inbox-list tbody tr')]
  .filter(r => r.getBoundingClientRect().bottom <= innerHeight).length"""
IN_VIEW = """sel => { const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight; }"""
# The suggestions for a word have arrived and the field says whether they show.
SHOWN_FOR = """([q, expanded]) =>
  document.getElementById('note-mentions').dataset.q === q
  && document.querySelector('[aria-controls=note-mentions]')
       .getAttribute('aria-expanded') === expanded"""
SETTLED = (
    "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
)


@pytest.fixture
def laptop(browser, live_server):
    """A page at 1 280 × 800, the screen of the office's laptops."""
    context = browser.new_context(base_url=live_server, locale="sv-SE", viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def settle(page) -> None:
    page.wait_for_function(SETTLED)


def test_ten_rows_above_the_fold_and_the_pane_title_stays_in_view(laptop, axe):
    page = laptop
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/")  # the default view: what needs handling
    assert page.get_by_label("Status", exact=True).input_value() == "open"
    assert page.evaluate(ROWS_ABOVE_THE_FOLD) >= 10
    more = page.locator("details.more-filters summary")
    assert more.inner_text() == "Fler filter (0 aktiva)"
    axe(page)
    page.locator("#inbox-list tbody th a").first.click()
    page.locator("#pane-title").wait_for()
    settle(page)
    assert page.evaluate(ROWS_ABOVE_THE_FOLD) >= 10  # the pane does not push the list
    # Nothing clipped: no cell, badge or filter field is wider than its box.
    clipped = page.evaluate("""() => [...document.querySelectorAll(
        '#inbox-list td, #inbox-list th, #inbox-list .badge, form[role=search] > div')]
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.trim())""")
    assert clipped == []
    page.mouse.move(300, 600)  # over the list: the page scrolls
    page.mouse.wheel(0, 700)
    page.wait_for_function("() => scrollY > 300")
    assert page.evaluate(IN_VIEW, "#pane-title")
    page.evaluate("document.getElementById('inbox-detail').scrollTop = 1e6")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate(IN_VIEW, "#pane-title")
    axe(page)


def test_fields_share_the_apps_font(laptop):
    page = laptop
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?clear=1")
    fonts = page.evaluate("""() => [...document.querySelectorAll(
        'input, select, textarea, button')].map(e => getComputedStyle(e).fontFamily)""")
    assert set(fonts) == {page.evaluate("getComputedStyle(document.body).fontFamily")}


def test_county_grid_names_never_break_inside_a_word(laptop):
    page = laptop
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?status=accepted")
    page.locator("#inbox-list tbody th a").first.click()
    page.locator(".county-map").wait_for()
    broken = page.evaluate("""() => [...document.querySelectorAll('.county-map li')]
        .filter(li => li.scrollWidth > li.clientWidth + 1
          || [...li.querySelectorAll('span')].some(s => s.getClientRects().length >
               s.textContent.trim().split(/\\s+/).length))
        .map(li => li.textContent.trim())""")
    assert broken == []


def test_a_picked_candidate_fills_the_target_and_merges(laptop, live_app, axe):
    page = laptop
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?status=submitted")
    page.locator("#inbox-list tbody th a").nth(1).click()
    pane_ready(page)
    source = page.locator("#pane-title .meta").inner_text()
    page.get_by_label("Sök inskicket att slå ihop med").fill("arbets")
    candidate = page.locator("#merge-candidates input[type=radio]").first
    candidate.wait_for()
    axe(page)
    candidate.focus()
    page.keyboard.press("Space")
    target = candidate.get_attribute("value")
    assert page.locator("#target").input_value() == target
    page.locator("#merge-form button[type=submit]").click()
    # The merged item's row says so; the next item in the list opens.
    source_id = int(source.lstrip("#"))
    page.locator(f"#row-{source_id} .badge", has_text="Sammanslagen").wait_for()
    with live_app.app_context():
        assert db.session.get(Submission, source_id).merged_into_id == int(target)
    axe(page)


def test_at_offers_colleagues_as_a_combobox_and_the_mention_leads_to_the_note(
    browser, live_server, laptop, axe
):
    page = laptop
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?status=submitted")
    page.locator("#inbox-list tbody th a").first.click()
    pane_ready(page)
    sub_path = re.search(r"/inbox/\d+", page.url).group(0)
    note = page.get_by_role("combobox", name="Intern anteckning")
    note.focus()
    page.keyboard.type("Kan @ås")
    option = page.locator("#note-mentions").get_by_role(
        "option", name=re.compile("Åsa")
    )
    option.wait_for()
    page.wait_for_function(SHOWN_FOR, arg=["ås", "true"])
    assert note.get_attribute("aria-controls") == "note-mentions"
    axe(page)
    page.keyboard.press("ArrowDown")
    assert note.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    assert note.input_value() == "Kan @Åsa "
    assert note.get_attribute("aria-expanded") == "false"
    page.keyboard.type("titta på budgeten? @xyz")
    page.wait_for_function(SHOWN_FOR, arg=["xyz", "false"])  # nobody is called xyz
    page.keyboard.type(" @Ås")
    page.wait_for_function(SHOWN_FOR, arg=["Ås", "true"])
    page.keyboard.press("Escape")
    assert note.get_attribute("aria-expanded") == "false"
    assert page.locator("#note-mentions").is_hidden()
    page.get_by_role("button", name="Spara anteckning").click()
    page.locator("#inbox-detail .timeline", has_text="titta på budgeten").wait_for()

    colleague = browser.new_context(
        base_url=live_server, locale="sv-SE", viewport=LAPTOP
    ).new_page()
    sign_in(colleague, "asa.oberg@samnod.test")
    colleague.goto("/notifications")
    colleague.get_by_role("link", name=re.compile("nämnde dig")).first.click()
    colleague.wait_for_url(re.compile(sub_path + r"#event-\d+$"))
    anchor = colleague.url.rsplit("#", 1)[1]
    entry = colleague.locator(f"#{anchor}")
    assert "titta på budgeten" in entry.inner_text()
    colleague.wait_for_function(IN_VIEW, arg=f"#{anchor}")
    axe(colleague)
    colleague.context.close()


def _count(page, where: str, found: dict, axe) -> None:
    settle(page)
    for element_id in page.evaluate(DUPLICATES):
        found.setdefault(where, []).append(element_id)
    axe(page)


def _pane_states(page, axe, found: dict) -> None:
    """Open items and answer each of the pane's actions, counting after each."""
    page.goto("/inbox/?status=submitted")
    _count(page, "inbox", found, axe)
    page.locator("#inbox-list tbody th a").first.click()
    pane_ready(page)
    _count(page, "pane", found, axe)
    page.get_by_label("Tilldela", exact=True).select_option("me")
    page.get_by_role("button", name="Spara tilldelning").click()
    page.locator("#inbox-detail", has_text="Tilldelad Karin Kansli").wait_for()
    _count(page, "assign", found, axe)
    pane_ready(page)
    page.get_by_role("button", name="Använd i meddelandet").click()
    page.wait_for_function(
        "() => document.querySelector('#inbox-detail textarea[name=message]').value"
    )
    _count(page, "template", found, axe)
    pane_ready(page)
    page.get_by_label("Intern anteckning").fill("En anteckning")
    page.get_by_role("button", name="Spara anteckning").click()
    page.locator("#inbox-detail .timeline", has_text="En anteckning").wait_for()
    _count(page, "note", found, axe)
    page.get_by_label("Sök inskicket att slå ihop med").fill("arbete")
    page.locator("#merge-candidates input").first.wait_for()
    _count(page, "candidates", found, axe)
    pane_ready(page)
    page.get_by_label("Meddelande till noden").fill("")
    page.get_by_role("button", name="Avslå", exact=True).click()
    page.locator("#inbox-detail [aria-invalid=true]").first.wait_for()
    _count(page, "422", found, axe)
    pane_ready(page)
    page.evaluate("""() => document.querySelectorAll('#inbox-detail [name=version]')
        .forEach(v => { v.value = String(Number(v.value) - 1); })""")
    page.get_by_role("button", name="Spara tilldelning").click()
    page.locator("#inbox-detail .conflict").wait_for()
    _count(page, "409", found, axe)
    pane_ready(page)
    page.get_by_role("button", name="Påbörja beredning").click()
    page.locator("#inbox-detail .badge", has_text="Under beredning").wait_for()
    _count(page, "status", found, axe)
    pane_ready(page)
    later = (local_today() + timedelta(days=30)).isoformat()
    page.get_by_label("Vilande till").fill(later)
    page.get_by_role("button", name="Lägg vilande").click()
    page.locator("#flashes", has_text="ilande").wait_for()
    _count(page, "snooze", found, axe)
    for query, where in (
        ("status=accepted", "accepted"),
        ("status=accepted&kind=initiative&funding=yes", "funding"),
        ("status=merged", "merged"),
    ):
        page.goto(f"/inbox/?{query}")
        page.locator("#inbox-list tbody th a").first.click()
        pane_ready(page) if where != "merged" else page.locator(
            "#pane-title"
        ).wait_for()
        _count(page, where, found, axe)
    page.goto("/inbox/?clear=1")
    page.locator("#inbox-list tbody input[type=checkbox]").first.check()
    page.get_by_role("button", name="Utför på de valda").click()
    page.locator(".bulk-report").wait_for()
    _count(page, "bulk", found, axe)


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all(
        "main a[href]", "as => as.map(a => a.getAttribute('href'))"
    )
    return next(h for h in hrefs if re.fullmatch(pattern, h))


PAGES = {
    "kansli@samnod.test": (
        "/nodes/",
        "/nodes/koping/",
        "/methods/",
        "/methods/?q=arbete",
        "/funds/",
        "/funds/contributions",
        "/funds/residents",
        "/followup/",
        "/followup/report",
        "/account",
        "/notifications",
        "/inbox/templates",
    ),
    "admin@samnod.test": ("/admin/", "/account"),
    "koping@samnod.test": (
        "/nodes/koping/",
        "/nodes/koping/submissions/new?kind=need",
        "/nodes/koping/submissions/new?kind=initiative",
        "/methods/",
        "/followup/",
        "/account",
        "/notifications",
    ),
    "praktiker@samnod.test": ("/methods/", "/account"),
}


def test_no_duplicate_id_on_any_page_or_after_any_swap(browser, live_server, axe):
    found: dict[str, list[str]] = {}
    for email, paths in PAGES.items():
        context = browser.new_context(
            base_url=live_server, locale="sv-SE", viewport=LAPTOP
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, email)
        for path in paths:
            page.goto(path)
            _count(page, path, found, axe)
        if email == "kansli@samnod.test":
            for listing, pattern in (
                ("/methods/", r"/methods/\d+"),
                ("/funds/", r"/funds/\d+"),
                ("/nodes/koping/", r"/submissions/\d+"),
            ):
                page.goto(listing)
                page.goto(_first_link(page, pattern))
                _count(page, page.url, found, axe)
            _pane_states(page, axe, found)
        context.close()
    assert found == {}, f"duplicate ids: {found}"
