"""Rules defined once in the models and asked by name, by routes and pages alike."""

from __future__ import annotations

from itertools import product

from models import Kind, Status, Submission, User, db, workflow
from tests.conftest import HX, org
from tests.integration.conftest import pane, sent


def test_a_method_is_the_same_in_python_and_in_sql(app, make_user):
    """`in_library` answers on a loaded submission as the library's queries do."""
    author_id = make_user().id
    with app.app_context():
        author = db.session.get(User, author_id)
        for status, kind, published in product(Status, Kind, (False, True)):
            sub = workflow.create(kind, org("koping"), author, {"title": "T"}, [], [])
            sub.status, sub.is_method = status, published
        db.session.flush()
        subs = db.session.scalars(db.select(Submission)).all()
        in_sql = set(
            db.session.scalars(db.select(Submission.id).where(Submission.in_library))
        )
        assert {s.id for s in subs if s.in_library} == in_sql
        # accepted: a practice, published or not, and anything published
        assert len(in_sql) == 4
        assert {s.status for s in subs if s.id in in_sql} == {Status.ACCEPTED}
        db.session.rollback()


def test_a_merge_into_a_draft_or_a_missing_number_is_refused_at_the_field(app, office):
    source = sent(app)
    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(email="f@samnod.test"))
        draft = workflow.create(
            Kind.NEED, org("fagersta"), author, {"title": "Utkast"}, [], []
        )
        db.session.commit()
        draft_id = draft.id
    for target in (draft_id, 999_999):
        token, version = pane(office, source)
        response = office.post(
            f"/inbox/{source}/merge",
            headers=HX,
            data={"csrf_token": token, "version": version, "target": target},
        )
        assert response.status_code == 422
        assert "Det finns inget inskick med det numret." in response.get_data(True)
    with app.app_context():
        assert db.session.get(Submission, source).status == Status.SUBMITTED


def test_the_number_of_parties_is_the_number_of_members(app, office, make_org):
    sub_id = sent(app)
    assert "1 av 13 parter" in office.get(f"/submissions/{sub_id}").get_data(True)
    make_org("ny-kommun", "Ny kommun")
    assert "1 av 14 parter" in office.get(f"/submissions/{sub_id}").get_data(True)
