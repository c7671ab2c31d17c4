"""The rate-limit store counts in a transaction of its own, never in the request's."""

from __future__ import annotations

from flask import abort, jsonify

from blueprints.auth.throttle import limiter
from models import Organisation, OrgKind, db
from models.ratelimit import RateLimitCounter
from tests.conftest import csrf_token, login, org


def _counted(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(db.select(RateLimitCounter.count)))


def test_a_hit_does_not_commit_what_the_request_has_pending(app):
    def add_count_and_fail():
        db.session.add(Organisation(slug="ny", name="Ny", kind=OrgKind.MUNICIPALITY))
        if db.engine.dialect.name != "sqlite":
            # Written but not committed. (SQLite has one writer: a hit made
            # while the request holds the write lock would wait for it.)
            db.session.flush()
        with limiter.limit("5 per minute"):
            pass
        abort(409)  # the request fails after the hit: its work is rolled back

    app.add_url_rule("/_limited", view_func=add_count_and_fail, methods=["POST"])
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/_limited", data={"csrf_token": token}).status_code == 409
    with app.app_context():
        assert org("ny") is None
    assert _counted(app) == [1]  # and the hit stays counted


def test_a_hit_inside_a_reading_request_is_committed_at_once(app):
    def read_then_count():
        names = db.session.scalars(db.select(Organisation.name)).all()
        with limiter.limit("5 per minute"):  # the request's transaction is open
            pass
        with db.engine.connect() as other:
            seen = other.scalar(db.select(RateLimitCounter.count))
        return jsonify(orgs=len(names), seen=seen)

    app.add_url_rule("/_limited", view_func=read_then_count)
    response = app.test_client().get("/_limited")
    assert response.status_code == 200
    assert response.json == {"orgs": 14, "seen": 1}
    assert _counted(app) == [1]


def test_a_sign_in_that_works_gives_its_hits_back(app, make_user):
    # The view has read the account (on SQLite a POST then holds the write
    # lock) when it gives back: it commits first, so the refund does not wait.
    assert login(app.test_client(), make_user()).status_code == 303
    assert _counted(app) == [0, 0, 0]  # address, account here, account anywhere
