"""Fixtures for the office's integration tests: signed-in officers and sent work."""

from __future__ import annotations

import re

import pytest

from models import Kind, Role, User, db, workflow
from tests.conftest import HX, csrf_token, login, org


@pytest.fixture
def office(app, client, make_user):
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    make_user(Role.COORDINATOR, "fagersta", email="f@samnod.test")
    make_user(Role.CENTRAL, "kansli", email="kollega@samnod.test")
    login(client, make_user(Role.CENTRAL, "kansli", email="karin@samnod.test"))
    return client


def sent(app, node="koping", title="Behov av arbetsträning", kind=Kind.NEED) -> int:
    with app.app_context():
        author = db.session.scalar(
            db.select(User).filter_by(
                email="k@samnod.test" if node == "koping" else "f@samnod.test"
            )
        )
        sub = workflow.create(
            kind,
            org(node),
            author,
            {"title": title, "summary": "Sammanfattning"},
            [],
            [],
        )
        workflow.submit(sub, author)
        db.session.commit()
        return sub.id


def pane(client, sub_id) -> tuple[str, int]:
    body = client.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    version = int(re.search(r'name="version" value="(\d+)"', body).group(1))
    return csrf_token(body), version
