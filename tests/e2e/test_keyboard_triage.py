"""An officer triages ten items in a row with the keyboard alone: every decision
opens the next item in the filtered list, its row marked, focus in its pane."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from models import Kind, Organisation, Status, Submission, User, db, workflow
from models.base import local_today
from tests.e2e.conftest import sign_in
from tests.e2e.test_funds_flow import _type_date as type_date
from tests.e2e.test_inbox import pane_ready

logger = logging.getLogger(__name__)

SNOOZE = local_today() + timedelta(days=30)
# What the officer decides for the items in list order ("merge" goes into the first).
PLAN = [
    "accept",
    "decline",
    "accept",
    "snooze",
    "merge",
    "accept",
    "decline",
    "accept",
    "snooze",
    "accept",
]


def _eleven_new_items(app) -> None:
    """Eleven fresh needs from Köping, so earlier tests' decisions do not matter."""
    with app.app_context():
        author = db.session.scalar(
            db.select(User).filter_by(email="koping@samnod.test")
        )
        koping = db.session.scalar(db.select(Organisation).filter_by(slug="koping"))
        for n in range(len(PLAN) + 1):
            fields = {"title": f"Tangentbordsprov {n}", "summary": "Sammanfattning"}
            sub = workflow.create(Kind.NEED, koping, author, fields, [], [])
            workflow.submit(sub, author)
        db.session.commit()


def open_item(page, sub_id: int) -> None:
    """Wait until the pane shows this item, its row marked and focus in the pane."""
    page.wait_for_function(
        """id => {
          const pane = document.getElementById('inbox-detail');
          const row = document.getElementById('row-' + id);
          return pane && pane.dataset.subId === String(id)
            && row && row.getAttribute('aria-current') === 'true'
            && document.querySelectorAll('tbody [aria-current=true]').length === 1
            && pane.contains(document.activeElement);
        }""",
        arg=sub_id,
    )
    assert page.url.split("?")[0].endswith(f"/inbox/{sub_id}")
    pane_ready(page)


def decide(page, decision: str, first: int) -> None:
    """One decision with the keys the shortcut help lists (and typing in a field)."""
    keys = page.keyboard
    if decision == "accept":
        keys.press("1")
    elif decision == "decline":
        keys.press("3")  # no reason yet: the field says so and gets focus
        page.wait_for_function(
            "() => document.activeElement.getAttribute('aria-invalid')"
        )
        # Keys that are shortcuts elsewhere only type here (1 would accept).
        keys.type("Punkt 1 och 2: j/k, a och s hör hemma i ordinarie verksamhet?")
        keys.press("Escape")  # leave the field: the shortcuts work again
        keys.press("3")
    elif decision == "snooze":
        keys.press("s")
        type_date(page, SNOOZE)
        keys.press("Enter")
    elif decision == "merge":
        keys.press("2")
        keys.type(str(first))
        keys.press("Enter")


def test_ten_items_in_a_row_with_the_keyboard(page, live_app, axe, record_property):
    _eleven_new_items(live_app)
    sign_in(page, "kansli@samnod.test")
    page.goto("/inbox/?status=submitted&q=Tangentbordsprov")
    ids = [
        int(row_id.removeprefix("row-"))
        for row_id in page.eval_on_selector_all(
            "#inbox-list tbody tr", "rows => rows.map(r => r.id)"
        )
    ]
    assert len(ids) >= len(PLAN) + 1
    page.evaluate("window.__marker = 'one page'")

    started = time.perf_counter()
    page.keyboard.press("j")  # nothing open: j opens the first row
    open_item(page, ids[0])
    for position, decision in enumerate(PLAN):
        if position == 5:  # j and k move from the open item, not from the top
            page.keyboard.press("j")
            open_item(page, ids[position + 1])
            page.keyboard.press("k")
            open_item(page, ids[position])
        decide(page, decision, ids[0])
        open_item(page, ids[position + 1])
    elapsed = time.perf_counter() - started
    record_property("ten_items_seconds", round(elapsed, 2))  # for the report
    logger.warning("Ten items triaged with the keyboard in %.2f s", elapsed)

    assert page.evaluate("window.__marker") == "one page"
    axe(page)
    expected = {
        "accept": Status.ACCEPTED,
        "decline": Status.DECLINED,
        "snooze": Status.SUBMITTED,
        "merge": Status.MERGED,
    }
    with live_app.app_context():
        subs = {s.id: s for s in db.session.scalars(db.select(Submission))}
        for sub_id, decision in zip(ids, PLAN, strict=False):
            sub = subs[sub_id]
            assert sub.status == expected[decision], (sub_id, decision)
            assert (sub.snoozed_until == SNOOZE) == (decision == "snooze")
            if decision == "merge":
                assert sub.merged_into_id == ids[0]
        assert subs[ids[len(PLAN)]].status == Status.SUBMITTED  # the next, untouched
