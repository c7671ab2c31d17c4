"""Downloads: the inbox as CSV/XLSX with its filter, and the SUS export of insatser."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
import time_machine

from blueprints.exports import Column, Kind, csv_chunks
from models import (
    Backing,
    Decision,
    FundingRequest,
    Role,
    Submission,
    User,
    db,
    workflow,
)
from models import Kind as SubmissionKind
from models.base import local_today
from models.insats import BudgetRow, BudgetType, Inriktning, Insats, InsatsYear
from tests.conftest import login, org

BOM = "\ufeff".encode()
INBOX_HEADER = (
    "Nummer;Typ;Status;Rubrik;Ursprung;Parter och deras stöd;Skapad;"
    "Senaste aktivitet;Tilldelad;Sökt belopp;Beviljat belopp;Länk"
)
PAYLOADS = Path(__file__).parents[1] / "data" / "xss-payloads.json"
FORMULAS = [
    '=HYPERLINK("http://evil.example","Klicka")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _send(app, title="Behov av arbetsträning", node="koping", **kw) -> int:
    """A sent submission from a node's coordinator, with parties and funding."""
    kind = kw.get("kind", SubmissionKind.NEED)
    with app.app_context():
        author = db.session.scalar(
            db.select(User).filter_by(organisation_id=org(node).id)
        )
        parties = [org(slug) for slug in kw.get("parties", [])]
        sub = workflow.create(kind, org(node), author, {"title": title}, [], parties)
        if kw.get("requested"):
            workflow.set_funding(sub, kw["requested"], "Lönekostnader")
        workflow.submit(sub, author)
        db.session.commit()
        return sub.id


def _grant(app, sub_id: int, amount: int, confirm: tuple = ()) -> None:
    with app.app_context():
        funding = db.session.scalar(
            db.select(FundingRequest).filter_by(submission_id=sub_id)
        )
        funding.decision, funding.granted_amount = Decision.GRANTED, amount
        funding.decided_on, funding.reference = date(2026, 3, 12), "LSFV 2026/14"
        for party in db.session.get(Submission, sub_id).parties:
            if party.organisation.slug in confirm:
                party.backing = Backing.CONFIRMED
        db.session.commit()


@pytest.fixture
def office(app, client, make_user):
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    make_user(Role.COORDINATOR, "fagersta", email="f@samnod.test")
    make_user(Role.COORDINATOR, "vasteras", email="v@samnod.test")
    login(client, make_user(Role.CENTRAL, "kansli", email="karin@samnod.test"))
    return client


def _csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(BOM)
    return list(
        csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";")
    )


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    return book.active


def test_the_inbox_csv_opens_in_swedish_excel(app, office):
    sub_id = _send(
        app,
        "Arbetsträning i Köping",
        kind=SubmissionKind.INITIATIVE,
        parties=["vasteras", "fagersta"],
        requested=250_000,
    )
    _grant(app, sub_id, 1_234_567, confirm=("vasteras",))
    response = office.get("/inbox/export.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    today = local_today().isoformat()
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=samnod-inkorg-{today}.csv"
    )
    body = response.get_data()
    assert body.startswith(BOM + INBOX_HEADER.encode() + b"\r\n")
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    header, row = _csv_rows(response)
    assert row[:5] == [
        str(sub_id),
        "Initiativ",
        "Inskickad",
        "Arbetsträning i Köping",
        "Köpings kommun",
    ]
    assert row[5] == (
        "Fagersta kommun (väntar); Köpings kommun (bekräftad); "
        "Västerås stad (bekräftad)"
    )
    assert datetime.strptime(row[6], "%Y-%m-%d %H:%M").date() == local_today()
    assert row[8:11] == ["", "250000", "1234567"]
    assert row[11] == f"http://127.0.0.1:5000/inbox/{sub_id}"


def test_csv_numbers_have_a_decimal_comma_and_dates_are_iso(app):
    columns = [
        Column("Andel", Kind.RATIO),
        Column("Dag", Kind.DATE),
        Column("Kr", Kind.KRONOR),
    ]
    with app.test_request_context():
        body = b"".join(
            csv_chunks(
                columns, iter([(0.85, date(2026, 4, 30), -5), (None, None, None)])
            )
        )
    assert body == BOM + b"Andel;Dag;Kr\r\n0,85;2026-04-30;-5\r\n;;\r\n"


def test_the_inbox_xlsx_has_typed_cells_and_a_frozen_bold_header(app, office):
    sub_id = _send(
        app, kind=SubmissionKind.INITIATIVE, parties=["vasteras"], requested=90_000
    )
    response = office.get("/inbox/export.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    sheet = _sheet(response)
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert ";".join(header) == INBOX_HEADER
    assert all(cell.font.b for cell in sheet[1])
    number, *_rest = sheet[2]
    assert number.value == sub_id and number.data_type == "n"
    created, requested = sheet.cell(2, 7), sheet.cell(2, 10)
    assert (
        isinstance(created.value, datetime)
        and created.number_format == "yyyy-mm-dd hh:mm"
    )
    assert requested.value == 90_000 and requested.number_format == '#,##0 "kr"'
    assert sheet.cell(2, 11).value is None  # nothing granted: empty, not 0
    assert sheet.column_dimensions["D"].width == 50


def _payloads() -> list[str]:
    chosen = [
        p for p in json.loads(PAYLOADS.read_text()) if "\u0001" in p or p[:1] in "<1"
    ]
    return [p[:160] for p in chosen[:6]]


@pytest.mark.parametrize("title", FORMULAS + _payloads())
def test_a_title_that_looks_like_a_formula_is_neutralised(app, office, title):
    _send(app, title)
    (_header, row) = _csv_rows(office.get("/inbox/export.csv"))
    if title[:1] in "=+-@\t\r":
        assert row[3] == "'" + title
    else:
        assert row[3] == title
    cell = _sheet(office.get("/inbox/export.xlsx")).cell(2, 4)
    assert cell.data_type == "s"  # a string, never a formula
    # XML reads a carriage return as a line feed; control characters XLSX
    # cannot hold are left out.
    kept = title.replace("\r", "\n").replace("\u0001", "").replace("\u0003", "")
    assert cell.value == kept


def test_the_filter_applies_and_nothing_matching_gives_only_the_header(app, office):
    _send(app, "Köpings behov")
    _send(app, "Västerås initiativ", node="vasteras", kind=SubmissionKind.INITIATIVE)
    rows = _csv_rows(office.get("/inbox/export.csv?kind=initiative"))
    assert [row[3] for row in rows[1:]] == ["Västerås initiativ"]
    rows = _csv_rows(office.get("/inbox/export.csv?node=fagersta"))
    assert rows == [INBOX_HEADER.split(";")]
    sheet = _sheet(office.get("/inbox/export.xlsx?node=fagersta&q=arbete"))
    assert sheet.max_row == 1


def test_the_inbox_page_links_the_exports_with_its_filter(app, office):
    body = office.get("/inbox/?kind=need&node=koping").get_data(as_text=True)
    assert 'href="/inbox/export.csv?kind=need&amp;node=koping"' in body
    assert 'href="/inbox/export.xlsx?kind=need&amp;node=koping"' in body


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.PRACTITIONER])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_only_the_office_exports_the_inbox(app, client, make_user, role, extension):
    login(client, make_user(role, "kansli" if role == Role.ADMIN else "koping"))
    assert client.get(f"/inbox/export.{extension}").status_code == 403


def test_every_row_is_exported_in_the_lists_order(app, office, monkeypatch):
    monkeypatch.setattr("models.read.inbox_export.CHUNK", 50)  # three chunks
    ids = [
        _send(app, f"Behov {n}", parties=["fagersta"] if n % 2 else [])
        for n in range(120)
    ]
    rows = _csv_rows(office.get("/inbox/export.csv"))[1:]
    assert [int(row[0]) for row in rows] == ids[::-1]  # newest first, as listed
    assert rows[-2][5] == "Fagersta kommun (väntar); Köpings kommun (bekräftad)"
    assert rows[-1][5] == "Köpings kommun (bekräftad)"
    assert (
        _sheet(office.get("/inbox/export.xlsx?sort=waiting")).cell(2, 1).value == ids[0]
    )


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_statements_do_not_grow_with_the_rows(
    app, office, count_queries, extension
):
    def statements() -> int:
        with count_queries() as counter:
            response = office.get(f"/inbox/export.{extension}")
            response.get_data()
        return len(counter.queries)

    for n in range(3):
        _send(app, f"Behov {n}", parties=["fagersta"])
    few = statements()
    for n in range(60):
        _send(
            app,
            f"Fler behov {n}",
            parties=["vasteras"],
            kind=SubmissionKind.INITIATIVE,
            requested=10_000,
        )
    assert statements() == few


# --- SUS ---------------------------------------------------------------------------

SUS_HEADER = [
    "Insatsnummer",
    "Namn",
    "Beskrivning",
    "Startdatum",
    "Slutdatum",
    "Inriktning",
    "Preciserad inriktning",
    "Målgrupper",
    "Medlemsparter",
    "Kommuner som insatsen riktar sig till",
    "Budgetår",
    "Budgettyp",
    "Budget",
    "Utfall",
    "Planerat antal deltagare",
    "Beviljat belopp",
    "Beslutsdatum",
    "Diarienummer",
]


def _insats(app, sub_id: int, starts: date, ends: date, **kw) -> None:
    with app.app_context():
        insats = Insats(
            id=sub_id,
            name=kw.get("name", "Arbetsträning Västra Mälardalen"),
            description="=Gemensam arbetsträning",
            starts_on=starts,
            ends_on=ends,
            inriktning=Inriktning.INDIVIDUAL,
            preciserad_inriktning="Arbetsträning",
            serves_county=kw.get("county", False),
            served=[org(slug) for slug in kw.get("served", [])],
        )
        db.session.add(insats)
        for year, kind, budget, utfall in kw.get("budget", []):
            db.session.add(
                BudgetRow(
                    insats_id=sub_id, year=year, type=kind, budget=budget, utfall=utfall
                )
            )
        for year, planned in kw.get("planned", []):
            db.session.add(
                InsatsYear(insats_id=sub_id, year=year, planned_participants=planned)
            )
        db.session.commit()


@pytest.fixture
def insatser(app, office):
    """Two granted insatser running in 2026, one ended in 2025, one rejected."""
    shared = dict(kind=SubmissionKind.INITIATIVE, requested=500_000)
    first = _send(app, "Arbetsträning", parties=["vasteras", "fagersta"], **shared)
    _grant(app, first, 400_000, confirm=("vasteras",))
    _insats(
        app,
        first,
        date(2025, 7, 1),
        date(2027, 6, 30),
        served=["koping", "arboga"],
        budget=[
            (2026, BudgetType.ESF, 50_000, None),
            (2026, BudgetType.INSATS, 200_000, 180_500),
            (2025, BudgetType.INSATS, 100_000, 90_000),
        ],
        planned=[(2026, 12), (2025, 6)],
    )
    county = _send(app, "Länsgemensam IPS", parties=["vasteras"], **shared)
    _grant(app, county, 300_000, confirm=("vasteras",))
    _insats(app, county, date(2026, 1, 1), date(2026, 12, 31), county=True, name="IPS")
    ended = _send(app, "Avslutad", parties=["vasteras"], **shared)
    _grant(app, ended, 100_000)
    _insats(app, ended, date(2024, 1, 1), date(2025, 12, 31), name="Avslutad")
    rejected = _send(app, "Avslagen", parties=["vasteras"], **shared)
    _insats(app, rejected, date(2026, 1, 1), date(2026, 12, 31), name="Avslagen")
    return first, county


def test_the_sus_csv_has_one_row_per_insats_and_budget_row(app, office, insatser):
    first, county = insatser
    response = office.get("/followup/sus.csv?year=2026")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"]
        == "attachment; filename=samnod-sus-2026.csv"
    )
    header, *rows = _csv_rows(response)
    assert header == SUS_HEADER
    assert [(row[0], row[11]) for row in rows] == [
        (str(first), "Insatskostnad"),
        (str(first), "ESF-insatskostnad"),
        (str(county), ""),  # running, no budget row yet: there, and empty
    ]
    insats_row, esf_row, county_row = rows
    assert insats_row[1:11] == [
        "Arbetsträning Västra Mälardalen",
        "'=Gemensam arbetsträning",
        "2025-07-01",
        "2027-06-30",
        "Individinriktad",
        "Arbetsträning",
        "",
        "Köpings kommun; Västerås stad",  # confirmed only: Fagersta is pending
        "Arboga kommun; Köpings kommun",
        "2026",
    ]
    assert insats_row[12:] == [
        "200000",
        "180500",
        "12",
        "400000",
        "2026-03-12",
        "LSFV 2026/14",
    ]
    assert esf_row[12:14] == ["50000", ""]  # no utfall reported: empty, not 0
    assert county_row[9] == "Hela länet" and county_row[12:15] == ["", "", ""]


def test_the_sus_xlsx_is_typed(app, office, insatser):
    sheet = _sheet(office.get("/followup/sus.xlsx?year=2026"))
    assert [cell.value for cell in sheet[1]] == SUS_HEADER
    assert sheet.max_row == 4 and sheet.freeze_panes == "A2"
    start, budget, utfall, decided = (sheet.cell(2, c) for c in (4, 13, 14, 17))
    assert start.value == datetime(2025, 7, 1) and start.number_format == "yyyy-mm-dd"
    assert budget.value == 200_000 and budget.number_format == '#,##0 "kr"'
    assert utfall.value == 180_500 and sheet.cell(3, 14).value is None
    assert decided.value == datetime(2026, 3, 12)
    assert sheet.cell(2, 2).data_type == "s" and sheet.cell(2, 3).value.startswith("=")


def test_a_year_without_insatser_gives_only_the_header(app, office, insatser):
    rows = _csv_rows(office.get("/followup/sus.csv?year=2030"))
    assert rows == [SUS_HEADER]


@pytest.mark.parametrize(
    "query", ["", "?year=", "?year=tjugo", "?year=2023", "?year=20266"]
)
def test_a_missing_or_unusable_year_is_refused_with_a_message(office, query):
    response = office.get(f"/followup/sus.csv{query}")
    assert response.status_code == 422
    assert "Ange budgetåret som ett år från 2024" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "role,status",
    [(Role.COORDINATOR, 403), (Role.PRACTITIONER, 403), (Role.ADMIN, 200)],
)
def test_the_office_and_admins_export_for_sus(app, client, make_user, role, status):
    login(client, make_user(role, "kansli" if role == Role.ADMIN else "koping"))
    assert client.get("/followup/sus.xlsx?year=2026").status_code == status


def test_more_rows_than_an_excel_sheet_holds_asks_for_csv(app, office, monkeypatch):
    monkeypatch.setattr("blueprints.exports.XLSX_MAX_ROWS", 2)
    for n in range(3):
        _send(app, f"Behov {n}")
    response = office.get("/inbox/export.xlsx")
    assert response.status_code == 422
    assert "fler än ett Excelblad rymmer" in response.get_data(as_text=True)
    assert len(_csv_rows(office.get("/inbox/export.csv"))) == 4


def test_the_file_is_named_after_swedens_day_not_the_servers(app, make_user):
    """At half past midnight in Stockholm the server's clock (UTC) still reads
    the day before; the file is named after the day the officer is living."""
    with time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=UTC), tick=False):
        office = app.test_client()
        login(office, make_user(Role.CENTRAL, "kansli"))
        response = office.get("/inbox/export.csv")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=samnod-inkorg-2026-03-11.csv"
    )
