"""The pane's merge picker and @mentions in internal notes (issue 13, item 5)."""

from __future__ import annotations

import pytest

from models import Notification, Role, Status, Submission, User, db
from tests.conftest import HX
from tests.integration.conftest import pane, sent


def test_a_picked_candidate_merges_though_the_number_field_is_empty(app, office):
    target = sent(app, "fagersta", "Arbetsträning för unga vuxna")
    source = sent(app, "koping", "Unga behöver arbetsträning")
    body = office.get(f"/inbox/{source}", headers=HX).get_data(as_text=True)
    # The number field does not block the browser's submit when a candidate is picked.
    number = body.split('id="target"')[1].split(">")[0]
    assert "required" not in number
    token, version = pane(office, source)
    # As the browser sends it: the picked radio first, then the empty number field.
    response = office.post(
        f"/inbox/{source}/merge",
        headers=HX,
        data={"csrf_token": token, "version": version, "target": [str(target), ""]},
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(Submission, source).merged_into_id == target


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Ange numret på inskicket"),
        ("12345678901234567890", "Ange numret med siffror"),
        ("#12!", "Ange numret med siffror"),
    ],
)
def test_a_missing_or_odd_target_is_refused_at_the_field(app, office, value, message):
    source = sent(app, "koping", "Unga behöver arbetsträning")
    token, version = pane(office, source)
    response = office.post(
        f"/inbox/{source}/merge",
        headers=HX,
        data={"csrf_token": token, "version": version, "target": value},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in text and 'aria-invalid="true"' in text
    with app.app_context():
        assert db.session.get(Submission, source).status == Status.SUBMITTED
