"""Tables as downloads: CSV for Swedish Excel and XLSX, streamed row by row.

`export_response(filename, columns, rows)` answers a download. `rows` is an
iterator (a streamed query): neither format holds the rows in memory. CSV is
UTF-8 with a BOM, `;` between fields, a decimal comma, ISO dates and CRLF line
ends, sent while it is written. XLSX is written by openpyxl in write-only mode
(constant memory, inline strings) to a temporary file, then sent in chunks and
the file removed.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
could be read as a formula by a spreadsheet (CSV injection, OWASP): in CSV it
gets a leading apostrophe, in XLSX it is written as a string cell, never a formula.
"""

from __future__ import annotations

import csv
import enum
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from flask import Response, abort, send_file, stream_with_context
from flask_babel import format_decimal, get_timezone
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from werkzeug.utils import secure_filename

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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
    URL = "url"


# Excel stores number formats in its own notation: "," groups the thousands
# (Swedish Excel shows a space), "." is the decimal sign (shown as a comma).
NUMBER_FORMATS = {
    Kind.INT: "0",
    Kind.KRONOR: '#,##0 "kr"',
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
    Kind.RATIO: "0.00",
}
WIDTHS = {
    Kind.TEXT: 30,
    Kind.INT: 10,
    Kind.KRONOR: 15,
    Kind.DATE: 12,
    Kind.DATETIME: 17,
    Kind.RATIO: 10,
    Kind.URL: 40,
}


@dataclass(frozen=True)
class Column:
    """A column of an export: its (translated) header and what it holds."""

    header: str
    kind: Kind = Kind.TEXT
    width: int | None = None  # characters; by kind when not given


def neutralised(text: str) -> str:
    """Return text a spreadsheet will not run: a leading `'` before a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(value: datetime, clock: tzinfo) -> datetime:
    """A stored (naive UTC) time on the user's clock, naive as Excel wants it."""
    return value.replace(tzinfo=UTC).astimezone(clock).replace(tzinfo=None)


def _csv_cell(kind: Kind, value, clock: tzinfo) -> str:
    if value is None or value == "":
        return ""
    if kind == Kind.DATETIME:
        return f"{_local(value, clock):%Y-%m-%d %H:%M}"
    if kind == Kind.DATE:
        return value.isoformat()
    if kind == Kind.RATIO or isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if kind in (Kind.INT, Kind.KRONOR):
        return str(value)
    return neutralised(str(value))


def csv_chunks(columns: Sequence[Column], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """Yield the CSV file in pieces: BOM and header first, then rows in chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralised(c.header) for c in columns])
    yield "\ufeff".encode() + _drain(buffer)
    kinds, clock = [c.kind for c in columns], get_timezone()
    for n, row in enumerate(rows, 1):
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


def write_xlsx(
    columns: Sequence[Column], rows: Iterable[Sequence], target, title: str = ""
) -> None:
    """Write the rows as one typed sheet with a bold, frozen header into target."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "Samnod")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, 1):
        width = column.width or WIDTHS[column.kind]
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, c.header, bold) for c in columns])
    kinds, clock = [c.kind for c in columns], get_timezone()
    for n, row in enumerate(rows, 1):
        if n > XLSX_MAX_ROWS:
            raise TooManyRowsError(XLSX_MAX_ROWS)
        cells = zip(kinds, row, strict=True)
        sheet.append([_xlsx_cell(sheet, k, v, clock) for k, v in cells])
    book.save(target)


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
    if kind in (Kind.TEXT, Kind.URL):
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


class TooManyRowsError(Exception):
    """More rows than a spreadsheet holds."""


def _too_many(limit: int) -> str:
    return _(
        "More than %(num)s rows match: more than an Excel sheet holds. Narrow "
        "the filter, or download CSV.",
        num=format_decimal(limit),
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
    name = download_name(filename)
    if name.endswith(".xlsx"):
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - send_file closes it
        try:
            write_xlsx(columns, rows, spool, title=name.rsplit(".", 1)[0])
        except TooManyRowsError as exc:
            spool.close()
            abort(422, description=_too_many(exc.args[0]))
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=name)
    body = stream_with_context(csv_chunks(columns, rows))
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


def dated_name(stem: str, extension: str, on: date | None = None) -> str:
    """A download's file name with the day it was made: samnod-inkorg-2026-12-06.csv."""
    return f"{stem}-{(on or date.today()).isoformat()}.{extension}"
