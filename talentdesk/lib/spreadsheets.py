"""CSV and XLSX downloads of a table (header, rows), shared by every export (the earnings
pages, the roster, the offers list).

Spreadsheets run what looks like a formula: a text cell starting with = + - @, a tab or a
carriage return gets a leading apostrophe, in both formats (a creator named
`=HYPERLINK("http://x","y")` stays that text). A money cell is an (amount, currency) pair
written in the currency's decimals (`places(currency)`, two by default) beside a currency
column; dates are ISO 8601 in CSV and dates in XLSX."""

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
type Places = Callable[[str], int]


def two_places(currency: str) -> int:
    return 2


def neutral(value):
    """A text cell a spreadsheet will not run: a leading apostrophe before = + - @, tab, CR.
    Numbers and dates pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rounded(amount, currency: str, places: Places) -> Decimal:
    quantum = Decimal(1).scaleb(-places(currency))
    return Decimal(amount).quantize(quantum, rounding=ROUND_HALF_UP)


def _csv_cell(value, places: Places) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # (amount, currency): the amount, in the currency's decimals
        return str(_rounded(*value, places))
    if isinstance(value, date | Decimal | int):
        return value.isoformat() if isinstance(value, date) else str(value)
    return neutral(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_response(header, rows, filename: str, *, places: Places = two_places):
    """The table as a streamed UTF-8 CSV download (with a BOM, for spreadsheets)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([neutral(str(h)) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(value, places) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx_text(value: str) -> str:
    # XML 1.0 has no place for most control characters: openpyxl refuses them.
    return neutral(ILLEGAL_CHARACTERS_RE.sub("", value))


def xlsx_response(header, rows, filename: str, title: str, *, places: Places = two_places):
    """The table as an XLSX download: one sheet named `title`, text cells always text."""
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_xlsx_text(str(title))[:31] or "Sheet")

    def cell(value):
        if isinstance(value, tuple):
            amount, currency = value
            written = WriteOnlyCell(sheet, value=_rounded(amount, currency, places))
            decimals = places(currency)
            written.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")
            return written
        if isinstance(value, str):
            written = WriteOnlyCell(sheet, value=_xlsx_text(value))
            written.data_type = "s"  # text, whatever it starts with
            return written
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            written.number_format = "yyyy-mm-dd"
        return written

    sheet.append([cell(str(h)) for h in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
