"""The results workbook (openpyxl): one sheet per table of tables.py.

Text is always stored as text: openpyxl would turn a string starting with "=" into a
formula, so every string cell's type is forced to string ("s") after the value is set, and
Excel shows "=HYPERLINK(...)" as the characters typed. Dates and times are real dates;
levels are numbers.
"""

from __future__ import annotations

import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .tables import Table

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def clean_text(value: str) -> str:
    """Text Excel can hold: no control characters (openpyxl refuses them), not too long."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def _write(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula
    else:
        cell.value = value
        if isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
    return cell


def workbook_bytes(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        for column, name in enumerate(table.columns, start=1):
            _write(sheet, 1, column, name).font = bold
            width = max([len(name)] + [len(str(r[column - 1] or "")) for r in table.rows[:200]])
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8) + 2, 60)
        for row, values in enumerate(table.rows, start=2):
            for column, value in enumerate(values, start=1):
                _write(sheet, row, column, value)
        sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
