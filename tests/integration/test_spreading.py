"""The office spreads what works; receiving nodes answer."""

from __future__ import annotations

import pytest

from models import Answer, Notification, Spread, Status, Submission, User, db
from tests.conftest import HX, csrf_token, login
from tests.integration.conftest import pane, sent


def _accept(app, sub_id):
    with app.app_context():
        db.session.get(Submission, sub_id).status = Status.ACCEPTED
        db.session.commit()


def _spread(client, sub_id, **data):
    token, version = pane(client, sub_id)
    return client.post(
        f"/inbox/{sub_id}/spread",
        headers=HX,
        data={"csrf_token": token, "version": version} | data,
    )


def _receivers(app, sub_id) -> set[str]:
    with app.app_context():
        return {
            s.organisation.slug
            for s in db.session.scalars(
                db.select(Spread).filter_by(submission_id=sub_id)
            )
        }


def test_spread_to_an_area_skips_the_origin_and_tells_the_nodes(app, office):
    sub_id = sent(app, "fagersta", "Hälsofrämjande aktivitetsgrupp")
    _accept(app, sub_id)
    response = _spread(
        office,
        sub_id,
        targets=["area:norra-vastmanland", "koping"],
        message="Prova gärna!",
        deadline="2099-01-31",
    )
    assert response.status_code == 200
    assert _receivers(app, sub_id) == {"norberg", "skinnskatteberg", "koping"}
    body = response.get_data(as_text=True)
    assert "Fagersta kommun: det är där inskicket kommer ifrån" in body
    with app.app_context():
        told = {
            db.session.get(User, n.user_id).email
            for n in db.session.scalars(
                db.select(Notification).filter_by(kind="spread")
            )
        }
    assert told == {"k@samnod.test"}  # Köping's coordinator; the others have none


def test_spreading_again_skips_nodes_that_have_it(app, office):
    sub_id = sent(app, "fagersta")
    _accept(app, sub_id)
    _spread(office, sub_id, targets=["koping"])
    response = _spread(office, sub_id, targets=["koping", "sala"])
    body = response.get_data(as_text=True)
    # The whole message is Swedish, not "… Skipped: …" around a translated reason.
    assert (
        "Spritt till 1 nod: Sala kommun. "
        "Hoppade över: Köpings kommun: den har det redan." in body
    )
    assert _receivers(app, sub_id) == {"koping", "sala"}


@pytest.mark.parametrize(
    "targets,status", [(["gotland"], 422), (["area:finns-inte"], 422), ([], 422)]
)
def test_unknown_targets_are_refused(app, office, targets, status):
    sub_id = sent(app, "fagersta")
    _accept(app, sub_id)
    response = _spread(office, sub_id, targets=targets)
    assert response.status_code == status
    assert 'id="targets-error"' in response.get_data(as_text=True)
    assert _receivers(app, sub_id) == set()


def test_only_accepted_submissions_can_be_spread(app, office):
    sub_id = sent(app, "fagersta")
    response = _spread(office, sub_id, targets=["koping"])
    assert response.status_code == 422
    assert _receivers(app, sub_id) == set()


def test_the_receiving_node_answers_and_moves_its_answer_on(app, office):
    sub_id = sent(app, "fagersta", "Hälsofrämjande aktivitetsgrupp")
    _accept(app, sub_id)
    _spread(office, sub_id, targets=["koping"])
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    assert "Hälsofrämjande aktivitetsgrupp" in page and "Vårt svar" in page
    with app.app_context():
        spread_id = db.session.scalar(db.select(Spread.id))
    for answer in ("interested", "adopting"):
        response = node.post(
            f"/spreads/{spread_id}/answer",
            data={
                "csrf_token": csrf_token(page),
                "answer": answer,
                "note": "Vi testar.",
            },
        )
        assert response.status_code == 303
    with app.app_context():
        spread = db.session.get(Spread, spread_id)
        assert spread.answer == Answer.ADOPTING and spread.answer_note == "Vi testar."
    timeline = node.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert "Köpings kommun: Under införande" in timeline


def test_another_node_cannot_answer(app, office):
    sub_id = sent(app, "fagersta")
    _accept(app, sub_id)
    _spread(office, sub_id, targets=["sala"])
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    with app.app_context():
        spread_id = db.session.scalar(db.select(Spread.id))
    response = node.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": csrf_token(page), "answer": "adopted"},
    )
    assert response.status_code == 403
