"""Tables as downloads: CSV for Swedish Excel and XLSX, streamed row by row.

`export_response(filename, columns, rows)` answers a download of one table,
`export_sheets(filename, sheets)` of several (`Sheet`s: in CSV one after the
other, each under its title and header, an empty line between; in XLSX one
sheet each). `rows` is an iterator (a streamed query): neither format holds the
rows in memory. CSV is UTF-8 with a BOM, `;` between fields, a decimal comma,
ISO dates and CRLF line ends, sent while it is written. XLSX is written by
openpyxl in write-only mode (constant memory, inline strings) to a temporary
file, then sent in chunks and the file removed.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
could be read as a formula by a spreadsheet (CSV injection, OWASP): in CSV it
gets a leading apostrophe, in XLSX it is written as a string cell, never a formula.
"""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from flask import Response, abort, send_file, stream_with_context
from flask_babel import get_timezone
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from werkzeug.utils import secure_filename

from models.base import local_today
from models.labels import number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
CSV_ROWS_PER_CHUNK = 500
# An Excel sheet's rows, less the header.
XLSX_MAX_ROWS = 1_048_575
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Kind(enum.StrEnum):
    """What a column holds, and so how each format writes it."""

    TEXT = "text"
    INT = "int"
    KRONOR = "kronor"  # whole kronor
    DATE = "date"
    DATETIME = "datetime"  # naive UTC, as stored; written on the user's clock
    RATIO = "ratio"
    KRONOR_PER = "kronor_per"  # kronor with two decimals
    PERCENT = "percent"  # a share 0…1, shown as a percentage
    DECIMAL = "decimal"  # a number with one decimal (days)
    URL = "url"


# Excel stores number formats in its own notation: "," groups the thousands
# (Swedish Excel shows a space), "." is the decimal sign (shown as a comma).
NUMBER_FORMATS = {
    Kind.INT: "0",
    Kind.KRONOR: '#,##0 "kr"',
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
    Kind.RATIO: "0.00",
    Kind.KRONOR_PER: '#,##0.00 "kr"',
    Kind.PERCENT: "0.0%",
    Kind.DECIMAL: "0.0",
}
WIDTHS = {
    Kind.TEXT: 30,
    Kind.INT: 10,
    Kind.KRONOR: 15,
    Kind.DATE: 12,
    Kind.DATETIME: 17,
    Kind.RATIO: 10,
    Kind.KRONOR_PER: 15,
    Kind.PERCENT: 10,
    Kind.DECIMAL: 10,
    Kind.URL: 40,
}


@dataclass(frozen=True)
class Column:
    """A column of an export: its (translated) header and what it holds."""

    header: str
    kind: Kind = Kind.TEXT
    width: int | None = None  # characters; by kind when not given


@dataclass(frozen=True)
class Sheet:
    """One table of a download: a title (the sheet's name), columns and rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def neutralised(text: str) -> str:
    """Return text a spreadsheet will not run: a leading `'` before a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(value: datetime, clock: tzinfo) -> datetime:
    """A stored (naive UTC) time on the user's clock, naive as Excel wants it."""
    return value.replace(tzinfo=UTC).astimezone(clock).replace(tzinfo=None)


def _csv_cell(kind: Kind, value, clock: tzinfo) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # a text in a column of figures: "saknas"
        return neutralised(value)
    if kind == Kind.DATETIME:
        return f"{_local(value, clock):%Y-%m-%d %H:%M}"
    if kind == Kind.DATE:
        return value.isoformat()
    if kind in DECIMALS or isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if kind in (Kind.INT, Kind.KRONOR):
        return str(value)
    return neutralised(str(value))


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """Yield the CSV file in pieces: BOM and header first, then rows in chunks."""
    return sheets_csv_chunks([Sheet("", columns, rows)])


def sheets_csv_chunks(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """Yield the tables one after the other (a titled one under its title row),
    an empty line between them; the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    clock = get_timezone()
    for index, sheet in enumerate(sheets):
        if index:
            writer.writerow([])
        if sheet.title:
            writer.writerow([neutralised(sheet.title)])
        writer.writerow([neutralised(c.header) for c in sheet.columns])
        yield _drain(buffer)
        kinds = [c.kind for c in sheet.columns]
        for n, row in enumerate(sheet.rows, 1):
            writer.writerow(
                [_csv_cell(k, v, clock) for k, v in zip(kinds, row, strict=True)]
            )
            if n % CSV_ROWS_PER_CHUNK == 0:
                yield _drain(buffer)
    if buffer.tell():
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def write_sheets(sheets: Iterable[Sheet], target) -> None:
    """Write each table as a typed sheet with a bold, frozen header into target."""
    book, used = Workbook(write_only=True), set()
    try:
        for table in sheets:
            sheet = book.create_sheet(sheet_title(table.title, used))
            _write_sheet(sheet, table)
    except BaseException:
        for sheet in book.worksheets:  # close their temporary files now, not at GC
            with contextlib.suppress(Exception):
                sheet.close()
        raise
    book.save(target)


def sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel takes: no []:*?/\\, at most 31 characters, unique
    (case-insensitively) among `used`, to which it is added."""
    base = (INVALID_SHEET_CHARACTERS.sub(" ", title).strip(" '") or "Samnod")[:31]
    name, n = base, 1
    while name.casefold() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name.casefold())
    return name


def _write_sheet(sheet, table: Sheet) -> None:
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, 1):
        width = column.width or WIDTHS[column.kind]
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, c.header, bold) for c in table.columns])
    kinds, clock = [c.kind for c in table.columns], get_timezone()
    for n, row in enumerate(table.rows, 1):
        if n > XLSX_MAX_ROWS:
            raise TooManyRowsError(XLSX_MAX_ROWS)
        cells = zip(kinds, row, strict=True)
        sheet.append([_xlsx_cell(sheet, k, v, clock) for k, v in cells])


def _text_cell(sheet, value: str, font: Font | None = None) -> WriteOnlyCell:
    """A string cell, whatever it begins with (openpyxl reads "=…" as a formula)."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _xlsx_cell(sheet, kind: Kind, value, clock: tzinfo):
    if value is None or value == "":
        return None
    if kind in (Kind.TEXT, Kind.URL) or isinstance(value, str):
        text = str(value)
        if text.startswith(("=", "#")) or ILLEGAL_CHARACTERS_RE.search(text):
            return _text_cell(sheet, text)  # "#N/A" would be an error cell
        return text
    if kind == Kind.DATETIME:
        value = _local(value, clock)
    elif kind == Kind.DATE and isinstance(value, datetime):
        value = value.date()
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = NUMBER_FORMATS[kind]
    return cell


DECIMALS = frozenset({Kind.RATIO, Kind.KRONOR_PER, Kind.PERCENT, Kind.DECIMAL})


class TooManyRowsError(Exception):
    """More rows than a spreadsheet holds."""


def _too_many(limit: int) -> str:
    return _(
        "More than %(num)s rows match: more than an Excel sheet holds. Narrow "
        "the filter, or download CSV.",
        num=number(limit),
    )


def download_name(filename: str) -> str:
    """A file name safe in a Content-Disposition header (ASCII, no path)."""
    return secure_filename(filename) or "samnod-export"


def export_response(
    filename: str, columns: Sequence[Column], rows: Iterable[Sequence]
) -> Response:
    """Answer a download of the rows as CSV or XLSX, by the file name's ending.

    Call it inside the request: the CSV is written while it is sent (the
    request context kept for the query), the XLSX written first, then sent.
    """
    title = download_name(filename).rsplit(".", 1)[0]
    return export_sheets(filename, [Sheet(title, columns, rows)], titled=False)


def export_sheets(
    filename: str, sheets: Iterable[Sheet], titled: bool = True
) -> Response:
    """Answer a download of several tables, as `export_response` does one.

    In CSV each table comes under its title row (unless not `titled`).
    """
    name = download_name(filename)
    if name.endswith(".xlsx"):
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it
        try:
            write_sheets(sheets, spool)
        except TooManyRowsError as exc:
            spool.close()
            abort(422, description=_too_many(exc.args[0]))
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=name)
    if not titled:
        sheets = [Sheet("", s.columns, s.rows) for s in sheets]
    body = stream_with_context(sheets_csv_chunks(sheets))
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


def dated_name(stem: str, extension: str, on: date | None = None) -> str:
    """A download's file name with the day it was made: samnod-inkorg-2026-12-06.csv."""
    return f"{stem}-{(on or local_today()).isoformat()}.{extension}"
