"""Tables as files people open in Excel: UTF-8 CSV with a byte-order mark, and XLSX (openpyxl).

Excel in Japan reads a CSV without the BOM as Shift_JIS and garbles every name outside ASCII; with the BOM it
reads UTF-8. Request-free: views only wrap the bytes in a response.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

#: The UTF-8 byte-order mark that tells Excel the file is UTF-8.
BOM = "\ufeff"
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Characters that make a spreadsheet read a cell as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | date | None


def with_bom(text: str) -> bytes:
    """CSV text as UTF-8 bytes that Excel opens as UTF-8 (the BOM once, at the start)."""
    return (BOM + text.removeprefix(BOM)).encode("utf-8")


def defuse(value: str) -> str:
    """Text that a spreadsheet shows as typed: a leading = + - @ would make it a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def table_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A header and rows as UTF-8 CSV with a BOM; text cells defused, numbers as digits, dates in ISO form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([defuse(str(column)) for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return with_bom(out.getvalue())


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return defuse(str(value))


def table_xlsx(title: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A header and rows as a one-sheet workbook: numbers and dates as such, text always as text, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    header = []
    for column in columns:
        cell = _text_cell(sheet, str(column))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value: Cell):
    if isinstance(value, str):
        return _text_cell(sheet, value)
    return value


def _text_cell(sheet, value: str):
    """A cell that holds `value` as text: openpyxl would store a string starting with "=" as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=_printable(value))
    cell.data_type = "s"
    return cell


def _printable(value: str) -> str:
    """XML 1.0, and so XLSX, cannot hold control characters other than tab and line breaks."""
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in _printable(title)).strip()
    return cleaned[:31] or "Sheet"
