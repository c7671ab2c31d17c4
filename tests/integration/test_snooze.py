"""Snooze: out of every inbox view but "Snoozed" until its day, back by itself
on the day (woken by `send-reminders` once, with the assignee told), woken early
from the pane; a snooze always has a day after today, also in bulk."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import time_machine

from models import Event, EventKind, Notification, Submission, User, db
from models.base import local_today
from models.labels import day
from models.read.inbox import InboxFilter, inbox_page
from tests.conftest import HX, csrf_token
from tests.integration.conftest import pane, sent


def _snooze(client, sub_id: int, until: str, headers=HX):
    token, version = pane(client, sub_id)
    return client.post(
        f"/inbox/{sub_id}/snooze",
        headers=headers,
        data={"csrf_token": token, "version": version, "until": until},
    )


def _snoozed_until(app, sub_id: int) -> date | None:
    with app.app_context():
        return db.session.get(Submission, sub_id).snoozed_until


def _set_snoozed_until(app, sub_id: int, until: date | None) -> None:
    """As if the days had passed since it was snoozed."""
    with app.app_context():
        db.session.get(Submission, sub_id).snoozed_until = until
        db.session.commit()


def _kinds(app, sub_id: int) -> list[EventKind]:
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(Event.kind).filter_by(submission_id=sub_id).order_by(Event.id)
            )
        )


def _listed(body: str, sub_id: int) -> bool:
    return f'id="row-{sub_id}"' in body


def test_a_snoozed_item_leaves_every_view_but_snoozed_and_shows_its_day(app, office):
    resting = sent(app, title="Vilar en vecka")
    other = sent(app, "fagersta", title="Ligger kvar")
    until = local_today() + timedelta(days=7)
    response = _snooze(office, resting, until.isoformat())
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    with app.test_request_context():
        shown = day(until)  # as Swedish readers see it: "13 dec. 2026"
    assert f"Vilande till {shown}" in body  # in the pane
    assert f"lade den vilande till {shown}" in body  # on the timeline
    for query in (
        "?clear=1",
        "?status=submitted",
        "?assignee=none",
        "?q=vilar",
        "?node=koping",
    ):
        page = office.get(f"/inbox/{query}").get_data(as_text=True)
        assert not _listed(page, resting), query
    everything = office.get("/inbox/?clear=1").get_data(as_text=True)
    assert _listed(everything, other)
    assert "1 inskick" in everything  # the count leaves it out too
    snoozed = office.get("/inbox/?snoozed=yes").get_data(as_text=True)
    assert _listed(snoozed, resting) and not _listed(snoozed, other)
    row = snoozed[snoozed.index(f'id="row-{resting}"') :]
    assert f"Vilande till {shown}" in row[: row.index("</tr>")]
    assert 'href="/inbox/?snoozed=yes">Vilande</a>' in everything  # the view


def test_it_comes_back_on_its_day_before_any_command_runs(app, office):
    sub_id = sent(app)
    _snooze(office, sub_id, (local_today() + timedelta(days=3)).isoformat())
    assert not _listed(office.get("/inbox/?clear=1").get_data(as_text=True), sub_id)
    _set_snoozed_until(app, sub_id, local_today())  # its day has come
    assert _listed(office.get("/inbox/?clear=1").get_data(as_text=True), sub_id)
    assert not _listed(office.get("/inbox/?snoozed=yes").get_data(as_text=True), sub_id)
    pane_body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert "<strong>Vilande till" not in pane_body and "Väck nu" not in pane_body


def test_the_day_is_the_day_in_sweden_not_on_the_server(app, office):
    sub_id = sent(app)
    # 22:30 UTC on 14 June is 00:30 on 15 June in Stockholm (summer time).
    _set_snoozed_until(app, sub_id, date(2031, 6, 15))
    with app.app_context():
        user_id = db.session.scalar(
            db.select(User.id).filter_by(email="karin@samnod.test")
        )
        with time_machine.travel(datetime(2031, 6, 14, 21, 30, tzinfo=UTC)):
            assert local_today() == date(2031, 6, 14)
            ids = [s.id for s in inbox_page(InboxFilter(), user_id).items]
            assert sub_id not in ids
        with time_machine.travel(datetime(2031, 6, 14, 22, 30, tzinfo=UTC)):
            assert local_today() == date(2031, 6, 15)
            ids = [s.id for s in inbox_page(InboxFilter(), user_id).items]
            assert sub_id in ids


def test_send_reminders_wakes_it_once_on_the_timeline_and_tells_the_assignee(
    app, office, runner, smtp
):
    sub_id = sent(app, title="Sover till i dag")
    never = sent(app, title="Aldrig vilande")
    token, version = pane(office, sub_id)
    with app.app_context():
        colleague = db.session.scalar(
            db.select(User).filter_by(email="kollega@samnod.test")
        )
        colleague_id = colleague.id
    office.post(
        f"/inbox/{sub_id}/assign",
        headers=HX,
        data={"csrf_token": token, "version": version, "assignee": colleague_id},
    )
    _snooze(office, sub_id, (local_today() + timedelta(days=2)).isoformat())
    first = runner.invoke(args=["send-reminders"])
    assert "0 snoozed submissions woken" in first.output  # not its day yet
    _set_snoozed_until(app, sub_id, local_today())
    smtp.received.clear()
    first = runner.invoke(args=["send-reminders"])
    assert "1 snoozed submissions woken" in first.output
    again = runner.invoke(args=["send-reminders"])
    assert "0 snoozed submissions woken" in again.output
    assert _kinds(app, sub_id).count(EventKind.WOKEN) == 1
    assert EventKind.WOKEN not in _kinds(app, never)
    assert _snoozed_until(app, sub_id) is None
    with app.app_context():
        told = db.session.scalars(db.select(Notification).filter_by(kind="woken")).all()
        assert [n.user_id for n in told] == [colleague_id]
        assert told[0].submission_id == sub_id
    [mail] = smtp.to("kollega@samnod.test")
    assert "”Sover till i dag” är tillbaka i inkorgen" in mail["Subject"]
    assert f"/inbox/{sub_id}" in mail.get_body(("plain",)).get_content()
    body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert "Vilande upphörde (den var vilande till" in body
    assert _listed(office.get("/inbox/?clear=1").get_data(as_text=True), sub_id)


def test_wake_now_brings_it_back_before_its_day(app, office):
    sub_id = sent(app)
    _snooze(office, sub_id, (local_today() + timedelta(days=30)).isoformat())
    body = office.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    assert "Väck nu" in body
    token, version = pane(office, sub_id)
    response = office.post(
        f"/inbox/{sub_id}/wake",
        headers=HX,
        data={"csrf_token": token, "version": version},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Vilande upphörde: " in body and "väckte den före" in body
    assert "Väck nu" not in body
    assert _snoozed_until(app, sub_id) is None
    assert _listed(office.get("/inbox/?clear=1").get_data(as_text=True), sub_id)
    # Waking what is not snoozed is refused at the field, and records nothing.
    token, version = pane(office, sub_id)
    again = office.post(
        f"/inbox/{sub_id}/wake",
        headers=HX,
        data={"csrf_token": token, "version": version},
    )
    assert again.status_code == 422
    assert "Den är inte vilande." in again.get_data(as_text=True)
    assert _kinds(app, sub_id).count(EventKind.WOKEN) == 1


def test_wake_now_without_javascript_redirects_to_the_pane(app, office):
    sub_id = sent(app)
    _snooze(office, sub_id, (local_today() + timedelta(days=5)).isoformat(), {})
    page = office.get(f"/inbox/{sub_id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = office.post(
        f"/inbox/{sub_id}/wake",
        data={"csrf_token": csrf_token(page), "version": version},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/inbox/{sub_id}")
    assert _snoozed_until(app, sub_id) is None


def test_the_day_must_be_given_and_after_today(app, office):
    sub_id = sent(app)
    for typed, message in (
        ("", "Välj dagen då den kommer tillbaka."),
        (local_today().isoformat(), "Välj ett datum efter i dag."),
        (
            (local_today() - timedelta(days=1)).isoformat(),
            "Välj ett datum efter i dag.",
        ),
        ("i morgon", "Ange datumet som år-månad-dag"),
    ):
        response = _snooze(office, sub_id, typed)
        assert response.status_code == 422, typed
        body = response.get_data(as_text=True)
        assert f'<p class="error" id="until-error">{message}' in body, typed
        assert 'id="until"' in body and 'aria-invalid="true"' in body
        assert f'value="{typed}"' in body or not typed  # what was typed is kept
    assert _snoozed_until(app, sub_id) is None
    assert _kinds(app, sub_id) == [EventKind.CREATED, EventKind.STATUS]


def _bulk(client, ids, action="snooze", until=""):
    token = csrf_token(client.get("/inbox/?clear=1").get_data(as_text=True))
    return client.post(
        "/inbox/bulk",
        headers=HX,
        data={"csrf_token": token, "action": action, "until": until, "ids": ids},
    )


def test_bulk_snooze_needs_a_day_and_never_ends_a_snooze_that_was_not(app, office):
    ids = [sent(app, title="Först"), sent(app, title="Sedan")]
    response = _bulk(office, ids)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert '<p class="error" id="bulk-until-error">Välj dagen då den kommer' in body
    assert 'aria-invalid="true"' in body
    for sub_id in ids:  # the rows stay chosen
        assert f'value="{sub_id}" form="bulk-form"' in body
        row = body[body.index(f'value="{sub_id}" form="bulk-form"') :]
        assert " checked" in row[: row.index(">")]
    past = _bulk(office, ids, until=local_today().isoformat())
    assert past.status_code == 422
    assert "Välj ett datum efter i dag." in past.get_data(as_text=True)
    assert f'value="{local_today().isoformat()}"' in past.get_data(as_text=True)
    for sub_id in ids:
        assert _kinds(app, sub_id) == [EventKind.CREATED, EventKind.STATUS]
    # Other bulk actions take no date.
    assert _bulk(office, ids, action="assign_me").status_code == 200
    until = local_today() + timedelta(days=14)
    done = _bulk(office, ids, until=until.isoformat())
    assert done.status_code == 200
    assert "2 klara, 0 hoppades över" in done.get_data(as_text=True)
    for sub_id in ids:
        assert _snoozed_until(app, sub_id) == until
        kinds = _kinds(app, sub_id)
        assert EventKind.WOKEN not in kinds and EventKind.NOTE not in kinds
        assert kinds[-1] == EventKind.SNOOZED
