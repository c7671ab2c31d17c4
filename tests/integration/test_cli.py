"""The demo data command and real accounts from the command line."""

from __future__ import annotations

import pytest

from demo.structure import ACCOUNTS
from models import Organisation, Spread, Status, Submission, User, db
from tests.conftest import login


@pytest.fixture
def seeded(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_seed_demo_is_idempotent(app, runner, seeded):
    before = [_count(app, m) for m in (Organisation, User, Submission, Spread)]
    again = runner.invoke(args=["seed-demo"])
    assert "0 new submissions" in again.output
    assert [_count(app, m) for m in (Organisation, User, Submission, Spread)] == before


def test_seed_demo_if_empty_leaves_a_used_database_alone(app, runner, seeded):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "not seeded" in result.output


def test_demo_data_covers_every_node_and_status(app, seeded):
    with app.app_context():
        origins = set(db.session.scalars(db.select(Submission.origin_id).distinct()))
        members = db.session.scalars(
            db.select(Organisation.id).where(Organisation.slug != "kansli")
        ).all()
        assert set(members) <= origins
        statuses = set(db.session.scalars(db.select(Submission.status).distinct()))
        assert statuses == set(Status)
        koping = db.session.scalar(db.select(Organisation).filter_by(slug="koping"))
        from models import Contribution

        paid = db.session.scalars(
            db.select(Contribution.amount).filter_by(organisation_id=koping.id)
        ).all()
        assert paid and set(paid) == {375_000}


def test_every_demo_account_signs_in(app, seeded):
    # one seed for all the accounts: seeding is most of this test's time
    for email, *_rest in ACCOUNTS:
        assert login(app.test_client(), email, "samnod-demo").status_code == 303, email


def test_create_user_makes_a_real_account(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Ny@Sala.se",
            "--name",
            "Ny Samordnare",
            "--role",
            "coordinator",
            "--org",
            "sala",
        ],
        input="ett långt eget lösenord\nett långt eget lösenord\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        login(app.test_client(), "ny@sala.se", "ett långt eget lösenord").status_code
        == 303
    )


@pytest.mark.parametrize("password", ["samnod-demo", "kort"])
def test_create_user_refuses_the_demo_password_and_short_ones(app, runner, password):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@sala.se",
            "--name",
            "X",
            "--role",
            "practitioner",
            "--org",
            "sala",
        ],
        input=f"{password}\n{password}\n",
    )
    assert result.exit_code != 0
    assert _count(app, User) == 0


def test_node_page_shows_its_work_what_was_spread_to_it_and_activity(app, seeded):
    client = app.test_client()
    login(client, "koping@samnod.test", "samnod-demo")
    body = client.get("/nodes/koping/").get_data(as_text=True)
    for heading in (
        "Det noden har registrerat",
        "Spritt till oss",
        "Senaste aktivitet",
    ):
        assert heading in body
    assert "Hälsofrämjande aktivitetsgrupp" in body  # spread from Fagersta
    listing = client.get("/nodes/").get_data(as_text=True)
    assert listing.count("<tr>") >= 14  # header + 13 members


def test_node_list_counts_hide_drafts(app, seeded):
    client = app.test_client()
    login(client, "praktiker@samnod.test", "samnod-demo")
    with app.app_context():
        koping = db.session.scalar(db.select(Organisation).filter_by(slug="koping"))
        drafts = db.session.scalars(
            db.select(Submission.title).filter_by(origin_id=koping.id, status="draft")
        ).all()
    body = client.get("/nodes/koping/").get_data(as_text=True)
    assert drafts and not any(title in body for title in drafts)


def test_node_page_queries_do_not_grow_with_what_was_spread(app, seeded, count_queries):
    client = app.test_client()
    login(client, "koping@samnod.test", "samnod-demo")
    client.get("/nodes/koping/")
    with count_queries() as counter:
        client.get("/nodes/koping/")
    assert counter.count <= 16
