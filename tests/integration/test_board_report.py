"""The board report: a tertial's or a year's follow-up on one printable page,
with the headline figures, the flagged members and the insatser's budget and
utfall."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import pytest
import time_machine

from models import BudgetRow, BudgetType, Kind, Residents, Role, db
from models.base import local_today
from models.read.counts import recount
from tests.conftest import login, org
from tests.integration.conftest import sent
from tests.integration.test_followup import _grant, _row, _table

YEAR = 2025


def _sent_on(app, day: date, n: int, **kw) -> list[int]:
    with time_machine.travel(datetime(day.year, day.month, day.day, 10), tick=False):
        return [sent(app, **kw) for _ in range(n)]


@pytest.fixture
def board(app, office):
    """Köping's needs in April (1), June (2) and October (1); three insatser:
    for Köping and Sala (June), for Köping (April), for Arboga (June)."""
    _sent_on(app, date(YEAR, 4, 10), 1)
    _sent_on(app, date(YEAR, 6, 15), 2)
    _sent_on(app, date(YEAR, 10, 5), 1)
    ids = _sent_on(
        app, date(YEAR, 1, 20), 3, node="fagersta", title="Insats", kind=Kind.INITIATIVE
    )
    with app.app_context():
        for slug, people in (("koping", 15000), ("sala", 30000), ("arboga", 20000)):
            db.session.add(Residents(organisation=org(slug), year=YEAR, count=people))
        _grant(ids[0], 90000, ["koping", "sala"], date(YEAR, 6, 1))
        _grant(ids[1], 30000, ["koping"], date(YEAR, 4, 1))
        _grant(ids[2], 10000, ["arboga"], date(YEAR, 6, 10), starts_on=date(YEAR, 6, 1))
        db.session.add_all(
            [
                BudgetRow(
                    insats_id=ids[0],
                    year=YEAR,
                    type=BudgetType.INSATS,
                    budget=120000,
                    utfall=45000,
                ),
                BudgetRow(
                    insats_id=ids[1], year=YEAR, type=BudgetType.INSATS, budget=50000
                ),
            ]
        )
        recount()
        db.session.commit()
    return ids


def _flat(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _headline(body: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", body, re.S)
    return {_flat(dt).strip(): _flat(dd).strip() for dt, dd in pairs}


def test_a_tertial_counts_only_its_months(app, office, board):
    response = office.get(f"/followup/report?year={YEAR}&period=T2")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Uppföljning T2 {YEAR} (maj–augusti)" in body
    assert f"Framtagen {local_today().day} " in _flat(body)
    # Köping's needs: the two of June, not April's or October's
    assert _row(body, "activity", "Köpings kommun")[0] == "2"
    months = re.findall(r'<th scope="row">([^<]*)</th>', _table(body, "trend"))
    assert months == [f"{m} {YEAR}" for m in ("maj", "juni", "juli", "augusti")]
    headline = _headline(body)
    assert headline["Registrerade behov"] == "2"
    # the June grants only: 90 000 + 10 000
    assert headline["Beviljade kronor i perioden (efter styrelsens beslutsdatum)"] == (
        "100 000 kr"
    )
    # Köping 30 000 kr and Sala 60 000 kr, 2,00 kr per resident each; Arboga 0,50
    assert _row(body, "funds", "Köpings kommun")[0] == "30 000 kr"
    assert "0,25" in headline.values()  # jämnhet: 0,50 ÷ 2,00
    flat = _flat(body)
    assert (
        "Arboga kommun: 0,50 kr per invånare 16–64, under hälften av länets "
        "genomsnitt (1,54 kr)"
    ) in flat
    assert "i proportion till deras invånare 16–64" in body  # the rule


def test_the_whole_year(app, office, board):
    body = office.get(f"/followup/report?year={YEAR}&period=year").get_data(
        as_text=True
    )
    assert f"Uppföljning {YEAR} (januari–december)" in body
    assert _row(body, "activity", "Köpings kommun")[0] == "4"
    headline = _headline(body)
    assert headline["Registrerade behov"] == "4"
    assert headline["Beviljade kronor i perioden (efter styrelsens beslutsdatum)"] == (
        "130 000 kr"
    )
    assert headline[f"Rapporterat utfall {YEAR}"] == "45 000 kr"
    months = re.findall(r'<th scope="row">([^<]*)</th>', _table(body, "trend"))
    assert months == [f"T{n} {YEAR}" for n in (1, 2, 3)]


def test_the_insatser_with_their_budget_and_utfall(app, office, board):
    body = office.get(f"/followup/report?year={YEAR}&period=T2").get_data(as_text=True)
    rows = [
        [_flat(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        for cells in re.findall(
            r'<th scope="row"><a href="/funds/\d+">Insats</a></th>(.*?)</tr>',
            _table(body, "insatser"),
            re.S,
        )
    ]
    assert len(rows) == 3
    budgets = sorted((r[3], r[4], r[5]) for r in rows)
    assert budgets == [
        ("10 000 kr", "Ingen budget ännu", "ej rapporterat"),
        ("30 000 kr", "50 000 kr", "ej rapporterat"),
        ("90 000 kr", "120 000 kr", "45 000 kr"),
    ]
    served = sorted(r[2] for r in rows)
    assert served == ["Arboga kommun", "Köpings kommun", "Köpings kommun, Sala kommun"]


def test_a_year_with_nothing_is_explained(app, office):
    body = office.get("/followup/report?year=2024&period=T1").get_data(as_text=True)
    assert "Inga insatser var aktiva 2024." in _flat(body)
    assert "Ingen kommun ligger under hälften" in body


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year=2025&period=T4", "period", "Välj T1, T2, T3 eller hela året."),
        ("year=1999&period=T2", "year", "Välj ett år från 2024 till"),
        ("year=abc", "year", "Skriv året med fyra siffror"),
    ],
)
def test_a_bad_choice_is_refused_at_the_field(app, office, query, field, message):
    response = office.get(f"/followup/report?{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', body)
    assert error and message in html.unescape(error[1])
    assert 'aria-invalid="true"' in body


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PRACTITIONER, 403), (Role.COORDINATOR, 200), (Role.ADMIN, 200)],
)
def test_who_may_read_the_report(app, client, make_user, role, status):
    login(client, make_user(role, "kansli" if role == Role.ADMIN else "koping"))
    assert client.get("/followup/report").status_code == status


def test_the_print_stylesheet_is_a4(app, client):
    css = client.get("/static/css/app.css").get_data(as_text=True)
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    printed = css[css.index("@media print") :]
    assert ".site-header" in printed and "break-inside: avoid" in printed


def test_the_follow_up_page_links_to_the_report(app, office):
    body = office.get("/followup/?year=2025").get_data(as_text=True)
    assert 'href="/followup/report?year=2025"' in body


def test_an_insats_granted_in_the_period_is_listed_though_it_starts_later(
    app, office, board
):
    (later,) = _sent_on(app, date(YEAR, 2, 2), 1, node="fagersta", kind=Kind.INITIATIVE)
    with app.app_context():
        _grant(later, 20000, ["sala"], date(YEAR, 7, 1), starts_on=date(YEAR + 1, 1, 1))
        db.session.commit()
    body = office.get(f"/followup/report?year={YEAR}&period=T2").get_data(as_text=True)
    assert _table(body, "insatser").count('<th scope="row">') == 4
    body = office.get(f"/followup/report?year={YEAR}&period=T3").get_data(as_text=True)
    assert _table(body, "insatser").count('<th scope="row">') == 3
