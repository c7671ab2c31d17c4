"""Notification e-mail, as a real SMTP server on loopback receives it."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from models import (
    Locale,
    Notification,
    NotifyPreference,
    Role,
    Spread,
    Status,
    Submission,
    User,
    db,
    outbox,
    utcnow,
    workflow,
)
from models.notification import MailStatus
from tests.conftest import HX, csrf_token, login, org
from tests.integration.conftest import LoopbackSMTP, pane, post_status, sent

BASE = "http://127.0.0.1:5000"


def _prefer(app, email, notify=None, locale=None) -> None:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        user.notify = notify or user.notify
        user.locale = locale or user.locale
        db.session.commit()


def _accepted_and_spread(app, office, deadline=""):
    sub_id = sent(app, "fagersta", "Hälsofrämjande aktivitetsgrupp")
    with app.app_context():
        db.session.get(Submission, sub_id).status = Status.ACCEPTED
        db.session.commit()
    token, version = pane(office, sub_id)
    response = office.post(
        f"/inbox/{sub_id}/spread",
        headers=HX,
        data={"csrf_token": token, "version": version, "targets": ["koping"]}
        | {"message": "Prova gärna!", "deadline": deadline},
        buffered=True,
    )
    assert response.status_code == 200
    return sub_id


def _parts(message) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_a_spread_mails_the_receiving_coordinator(app, office, smtp):
    sub_id = _accepted_and_spread(app, office, deadline="2099-01-31")
    [message] = smtp.to("k@samnod.test")
    assert message["Subject"] == (
        "Samnod: Förbundskansliet har spridit ”Hälsofrämjande aktivitetsgrupp” "
        "till din nod"
    )
    text, html = _parts(message)
    with app.app_context():
        spread_id = db.session.scalar(db.select(Spread.id))
    link = f"{BASE}/nodes/koping/#spread-{spread_id}"  # where the node answers
    assert link in text and f'href="{link}"' in html
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    assert f'id="spread-{spread_id}"' in page
    assert f"/submissions/{sub_id}" in page
    assert "Prova gärna!" in text and "Prova gärna!" in html
    assert "Svara senast 31 jan. 2099." in text
    assert f"{BASE}/account" in text and f'href="{BASE}/account"' in html
    with app.app_context():
        row = db.session.scalar(db.select(Notification).filter_by(kind="spread"))
        assert row.mail_status == MailStatus.SENT and row.emailed_at


def test_a_request_for_information_mails_the_node_with_the_question(app, office, smtp):
    sub_id = sent(app)
    assert post_status(office, sub_id, "needs_info", "Hur många platser?").status_code
    [message] = smtp.to("k@samnod.test")
    assert message["Subject"] == (
        "Samnod: Förbundskansliet begär komplettering av ”Behov av arbetsträning”"
    )
    text, html = _parts(message)
    assert "Hur många platser?" in text and "Hur många platser?" in html
    assert f"{BASE}/submissions/{sub_id}" in text


def test_a_decision_mails_the_node(app, office, smtp):
    sub_id = sent(app)
    assert post_status(office, sub_id, "accepted").status_code == 200
    [message] = smtp.to("k@samnod.test")
    assert "”Behov av arbetsträning” har nu status: Accepterad" in message["Subject"]
    assert smtp.to("kollega@samnod.test") == []  # "submitted" stays in the app


def test_an_answer_mails_the_officer_who_spread_it(app, office, smtp):
    _accepted_and_spread(app, office)
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    with app.app_context():
        spread_id = db.session.scalar(db.select(Spread.id))
    response = node.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": csrf_token(page), "answer": "adopting", "note": "Vi kör!"},
        buffered=True,
    )
    assert response.status_code == 303
    [message] = smtp.to("karin@samnod.test")
    assert "Köpings kommun svarade ”Under införande”" in message["Subject"]
    assert "Vi kör!" in _parts(message)[0]


@pytest.mark.parametrize("answer,told", [("adopted", True), ("not_relevant", False)])
def test_the_origin_node_hears_who_takes_up_what_it_shared(
    app, office, smtp, answer, told
):
    _accepted_and_spread(app, office)  # Fagersta's, spread to Köping
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    with app.app_context():
        spread_id = db.session.scalar(db.select(Spread.id))
    node.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": csrf_token(page), "answer": answer, "note": ""},
        buffered=True,
    )
    assert len(smtp.to("karin@samnod.test")) == 1  # the officer always
    origin = smtp.to("f@samnod.test")
    assert len(origin) == (1 if told else 0)
    if told:
        assert "Köpings kommun svarade ”Infört”" in origin[0]["Subject"]


def test_a_mention_mails_the_colleague(app, office, smtp):
    sub_id = sent(app)
    token, _version = pane(office, sub_id)
    office.post(
        f"/inbox/{sub_id}/notes",
        headers=HX,
        data={"csrf_token": token, "text": "@kollega kan du titta?"},
        buffered=True,
    )
    [message] = smtp.to("kollega@samnod.test")
    assert "nämnde dig i ”Behov av arbetsträning”" in message["Subject"]
    assert "kan du titta" not in _parts(message)[0]  # internal notes stay inside


def test_a_backing_request_mails_the_named_party(app, client, make_user, smtp):
    make_user(Role.COORDINATOR, "fagersta", email="f@samnod.test")
    login(client, make_user(Role.COORDINATOR, "koping", email="k@samnod.test"))
    url = "/nodes/koping/submissions/new?kind=initiative"
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "title": "Gemensam arbetsträning",
            "summary": "Kort",
            "body": "Text",
            "goal": "Mål",
            "funding_amount": "250000",
            "budget": "Lön",
            "parties": ["fagersta"],
            "action": "submit",
        },
        buffered=True,
    )
    assert response.status_code == 303
    [message] = smtp.to("f@samnod.test")
    assert message["Subject"] == (
        "Samnod: Köpings kommun ber din organisation att stå bakom: "
        "Gemensam arbetsträning"
    )


def test_a_digest_user_gets_one_mail_with_everything_and_never_twice(
    app, office, runner, smtp
):
    _prefer(app, "k@samnod.test", NotifyPreference.DIGEST)
    first, second = sent(app, title="Första behovet"), sent(app, title="Andra")
    post_status(office, first, "accepted")
    post_status(office, second, "needs_info", "Berätta mer.")
    assert smtp.to("k@samnod.test") == []
    result = runner.invoke(args=["send-digests"])
    assert "1 digests sent" in result.output
    [message] = smtp.to("k@samnod.test")
    assert message["Subject"] == "Samnod: 2 nya aviseringar"
    text, html = _parts(message)
    for words in ("Första behovet", "Andra", "Berätta mer.", "sammanfattningen"):
        assert words in text and words in html
    assert f"{BASE}/submissions/{first}" in text
    assert f"{BASE}/submissions/{second}" in text
    again = runner.invoke(args=["send-digests"])
    assert "0 digests sent" in again.output and len(smtp.received) == 1


def test_a_user_who_chose_never_gets_no_mail(app, office, runner, smtp):
    _prefer(app, "k@samnod.test", NotifyPreference.OFF)
    sub_id = sent(app)
    post_status(office, sub_id, "accepted")
    runner.invoke(args=["send-mail"])
    runner.invoke(args=["send-digests"])
    assert smtp.received == []
    node = app.test_client()
    login(node, "k@samnod.test")
    assert "1 oläst" in node.get("/notifications").get_data(as_text=True)


def test_smtp_down_the_action_succeeds_and_a_later_run_delivers(
    app, office, runner, smtp_down, caplog
):
    sub_id = sent(app)
    with caplog.at_level(logging.WARNING, logger="samnod"):
        response = post_status(office, sub_id, "accepted")
    assert response.status_code == 200
    assert "failed (attempt 1)" in caplog.text and "k@samnod.test" in caplog.text
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.ACCEPTED
        row = db.session.scalar(db.select(Notification).filter_by(kind="decision"))
        assert row.mail_status == MailStatus.PENDING and row.mail_attempts == 1
        assert "ConnectionRefusedError" in row.mail_error
        assert row.mail_next_at > row.created_at  # waits before the next try
        row.mail_next_at = None  # the wait is over
        db.session.commit()
    smtp_down.start()
    result = runner.invoke(args=["send-mail"])
    assert "1 notification mails sent" in result.output
    assert len(smtp_down.to("k@samnod.test")) == 1
    assert "0 notification mails sent" in runner.invoke(args=["send-mail"]).output


def test_a_retry_waits_for_its_time(app, office, runner, smtp_down):
    post_status(office, sent(app), "accepted")
    smtp_down.start()
    assert "0 notification mails sent" in runner.invoke(args=["send-mail"]).output
    assert smtp_down.received == []


def test_what_was_read_in_the_app_is_not_mailed_later(app, office, runner, smtp):
    _prefer(app, "k@samnod.test", NotifyPreference.DIGEST)
    post_status(office, sent(app), "accepted")
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/notifications").get_data(as_text=True)
    node.post("/notifications/read", data={"csrf_token": csrf_token(page)})
    assert "0 digests sent" in runner.invoke(args=["send-digests"]).output


def test_each_reader_gets_their_own_language(app, office, smtp, make_user):
    make_user(Role.COORDINATOR, "koping", email="en@samnod.test", locale=Locale.EN)
    _prefer(app, "karin@samnod.test", locale=Locale.EN)  # the actor writes in English
    sub_id = sent(app)
    post_status(office, sub_id, "accepted")
    [swedish] = smtp.to("k@samnod.test")
    [english] = smtp.to("en@samnod.test")
    assert "har nu status: Accepterad" in swedish["Subject"]
    assert english["Subject"] == ("Samnod: “Behov av arbetsträning” is now: Accepted")
    assert "Hello" in _parts(english)[0] and "Hej" in _parts(swedish)[0]
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/notifications").get_data(as_text=True)
    assert "”Behov av arbetsträning” har nu status: Accepterad" in page


def test_without_a_mail_host_the_mail_is_written_to_the_log(app, office, caplog):
    with caplog.at_level(logging.INFO, logger="samnod"):
        post_status(office, sent(app), "accepted")
    assert "not sent) to k@samnod.test" in caplog.text
    assert "/submissions/" in caplog.text


def test_reminders_go_once_to_nodes_that_did_not_answer(app, office, runner, smtp):
    _accepted_and_spread(app, office, deadline="2099-01-31")
    smtp.received.clear()
    with app.app_context():
        spread = db.session.scalar(db.select(Spread))
        spread.deadline = spread.created_at.date().replace(year=2020)
        db.session.commit()
    first = runner.invoke(args=["send-reminders"])
    assert "1 overdue spreads reminded" in first.output
    [message] = smtp.to("k@samnod.test")
    assert message["Subject"].startswith(
        "Samnod: Påminnelse: er nod har inte svarat på ”Hälsofrämjande"
    )
    assert f"{BASE}/nodes/koping/#spread-" in _parts(message)[0]
    again = runner.invoke(args=["send-reminders"])
    assert "0 overdue spreads reminded" in again.output
    assert len(smtp.received) == 1


def test_answered_or_not_yet_due_spreads_get_no_reminder(app, office, runner, smtp):
    _accepted_and_spread(app, office, deadline="2099-01-31")
    assert "0 overdue" in runner.invoke(args=["send-reminders"]).output
    with app.app_context():
        spread = db.session.scalar(db.select(Spread))
        spread.deadline = spread.created_at.date().replace(year=2020)
        spread.answer = "interested"
        db.session.commit()
    assert "0 overdue" in runner.invoke(args=["send-reminders"]).output


@pytest.mark.parametrize("notify", list(NotifyPreference))
def test_the_choice_decides_what_joins_the_outbox(app, make_user, notify):
    user = make_user(Role.COORDINATOR, "koping", notify=notify)
    with app.app_context():
        author = db.session.get(User, user.id)
        sub = workflow.create(
            "need", org("koping"), author, {"title": "T", "summary": "S"}, [], []
        )
        workflow.submit(sub, author)
        from models.notification import notify as tell

        tell([author], "decision", sub.id, title="T", status="accepted")
        db.session.commit()
        row = db.session.scalar(db.select(Notification).filter_by(kind="decision"))
        expected = MailStatus.SKIP if notify == NotifyPreference.OFF else "pending"
        assert row.mail_status == expected


def test_after_the_last_try_the_mail_is_marked_failed_and_logged(
    app, office, runner, smtp_down, caplog
):
    post_status(office, sent(app), "accepted")
    with app.app_context():
        row = db.session.scalar(db.select(Notification).filter_by(kind="decision"))
        row.mail_attempts, row.mail_next_at = outbox.MAX_ATTEMPTS - 1, None
        db.session.commit()
    with caplog.at_level(logging.ERROR, logger="samnod"):
        runner.invoke(args=["send-mail"])
    assert "failed 20 times; giving up" in caplog.text
    with app.app_context():
        row = db.session.scalar(db.select(Notification).filter_by(kind="decision"))
        assert row.mail_status == MailStatus.FAILED and row.read_at is None


def test_a_notification_from_before_parameters_shows_its_stored_text(app, make_user):
    user = make_user(Role.COORDINATOR, "koping", email="old@samnod.test")
    with app.app_context():
        db.session.add(Notification(user_id=user.id, kind="status", text="Gammal text"))
        db.session.commit()
    client = app.test_client()
    login(client, user)
    assert "Gammal text" in client.get("/notifications").get_data(as_text=True)


def test_two_senders_never_claim_the_same_mail(app, make_user):
    user = make_user(Role.COORDINATOR, "koping")
    with app.app_context():
        from models.notification import notify

        notify([db.session.get(User, user.id)], "mention", None, actor="A", title="T")
        db.session.commit()
        now = utcnow()
        ids = outbox.due(NotifyPreference.IMMEDIATELY, now)
        assert outbox.claim(ids, now) == ids
        db.session.commit()
        assert outbox.claim(ids, now) == []  # the other sender gets nothing
        later = now + outbox.LEASE + timedelta(seconds=1)
        assert outbox.claim(ids, later) == ids  # a sender that died is taken over


def test_the_account_page_says_what_is_mailed(app, client, make_user):
    login(client, make_user())
    page = client.get("/account").get_data(as_text=True)
    assert "begär komplettering" in page and "Aviseringar" in page


def test_credentials_from_the_config_sign_in_to_the_server(app, office):
    server = LoopbackSMTP(credentials=("samnod", "hemligt"))
    server.start()
    try:
        app.config.update(
            SAMNOD_MAIL_HOST="127.0.0.1",
            SAMNOD_MAIL_PORT=str(server.port),  # as it comes from the environment
            SAMNOD_MAIL_USERNAME="samnod",
            SAMNOD_MAIL_PASSWORD="hemligt",
        )
        post_status(office, sent(app), "accepted")
        assert len(server.to("k@samnod.test")) == 1
    finally:
        server.stop()
