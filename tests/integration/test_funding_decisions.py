"""The board's funding decisions, recorded from the inbox pane (issue 11, item 1).

A grant needs two distinct member parties that have confirmed their backing; a
decision and every change of it is an event on the timeline, version-checked,
and told to the origin's and the backers' coordinators; a grant makes the insats.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from models import (
    Decision,
    Event,
    EventKind,
    FundingRequest,
    Insats,
    Kind,
    Notification,
    Role,
    Status,
    Submission,
    User,
    db,
    triage,
    workflow,
)
from models.base import local_today
from tests.conftest import HX, login, org, page_token
from tests.integration.conftest import pane

DAY = local_today() - timedelta(days=10)
NBSP = "\u00a0"


@pytest.fixture
def vasteras(make_user):
    """Västerås stad's coordinator, who is asked to back the initiative."""
    return make_user(Role.COORDINATOR, "vasteras", email="v@samnod.test")


def _user(email: str) -> User:
    return db.session.scalar(db.select(User).filter_by(email=email))


def initiative(app, parties=("vasteras",), status=Status.IN_REVIEW) -> int:
    """Köping's initiative asking for 300 000 kr, sent and taken up by the office."""
    with app.app_context():
        author, officer = _user("k@samnod.test"), _user("kollega@samnod.test")
        sub = workflow.create(
            Kind.INITIATIVE,
            org("koping"),
            author,
            {"title": "Arbetsträning i Köping och Västerås", "summary": "Gemensamt"},
            [],
            [org(slug) for slug in parties],
        )
        workflow.set_funding(sub, 300_000, "- Personal: 300 000 kr")
        workflow.submit(sub, author)
        if status != Status.SUBMITTED:
            triage.transition(sub, Status.IN_REVIEW, officer)
        if status == Status.ACCEPTED:
            triage.transition(sub, Status.ACCEPTED, officer)
        db.session.commit()
        return sub.id


def confirm(app, sub_id: int, email: str = "v@samnod.test") -> None:
    with app.app_context():
        workflow.confirm_backing(db.session.get(Submission, sub_id), _user(email))
        db.session.commit()


def decision(**changes) -> dict:
    """A grant as the office fills it in; `changes` replace fields."""
    return {
        "decision": "granted",
        "granted_amount": "250 000",
        "decided_on": DAY.isoformat(),
        "reference": "LSFV 2026/14 § 7",
        "note": "Följs upp per tertial.",
    } | changes


def post_funding(client, sub_id: int, headers=HX, version_offset=0, **changes):
    token, version = pane(client, sub_id)
    return client.post(
        f"/inbox/{sub_id}/funding",
        headers=headers,
        data={"csrf_token": token, "version": version + version_offset}
        | decision(**changes),
    )


def funding(app, sub_id: int) -> FundingRequest:
    with app.app_context():
        request = db.session.scalar(
            db.select(FundingRequest).filter_by(submission_id=sub_id)
        )
        db.session.expunge(request)
        return request


def funding_events(app, sub_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(Event.note)
                .filter_by(submission_id=sub_id, kind=EventKind.FUNDING)
                .order_by(Event.id)
            )
        )


def told(app) -> list[str]:
    """Who was notified of a funding decision, by e-mail address."""
    with app.app_context():
        return sorted(
            db.session.scalars(
                db.select(User.email)
                .join(Notification, Notification.user_id == User.id)
                .where(Notification.kind == "funding")
            )
        )


def nothing_decided(app, sub_id: int) -> None:
    assert funding(app, sub_id).decision == Decision.PENDING
    assert funding_events(app, sub_id) == []
    assert told(app) == []
    with app.app_context():
        assert db.session.get(Insats, sub_id) is None


def test_the_pane_shows_the_backing_the_rule_counts_before_the_office_decides(
    app, office, vasteras
):
    sub_id = initiative(app)
    body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert "Stöd: 1 av 2 namngivna parter har bekräftat" in body
    assert "Köpings kommun" in body and "Västerås stad — väntar" in body
    assert "Ett beviljande kräver 2." in body
    assert "av 13 parter" not in body
    # the radio pair in a fieldset with a legend, the form posts to the route
    assert "<legend>Styrelsens beslut</legend>" in body
    assert f'action="/inbox/{sub_id}/funding' in body


def test_a_grant_with_one_confirmed_party_is_refused_at_the_decision_field(
    app, office, vasteras
):
    sub_id = initiative(app)
    response = post_funding(office, sub_id)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="decision-error"' in body
    assert (
        "Ett beviljande kräver att minst 2 medlemsparter har bekräftat att de står "
        "bakom; 1 har bekräftat (Köpings kommun). Väntar på: Västerås stad." in body
    )
    assert 'aria-describedby="decision-error"' in body
    # what the officer wrote is kept
    assert 'value="250 000"' in body and 'value="LSFV 2026/14 § 7"' in body
    assert re.search(r'<input[^>]*checked[^>]*value="granted"', body)
    assert "Följs upp per tertial." in body
    nothing_decided(app, sub_id)


def test_after_the_second_party_confirms_the_grant_goes_through(app, office, vasteras):
    sub_id = initiative(app)
    confirm(app, sub_id)
    response = post_funding(office, sub_id)
    assert response.status_code == 200
    assert "submission-changed" in response.headers["HX-Trigger"]
    assert "HX-Request" in response.headers["Vary"]
    body = response.get_data(as_text=True)
    assert "<html" not in body  # the pane, with the list's row out of band
    assert "Beslutet om samverkansmedel är registrerat." in body
    assert "Ändra beslutet" in body  # the form now changes the decision
    saved = funding(app, sub_id)
    assert saved.decision == Decision.GRANTED and saved.granted_amount == 250_000
    assert (saved.decided_on, saved.reference) == (DAY, "LSFV 2026/14 § 7")
    assert saved.decision_note == "Följs upp per tertial."
    assert saved.decided_at is not None
    with app.app_context():
        assert saved.decided_by_id == _user("karin@samnod.test").id
        insats = db.session.get(Insats, sub_id)
        assert insats.name == "Arbetsträning i Köping och Västerås"
        assert [o.slug for o in insats.served] == ["koping"]
    listed = office.get("/funds/").get_data(as_text=True)
    assert "Arbetsträning i Köping och Västerås" in listed
    assert funding_events(app, sub_id) == [
        f"Beviljat 250{NBSP}000{NBSP}kr (styrelsebeslut {DAY.isoformat()}, "
        "LSFV 2026/14 § 7). Följs upp per tertial."
    ]
    assert "registrerade beslutet om samverkansmedel" in body  # on the timeline


def test_the_origins_and_the_backers_coordinators_are_told(app, office, vasteras):
    sub_id = initiative(app)
    confirm(app, sub_id)
    post_funding(office, sub_id)
    # Fagersta's coordinator is not named on it; the office is not told
    assert told(app) == ["k@samnod.test", "v@samnod.test"]
    coordinator = app.test_client()
    login(coordinator, "v@samnod.test")
    page = coordinator.get("/notifications").get_data(as_text=True)
    assert (
        "Styrelsens beslut om samverkansmedel för ”Arbetsträning i Köping och "
        f"Västerås”: beviljat 250{NBSP}000{NBSP}kr" in page
    )


def test_a_change_of_the_decision_is_a_second_event_and_keeps_the_insats(
    app, office, vasteras
):
    sub_id = initiative(app, status=Status.ACCEPTED)
    confirm(app, sub_id)
    assert post_funding(office, sub_id).status_code == 200
    response = post_funding(
        office, sub_id, decision="rejected", granted_amount="", reference="§ 12"
    )
    assert response.status_code == 200
    first, second = funding_events(app, sub_id)
    assert second.startswith(f"Ändrat till: Avslag (styrelsebeslut {DAY}, § 12)")
    assert f"(tidigare: Beviljat 250{NBSP}000{NBSP}kr" in second
    saved = funding(app, sub_id)
    assert saved.decision == Decision.REJECTED and saved.granted_amount is None
    with app.app_context():
        assert db.session.get(Insats, sub_id) is not None  # nothing is deleted
    listed = office.get("/funds/").get_data(as_text=True)
    assert "Arbetsträning i Köping och Västerås" not in listed  # no longer granted
    assert told(app).count("k@samnod.test") == 2


def test_the_same_decision_twice_is_not_recorded_again(app, office, vasteras):
    sub_id = initiative(app)
    confirm(app, sub_id)
    post_funding(office, sub_id)
    response = post_funding(office, sub_id)
    assert response.status_code == 422
    assert "Det här beslutet är redan registrerat" in response.get_data(as_text=True)
    assert len(funding_events(app, sub_id)) == 1


def test_a_stale_version_gets_409_with_the_fresh_pane_and_the_input_kept(
    app, office, vasteras
):
    sub_id = initiative(app)
    confirm(app, sub_id)
    response = post_funding(office, sub_id, version_offset=-1)
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Någon annan har ändrat" in body
    assert 'value="LSFV 2026/14 § 7"' in body
    nothing_decided(app, sub_id)


def test_a_coordinator_cannot_record_a_decision(app, client, make_user, vasteras):
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    make_user(Role.CENTRAL, "kansli", email="kollega@samnod.test")
    sub_id = initiative(app)
    confirm(app, sub_id)
    login(client, "k@samnod.test")
    response = client.post(
        f"/inbox/{sub_id}/funding",
        headers=HX,
        data={"csrf_token": page_token(client), "version": 3} | decision(),
    )
    assert response.status_code == 403
    nothing_decided(app, sub_id)


TOMORROW = (local_today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"granted_amount": "0"}, "granted_amount", "mellan 1"),
        ({"granted_amount": "-5"}, "granted_amount", "mellan 1"),
        ({"granted_amount": "abc"}, "granted_amount", "hela kronor, bara med siffror"),
        ({"granted_amount": "12,50"}, "granted_amount", "bara med siffror"),
        ({"granted_amount": "100 000 001"}, "granted_amount", "100\u00a0000\u00a0000"),
        ({"granted_amount": ""}, "granted_amount", "Ange beviljat belopp"),
        (
            {"decision": "rejected", "granted_amount": "1 000"},
            "granted_amount",
            "Lämna beloppet tomt",
        ),
        ({"decided_on": TOMORROW}, "decided_on", "framåt i tiden"),
        ({"decided_on": "2023-12-31"}, "decided_on", "från och med 2024-01-01"),
        ({"decided_on": ""}, "decided_on", "Ange datum för styrelsens beslut"),
        ({"decided_on": "14 mars"}, "decided_on", "år-månad-dag"),
        ({"reference": "  "}, "reference", "protokollsparagraf eller diarienummer"),
        ({"reference": "x" * 101}, "reference", "Högst 100 tecken"),
        ({"decision": "pending"}, "decision", "beviljas eller avslås"),
        ({"decision": ""}, "decision", "beviljas eller avslås"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_kept(
    app, office, vasteras, changes, field, message
):
    sub_id = initiative(app)
    confirm(app, sub_id)
    response = post_funding(office, sub_id, **changes)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in body
    error = body.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    if field != "decision":
        assert f'aria-describedby="{field}-hint {field}-error"' in body
        assert 'aria-invalid="true"' in body
    kept = changes.get(field, "")
    if field in {"granted_amount", "reference"} and kept.strip():
        assert f'value="{kept}"' in body
    nothing_decided(app, sub_id)


def test_an_amount_written_with_kr_is_read(app, office, vasteras):
    sub_id = initiative(app)
    confirm(app, sub_id)
    response = post_funding(office, sub_id, granted_amount="1 200 000 kr")
    assert response.status_code == 200
    assert funding(app, sub_id).granted_amount == 1_200_000


def test_only_an_initiative_in_review_or_accepted_can_be_decided(app, office, vasteras):
    sub_id = initiative(app, status=Status.SUBMITTED)
    confirm(app, sub_id)
    body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert f'action="/inbox/{sub_id}/funding' not in body
    assert "medan initiativet är under beredning eller accepterat" in body
    response = post_funding(office, sub_id)
    assert response.status_code == 422
    assert 'id="decision-error"' in response.get_data(as_text=True)
    nothing_decided(app, sub_id)


def test_without_htmx_a_decision_redirects_and_a_refusal_is_the_whole_page(
    app, office, vasteras
):
    sub_id = initiative(app)
    refused = post_funding(office, sub_id, headers={})
    assert refused.status_code == 422
    assert "<html" in refused.get_data(as_text=True)
    assert 'id="decision-error"' in refused.get_data(as_text=True)
    confirm(app, sub_id)
    done = post_funding(office, sub_id, headers={})
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/inbox/{sub_id}")
    page = office.get(done.headers["Location"]).get_data(as_text=True)
    assert "Beslutet om samverkansmedel är registrerat." in page
    assert "LSFV 2026/14 § 7" in page


def test_the_funding_sections_ids_are_unique_on_the_whole_inbox_page(
    app, office, vasteras
):
    sub_id = initiative(app)
    page = office.get(f"/inbox/{sub_id}").get_data(as_text=True)
    section = page.split('<section id="funding-decision"', 1)[1].split("</section>")[0]
    ids = set(re.findall(r'\sid="([^"]+)"', section))
    assert {"decision-0", "granted_amount", "decided_on", "reference"} <= ids
    assert [i for i in ids if page.count(f'id="{i}"') != 1] == []
    # Nor anywhere else on it: each form's token, the filter's and the pane's
    # assignee (the Nu Html Checker found them twice).
    every = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in every if every.count(i) > 1}) == []


def test_the_node_sees_the_decision_and_both_reach_the_insats(app, office, vasteras):
    sub_id = initiative(app)
    coordinator = app.test_client()
    login(coordinator, "v@samnod.test")
    before = coordinator.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert "Ett beviljande kräver minst två medlemsparter som har bekräftat." in before
    assert f"/funds/{sub_id}" not in before
    confirm(app, sub_id)
    post_funding(office, sub_id)
    page = coordinator.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert f"Beviljat, 250{NBSP}000{NBSP}kr" in page and "LSFV 2026/14 § 7" in page
    assert f'href="/funds/{sub_id}"' in page
    pane = office.get(f"/inbox/{sub_id}").get_data(as_text=True)
    assert f'href="/funds/{sub_id}"' in pane
    assert coordinator.get(f"/funds/{sub_id}").status_code == 200
