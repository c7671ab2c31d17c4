"""Routes read their filter once, from the address, and answer after committing."""

from __future__ import annotations

from datetime import date

import pytest

from blueprints.inbox.forms import InboxFilterForm
from blueprints.methods.forms import MethodSearchForm
from models import db
from models.read.inbox import InboxFilter
from models.read.library import MAX_PAGE, MethodQuery
from tests.conftest import HX
from tests.integration.conftest import pane, post_status, sent


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", InboxFilter()),
        # a value that makes no sense is left out, never refused
        ("status=draft&kind=idea&assignee=all&funding=no", InboxFilter()),
        ("sort=oldest&since=2026-13-45&until=igår", InboxFilter()),
        # trimmed, and read as the list takes it
        (
            "status=+submitted+&node=+koping&sort=waiting&since=2026-01-05",
            InboxFilter(
                status="submitted",
                node="koping",
                sort="waiting",
                since=date(2026, 1, 5),
            ),
        ),
        ("node=finns-inte&area=x", InboxFilter(node="finns-inte", area="x")),
        ("q=-&q=tolk", InboxFilter()),  # the first value, and no words in it
        ("q=++tolkstöd++", InboxFilter(q="tolkstöd")),
    ],
)
def test_the_inbox_filter_is_read_from_the_address(app, query, expected):
    with app.test_request_context(f"/inbox/?{query}"):
        assert InboxFilterForm().filter == expected


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", MethodQuery()),
        ("sort=oldest&review=yes&page=x", MethodQuery()),
        ("sort=relevance&review=due", MethodQuery(sort="relevance", review_due=True)),
        ("page=0", MethodQuery()),
        ("page=99999999999999999999", MethodQuery(page=MAX_PAGE)),
        ("party=" + "x" * 70, MethodQuery(party="x" * 60)),
    ],
)
def test_the_library_query_is_read_from_the_address(app, query, expected):
    with app.test_request_context(f"/methods/?{query}"):
        assert MethodSearchForm().query == expected


def test_an_action_draws_its_answer_without_the_write_lock(app, office, count_queries):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    form = {"csrf_token": token, "version": version, "assignee": "me"}
    with count_queries() as counter:
        response = office.post(f"/inbox/{sub_id}/assign", headers=HX, data=form)
    assert response.status_code == 200 and "Tilldelad" in response.get_data(True)
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
    begins = [s for s in counter.statements if s.startswith("BEGIN")]
    if sqlite:  # the change in one write transaction, the pane read after it
        assert begins[0] == "BEGIN IMMEDIATE" and begins.count("BEGIN IMMEDIATE") == 1
        assert "BEGIN" in begins[1:]
    else:  # PostgreSQL: no BEGIN of ours, no write lock to keep short
        assert begins == []


def test_a_refused_action_still_answers_with_the_pane(app, office):
    sub_id = sent(app)
    post_status(office, sub_id, "in_review")
    token, version = pane(office, sub_id)
    form = {"csrf_token": token, "version": version - 1, "assignee": "me"}
    response = office.post(f"/inbox/{sub_id}/assign", headers=HX, data=form)
    assert response.status_code == 409
    assert 'id="inbox-detail"' in response.get_data(True)
