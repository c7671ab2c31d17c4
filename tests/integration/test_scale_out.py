"""Two hosts on one database: two gunicorn instances, each its own processes.

What one host keeps in memory would not hold across two, so the throttle, the
outbox and triage's optimistic lock are shown here against real servers on the
test database: PostgreSQL in CI's second pass, a SQLite file otherwise (also
several processes on one database, as a single-machine install runs).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from contextlib import ExitStack

import pytest
from sqlalchemy import text

from bench.served import ROOT, Browser, gunicorn
from models import Event, NotifyPreference, Role, Submission, User, db
from models.notification import MailStatus, Notification, notify
from tests.conftest import PASSWORD, TEST_DB, csrf_token
from tests.integration.conftest import LoopbackSMTP, sent

SECRET = os.urandom(16).hex()  # shared, as behind a load balancer
ENV = {"DATABASE_URL": TEST_DB, "SECRET_KEY": SECRET, "SAMNOD_COOKIE_SECURE": "0"}
GATE_TIMEOUT = 60.0  # a bound on waiting for the senders, not a measurement


@pytest.fixture(scope="module")
def hosts(_schema):
    """The ports of two gunicorn instances on the test database."""
    with ExitStack() as stack:
        yield [
            stack.enter_context(gunicorn("app:create_app()", ENV, "/healthz", 3))
            for _ in range(2)
        ]


def _officer(app, make_user, port: int, email: str) -> Browser:
    make_user(Role.CENTRAL, "kansli", email=email)
    return Browser(port).sign_in(email, PASSWORD)


def test_the_sign_in_throttle_counts_across_both_hosts(app, hosts, make_user):
    make_user(Role.CENTRAL, "kansli", email="karin@samnod.test")
    wrong = [
        Browser(hosts[n % 2]).try_sign_in("karin@samnod.test", "fel")[0]
        for n in range(5)  # LOGIN_LIMIT_ACCOUNT: 5 per 15 minutes
    ]
    assert wrong == [422] * 5
    for port in hosts:
        status, body = Browser(port).try_sign_in("karin@samnod.test", PASSWORD)
        assert status == 429
        assert "För många försök" in body.decode()


def test_wrong_passwords_sent_at_once_to_both_hosts_stay_within_the_limit(
    app, hosts, make_user
):
    make_user(Role.CENTRAL, "kansli", email="samtidig@samnod.test")
    browsers = [Browser(hosts[n % 2]) for n in range(12)]
    tokens = [csrf_token(b.request("GET", "/login")[1].decode()) for b in browsers]
    forms = [
        {"email": "samtidig@samnod.test", "password": "fel", "csrf_token": token}
        for token in tokens
    ]
    start, answers = threading.Barrier(len(browsers)), [None] * len(browsers)

    def attempt(n: int) -> None:
        start.wait()  # every form read, then all sent at once
        answers[n] = browsers[n].request("POST", "/login", forms[n])[0]

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # LOGIN_LIMIT_ACCOUNT (5 per 15 minutes, per account and address): never more.
    assert sorted(answers) == [422] * 5 + [429] * 7, answers


def _pane(browser: Browser, sub_id: int) -> tuple[str, int]:
    body = browser.request("GET", f"/inbox/{sub_id}", hx=True)[1].decode()
    version = int(re.search(r'name="version" value="(\d+)"', body).group(1))
    return csrf_token(body), version


def _race(officers: list[Browser], sub_id: int, targets: list[str]) -> list[tuple]:
    """Both officers post a status at the version they read, at the same moment."""
    forms = [
        {"csrf_token": token, "version": version, "status": to, "message": ""}
        for (token, version), to in zip(
            [_pane(o, sub_id) for o in officers], targets, strict=True
        )
    ]
    start, answers = threading.Barrier(len(officers)), [None] * len(officers)

    def post(n: int) -> None:
        start.wait()
        path = f"/inbox/{sub_id}/status"
        answers[n] = officers[n].request("POST", path, forms[n], hx=True)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_a_triage_race_across_the_hosts_has_one_winner(app, hosts, make_user):
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    officers = [
        _officer(app, make_user, port, f"officer{n}@samnod.test")
        for n, port in enumerate(hosts)
    ]
    targets = ["in_review", "accepted"]
    for round_ in range(3):
        sub_id = sent(app, title=f"Behov {round_}")
        answers = _race(officers, sub_id, targets)
        statuses = [status for status, _ in answers]
        assert sorted(statuses) == [200, 409]
        loser = answers[statuses.index(409)][1].decode()
        assert "Någon annan har ändrat det här medan du arbetade" in loser
        with app.app_context():
            sub = db.session.get(Submission, sub_id)
            assert sub.status == targets[statuses.index(200)]
            moves = db.select(db.func.count()).where(
                Event.submission_id == sub_id, Event.to_status.in_(targets)
            )
            assert db.session.scalar(moves) == 1


def _pending_mail(app, make_user, n: int) -> list[str]:
    """n coordinators, each with one notification waiting in the outbox."""
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    sub_id = sent(app)
    emails = [f"mottagare{i}@samnod.test" for i in range(n)]
    for email in emails:
        make_user(Role.COORDINATOR, "koping", email=email)
    with app.app_context():
        users = db.session.scalars(db.select(User).where(User.email.in_(emails)))
        users = list(users)
        for user in users:
            user.notify = NotifyPreference.IMMEDIATELY
        notify(users, "mention", sub_id, actor="Karin", title="Behov")
        db.session.commit()
    return emails


def _send_mail(port: int) -> subprocess.Popen:
    """`flask send-mail` as a host's cron runs it, in a process of its own."""
    env = {**os.environ, **ENV, "SAMNOD_MAIL_HOST": "127.0.0.1"}
    env["SAMNOD_MAIL_PORT"] = str(port)
    return subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-m", "flask", "--app", "app", "send-mail"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _waiting_on_locks(conn) -> int:
    return conn.scalar(
        text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database()"
        )
    )


def _senders_at_the_gate(app) -> list[subprocess.Popen]:
    """Start two senders while the test holds the pending rows locked, and let
    them go only once both wait on the lock: their claims then really meet.

    SQLite has no row locks: there every writer begins with BEGIN IMMEDIATE, so
    the two claims queue by design and the senders are simply started together.
    """
    if db.engine.dialect.name != "postgresql":
        return [_send_mail(app.config["SAMNOD_MAIL_PORT"]) for _ in range(2)]
    with db.engine.connect() as gate, db.engine.connect() as watch:
        gate.execute(
            db.select(Notification.id)
            .where(Notification.mail_status == MailStatus.PENDING)
            .with_for_update()
        )
        senders = [_send_mail(app.config["SAMNOD_MAIL_PORT"]) for _ in range(2)]
        deadline = time.monotonic() + GATE_TIMEOUT
        while _waiting_on_locks(watch) < 2:
            watch.rollback()  # the next look sees a fresh pg_stat_activity
            gone = [s.args for s in senders if s.poll() is not None]
            if gone or time.monotonic() > deadline:
                pytest.fail(f"the senders did not both wait on the lock ({gone})")
            time.sleep(0.05)
        gate.rollback()
    return senders


def test_two_hosts_sending_mail_at_once_send_each_mail_once(app, hosts, make_user):
    emails = _pending_mail(app, make_user, 20)
    server = LoopbackSMTP()
    server.start()
    app.config["SAMNOD_MAIL_PORT"] = server.port
    try:
        with app.app_context():
            senders = _senders_at_the_gate(app)
        outputs = [s.communicate(timeout=GATE_TIMEOUT)[0] for s in senders]
    finally:
        server.stop()
    counts = [int(re.search(r"(\d+) notification mails sent", o)[1]) for o in outputs]
    assert sum(counts) == 20, outputs
    assert sorted(rcpt for rcpts, _ in server.received for rcpt in rcpts) == sorted(
        emails
    )
    with app.app_context():
        statuses = db.session.scalars(db.select(Notification.mail_status))
        assert set(statuses) == {MailStatus.SENT}
