"""The follow-up page: each measure through the real rules, money attributed to
the municipalities an insats serves, links to the rows behind every figure,
who may read it, and bad choices refused at the field."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from flask_migrate import downgrade, upgrade

from demo import seed_demo
from models import (
    Backing,
    BudgetRow,
    BudgetType,
    Contribution,
    Decision,
    FundingRequest,
    Insats,
    Kind,
    Residents,
    Role,
    Spread,
    Status,
    Submission,
    SubmissionParty,
    User,
    db,
    funds,
    money_tallies,
    triage,
    utcnow,
    workflow,
)
from models.base import local_today
from models.read.counts import recount
from tests.conftest import HX, login, org
from tests.integration.conftest import pane, post_status, sent
from tests.integration.test_demo import _counters
from tests.integration.test_schema import _migrated, empty_database_url  # noqa: F401

YEAR = local_today().year


def _table(body: str, key: str) -> str:
    """The markup of one table, found by its caption's id."""
    match = re.search(rf'aria-labelledby="{key}-caption".*?</table>', body, re.S)
    assert match, f"no table {key}"
    return match[0]


def _row(body: str, key: str, name: str) -> list[str]:
    """The cells' text of one row (by its heading) of one table."""
    row = re.search(
        rf'<th scope="row">{re.escape(name)}(.*?)</tr>', _table(body, key), re.S
    )
    assert row, f"no row {name} in {key}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    text = (html.unescape(re.sub(r"<[^>]+>", " ", c)) for c in cells)
    return [re.sub(r"\s+", " ", t).strip() for t in text]


def _links(body: str, key: str, name: str) -> list[dict]:
    """The query of each link in one row, as {name: value}."""
    row = re.search(
        rf'<th scope="row">{re.escape(name)}(.*?)</tr>', _table(body, key), re.S
    )
    found = []
    for href in re.findall(r'href="([^"]+)"', row[1]):
        url = urlparse(html.unescape(href))
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        found.append({"path": url.path, **query})
    return found


def _answer(app, spread_id: int, answer: str) -> None:
    node = app.test_client()
    login(node, "k@samnod.test")
    page = node.get("/nodes/koping/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    response = node.post(
        f"/spreads/{spread_id}/answer",
        data={"csrf_token": token[1], "answer": answer, "note": ""},
    )
    assert response.status_code == 303


def test_each_measure_is_counted_per_member_and_linked_to_its_rows(app, office):
    needs = [sent(app, title=f"Behov {n}") for n in range(3)]
    initiative = sent(app, "fagersta", "Aktivitetsgrupp", kind=Kind.INITIATIVE)
    sent(app, "fagersta", "Arbetssätt", kind=Kind.PRACTICE)
    post_status(office, needs[0], "in_review")
    post_status(office, needs[1], "declined", "Finns redan.")
    post_status(office, initiative, "in_review")
    assert post_status(office, initiative, "accepted").status_code == 200
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
    _answer(app, spread_id, "adopted")

    body = office.get(f"/followup/?year={YEAR}").get_data(as_text=True)
    # needs, initiatives logged, accepted, practices, spreads, answers, rate,
    # adoptions, median days to the first decision
    assert _row(body, "activity", "Köpings kommun") == [
        "3", "0", "0", "0", "1", "1", "100 %", "1", "0",
    ]  # fmt: skip
    assert _row(body, "activity", "Fagersta kommun")[:4] == ["0", "1", "1", "1"]
    assert _row(body, "activity", "Sala kommun")[4:8] == ["1", "0", "0 %", "0"]
    assert _row(body, "activity", "Arboga kommun")[6] == "Inga spridningar"
    since, until = f"{YEAR}-01-01", f"{YEAR}-12-31"
    assert _links(body, "activity", "Köpings kommun")[0] == {
        "path": "/inbox/",
        "node": "koping",
        "kind": "need",
        "since": since,
        "until": until,
    }
    assert _links(body, "activity", "Fagersta kommun")[1] == {
        "path": "/inbox/",
        "node": "fagersta",
        "kind": "initiative",
        "status": "accepted",
        "since": since,
        "until": until,
    }
    # the link lists exactly the three needs counted
    listed = office.get(
        f"/inbox/?node=koping&kind=need&since={since}&until={until}"
    ).get_data(as_text=True)
    assert all(f"Behov {n}" in listed for n in range(3))


def _move(app, sub_id: int, to: Status, at: datetime) -> None:
    """The office moves a submission at a given time, through the rule."""
    with time_machine.travel(at, tick=False), app.app_context():
        officer = db.session.scalar(db.select(User).filter_by(role=Role.CENTRAL))
        sub = db.session.get(Submission, sub_id)
        triage.transition(sub, to, officer, "Berätta mer.")
        db.session.commit()


def test_median_days_to_the_first_decision_counts_the_first_only(app, office):
    start = datetime(YEAR, 1, 10, 9)
    with time_machine.travel(start, tick=False):
        subs = [sent(app, title=f"Behov {n}") for n in range(3)]
    for sub, days in zip(subs, (1, 4, 10), strict=True):
        _move(app, sub, Status.NEEDS_INFO, start + timedelta(days=days))
    with app.app_context():  # the node answers: back to submitted
        sub = db.session.get(Submission, subs[0])
        workflow.add_comment(sub, sub.author, "Här är svaret.")
        db.session.commit()
    _move(app, subs[0], Status.ACCEPTED, start + timedelta(days=30))  # not first
    body = office.get(f"/followup/?year={YEAR}").get_data(as_text=True)
    assert _row(body, "activity", "Köpings kommun")[8] == "4"
    assert "första beslut" in body  # the definition is on the page


def _grant(sub_id: int, kronor: int, served: list[str], on: date, **kw) -> None:
    """Record a granted insats directly, any day and reach (the decision rule
    has its own tests), keeping the money tallies as the rules do."""
    sub = db.session.get(Submission, sub_id)
    sub.status = "accepted"
    with money_tallies.kept([sub_id]):
        db.session.add(
            FundingRequest(
                submission_id=sub_id,
                amount=kronor,
                decision=Decision.GRANTED,
                granted_amount=kronor,
                decided_on=on,
                decided_at=datetime(on.year, on.month, on.day, 12),
            )
        )
        insats = Insats(id=sub_id, name=sub.title, **kw)
        insats.served = [org(slug) for slug in served]
        db.session.add(insats)


@pytest.fixture
def funded(app, office):
    """Two insatser in YEAR: one for Köping and Sala, one for Köping alone,
    backed by the region; a third serving Fagersta, which has no residents."""
    ids = [sent(app, "fagersta", f"Insats {n}", kind=Kind.INITIATIVE) for n in range(3)]
    with app.app_context():
        for slug, people in (("koping", 15000), ("sala", 30000)):
            db.session.add(Residents(organisation=org(slug), year=YEAR, count=people))
        db.session.add(Residents(organisation=org("fagersta"), year=YEAR, count=None))
        db.session.add(
            Contribution(organisation=org("koping"), year=YEAR, amount=375000)
        )
        _grant(ids[0], 90000, ["koping", "sala"], date(YEAR, 2, 1))
        _grant(ids[1], 30000, ["koping"], date(YEAR, 6, 1))
        _grant(ids[2], 50000, ["fagersta"], date(YEAR, 6, 2))
        db.session.add(
            SubmissionParty(
                submission_id=ids[1],
                organisation_id=org("region-vastmanland").id,
                backing=Backing.CONFIRMED,
            )
        )
        recount()
        db.session.commit()
    return ids


def test_grants_are_attributed_to_the_served_members_by_residents(app, office, funded):
    body = office.get(f"/followup/?year={YEAR}&by=tertial").get_data(as_text=True)
    # Köping: 90 000 × 15/45 + 30 000 = 60 000 kr, 4,00 kr per resident;
    # Sala: 60 000 kr, 2,00 kr per resident
    koping = _row(body, "funds", "Köpings kommun")
    assert koping[:4] == ["60 000 kr", "0 kr", "375 000 kr", "4,00 kr"]
    sala = _row(body, "funds", "Sala kommun")
    assert sala[:4] == ["60 000 kr", "0 kr", "saknas", "2,00 kr"]
    assert _row(body, "funds", "Fagersta kommun")[:2] == ["0 kr", "0 kr"]
    # jämnhet among those with a figure: 2,00 ÷ 4,00
    assert re.search(r"<dd>0,50</dd>", body)
    # the county: 120 000 kr ÷ 45 000 residents = 2,67; half is 1,33: none below
    assert "2,67" in body
    # Fagersta's insats cannot be split: its residents figure is missing
    flat = re.sub(r"\s+", " ", body)
    assert "50 000 kr beviljat (insats" in flat
    assert "invånare saknas för Fagersta kommun" in flat
    # how long since: the latest grant serving Köping, none for Arboga
    days = (local_today() - date(YEAR, 6, 1)).days
    ago = {0: "i dag", 1: "för 1 dag sedan"}.get(days, f"för {days} dagar sedan")
    assert _row(body, "latest", "Köpings kommun")[2] == f"1 juni {YEAR} ({ago})"
    assert _row(body, "latest", "Arboga kommun") == ["Aldrig", "Aldrig", "Aldrig"]
    assert _row(body, "latest", "Region Västmanland")[2].startswith(f"1 juni {YEAR}")
    # the region backs the second insats
    assert _row(body, "parties", "Region Västmanland")[:2] == ["1", "30 000 kr"]
    # the trend: T1 has the first grant, T2 the other two
    assert _row(body, "trend", f"T1 {YEAR}")[-1] == "90 000 kr"
    assert _row(body, "trend", f"T2 {YEAR}")[-1] == "80 000 kr"
    assert _row(body, "evenness", f"T1 {YEAR}") == ["1,00"]
    assert _row(body, "evenness", f"T3 {YEAR}") == ["Odefinierad: inget beviljat"]
    links = _links(body, "funds", "Köpings kommun")
    if "funds.index" in app.view_functions:  # /funds/ is built on another branch
        assert links[0] == {
            "path": "/funds/",
            "municipality": "koping",
            "year": str(YEAR),
        }
    else:
        assert links == []  # no link rather than a broken one
    assert "i proportion till deras invånare 16–64" in body  # the rule


def test_grants_of_one_reach_and_month_are_added_and_named_one_by_one(
    app, office, funded
):
    """The page adds up grants serving the same municipalities in the same
    month before splitting them; what cannot be split is still named per insats."""
    ids = [sent(app, "fagersta", f"Mer {n}", kind=Kind.INITIATIVE) for n in range(2)]
    with app.app_context():
        _grant(ids[0], 60000, ["sala", "koping"], date(YEAR, 2, 20))  # as the first
        _grant(ids[1], 20000, ["fagersta"], date(YEAR, 6, 25))  # as the third
        with money_tallies.kept([funded[2]]):
            db.session.add(
                BudgetRow(
                    insats_id=funded[2],
                    year=YEAR,
                    type=BudgetType.INSATS,
                    budget=50000,
                    utfall=40000,
                )
            )
        db.session.commit()
    body = office.get(f"/followup/?year={YEAR}&by=tertial").get_data(as_text=True)
    # Köping: (90 000 + 60 000) × 15/45 + 30 000 = 80 000 kr; Sala: 100 000 kr
    assert _row(body, "funds", "Köpings kommun")[0] == "80 000 kr"
    assert _row(body, "funds", "Sala kommun")[0] == "100 000 kr"
    assert _row(body, "trend", f"T1 {YEAR}")[-1] == "150 000 kr"
    assert _row(body, "trend", f"T2 {YEAR}")[-1] == "100 000 kr"
    flat = re.sub(r"\s+", " ", body)
    assert f"50 000 kr beviljat (insats {funded[2]})" in flat
    assert f"20 000 kr beviljat (insats {ids[1]})" in flat
    assert f"40 000 kr utfall (insats {funded[2]})" in flat


def test_editing_the_served_municipalities_moves_the_money_at_once(app, office, funded):
    with app.app_context():
        insats = db.session.get(Insats, funded[1])
        officer = db.session.scalar(db.select(User).filter_by(role=Role.CENTRAL))
        funds.serve(insats, officer, [org("sala")], county=False)
        db.session.commit()
    body = office.get(f"/followup/?year={YEAR}").get_data(as_text=True)
    assert _row(body, "funds", "Köpings kommun")[0] == "30 000 kr"
    assert _row(body, "funds", "Sala kommun")[0] == "90 000 kr"


def test_the_axis_cuts_the_range(app, office):
    body = office.get(f"/followup/?from={YEAR - 1}&to={YEAR}&by=quarter").get_data(
        as_text=True
    )
    trend = _table(body, "trend")
    assert re.findall(r'<th scope="row">([^<]*)</th>', trend) == [
        f"K{q} {y}" for y in (YEAR - 1, YEAR) for q in range(1, 5)
    ]
    body = office.get(f"/followup/?year={YEAR}&by=month").get_data(as_text=True)
    months = re.findall(r'<th scope="row">([^<]*)</th>', _table(body, "trend"))
    assert len(months) == 12 and months[0] == f"januari {YEAR}"
    assert f'value="{YEAR - 1}"' not in body.split("</form>")[0]


def test_an_empty_period_shows_an_explained_empty_table(app, office):
    body = office.get("/followup/?year=2024").get_data(as_text=True)
    assert _row(body, "activity", "Köpings kommun")[:4] == ["0", "0", "0", "0"]
    assert "Odefinierad: inget har beviljats" in body
    assert "Inga inskick loggades under de valda åren." in body


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (f"from={YEAR}&to={YEAR - 1}", "from", "Det första året får inte vara efter"),
        ("by=vecka", "by", "Välj år, tertial, kvartal eller månad."),
        ("year=1999", "year", "Välj ett år från 2024 till"),
        (f"from={YEAR + 5}", "from", "Välj ett år från 2024 till"),
        ("year=abc", "year", "Skriv året med fyra siffror"),
        (f"year={YEAR}&from={YEAR - 1}", "year", "antingen ett år eller"),
    ],
)
def test_a_bad_choice_is_refused_at_the_field(app, office, query, field, message):
    response = office.get(f"/followup/?{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', body)
    assert error and message in html.unescape(error[1])
    assert 'aria-invalid="true"' in body
    kept = parse_qs(query)[field][0]
    if field != "by":
        assert f'value="{kept}"' in body


def test_the_fragment_for_htmx_and_the_page_otherwise(app, office):
    fragment = office.get(f"/followup/?year={YEAR}", headers=HX)
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'id="followup"' in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    page = office.get(f"/followup/?year={YEAR}").get_data(as_text=True)
    assert "<html" in page and 'hx-push-url="true"' in page
    restore = office.get(
        f"/followup/?year={YEAR}",
        headers=HX | {"HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.get_data(as_text=True)


def test_a_coordinator_reads_it_with_its_own_row_marked(app, client, make_user):
    sent_by = make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    sent(app, title="Behov")
    login(client, sent_by)
    response = client.get(f"/followup/?year={YEAR}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    row = re.search(r'<tr class="own">\s*<th scope="row">([^<]*)<strong', body)
    assert row and row[1].strip() == "Köpings kommun"
    assert "(din organisation)" in body
    assert "/inbox/" not in body.split('id="followup"')[1]  # no inbox for members
    assert '<form method="post"' not in body.split('id="followup"')[1]


@pytest.mark.parametrize(
    ("role", "status"), [(Role.PRACTITIONER, 403), (Role.ADMIN, 200)]
)
def test_who_may_read_the_follow_up(app, client, make_user, role, status):
    login(client, make_user(role, "koping" if role != Role.ADMIN else "kansli"))
    assert client.get("/followup/").status_code == status


def test_charts_are_drawn_with_their_words_and_tables(app, office, funded):
    body = office.get(f"/followup/?year={YEAR}&by=tertial").get_data(as_text=True)
    assert body.count('role="img"') == 3
    for key in ("chart-trend", "chart-shares", "chart-evenness"):
        assert f'aria-labelledby="{key}-title {key}-desc"' in body
        assert f'<figcaption id="{key}-summary">' in body
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert " style=" not in body and "<script>" not in body
    assert "Jämnheten var lägst" in body


def test_the_kept_month_tallies_equal_a_recount(app, office):
    sub = sent(app, title="Behov")
    post_status(office, sub, "accepted")
    with app.app_context():
        from tests.integration.test_kept_counts import _kept, _recounted

        assert _kept() == _recounted()
        assert utcnow().year * 100 + utcnow().month in {
            k[2] for k in _kept() if k[0] == "month_tallies"
        }


def test_the_migration_fills_the_month_tallies_from_the_rows(
    empty_database_url,  # noqa: F811 - the fixture, imported from test_schema
):
    """Down to the year tallies and up again: the months counted from the rows
    equal what the demo's rules kept."""
    app = _migrated(empty_database_url)
    with app.app_context():
        assert seed_demo() > 0
        db.session.commit()
        kept = _counters()
        assert any(key[0] == "decision_days" for key in kept)
        db.session.remove()
        downgrade(revision="4b19e77cfdf6")
        upgrade()
        assert _counters() == kept
        db.session.remove()
        db.engine.dispose()


def test_a_missing_contribution_year_is_named_never_counted_as_0(app, office, funded):
    body = office.get(f"/followup/?from={YEAR - 1}&to={YEAR}").get_data(as_text=True)
    koping = _row(body, "funds", "Köpings kommun")
    assert koping[2] == f"375 000 kr (Ofullständig: saknas för {YEAR - 1})"
    assert _row(body, "funds", "Sala kommun")[2] == "saknas"
    # shares of an incomplete total are unknown: no share, no ratio
    assert koping[5:7] == ["–", "–"]
    assert _row(body, "parties", "Försäkringskassan") == ["0", "0 kr", "saknas"]


def test_a_grant_without_an_insats_record_is_named_not_counted(app, office):
    initiative = sent(app, "fagersta", "Utan insats", kind=Kind.INITIATIVE)
    with app.app_context():
        with money_tallies.kept([initiative]):
            db.session.add(
                FundingRequest(
                    submission_id=initiative,
                    amount=80000,
                    decision=Decision.GRANTED,
                    granted_amount=80000,
                    decided_at=datetime(YEAR, 3, 3, 12),
                )
            )
        db.session.commit()
    body = office.get(f"/followup/?year={YEAR}").get_data(as_text=True)
    assert "saknar insatsuppgifter" in body
    assert _row(body, "trend", str(YEAR))[-1] == "0 kr"
    body = office.get(f"/followup/?year={YEAR - 1}").get_data(as_text=True)
    assert "saknar insatsuppgifter" not in body
