"""The follow-up's figures: kept tallies that always equal a real count."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from models import (
    Answer,
    Contribution,
    Decision,
    EventKind,
    FundingRequest,
    Kind,
    Spread,
    Status,
    Submission,
    User,
    db,
    utcnow,
)
from models.events import record
from models.read.counts import Measure, recount, tallies
from tests.conftest import HX, csrf_token, login, org
from tests.integration.conftest import pane, post_status, sent


def _real_tallies() -> dict[tuple, int]:
    """Count every measure per year and member the slow way, in Python."""
    real: Counter = Counter()
    for sub in db.session.scalars(db.select(Submission)):
        if sub.status == Status.DRAFT:
            continue
        year = sub.created_at.year
        if sub.kind == Kind.NEED:
            real[Measure.NEEDS, year, sub.origin_id] += 1
        if sub.kind == Kind.INITIATIVE and sub.status == Status.ACCEPTED:
            real[Measure.INITIATIVES_ACCEPTED, year, sub.origin_id] += 1
    for spread in db.session.scalars(db.select(Spread)):
        key = (spread.created_at.year, spread.organisation_id)
        real[(Measure.SPREADS_RECEIVED, *key)] += 1
        if spread.answer == Answer.ADOPTED:
            real[(Measure.ADOPTIONS, *key)] += 1
    for fr in db.session.scalars(db.select(FundingRequest)):
        if fr.decision == Decision.GRANTED and fr.decided_at is not None:
            origin = db.session.get(Submission, fr.submission_id).origin_id
            real[Measure.GRANTED, fr.decided_at.year, origin] += fr.granted_amount or 0
    return {key: n for key, n in real.items() if n}


def _kept_tallies() -> dict[tuple, int]:
    found = {}
    years = {y for (_m, y, _o) in _real_tallies()} | {2024, 2025, 2026}
    for year in years:
        for (measure, org_id), n in tallies(Measure, year).items():
            found[measure, year, org_id] = n
    return found


def _assert_tallies_match(app) -> None:
    with app.app_context():
        assert _kept_tallies() == _real_tallies()


def _row(body: str, name: str) -> list[str]:
    """The cells of one member's row in the follow-up table."""
    row = re.search(rf"<th scope=\"row\">{name}</th>(.*?)</tr>", body, re.S)
    return [
        re.sub(r"\s+", " ", c).strip() for c in re.findall(r">([^<]*)</td>", row[1])
    ]


def _funding_event(sub_id: int, before, after) -> None:
    """Record a funding decision's event, as the rule that takes one will.

    No rule takes a funding decision yet (the demo writes them); its event moves
    the granted kronor from `before` to `after`, each (kronor, decided at) or None.
    """
    sub = db.session.get(Submission, sub_id)
    record(sub, None, EventKind.FUNDING, granted=(before, after))


def _answer(app, spread_id: int, answer: str) -> None:
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    response = node.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": csrf_token(page), "answer": answer, "note": ""},
    )
    assert response.status_code == 303


def test_the_follow_up_counts_each_members_year_and_follows_every_change(app, office):
    year = utcnow().year
    with app.app_context():
        db.session.add(
            Contribution(organisation=org("koping"), year=year, amount=375000)
        )
        db.session.commit()
    needs = [sent(app, title=f"Behov {n}") for n in range(3)]
    initiative = sent(app, "fagersta", "Aktivitetsgrupp", kind=Kind.INITIATIVE)
    post_status(office, needs[0], "in_review")
    post_status(office, needs[1], "declined", "Finns redan.")
    post_status(office, initiative, "in_review")
    assert post_status(office, initiative, "accepted").status_code == 200
    _assert_tallies_match(app)

    token, version = pane(office, initiative)
    response = office.post(
        f"/inbox/{initiative}/spread",
        data={"csrf_token": token, "version": version, "targets": ["koping", "sala"]},
        headers=HX,
    )
    assert response.status_code == 200
    with app.app_context():
        spread_id = db.session.scalar(
            db.select(Spread.id).where(Spread.organisation_id == org("koping").id)
        )
    _answer(app, spread_id, "adopting")
    _answer(app, spread_id, "adopted")
    _assert_tallies_match(app)

    with app.app_context():  # the office grants 120 000 kr of the 150 000 asked
        decided = utcnow()
        db.session.add(
            FundingRequest(
                submission_id=initiative,
                amount=150000,
                decision=Decision.GRANTED,
                granted_amount=120000,
                decided_at=decided,
            )
        )
        _funding_event(initiative, None, (120000, decided))
        db.session.commit()
    _assert_tallies_match(app)

    body = office.get(f"/followup/?year={year}").get_data(as_text=True)
    # needs, initiatives accepted, spreads received, adoptions, granted, paid
    assert _row(body, "Köpings kommun")[:4] == ["3", "0", "1", "1"]
    assert "375" in _row(body, "Köpings kommun")[5]
    assert _row(body, "Fagersta kommun")[:4] == ["0", "1", "0", "0"]
    assert "120" in _row(body, "Fagersta kommun")[4]
    assert _row(body, "Sala kommun")[2:4] == ["1", "0"]

    with app.app_context():  # a rolled-back change leaves them alone
        fr = db.session.scalar(db.select(FundingRequest))
        fr.granted_amount = 1
        db.session.get(Submission, needs[2]).kind = Kind.PRACTICE
        db.session.flush()
        db.session.rollback()
    _assert_tallies_match(app)
    with app.app_context():  # a corrected amount, a moved decision date
        fr = db.session.scalar(db.select(FundingRequest))
        before = (fr.granted_amount, fr.decided_at)
        fr.granted_amount = 100000
        fr.decided_at = datetime(year - 1, 12, 31, 23)
        _funding_event(initiative, before, (fr.granted_amount, fr.decided_at))
        db.session.commit()
    _assert_tallies_match(app)
    with app.app_context():  # a deletion (no rule removes a spread: counted afresh)
        db.session.delete(db.session.get(Spread, spread_id))
        recount()
        db.session.commit()
    _assert_tallies_match(app)
    body = office.get(f"/followup/?year={year}").get_data(as_text=True)
    assert _row(body, "Köpings kommun")[2:4] == ["0", "0"]
    assert "120" not in _row(body, "Fagersta kommun")[4]

    with app.app_context():  # a recount from scratch gives what was kept
        kept = _kept_tallies()
        recount()
        db.session.commit()
        assert _kept_tallies() == kept


def test_the_node_list_counts_spreads_and_adoptions(app, office):
    initiative = sent(app, "fagersta", "Aktivitetsgrupp", kind=Kind.INITIATIVE)
    with app.app_context():
        db.session.get(Submission, initiative).status = Status.ACCEPTED
        spread_by = db.session.scalar(
            db.select(User.id).filter_by(email="karin@samnod.test")
        )
        for slug in ("koping", "sala"):
            db.session.add(
                Spread(
                    submission_id=initiative,
                    organisation_id=org(slug).id,
                    spread_by_id=spread_by,
                    answer=Answer.ADOPTED if slug == "koping" else None,
                )
            )
        recount()  # rows written here directly, not through the rules' events
        db.session.commit()
    body = office.get("/nodes/").get_data(as_text=True)
    koping = re.search(r"Köpings kommun</a>(.*?)</tr>", body, re.S)[1]
    assert re.findall(r">\s*(\d+)\s*</td>", koping)[-2:] == ["1", "1"]
