"""Actions that are hard to undo ask first (no script on the page, CSP strict);
focus and the live regions tell a screen reader what changed."""

from __future__ import annotations

import re

from tests.e2e.conftest import sign_in


def _focused(page, element_id: str) -> None:
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id",
        arg=element_id,
    )


def test_a_coordinator_is_asked_before_withdrawing(page, axe):
    sign_in(page, "koping@samnod.test")
    page.goto("/nodes/koping/submissions/new?kind=need")
    page.get_by_label("Rubrik").fill("Behov att återkalla")
    page.get_by_label("Sammanfattning").fill("Skickat i misstag.")
    page.get_by_role("button", name="Skicka till förbundskansliet").click()
    page.wait_for_url(re.compile(r"/submissions/\d+$"))
    submission = page.url

    page.get_by_role("button", name="Återkalla").click()
    page.locator("h1", has_text="Återkalla ”Behov att återkalla”?").wait_for()
    _focused(page, "confirm-title")
    assert page.title().startswith("Återkalla ”Behov att återkalla”?")
    axe(page)
    page.get_by_role("link", name="Avbryt").click()
    page.wait_for_url(submission)
    page.locator(".badge", has_text="Inskickad").wait_for()
    axe(page)

    page.get_by_role("button", name="Återkalla").click()
    page.get_by_role("button", name="Återkalla").click()  # the question's button
    page.wait_for_url(submission)
    page.locator(".badge", has_text="Återkallad").wait_for()
    assert page.title().startswith("Återkallat.")  # the outcome, said first
    assert "Återkallat." in page.locator("#flashes").inner_text()
    axe(page)


def test_an_admin_is_asked_before_deactivating(page, axe):
    sign_in(page, "admin@samnod.test")
    page.goto("/admin/users?q=Anders+Sj%C3%B6berg")
    page.get_by_role("link", name="Anders Sjöberg").first.click()
    page.get_by_role("link", name="Inaktivera Anders Sjöberg").click()
    page.locator("h1", has_text="Inaktivera Anders Sjöberg?").wait_for()
    _focused(page, "confirm-title")
    axe(page)
    page.get_by_role("button", name="Inaktivera").click()
    page.wait_for_url(re.compile(r"/admin/users/\d+$"))
    assert page.title().startswith("Anders Sjöberg är inaktiverad")  # said first
    assert "Inaktiverad" in page.locator("main dl").inner_text()
    axe(page)


def test_a_bulk_action_over_all_matching_asks_in_place(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?node=sala")
    page.evaluate("window.__marker = 'one page'")
    bulk = page.locator("#bulk-form")
    bulk.locator("select[name=action]").select_option("assign_me")
    bulk.locator("input[name=everything]").check()
    bulk.locator("button[type=submit]").click()
    question = page.locator("#inbox-list.confirm h2")
    question.wait_for()
    assert "som matchar filtret?" in question.inner_text()
    _focused(page, "confirm-title")
    axe(page)
    page.get_by_role("link", name="Avbryt").click()
    page.locator("#inbox-list table").wait_for()
    axe(page)

    bulk.locator("select[name=action]").select_option("assign_me")
    bulk.locator("input[name=everything]").check()
    bulk.locator("button[type=submit]").click()
    page.locator("#inbox-list.confirm button[type=submit]").click()
    report = page.locator(".bulk-report")
    report.wait_for()
    page.wait_for_function(
        "() => document.activeElement.classList.contains('bulk-report')"
    )
    assert page.evaluate("window.__marker") == "one page"
    axe(page)


def test_counts_are_said_in_a_polite_live_region(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/")
    announcer = page.locator("#announcer[aria-live=polite]")
    assert announcer.inner_text() == ""  # in the page before the change, empty
    page.get_by_label("Nod", exact=True).select_option("koping")
    page.wait_for_url(re.compile(r"node=koping"))
    page.wait_for_function(
        "() => /inskick/.test(document.getElementById('announcer').textContent)"
    )
    said = announcer.inner_text()
    assert said == page.locator("#inbox-counts [data-announce]").inner_text()
    axe(page)

    page.goto("/methods/")
    page.locator("#q").fill("arbetsträning")
    page.wait_for_function(
        "() => /metod/.test(document.getElementById('announcer').textContent)"
    )
    assert "arbetsträning" in announcer.inner_text()
    axe(page)


def test_the_follow_up_caption_is_said_when_it_changes(page, axe):
    sign_in(page, "kansli@samnod.test")
    page.goto("/followup/")
    before = page.locator("#headline").inner_text()
    by = page.locator("#followup select[name=by]")
    other = by.locator("option:not(:checked)").first.get_attribute("value")
    by.select_option(other)
    page.locator("#followup").get_by_role("button", name="Visa").click()
    page.wait_for_function(
        "text => document.getElementById('announcer').textContent.trim() !== ''"
        " && document.getElementById('headline').textContent.trim() !== text",
        arg=before,
    )
    assert (
        page.locator("#announcer").inner_text()
        == page.locator("#headline").inner_text()
    )
    axe(page)
