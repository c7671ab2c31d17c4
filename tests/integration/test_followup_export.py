"""The follow-up's export: exactly the tables the page shows, with the same
figures, as CSV for Swedish Excel and as typed XLSX sheets."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest

from blueprints.followup.cells import cell_text
from models import Role
from models.read.tables import Cell, CellKind
from tests.conftest import login
from tests.integration.test_followup import YEAR, funded  # noqa: F401

BOM = "\ufeff".encode()
# An XLSX number format back to the kind of figure the page formats.
FORMATS = {
    "0": CellKind.INT,
    '#,##0 "kr"': CellKind.KRONOR,
    '#,##0.00 "kr"': CellKind.KRONOR_PER,
    "0.00": CellKind.RATIO,
    "0.0%": CellKind.PERCENT,
    "0.0": CellKind.DAYS,
    "yyyy-mm-dd": CellKind.DATE,
}


class _Tables(HTMLParser):
    """The page's data tables as text: {caption id: [[heading, cell, …], …]}.
    The markers beside a name and the notes under a figure are left out."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.key, self.row, self.cell, self.skip = None, None, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption":
            self.key = attrs["id"].removesuffix("-caption")
            self.tables[self.key] = []
        elif tag == "tr" and self.key:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.cell = []
        elif tag in ("span", "strong") and self.cell is not None:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("span", "strong") and self.skip:
            self.skip -= 1
        elif tag in ("th", "td") and self.cell is not None:
            text = re.sub(r"[ \t\r\n]+", " ", "".join(self.cell))
            self.row.append(text.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.key].append(self.row)
            self.row = None
        elif tag == "table":
            self.key = None

    def handle_data(self, data):
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def _page_tables(client, query: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(client.get(f"/followup/?{query}").get_data(as_text=True))
    return parser.tables


def _as_page(app, cell) -> str:
    """An XLSX cell as the page writes it (Swedish figures)."""
    if cell.value is None or isinstance(cell.value, str):
        return cell.value or ""
    kind = FORMATS[cell.number_format]
    value = cell.value.date() if kind == CellKind.DATE else cell.value
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("sv"):
            return cell_text(Cell(value, kind))


def _book(client, query: str):
    response = client.get(f"/followup/export.xlsx?{query}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.data))


def test_the_xlsx_equals_the_page_cell_by_cell(app, office, funded):  # noqa: F811
    query = f"year={YEAR}&by=tertial"
    page = _page_tables(office, query)
    book = _book(office, query)
    assert len(book.sheetnames) == len(page)  # every table the page shows
    sheets = dict(zip(page, book.worksheets, strict=True))
    for key in ("activity", "funds"):
        sheet = sheets[key]
        assert sheet.freeze_panes == "A2"
        rows = list(sheet.iter_rows())
        assert [[c.value for c in rows[0]]] == page[key][:1]  # the headings
        assert [[_as_page(app, c) for c in row] for row in rows[1:]] == page[key][1:]
    funds = list(sheets["funds"].iter_rows(min_row=2, values_only=True))
    koping = next(r for r in funds if r[0] == "Köpings kommun")
    assert koping[1:5] == (60000, 0, 375000, 4.0)  # typed: kronor are numbers
    assert sheets["funds"]["B2"].number_format == '#,##0 "kr"'
    assert next(r for r in funds if r[0] == "Sala kommun")[3] == "saknas"
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert len({n.casefold() for n in book.sheetnames}) == len(book.sheetnames)


def test_the_csv_is_for_swedish_excel_one_table_after_the_other(app, office, funded):  # noqa: F811, E501
    response = office.get(f"/followup/export.csv?year={YEAR}&by=tertial")
    assert response.status_code == 200
    assert response.data.startswith(BOM)
    text = response.data.decode("utf-8-sig")
    blocks = text.split("\r\n\r\n")
    assert len(blocks) == 8  # the page's eight tables
    rows = list(csv.reader(io.StringIO(blocks[1]), delimiter=";"))
    assert rows[0] == ["Medel per kommun"]  # its title, then its header
    assert rows[1][:3] == ["Kommun", "Beviljat, fördelat", "Utfall, fördelat"]
    koping = next(r for r in rows if r[0] == "Köpings kommun")
    assert koping[1:5] == ["60000", "0", "375000", "4"]
    sala = next(r for r in rows if r[0] == "Sala kommun")
    assert sala[4] == "2" and sala[5].startswith("0,")  # a decimal comma
    evenness = list(csv.reader(io.StringIO(blocks[7]), delimiter=";"))
    assert evenness[2] == [f"T1 {YEAR}", "1"]


def test_a_year_without_activity_gives_the_tables_with_empty_bodies(app, office):
    response = office.get("/followup/export.xlsx?year=2024")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert len(book.sheetnames) == 8
    activity = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert all(row[1:5] == (0, 0, 0, 0) for row in activity)
    text = office.get("/followup/export.csv?year=2024").data.decode("utf-8-sig")
    assert text.count("\r\n\r\n") == 7


@pytest.mark.parametrize(
    ("role", "status"), [(Role.COORDINATOR, 200), (Role.PRACTITIONER, 403)]
)
def test_who_may_export(app, client, make_user, role, status):
    login(client, make_user(role, "koping"))
    assert client.get(f"/followup/export.csv?year={YEAR}").status_code == status
    assert client.get(f"/followup/export.xlsx?year={YEAR}").status_code == status


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("by=vecka", "Välj år, tertial, kvartal eller månad."),
        (f"from={YEAR}&to={YEAR - 1}", "Det första året får inte vara efter"),
    ],
)
def test_a_bad_choice_is_refused_as_on_the_page(app, office, query, message):
    for extension in ("csv", "xlsx"):
        response = office.get(f"/followup/export.{extension}?{query}")
        assert response.status_code == 422
        assert "attachment" not in response.headers.get("Content-Disposition", "")
        assert message in response.get_data(as_text=True)


def test_the_page_links_to_its_exports_and_the_report(app, office):
    body = office.get(f"/followup/?year={YEAR}&by=quarter").get_data(as_text=True)
    assert f"/followup/export.csv?from={YEAR}&amp;to={YEAR}&amp;by=quarter" in body
    assert f"/followup/export.xlsx?from={YEAR}&amp;to={YEAR}&amp;by=quarter" in body
    assert f"/followup/report?year={YEAR}" in body


def test_sheet_names_are_excel_safe_short_and_unique():
    from blueprints.exports import sheet_title

    used: set[str] = set()
    long = "Inskick loggade per medlem och period i hela länet"
    names = [sheet_title(t, used) for t in (long, long, "Medel [kr]: 2026/27?", "")]
    assert names[0] == long[:31]
    assert names[1].endswith(" (2)") and len(names[1]) == 31
    assert names[2] == "Medel  kr   2026 27"
    assert names[3] == "Samnod"
