"""Methods stay current: the origin node's coordinators and the county office set
the next review date and record reviews on the method's page (others 403);
`send-reminders` reminds the origin node 30 days ahead, once per review date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import Event, EventKind, Notification, Role, Status, Submission, db
from models.base import local_today
from tests.conftest import csrf_token, login
from tests.integration.test_library import method


@pytest.fixture
def people(app, make_user):
    """Fagersta's coordinators (the origin), another node's, the office, a reader."""
    return {
        "origin": make_user(Role.COORDINATOR, "fagersta", email="f@samnod.test"),
        "origin2": make_user(Role.COORDINATOR, "fagersta", email="f2@samnod.test"),
        "other": make_user(Role.COORDINATOR, "koping", email="k@samnod.test"),
        "office": make_user(Role.CENTRAL, "kansli", email="kansli@samnod.test"),
        "reader": make_user(
            Role.PRACTITIONER, "region-vastmanland", email="p@samnod.test"
        ),
    }


def _as(app, email):
    client = app.test_client()
    login(client, email)
    return client


def _post(client, method_id, path, data):
    page = client.get(f"/methods/{method_id}").get_data(as_text=True)
    return client.post(
        f"/methods/{method_id}/{path}", data={"csrf_token": csrf_token(page)} | data
    )


def _method(app, method_id) -> Submission:
    with app.app_context():
        sub = db.session.get(Submission, method_id)
        db.session.expunge(sub)
        return sub


def _events(app, method_id) -> list[tuple[EventKind, str]]:
    with app.app_context():
        rows = db.session.execute(
            db.select(Event.kind, Event.note)
            .filter_by(submission_id=method_id)
            .order_by(Event.id)
        )
        return [(kind, note) for kind, note in rows if kind != EventKind.CREATED]


def test_the_origin_node_sets_a_new_review_date_without_resubmitting(app, people):
    method_id = method(app, "Stegvis arbetsträning", review_date=local_today())
    coordinator = _as(app, "f2@samnod.test")
    page = coordinator.get(f"/methods/{method_id}").get_data(as_text=True)
    assert "Spara datumet för översyn" in page and "Registrera granskningen" in page
    new_day = local_today() + timedelta(days=365)
    response = _post(
        coordinator, method_id, "review-date", {"review_date": new_day.isoformat()}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/methods/{method_id}")
    after = _method(app, method_id)
    assert after.review_date == new_day and after.status == Status.ACCEPTED
    assert _events(app, method_id) == [(EventKind.REVIEW_DATE, new_day.isoformat())]
    page = coordinator.get(f"/methods/{method_id}").get_data(as_text=True)
    assert "satte nästa översyn till" in page
    history = coordinator.get(f"/submissions/{method_id}").get_data(as_text=True)
    assert "satte nästa översyn till" in history  # on the method's timeline


def test_the_office_records_a_review_unchanged_or_with_changes(app, people):
    method_id = method(app, "Samordnad rehabilitering")
    office = _as(app, "kansli@samnod.test")
    next_year = local_today() + timedelta(days=365)
    unchanged = _post(
        office,
        method_id,
        "review",
        {"outcome": "unchanged", "note": "", "next_review": next_year.isoformat()},
    )
    assert unchanged.status_code == 303
    later = next_year + timedelta(days=30)
    changed = _post(
        office,
        method_id,
        "review",
        {
            "outcome": "changed",
            "note": "Nya kontaktuppgifter; metodstegen förtydligade.",
            "next_review": later.isoformat(),
        },
    )
    assert changed.status_code == 303
    assert _events(app, method_id) == [
        (EventKind.REVIEWED_UNCHANGED, ""),
        (EventKind.REVIEW_DATE, next_year.isoformat()),
        (EventKind.REVIEWED_CHANGED, "Nya kontaktuppgifter; metodstegen förtydligade."),
        (EventKind.REVIEW_DATE, later.isoformat()),
    ]
    assert _method(app, method_id).review_date == later
    page = office.get(f"/methods/{method_id}").get_data(as_text=True)
    assert "registrerade en granskning: granskad, oförändrad" in page
    assert "registrerade en granskning: granskad med ändringar" in page
    assert "<q>Nya kontaktuppgifter; metodstegen förtydligade.</q>" in page


def test_bad_input_is_refused_at_its_field_with_the_input_kept(app, people):
    method_id = method(app, "Jobbcoach", review_date=local_today() + timedelta(days=9))
    office = _as(app, "f@samnod.test")
    past = _post(
        office,
        method_id,
        "review-date",
        {"review_date": (local_today() - timedelta(days=1)).isoformat()},
    )
    assert past.status_code == 422
    body = past.get_data(as_text=True)
    assert (
        'id="next-review-date-error">Nästa översyn måste vara ett datum i framtiden.'
        in body
    )
    assert 'aria-invalid="true"' in body
    garbage = _post(office, method_id, "review-date", {"review_date": "nästa vår"})
    assert garbage.status_code == 422
    assert "Ange datumet som år-månad-dag" in garbage.get_data(as_text=True)
    assert 'value="nästa vår"' in garbage.get_data(as_text=True)
    no_note = _post(
        office,
        method_id,
        "review",
        {
            "outcome": "changed",
            "note": " ",
            "next_review": (local_today() + timedelta(days=200)).isoformat(),
        },
    )
    assert no_note.status_code == 422
    body = no_note.get_data(as_text=True)
    assert 'id="note-error">Skriv vad som ändrades.' in body
    assert f'value="{(local_today() + timedelta(days=200)).isoformat()}"' in body
    nothing = _post(office, method_id, "review", {"note": "Bra", "next_review": ""})
    assert nothing.status_code == 422
    body = nothing.get_data(as_text=True)
    assert "Välj vad granskningen kom fram till." in body
    assert "Ange datumet för nästa översyn." in body
    assert "Bra</textarea>" in body
    pnr = _post(
        office,
        method_id,
        "review",
        {
            "outcome": "changed",
            "note": "Gäller 811218-9876",
            "next_review": (local_today() + timedelta(days=200)).isoformat(),
        },
    )
    assert pnr.status_code == 422
    assert _events(app, method_id) == []
    assert _method(app, method_id).review_date == local_today() + timedelta(days=9)


@pytest.mark.parametrize("who", ["k@samnod.test", "p@samnod.test"])
def test_others_are_refused_on_the_server(app, people, who):
    method_id = method(app, "Språkträning")
    client = _as(app, who)
    page = client.get(f"/methods/{method_id}").get_data(as_text=True)
    assert "Registrera granskningen" not in page
    token = csrf_token(page)
    day = (local_today() + timedelta(days=100)).isoformat()
    assert (
        client.post(
            f"/methods/{method_id}/review-date",
            data={"csrf_token": token, "review_date": day},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/methods/{method_id}/review",
            data={"csrf_token": token, "outcome": "unchanged", "next_review": day},
        ).status_code
        == 403
    )
    assert _events(app, method_id) == []


def test_only_a_method_in_the_library_is_reviewed(app, people):
    declined = method(app, "Avslagen idé", status=Status.DECLINED)
    office = _as(app, "kansli@samnod.test")
    token = csrf_token(office.get("/methods/").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "review_date": (local_today() + timedelta(days=5)).isoformat(),
    }
    # Taken out of the library since the page was read: said so, nothing saved.
    response = office.post(f"/methods/{declined}/review-date", data=data)
    assert response.status_code == 409
    assert "Den finns inte längre i metodbanken." in response.get_data(as_text=True)
    assert _method(app, declined).review_date is None
    assert office.post("/methods/99999/review-date", data=data).status_code == 404


def _reminded(app) -> list[tuple[int, int, str]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(Notification)
            .filter_by(kind="review_due")
            .order_by(Notification.id)
        )
        return [(n.user_id, n.submission_id, n.params["review_date"]) for n in rows]


def test_send_reminders_reminds_the_origin_node_30_days_ahead_once_per_date(
    app, people, runner, smtp
):
    soon = local_today() + timedelta(days=30)
    due = method(app, "Snart dags för översyn", review_date=soon)
    method(app, "Långt kvar", review_date=local_today() + timedelta(days=31))
    method(app, "Inte i biblioteket", status=Status.IN_REVIEW, review_date=soon)
    first = runner.invoke(args=["send-reminders"])
    assert "1 methods due for review reminded" in first.output
    again = runner.invoke(args=["send-reminders"])
    assert "0 methods due for review reminded" in again.output
    origin = sorted([people["origin"].id, people["origin2"].id])
    assert sorted(u for u, _m, _d in _reminded(app)) == origin
    assert {(m, d) for _u, m, d in _reminded(app)} == {(due, soon.isoformat())}
    [mail] = smtp.to("f@samnod.test")
    assert (
        "Påminnelse: er nods metod ”Snart dags för översyn” ska ses över"
        in (mail["Subject"])
    )
    assert f"/methods/{due}#review" in mail.get_body(("plain",)).get_content()
    assert not smtp.to("k@samnod.test")
    # A new review date makes a new reminder due when it comes near.
    later = local_today() + timedelta(days=10)
    _post(
        _as(app, "f@samnod.test"),
        due,
        "review-date",
        {"review_date": later.isoformat()},
    )
    assert "1 methods due" in runner.invoke(args=["send-reminders"]).output
    assert "0 methods due" in runner.invoke(args=["send-reminders"]).output
    assert [d for _u, m, d in _reminded(app)][-1] == later.isoformat()
    assert len(_reminded(app)) == 4
