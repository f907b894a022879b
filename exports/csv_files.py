"""The results as CSV: one file per table of tables.py, in one zip.

Spreadsheets run a cell that starts with =, +, -, @, a tab or a carriage return as a
formula, so such text is prefixed with a single quote (OWASP's advice on CSV injection).
Files are UTF-8 with a byte order mark so that Excel reads accents and dashes correctly;
dates are ISO 8601 (2026-12-01, 2026-12-01 14:30).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

from .tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value  # dates print as ISO, numbers as numbers


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_value(v) for v in row])
    return "\ufeff" + out.getvalue()


def zip_bytes(tables: list[Table], *, folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(f"{folder}/{table.name}.csv", table_csv(table).encode("utf-8"))
    return out.getvalue()
