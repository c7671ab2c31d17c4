"""The demo is made by the rules: what they keep agrees, its timelines are theirs."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from app import create_app
from demo import seed_demo
from models import Event, EventKind, Notification, Status, Submission, db
from models.notification import MailStatus
from models.read.counts import DecisionDays, MonthTally, SubmissionCount, recount


def _counters() -> dict:
    """Every counter table as {(table, key...): n}, without the zero rows."""
    kept = {}
    for table in (SubmissionCount, MonthTally, DecisionDays):
        keys = [c for c in table.__table__.c if c.primary_key]
        for row in db.session.execute(db.select(*keys, table.n)):
            if row.n:
                kept[(table.__tablename__, *row[:-1])] = row.n
    return kept


def _timelines() -> dict[int, list[Event]]:
    events: dict[int, list[Event]] = {}
    for event in db.session.scalars(db.select(Event).order_by(Event.id)):
        events.setdefault(event.submission_id, []).append(event)
    return events


def test_the_demo_goes_through_the_rules(app):
    with app.app_context():
        assert seed_demo() > 0
        db.session.commit()

        kept = _counters()
        recount()
        assert _counters() == kept  # every change went through the rules' writes
        db.session.rollback()

        subs = db.session.scalars(db.select(Submission)).all()
        timelines = _timelines()
        for sub in subs:
            events = timelines[sub.id]
            assert (
                events[0].kind == EventKind.CREATED
                and events[0].created_at == sub.created_at
            )
            times = [e.created_at for e in events]
            assert times == sorted(times), sub.title
            moves = [e.to_status for e in events if e.to_status]
            assert (moves[-1] if moves else Status.DRAFT) == sub.status, sub.title
            assert sub.last_activity_at == times[-1], sub.title

        pending = db.select(Notification).filter_by(mail_status=MailStatus.PENDING)
        assert db.session.scalars(pending).first() is None  # nothing left to mail
        unread = db.session.scalars(
            db.select(Notification.user_id).where(Notification.read_at.is_(None))
        ).all()
        assert unread and len(unread) < len(subs)  # the last weeks' news, not all


def _fingerprint(tmp_path, name: str) -> list:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/{name}.sqlite",
        }
    )
    with app.app_context():
        db.create_all()
        with time_machine.travel(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), tick=False):
            seed_demo()
        db.session.commit()
        rows = db.session.execute(
            db.select(
                Submission.title,
                Event.kind,
                Event.created_at,
                Event.note,
                Event.to_status,
            )
            .join(Submission, Submission.id == Event.submission_id)
            .order_by(Event.id)
        ).all()
        db.engine.dispose()
    return [tuple(r) for r in rows]


def test_the_demo_is_the_same_every_time(tmp_path):
    first = _fingerprint(tmp_path, "first")
    assert first == _fingerprint(tmp_path, "second")
    assert len(first) > 500
