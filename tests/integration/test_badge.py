"""The unread badge in the header: a cheap poll that goes quiet when signed out."""

from __future__ import annotations

import re

import pytest

from tests.conftest import HX, csrf_token, login
from tests.integration.conftest import post_status, sent


def test_the_badge_answers_with_the_count_in_one_query(
    app, office, make_user, count_queries
):
    sub_id = sent(app)
    post_status(office, sub_id, "accepted")
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    assert 'hx-get="/notifications/badge" hx-trigger="every 60s, samnod:shown"' in page
    with count_queries() as counted:
        response = node.get("/notifications/badge", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="notifications-badge"' in body and "1 oläst" in body
    assert "aria-live" not in body  # a poll must not talk over the screen reader
    user, unread = counted.queries  # the signed-in user, then the indexed count
    assert "FROM notifications" in unread and "read_at IS NULL" in unread


def test_a_signed_out_tab_stops_polling(app, client):
    response = client.get("/notifications/badge", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert 'href="/notifications"' in body and "hx-get" not in body


def test_marking_all_read_updates_the_header_count_out_of_band(app, office):
    post_status(office, sent(app), "accepted")
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/notifications").get_data(as_text=True)
    token = csrf_token(page)
    response = node.post("/notifications/read", headers=HX, data={"csrf_token": token})
    body = response.get_data(as_text=True)
    assert 'id="notifications-badge"' in body and 'hx-swap-oob="true"' in body
    assert "oläst" not in body
    plain = node.post("/notifications/read", data={"csrf_token": token})
    assert "hx-swap-oob" not in plain.get_data(as_text=True)


def _two_unread(app, office):
    """Sign in the Köping coordinator with two unread notifications; return the page."""
    post_status(office, sent(app), "accepted")
    post_status(office, sent(app, title="Behov av språkstöd"), "accepted")
    node = app.test_client()
    login(node, "k@samnod.test")
    return node, node.get("/notifications").get_data(as_text=True)


@pytest.mark.parametrize(
    "ident",
    [
        "abc",
        "",
        "0",
        "-1",
        "1.0",
        " 1",
        "1\n",
        "１",
        "2147483648",
        "9223372036854775808",
    ]
    + ["99999999999999999999", "9" * 400],
)
@pytest.mark.parametrize("headers", [{}, HX])
def test_a_bad_notification_id_is_refused_and_marks_nothing(
    app, office, ident, headers
):
    node, page = _two_unread(app, office)
    response = node.post(
        "/notifications/read",
        headers=headers,
        data={"csrf_token": csrf_token(page), "id": ident},
    )
    assert response.status_code == 400
    assert "Begäran kunde inte tolkas" in response.get_data(as_text=True)
    assert "2 olästa" in node.get("/notifications/badge").get_data(as_text=True)


def test_marking_one_or_all_read_is_what_the_forms_ask_for(app, office):
    node, page = _two_unread(app, office)
    assert page.count('name="id" value="all"') == 1  # "Mark all as read"
    one = re.findall(r'name="id" value="(\d+)"', page)
    assert len(one) == 2
    data = {"csrf_token": csrf_token(page)}
    assert (
        node.post("/notifications/read", data=data | {"id": one[0]}).status_code == 200
    )
    assert "1 oläst" in node.get("/notifications/badge").get_data(as_text=True)
    response = node.post("/notifications/read", data=data | {"id": "all"})
    assert "Alla aviseringar är markerade som lästa" in response.get_data(as_text=True)
    assert "oläst" not in node.get("/notifications/badge").get_data(as_text=True)
