"""Least privilege: an admin administers; no node writing, no triage, never assigned."""

from __future__ import annotations

import pytest

from models import Status, Submission, User, db
from tests.conftest import HX, page_token
from tests.integration.conftest import pane, sent

NEW = "/nodes/koping/submissions/new?kind=need"


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Submission.id)))


def test_an_admin_cannot_open_or_post_the_new_submission_form(app, admin):
    assert admin.get(NEW).status_code == 403
    response = admin.post(
        NEW,
        data={
            "csrf_token": page_token(admin),
            "title": "Ett behov",
            "summary": "Kort",
            "body": "Text",
            "action": "submit",
        },
    )
    assert response.status_code == 403
    assert _count(app) == 0


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/inbox/", {}),
        ("GET", "/inbox/{id}", {}),
        ("POST", "/inbox/{id}/status", {"status": "in_review", "version": "1"}),
        ("POST", "/inbox/{id}/assign", {"assignee": "me", "version": "1"}),
        ("POST", "/inbox/{id}/notes", {"text": "Jag tittar på det"}),
        ("POST", "/inbox/{id}/spread", {"targets": "all", "version": "1"}),
    ],
)
def test_an_admin_cannot_triage(app, office, admin, method, path, data):
    sub_id = sent(app)
    url = path.format(id=sub_id)
    if method == "GET":
        response = admin.get(url, headers=HX)
    else:
        response = admin.post(
            url, headers=HX, data=data | {"csrf_token": page_token(admin)}
        )
    assert response.status_code == 403
    with app.app_context():
        sub = db.session.get(Submission, sub_id)
        assert (sub.status, sub.assignee) == (Status.SUBMITTED, None)


def test_an_admin_is_not_offered_as_an_assignee(app, office, admin):
    sub_id = sent(app)
    body = office.get(f"/inbox/{sub_id}").get_data(as_text=True)
    with app.app_context():
        colleague = db.session.scalar(
            db.select(User.name).filter_by(email="kollega@samnod.test")
        )
    assert f">{colleague}</option>" in body
    assert f">{admin.user.name}</option>" not in body
    token, version = pane(office, sub_id)
    response = office.post(
        f"/inbox/{sub_id}/assign",
        headers=HX,
        data={"csrf_token": token, "version": version, "assignee": str(admin.user.id)},
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Submission, sub_id).assignee is None


def test_an_admin_lands_on_administration_with_no_links_it_cannot_use(app, admin):
    home = admin.get("/", follow_redirects=True)
    assert home.request.path == "/admin/"
    page = home.get_data(as_text=True)
    assert 'href="/inbox/"' not in page
    assert 'href="/admin/"' in page
    node = admin.get("/nodes/koping/").get_data(as_text=True)
    assert "/submissions/new" not in node
