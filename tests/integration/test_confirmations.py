"""Withdraw, deactivate and a bulk action over everything matching ask first: a
server-drawn question that works with and without JavaScript."""

from __future__ import annotations

import re

from models import Kind, Role, Status, Submission, User, db, workflow
from tests.conftest import HX, csrf_token, login, org, page_token
from tests.integration.conftest import sent


def _title(body: str) -> str:
    return re.search(r"<title>(.*?)</title>", body, re.S)[1]


def _confirm_form(body: str) -> str:
    return re.search(r'<section id="[^"]+" class="confirm".*?</section>', body, re.S)[0]


def test_withdraw_asks_first_then_withdraws(app, client, make_user):
    login(client, make_user(Role.COORDINATOR, "koping", email="k@samnod.test"))
    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(email="k@samnod.test"))
        sub = workflow.create(
            Kind.NEED, org("koping"), author, {"title": "Behov"}, [], []
        )
        workflow.submit(sub, author)
        db.session.commit()
        sub_id = sub.id
    token = page_token(client, f"/submissions/{sub_id}")
    asked = client.post(f"/submissions/{sub_id}/withdraw", data={"csrf_token": token})
    body = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert _title(body).startswith("Återkalla ”Behov”?")
    form = _confirm_form(body)
    assert 'name="confirm" value="1"' in form
    assert f'href="/submissions/{sub_id}"' in form  # Cancel goes back
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.SUBMITTED

    done = client.post(
        f"/submissions/{sub_id}/withdraw",
        data={"csrf_token": csrf_token(body), "confirm": "1"},
        follow_redirects=True,
    )
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.WITHDRAWN
    # The page after the redirect says what happened, first in its title.
    assert _title(done.get_data(as_text=True)).startswith("Återkallat.")


def _bulk(client, token: str, **extra):
    return client.post(
        "/inbox/bulk?status=submitted",
        headers=HX,
        data={"csrf_token": token, "action": "assign_me", "everything": "y"} | extra,
    )


def test_bulk_over_all_matching_asks_in_place_of_the_list(app, office):
    ids = [sent(app, title=f"Behov {n}") for n in range(3)]
    token = page_token(office, "/inbox/?status=submitted")
    asked = _bulk(office, token)
    body = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "<html" not in body
    form = _confirm_form(body)
    assert form.startswith('<section id="inbox-list"')  # the list's swap target
    assert "”Tilldela mig” på alla 3 som matchar filtret?" in form
    assert 'hx-post="/inbox/bulk?status=submitted"' in form
    assert 'name="everything" value="y"' in form
    with app.app_context():
        assert not any(db.session.get(Submission, i).assignee_id for i in ids)

    done = _bulk(office, token, confirm="1")
    assert 'class="bulk-report"' in done.get_data(as_text=True)
    with app.app_context():
        assert all(db.session.get(Submission, i).assignee_id for i in ids)


def test_bulk_question_is_a_page_without_javascript(app, office):
    sent(app)
    token = page_token(office, "/inbox/?status=submitted")
    asked = office.post(
        "/inbox/bulk?status=submitted",
        data={"csrf_token": token, "action": "accepted", "everything": "y"},
    )
    body = asked.get_data(as_text=True)
    assert "<html" in body and '<h1 id="confirm-title"' in body
    assert 'href="/inbox/?status=submitted"' in _confirm_form(body)


def test_bulk_on_chosen_rows_does_not_ask(app, office):
    sub_id = sent(app)
    token = page_token(office, "/inbox/")
    done = office.post(
        "/inbox/bulk",
        headers=HX,
        data={"csrf_token": token, "action": "assign_me", "ids": [sub_id]},
    )
    body = done.get_data(as_text=True)
    assert 'class="confirm"' not in body
    assert 'class="bulk-report"' in body and "autofocus" in body
