"""Notes never block decisions: a colleague's internal note or the node's comment
does not make an officer's status change or assignment stale; a change to what
the officer changes does, and the 409 shows the fresh state in the list too."""

from __future__ import annotations

from models import Event, Status, Submission, User, db
from tests.conftest import HX, csrf_token, login
from tests.integration.conftest import pane, sent


def _colleague(app):
    colleague = app.test_client()
    login(colleague, "kollega@samnod.test")
    return colleague


def _note(client, sub_id: int, text: str):
    token, _version = pane(client, sub_id)
    return client.post(
        f"/inbox/{sub_id}/notes",
        headers=HX,
        data={"csrf_token": token, "text": text},
    )


def _status(client, sub_id, token, version, status, message=""):
    return client.post(
        f"/inbox/{sub_id}/status",
        headers=HX,
        data={
            "csrf_token": token,
            "version": version,
            "status": status,
            "message": message,
        },
    )


def _assign(client, sub_id, token, version, assignee):
    return client.post(
        f"/inbox/{sub_id}/assign",
        headers=HX,
        data={"csrf_token": token, "version": version, "assignee": assignee},
    )


def test_a_colleagues_note_does_not_make_a_status_change_stale(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)  # read before the note
    with app.app_context():
        before = db.session.get(Submission, sub_id).last_activity_at
    assert _note(_colleague(app), sub_id, "Jag ringer dem i morgon.").status_code == 200
    with app.app_context():
        sub = db.session.get(Submission, sub_id)
        assert sub.version == version  # the note is not a change of the submission
        assert sub.last_activity_at > before  # but it is activity
    response = _status(office, sub_id, token, version, "in_review")
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.IN_REVIEW


def test_a_note_does_not_make_an_assignment_stale_either(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    _note(_colleague(app), sub_id, "Kolla budgeten.")
    assert _assign(office, sub_id, token, version, "me").status_code == 200
    with app.app_context():
        sub = db.session.get(Submission, sub_id)
        assert sub.assignee.email == "karin@samnod.test"


def test_the_nodes_comment_does_not_make_a_status_change_stale(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get(f"/submissions/{sub_id}").get_data(as_text=True)
    node.post(
        f"/submissions/{sub_id}/comments",
        data={"csrf_token": csrf_token(page), "text": "Vi har fler siffror nu."},
    )
    response = _status(office, sub_id, token, version, "accepted")
    assert response.status_code == 200


def test_a_status_changed_meanwhile_is_still_a_conflict(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    colleague = _colleague(app)
    ctoken, cversion = pane(colleague, sub_id)
    _note(colleague, sub_id, "Först en anteckning.")
    assert _status(colleague, sub_id, ctoken, cversion, "in_review").status_code == 200
    response = _status(office, sub_id, token, version, "declined", "Passar inte.")
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Någon annan har ändrat" in body
    assert "Passar inte." in body  # what was written is kept
    # The list's row is swapped out of band with the fresh status, and the counts.
    row = body[
        body.index(f'<tr id="row-{sub_id}" aria-current="true" hx-swap-oob="true">') :
    ]
    assert "Under beredning" in row[: row.index("</tr>")]
    assert 'id="inbox-counts" class="counts" hx-swap-oob="true"' in body
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.IN_REVIEW


def test_an_assignee_changed_meanwhile_is_still_a_conflict(app, office):
    sub_id = sent(app)
    token, version = pane(office, sub_id)
    colleague = _colleague(app)
    ctoken, cversion = pane(colleague, sub_id)
    assert _assign(colleague, sub_id, ctoken, cversion, "me").status_code == 200
    response = _assign(office, sub_id, token, version, "me")
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    row = body[
        body.index(f'<tr id="row-{sub_id}" aria-current="true" hx-swap-oob="true">') :
    ]
    with app.app_context():
        name = db.session.scalar(
            db.select(User.name).filter_by(email="kollega@samnod.test")
        )
        assert db.session.get(Submission, sub_id).assignee.name == name
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(Event).filter_by(kind="assigned")
            )
            == 1
        )
    assert name in row[: row.index("</tr>")]
