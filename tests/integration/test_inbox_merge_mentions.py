"""The pane's merge picker and @mentions in internal notes (issue 13, item 5)."""

from __future__ import annotations

import pytest

from models import Event, Notification, Role, Status, Submission, User, db
from tests.conftest import HX, login, org
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


def _officer(app, name: str, email: str) -> int:
    with app.app_context():
        user = User(  # exempt from MFA, as make_user's accounts are
            email=email,
            name=name,
            role=Role.CENTRAL,
            organisation=org("kansli"),
            mfa_exempt=True,
        )
        user.set_password("x" * 12)
        db.session.add(user)
        db.session.commit()
        return user.id


def _note(office, sub_id: int, text: str):
    token, _version = pane(office, sub_id)
    return office.post(
        f"/inbox/{sub_id}/notes",
        headers=HX,
        data={"csrf_token": token, "text": text},
        buffered=True,
    )


def _mentioned(app) -> set[str]:
    with app.app_context():
        return {
            db.session.get(User, n.user_id).email
            for n in db.session.scalars(
                db.select(Notification).filter_by(kind="mention")
            )
        }


def test_a_first_name_mentions_the_colleague_in_any_case(app, office):
    _officer(app, "Åsa Öberg", "asa@samnod.test")
    _officer(app, "Asa Berg", "asa.berg@samnod.test")
    sub_id = sent(app)
    assert _note(office, sub_id, "Kan @åSA, titta på budgeten?").status_code == 200
    assert _mentioned(app) == {"asa@samnod.test"}  # å is not a


def test_the_address_part_still_mentions_and_nobody_else_is_told(app, office):
    sub_id = sent(app)
    _note(office, sub_id, "mail@kollega.se och @kollega. Se även @ingen")
    assert _mentioned(app) == {"kollega@samnod.test"}


def test_the_mention_links_to_the_note_in_the_inbox_pane(app, office, smtp):
    _officer(app, "Örjan Ek", "orjan@samnod.test")
    sub_id = sent(app)
    _note(office, sub_id, "@Örjan kan du ta den här?")
    with app.app_context():
        note = db.session.scalar(db.select(Event).filter_by(kind="note"))
        anchor = f"/inbox/{sub_id}#event-{note.id}"
    [message] = smtp.to("orjan@samnod.test")
    assert anchor in message.get_body(("plain",)).get_content()
    orjan = app.test_client()
    login(orjan, "orjan@samnod.test", "x" * 12)
    listed = orjan.get("/notifications").get_data(as_text=True)
    assert f'href="{anchor}"' in listed
    pane_html = orjan.get(f"/inbox/{sub_id}").get_data(as_text=True)
    assert f'id="event-{note.id}"' in pane_html and "kan du ta den här?" in pane_html


def test_the_note_field_offers_colleagues_as_a_listbox(app, office):
    _officer(app, "Åsa Öberg", "asa@samnod.test")
    _officer(app, "Åsa Lind", "asa.lind@samnod.test")
    _officer(app, "Olle Ahl", "olle@samnod.test")
    sub_id = sent(app)
    body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert f'data-mentions="/inbox/{sub_id}/mentions"' in body
    assert 'id="note-mentions"' in body and 'role="listbox"' in body
    found = office.get(f"/inbox/{sub_id}/mentions?q=ÅS", headers=HX)
    text = found.get_data(as_text=True)
    assert found.status_code == 200 and "<html" not in text
    assert text.count('role="option"') == 2  # both Åsa, not Olle, never the writer
    # Two share the first name: each is offered by the address's part instead.
    assert 'data-mention="asa.lind"' in text and 'data-mention="asa"' in text
    none = office.get(f"/inbox/{sub_id}/mentions?q=zz%3Cb%3E", headers=HX)
    assert 'role="option"' not in none.get_data(as_text=True)
    assert "hidden" in none.get_data(as_text=True)


def test_only_the_office_asks_for_colleagues(app, office, client):
    sub_id = sent(app)
    node = app.test_client()
    login(node, "k@samnod.test")
    assert node.get(f"/inbox/{sub_id}/mentions?q=a", headers=HX).status_code == 403
    assert office.get("/inbox/999999/mentions?q=a", headers=HX).status_code == 404
