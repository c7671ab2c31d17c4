"""The node page as the coordinator's to-do list (issue 13, item 8).

"Att göra" lists what waits for the node's own coordinators; a spread card shows
the office's message and takes a required answer in place; an answer to a
request for information updates the page in place and marks the inbox row.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from blueprints.mail import compose
from models import (
    Answer,
    Kind,
    Notification,
    Role,
    Spread,
    Status,
    Submission,
    User,
    db,
    spreading,
    triage,
    workflow,
)
from models.base import local_today
from models.read.todo import node_todo
from tests.conftest import HX, csrf_token, login, org
from tests.integration.conftest import post_status

TODAY = local_today()
MESSAGE = "Prova gärna – ring Maria på 021-10 20 30 <b>före</b> mars!"


def _user(email: str) -> User:
    return db.session.scalar(db.select(User).filter_by(email=email))


@pytest.fixture
def people(make_user):
    """Köping's and Fagersta's coordinators, an officer and a practitioner."""
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    make_user(Role.COORDINATOR, "fagersta", email="f@samnod.test")
    make_user(Role.CENTRAL, "kansli", email="karin@samnod.test")
    make_user(Role.PRACTITIONER, "koping", email="p@samnod.test")


def _sub(node: str, title: str, kind=Kind.NEED, parties=(), **values) -> Submission:
    author = _user("k@samnod.test" if node == "koping" else "f@samnod.test")
    sub = workflow.create(
        kind,
        org(node),
        author,
        {"title": title, "summary": "Sammanfattning"} | values,
        [],
        [org(p) for p in parties],
    )
    if kind == Kind.INITIATIVE and parties:
        workflow.set_funding(sub, 200_000, "- Handledare 200 000 kr")
    workflow.submit(sub, author)
    return sub


def _move(sub: Submission, *statuses: Status) -> None:
    for status in statuses:
        triage.transition(sub, status, _user("karin@samnod.test"), "Berätta mer.")


def _spread(sub: Submission, node: str, deadline=None, message=MESSAGE) -> Spread:
    _move(sub, Status.IN_REVIEW, Status.ACCEPTED)
    spreading.spread_to(sub, [node], _user("karin@samnod.test"), message)
    spread = db.session.scalar(
        db.select(Spread).filter_by(submission_id=sub.id, organisation_id=org(node).id)
    )
    spread.deadline = deadline  # set here: the rule refuses a date in the past
    return spread


def _each_kind(node: str, other: str) -> dict:
    """One item of each kind for `node`, and the same for `other` (not shown)."""
    made = {}
    for who, party in ((node, other), (other, node)):
        asked = _sub(who, f"Komplettering {who}")
        _move(asked, Status.NEEDS_INFO)
        spread = _spread(_sub(party, f"Spridd till {who}"), who, TODAY - timedelta(1))
        backing = _sub(party, f"Stöd {who}", Kind.INITIATIVE, parties=[who])
        method = _sub(who, f"Metod {who}", Kind.PRACTICE)
        _move(method, Status.IN_REVIEW, Status.ACCEPTED)
        method.review_date = TODAY + timedelta(days=10)
        later = _sub(who, f"Senare metod {who}", Kind.PRACTICE)
        _move(later, Status.IN_REVIEW, Status.ACCEPTED)
        later.review_date = TODAY + timedelta(days=60)
        made[who] = {
            "info": asked.id,
            "spread": spread.id,
            "backing": backing.id,
            "method": method.id,
        }
    db.session.commit()
    return made


def test_the_to_do_list_holds_each_kind_of_the_nodes_own_work(app, people):
    with app.app_context():
        made = _each_kind("koping", "fagersta")
        todo = node_todo(org("koping"))
        assert [s.id for s in todo.info_requests] == [made["koping"]["info"]]
        assert [i.spread.id for i in todo.spreads] == [made["koping"]["spread"]]
        assert todo.spreads[0].late
        assert [s.id for s in todo.backing] == [made["koping"]["backing"]]
        assert [i.method.id for i in todo.reviews] == [made["koping"]["method"]]
        assert not todo.reviews[0].overdue and todo.total == 4


def test_answered_confirmed_and_decided_work_leaves_the_list(app, people):
    with app.app_context():
        made = _each_kind("koping", "fagersta")["koping"]
        koping = _user("k@samnod.test")
        workflow.add_comment(db.session.get(Submission, made["info"]), koping, "Svar")
        spread = db.session.get(Spread, made["spread"])
        spreading.answer_spread(spread, koping, Answer.INTERESTED, "")
        workflow.confirm_backing(db.session.get(Submission, made["backing"]), koping)
        db.session.get(Submission, made["method"]).review_date = TODAY + timedelta(99)
        db.session.commit()
        assert node_todo(org("koping")).total == 0


def test_the_to_do_list_is_one_statement_per_kind(app, people, count_queries):
    with app.app_context():
        for _ in range(3):
            _each_kind("koping", "fagersta")
        db.session.expire_all()
        koping = org("koping")
        with count_queries() as counted:
            todo = node_todo(koping)
            # what the list shows, read without another statement
            for s in [*todo.info_requests, *todo.backing]:
                assert s.title and s.origin.name
            for item in todo.spreads:
                assert item.spread.submission.title and item.spread.deadline
            for item in todo.reviews:
                assert item.method.title and item.method.review_date
        assert todo.total == 12
        assert len(counted.queries) == 4


def test_the_coordinator_sees_att_gora_with_counts_and_links(app, client, people):
    with app.app_context():
        made = _each_kind("koping", "fagersta")["koping"]
    login(client, "k@samnod.test")
    page = client.get("/nodes/koping/").get_data(as_text=True)
    todo = page[page.index('id="todo"') : page.index("</section>")]
    assert "Att göra (4)" in todo
    assert "Kompletteringar att besvara (1)" in todo
    assert "Spridningar att besvara (1)" in todo
    assert "Stöd att bekräfta (1)" in todo
    assert "Metoder att se över (1)" in todo
    assert f'href="/submissions/{made["info"]}#thread"' in todo
    assert f'href="#spread-{made["spread"]}"' in todo
    assert f'href="/submissions/{made["backing"]}#parties-heading"' in todo
    assert f'href="/methods/{made["method"]}"' in todo
    assert "försenad" in todo
    for title in ("Komplettering", "Spridd till", "Stöd", "Metod"):
        assert f"{title} fagersta" not in todo  # another member's work
    assert f'id="spread-{made["spread"]}"' in page  # the card the link goes to


def test_an_empty_to_do_list_says_so(app, client, people):
    login(client, "k@samnod.test")
    page = client.get("/nodes/koping/").get_data(as_text=True)
    assert "Att göra (0)" in page and "Inget väntar på er nod just nu." in page


@pytest.mark.parametrize(
    "email,node",
    [
        ("p@samnod.test", "koping"),  # a practitioner of the same member
        ("karin@samnod.test", "koping"),  # the office
        ("f@samnod.test", "koping"),  # another member's coordinator
    ],
)
def test_only_the_nodes_coordinators_see_its_to_do_list(
    app, client, people, email, node
):
    with app.app_context():
        _each_kind("koping", "fagersta")
    login(client, email)
    response = client.get(f"/nodes/{node}/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="todo"' not in page and "Att göra" not in page


def _receiving(app, deadline=None) -> tuple[int, int]:
    with app.app_context():
        sub = _sub("fagersta", "Hälsofrämjande aktivitetsgrupp")
        spread = _spread(sub, "koping", deadline)
        db.session.commit()
        return sub.id, spread.id


def test_the_office_message_is_on_the_card_the_submission_and_the_notice(
    app, client, people
):
    sub_id, spread_id = _receiving(app)
    login(client, "k@samnod.test")
    escaped = MESSAGE.replace("<", "&lt;").replace(">", "&gt;")
    node_page = client.get("/nodes/koping/").get_data(as_text=True)
    card = node_page[node_page.index(f'id="spread-{spread_id}"') :]
    assert "Meddelande från förbundskansliet" in card and escaped in card
    submission = client.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert "Spritt till Köpings kommun" in submission and escaped in submission
    assert f"/nodes/koping/#spread-{spread_id}" in submission
    notices = client.get("/notifications").get_data(as_text=True)
    assert escaped in notices
    with app.app_context():
        koping = _user("k@samnod.test")
        notice = db.session.scalar(db.select(Notification).filter_by(kind="spread"))
        mail = compose(koping, [notice], digest=False)
    assert MESSAGE in mail.get_body(("plain",)).get_content()
    assert escaped in mail.get_body(("html",)).get_content()


def test_another_node_does_not_see_the_message_on_the_submission(app, client, people):
    sub_id, _spread_id = _receiving(app)
    login(client, "f@samnod.test")  # the origin: the message went to Köping
    page = client.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert "Meddelande från förbundskansliet" not in page


def test_a_spread_starts_with_no_answer_chosen(app, client, people):
    _sub_id, spread_id = _receiving(app)
    login(client, "k@samnod.test")
    page = client.get("/nodes/koping/").get_data(as_text=True)
    card = page[page.index(f'id="spread-{spread_id}"') :]
    card = card[: card.index("</li>")]
    radios = re.findall(r'<input type="radio"[^>]*>', card)
    assert len(radios) == 4 and all("required" in r for r in radios)
    assert not [r for r in radios if "checked" in r]


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_an_answer_must_be_chosen(app, client, people, headers):
    _sub_id, spread_id = _receiving(app)
    login(client, "k@samnod.test")
    token = csrf_token(client.get("/nodes/koping/").get_data(as_text=True))
    response = client.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": token, "note": "Vi återkommer, 100 % säkert!"},
        headers=headers,
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert ("<html" in body) == (not headers)
    assert f'<p class="error" id="answer-{spread_id}-error">Välj nodens svar.</p>' in (
        body
    )
    assert f'aria-describedby="answer-{spread_id}-error"' in body
    assert 'aria-invalid="true" autofocus' in body  # the first choice
    assert "Vi återkommer, 100 % säkert!</textarea>" in body  # kept
    with app.app_context():
        assert db.session.get(Spread, spread_id).answer is None


def test_an_answer_by_htmx_swaps_the_card_and_the_to_do_list(app, client, people):
    _sub_id, spread_id = _receiving(app, TODAY - timedelta(days=3))
    login(client, "k@samnod.test")
    page = client.get("/nodes/koping/").get_data(as_text=True)
    assert "Spridningar att besvara (1)" in page
    response = client.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": csrf_token(page), "answer": "adopting", "note": "Vi kör"},
        headers=HX,
    )
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert body.lstrip().startswith(f'<li class="card" id="spread-{spread_id}">')
    assert f'id="spread-{spread_id}-status" class="answer-status" tabindex="-1"' in (
        body
    )
    assert 'tabindex="-1" autofocus>Vårt svar: ' in body
    assert "Under införande" in body and "försenad" not in body
    assert 'id="todo" class="todo" aria-labelledby="todo-heading" hx-swap-oob' in body
    assert "Att göra (0)" in body
    assert "Ditt svar är sparat." in body  # the flash, out of band
    with app.app_context():
        spread = db.session.get(Spread, spread_id)
        assert spread.answer == Answer.ADOPTING and spread.answer_note == "Vi kör"


def test_a_plain_answer_redirects_to_the_card(app, client, people):
    _sub_id, spread_id = _receiving(app)
    login(client, "k@samnod.test")
    page = client.get("/nodes/koping/").get_data(as_text=True)
    response = client.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": csrf_token(page), "answer": "not_relevant"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/nodes/koping/#spread-{spread_id}")
    page = client.get("/nodes/koping/").get_data(as_text=True)
    card = page[page.index(f'id="spread-{spread_id}"') :]
    assert 'value="not_relevant" required checked' in card[: card.index("</li>")]


def _needs_info(app) -> int:
    with app.app_context():
        sub = _sub("koping", "Unga vuxna utan sysselsättning")
        _move(sub, Status.NEEDS_INFO)
        db.session.commit()
        return sub.id


def _inbox_row(client, sub_id: int, status: str = "submitted") -> str:
    page = client.get(f"/inbox/?status={status}").get_data(as_text=True)
    start = page.index(f'<tr id="row-{sub_id}"')
    return page[start : page.index("</tr>", start)]


def test_an_answer_to_a_request_updates_status_and_timeline_in_place(
    app, client, people
):
    sub_id = _needs_info(app)
    login(client, "k@samnod.test")
    page = client.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert 'id="submission-status"' in page and "Komplettering begärd" in page
    response = client.post(
        f"/submissions/{sub_id}/comments",
        data={"csrf_token": csrf_token(page), "text": "Det gäller 40 personer."},
        headers=HX,
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert '<section id="thread"' in body and "<html" not in body
    status = body[body.index('<p id="submission-status" hx-swap-oob="true">') :]
    assert "Inskickad" in status[: status.index("</p>")]
    timeline = body[body.index('<section id="timeline"') :]
    assert 'hx-swap-oob="true"' in timeline[: timeline.index(">")]
    assert "från Komplettering begärd till Inskickad" in timeline


def test_the_inbox_marks_an_answer_until_the_office_acts(app, client, people):
    sub_id = _needs_info(app)
    with app.app_context():
        sub = db.session.get(Submission, sub_id)
        workflow.add_comment(sub, _user("k@samnod.test"), "Här är svaret.")
        db.session.commit()
    login(client, "karin@samnod.test")
    assert "Svar på komplettering" in _inbox_row(client, sub_id)
    with app.app_context():  # an internal note is not acting on it
        sub = db.session.get(Submission, sub_id)
        triage.add_note(sub, _user("karin@samnod.test"), "Kollar med Maria.")
        db.session.commit()
    assert "Svar på komplettering" in _inbox_row(client, sub_id)
    assert post_status(client, sub_id, "in_review").status_code == 200
    assert "Svar på komplettering" not in _inbox_row(client, sub_id, "in_review")


def test_a_submission_sent_without_a_request_is_not_marked(app, client, people):
    with app.app_context():
        sub_id = _sub("koping", "Nytt behov").id
        db.session.commit()
    login(client, "karin@samnod.test")
    assert "Svar på komplettering" not in _inbox_row(client, sub_id)
