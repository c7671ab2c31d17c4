"""Triage that flows: a decision opens the next item, nothing typed in the pane is
lost to another action, and a refused action says why where it happened."""

from __future__ import annotations

import re

import pytest

from models import Status, Submission, db
from tests.conftest import HX, login
from tests.integration.conftest import pane, sent


def _post(client, sub_id: int, action: str, query: str = "", **data):
    token, version = pane(client, sub_id)
    return client.post(
        f"/inbox/{sub_id}/{action}{query}",
        headers=HX,
        data={"csrf_token": token, "version": version} | data,
    )


def _pane_id(body: str) -> int:
    return int(re.search(r'id="inbox-detail"[^>]* data-sub-id="(\d+)"', body).group(1))


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("status", {"status": "accepted"}),
        ("status", {"status": "declined", "message": "Hör inte hit."}),
        ("status", {"status": "needs_info", "message": "Hur många?"}),
        ("snooze", {"until": "2099-01-01"}),
    ],
)
def test_a_decision_opens_the_next_item_in_the_filtered_list(app, office, action, data):
    older = sent(app, title="Äldre")
    newer = sent(app, title="Nyare")  # newest first: the list is [newer, older]
    sent(app, "fagersta", title="Från Fagersta")  # outside the filter below
    response = _post(office, newer, action, "?node=koping", **data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _pane_id(body) == older
    assert response.headers["HX-Push-Url"] == f"/inbox/{older}?node=koping"
    # The decided row is swapped out of band (a snoozed one leaves the view);
    # the next one is the open one.
    swap = "delete" if action == "snooze" else "true"
    assert f'<tr id="row-{newer}" hx-swap-oob="{swap}">' in body
    assert "submission-changed" in response.headers["HX-Trigger"]


def test_merge_opens_the_next_item_too(app, office):
    older = sent(app, title="Äldre")
    target = sent(app, title="Målet")
    newer = sent(app, title="Nyare")
    response = _post(office, newer, "merge", target=str(target))
    assert _pane_id(response.get_data(as_text=True)) == target
    with app.app_context():
        assert db.session.get(Submission, newer).status == Status.MERGED
        assert db.session.get(Submission, older).status == Status.SUBMITTED


def test_other_actions_and_the_last_item_keep_the_same_pane(app, office):
    only = sent(app)
    review = _post(office, only, "status", status="in_review")
    assert _pane_id(review.get_data(as_text=True)) == only
    assert "HX-Push-Url" not in review.headers
    last = _post(office, only, "status", status="accepted")
    assert _pane_id(last.get_data(as_text=True)) == only  # nothing after it


def test_without_htmx_a_decision_still_redirects_to_the_item(app, office):
    sent(app, title="Äldre")
    newer = sent(app, title="Nyare")
    token, version = pane(office, newer)
    response = office.post(
        f"/inbox/{newer}/status",
        data={"csrf_token": token, "version": version, "status": "accepted"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/inbox/{newer}")


def test_the_open_row_is_marked_on_the_whole_page(app, office):
    a, b = sent(app, title="Första"), sent(app, title="Andra")
    body = office.get(f"/inbox/{a}").get_data(as_text=True)
    assert f'<tr id="row-{a}" aria-current="true">' in body
    assert f'<tr id="row-{b}">' in body


def _tag(body: str, element_id: str) -> str:
    return re.search(rf"<(?:textarea|input)[^>]*\bid=\"{element_id}\"[^>]*>", body)[0]


def test_a_note_keeps_what_is_typed_in_the_other_forms(app, office):
    sub_id = sent(app)
    response = _post(office, sub_id, "notes", text="Ring samordnaren.")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    # The note's own field comes back empty; the message to the node, the
    # snooze date and the merge target are kept as typed in the browser.
    assert "hx-preserve" not in _tag(body, "text")
    assert "Ring samordnaren." not in _tag(body, "text")
    for other in ("message", "until", "target"):
        assert 'hx-preserve="true"' in _tag(body, other)


def test_an_assignment_keeps_the_half_written_note_and_message(app, office):
    sub_id = sent(app)
    response = _post(office, sub_id, "assign", assignee="me")
    body = response.get_data(as_text=True)
    for other in ("message", "text"):
        assert 'hx-preserve="true"' in _tag(body, other)


def test_opening_an_item_keeps_nothing_from_the_one_before(app, office):
    sub_id = sent(app)
    body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert "hx-preserve" not in body


def test_a_refused_field_gets_focus_and_the_reason_is_announced(app, office):
    sub_id = sent(app)
    response = _post(office, sub_id, "status", status="declined", message="")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    field = _tag(body, "message")
    assert "autofocus" in field and 'aria-invalid="true"' in field
    assert "hx-preserve" not in field  # the form sent shows its error
    flashes = body[body.index('hx-swap-oob="innerHTML:#flashes"') :]
    assert "Inte sparat: Skriv ett meddelande till noden" in flashes


def test_a_refused_page_says_why_in_its_title(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    response = office.post(
        f"/inbox/{sub_id}/snooze",
        data={"csrf_token": token, "version": version, "until": "2000-01-01"},
    )
    assert response.status_code == 422
    title = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True))[1]
    assert title.startswith("Inte sparat:")


def test_after_a_409_the_row_shows_the_fresh_status(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    colleague = app.test_client()
    login(colleague, "kollega@samnod.test")
    _post(colleague, sub_id, "status", status="in_review")
    response = office.post(
        f"/inbox/{sub_id}/status",
        headers=HX,
        data={"csrf_token": token, "version": version, "status": "accepted"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    row = re.search(
        rf'<tr id="row-{sub_id}"[^>]*hx-swap-oob="true">.*?</tr>', body, re.S
    )
    assert "Under beredning" in row[0]
