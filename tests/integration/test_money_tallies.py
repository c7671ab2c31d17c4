"""The follow-up's money kept per month (grant_tallies, party_tallies).

The page reads the tallies, never a grant; every rule that changes a grant,
whom an insats serves, a budget row or a backing party moves them through
`money_tallies.kept()`, and a migration fills them from the rows as `recount()`
does.
"""

from __future__ import annotations

from datetime import date

from flask_migrate import downgrade, upgrade

from demo import seed_demo
from models import Decision, FundingRequest, Insats, Residents, db, money_tallies
from models.base import local_today
from models.money_tallies import GrantTally
from tests.conftest import org
from tests.integration.conftest import sent
from tests.integration.test_followup import _grant, _row
from tests.integration.test_kept_counts import _kept, _recounted
from tests.integration.test_schema import _migrated, empty_database_url  # noqa: F401

YEAR = local_today().year - 1  # a whole year that is over
RANGE = f"/followup/?from={YEAR - 1}&to={YEAR + 1}&by=tertial"


MONEY = ("grant_tallies", "party_tallies")


def _money(rows: dict) -> dict:
    """The money tallies' rows (the helpers here set statuses by hand, so the
    counts are not compared)."""
    return {k: v for k, v in rows.items() if k[0] in MONEY}


def _money_rows() -> dict:
    return _money(_kept())


def _latest(client, name: str) -> str:
    body = client.get(RANGE).get_data(as_text=True)
    return _row(body, "latest", name)[2].split(" (")[0]


def test_the_page_reads_the_tallies_not_the_grants(app, office, count_queries):
    ids = [sent(app, "koping", f"Insats {n}", kind="initiative") for n in range(2)]
    with app.app_context():
        for slug in ("koping", "sala"):
            for year in (YEAR - 1, YEAR, YEAR + 1):
                db.session.add(Residents(organisation=org(slug), year=year, count=1000))
        _grant(ids[0], 40000, ["koping", "sala"], date(YEAR, 5, 5))
        _grant(ids[1], 20000, ["koping", "sala"], date(YEAR, 5, 20))
        db.session.commit()
        assert _money_rows() == _money(_recounted())
    with count_queries() as counted:
        body = office.get(RANGE).get_data(as_text=True)
    assert _row(body, "funds", "Köpings kommun")[0] == "30 000 kr"
    read = " ".join(counted.queries).lower()
    for table in ("funding_requests", "insatser", "budget_rows", "submission_parties"):
        assert table not in read, table


def test_a_reversed_or_moved_grant_takes_its_day_and_kronor_along(app, office):
    """Two grants in one month and reach: when the later one is reversed the
    member's latest grant is the earlier one again; a new reach moves it on."""
    ids = [sent(app, "koping", f"Insats {n}", kind="initiative") for n in range(2)]
    with app.app_context():
        _grant(ids[0], 40000, ["koping"], date(YEAR, 5, 5))
        _grant(ids[1], 20000, ["koping"], date(YEAR, 5, 20))
        db.session.commit()
    assert _latest(office, "Köpings kommun") == f"20 maj {YEAR}"
    with app.app_context():
        request = db.session.scalar(
            db.select(FundingRequest).filter_by(submission_id=ids[1])
        )
        with money_tallies.kept([ids[1]]):
            request.decision = Decision.REJECTED
        db.session.commit()
        assert _money_rows() == _money(_recounted())
        (row,) = db.session.scalars(db.select(GrantTally).filter_by(measure="granted"))
        assert (row.kronor, row.n, row.last_day) == (40000, 1, date(YEAR, 5, 5))
    assert _latest(office, "Köpings kommun") == f"5 maj {YEAR}"
    with app.app_context():
        with money_tallies.kept([ids[0]]):
            db.session.get(Insats, ids[0]).served = [org("sala")]
        db.session.commit()
        assert _money_rows() == _money(_recounted())
    assert _latest(office, "Köpings kommun") == "Aldrig"
    assert _latest(office, "Sala kommun") == f"5 maj {YEAR}"


def test_a_rolled_back_change_leaves_the_tallies_as_they_were(app, office):
    sub = sent(app, "koping", "Insats", kind="initiative")
    with app.app_context():
        _grant(sub, 40000, ["koping"], date(YEAR, 5, 5))
        db.session.commit()
        kept = _money_rows()
        with money_tallies.kept([sub]):
            db.session.get(Insats, sub).serves_county = True
        assert _money_rows() != kept
        db.session.rollback()
        assert _money_rows() == kept


def test_the_migration_fills_the_money_tallies_from_the_rows(
    empty_database_url,  # noqa: F811 - the fixture, imported from test_schema
):
    """Down to before the money tallies and up again: what the demo's rules kept
    is what the migration counts from the rows."""
    app = _migrated(empty_database_url)
    with app.app_context():
        assert seed_demo() > 0
        db.session.commit()
        kept = _money_rows()
        assert {k[3] for k in kept if k[0] == "grant_tallies"} == {"granted", "utfall"}
        assert any(k[0] == "party_tallies" for k in kept)
        assert kept == _money(_recounted())
        db.session.remove()
        downgrade(revision="d3a5f0c1b2e4")
        upgrade()
        assert _money_rows() == kept
        db.session.remove()
        db.engine.dispose()
