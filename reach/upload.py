"""Reading a population file (CSV UTF-8 or .xlsx): each group's share of the local
population. Refused whole, with the line and the reason, or read whole: a file that is half
right saves nothing (the caller saves the rows in one transaction).

Columns: category, group, population_percent. A blank percentage leaves that group as it
is (the template we offer lists every group with blanks).
"""

from __future__ import annotations

import csv
import difflib
import io
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .categories import BY_CODE, CATALOGUE, Dimension

COLUMNS = ["category", "group", "population_percent"]
MAX_BYTES = 1_000_000
MAX_PROBLEMS = 20  # past this, the first few say enough
SUM_TOLERANCE = Decimal("100.5")  # published shares are rounded
SAVE_AS_CSV_UTF8 = (
    "In Excel choose File, then Save As (or Save a Copy), and under file type choose "
    '"CSV UTF-8 (Comma delimited) (*.csv)", then upload that file. An .xlsx workbook '
    "works too."
)


@dataclass(frozen=True)
class PopulationRow:
    line: int
    dimension: str
    code: str  # blank for a group the team names
    own_label: str
    share: Decimal

    @property
    def label(self):
        return BY_CODE[self.code].label if self.code else self.own_label


class PopulationFileRefused(ValueError):
    """The file and every reason it was refused, as "Line 4: …" sentences."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _dimension_names():
    names = {}
    for dimension in Dimension:
        names[dimension.value] = dimension
        names[dimension.label.lower()] = dimension
    return names


DIMENSIONS = _dimension_names()
GROUPS = {}
for _category in CATALOGUE:
    GROUPS[(_category.dimension, _category.code)] = _category
    GROUPS[(_category.dimension, _category.label.lower())] = _category


def _did_you_mean(value, choices):
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return f' Did you mean "{close[0]}"?' if close else ""


def read_population_file(data: bytes) -> list[PopulationRow]:
    """The rows of a CSV or .xlsx file (told apart by their first bytes, not their name)."""
    if not data.strip():
        raise PopulationFileRefused(["The file is empty."])
    if len(data) > MAX_BYTES:
        raise PopulationFileRefused(["The file is over 1 MB: a population file is a few lines."])
    if data.startswith(b"PK\x03\x04"):
        return _read_rows(_xlsx_rows(data), where="Row")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PopulationFileRefused(
            [f"This is an old Excel .xls workbook, which cannot be read. {SAVE_AS_CSV_UTF8}"]
        )
    return _read_rows(_csv_rows(data), where="Line")


def _csv_rows(data: bytes):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PopulationFileRefused(
            [
                'Line 1: this file is saved as UTF-16 ("Unicode text"), not UTF-8. '
                + SAVE_AS_CSV_UTF8
            ]
        )
    data = data.removeprefix(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8" starts with a BOM
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise PopulationFileRefused(
            [
                f"Line {line}: this file is not saved as UTF-8 (the byte 0x{byte:02X} is not "
                'UTF-8; Excel\'s plain "CSV (Comma delimited)" saves in Windows-1252). '
                + SAVE_AS_CSV_UTF8
            ]
        ) from None
    if "\x00" in text:
        raise PopulationFileRefused([f"This is not a CSV file. {SAVE_AS_CSV_UTF8}"])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # some locales' Excel
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            yield reader.line_num, [v.strip() for v in values]
    except csv.Error as error:
        raise PopulationFileRefused([f"Line {reader.line_num}: {error}."]) from None


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise PopulationFileRefused(
            [
                "This file is not a readable .xlsx workbook. Save it again from Excel as .xlsx "
                'or as "CSV UTF-8 (Comma delimited) (*.csv)".'
            ]
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [_cell_text(cell) for cell in cells]
    finally:
        book.close()


def _cell_text(cell):
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if "%" in (cell.number_format or ""):
            number *= 100  # a cell formatted as 12.5% holds 0.125
        return format(number.normalize(), "f")
    return str(value).strip()


def _share(text: str) -> Decimal | str:
    """The percentage, or the reason it is not one."""
    cleaned = text.removesuffix("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        hint = " (use a full stop for decimals)" if "," in cleaned else ""
        return f'"{text}" is not a number{hint}'
    if not value.is_finite():
        return f'"{text}" is not a number'
    if value < 0:
        return f"{text} is below 0 %"
    if value > 100:
        return f"{text} is over 100 %"
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _header(where, number, values):
    columns = [v.lower().replace(" ", "_") for v in values]
    problems = []
    missing = [c for c in COLUMNS if c not in columns]
    unknown = [c for c in columns if c and c not in COLUMNS]
    if missing or unknown:
        found = ", ".join(v for v in values if v) or "nothing"
        message = f"{where} {number}: the columns must be {', '.join(COLUMNS)}; found {found}."
        if missing:
            message += f" Missing: {', '.join(missing)}."
        for column in unknown:
            message += f' "{column}" is not a column.' + _did_you_mean(column, COLUMNS)
        problems.append(message)
    return {c: columns.index(c) for c in COLUMNS if c in columns}, problems


def _read_rows(numbered_rows, *, where) -> list[PopulationRow]:
    problems, rows, seen, header = [], [], {}, None
    for number, values in numbered_rows:
        if not any(values):
            continue
        if header is None:
            header, problems = _header(where, number, values)
            if problems:
                break
            continue
        cells = {c: (values[i] if i < len(values) else "") for c, i in header.items()}
        extra = [v for v in values[len(header) :] if v]
        row_or_problem = (
            f"{len(values)} values, but the file has {len(header)} columns (a comma in a "
            "number? Use a full stop for decimals)."
            if extra
            else _row(number, cells)
        )
        if isinstance(row_or_problem, str):
            problems.append(f"{where} {number}: {row_or_problem}")
        elif row_or_problem is not None:
            key = (
                row_or_problem.dimension,
                row_or_problem.code or row_or_problem.own_label.lower(),
            )
            if key in seen:
                problems.append(
                    f'{where} {number}: "{row_or_problem.label}" is already on '
                    f"{where.lower()} {seen[key]}."
                )
            seen[key] = number
            rows.append(row_or_problem)
        if len(problems) >= MAX_PROBLEMS:
            break
    if header is None:
        problems.append(f"The file has no lines. The columns are {', '.join(COLUMNS)}.")
    problems += _sums_over_100(rows, where) if not problems else []
    if problems:
        raise PopulationFileRefused(problems)
    if not rows:
        raise PopulationFileRefused(["The file has no population shares filled in."])
    return rows


def _row(number, cells) -> PopulationRow | str | None:
    dimension = DIMENSIONS.get(cells["category"].lower())
    if dimension is None:
        choices = [d.label for d in Dimension]
        return (
            f'"{cells["category"]}" is not a category. Use one of: {", ".join(choices)}.'
            + _did_you_mean(cells["category"], choices)
        )
    group = cells["group"]
    if not group:
        return "the group is missing."
    if not cells["population_percent"]:
        return None  # left blank: that group keeps its share
    share = _share(cells["population_percent"])
    if isinstance(share, str):
        return share + "."
    if dimension == Dimension.OWN:
        if len(group) > 120:
            return "the group's name is over 120 characters."
        return PopulationRow(number, dimension.value, "", group, share)
    category = GROUPS.get((dimension.value, group.lower()))
    if category is None:
        labels = [c.label for c in CATALOGUE if c.dimension == dimension]
        return (
            f'"{group}" is not one of the {dimension.label.lower()} groups '
            f'(for a group of your own, use the category "{Dimension.OWN.label}").'
            + _did_you_mean(group, labels)
        )
    return PopulationRow(number, dimension.value, category.code, "", share)


def _sums_over_100(rows, where):
    problems = []
    for dimension in Dimension:
        if dimension == Dimension.OWN:
            continue  # a team's groups may overlap
        these = [r for r in rows if r.dimension == dimension]
        total = sum((r.share for r in these), Decimal(0))
        if total > SUM_TOLERANCE:
            lines = ", ".join(str(r.line) for r in these)
            problems.append(
                f"{where}s {lines}: the {dimension.label.lower()} shares add up to "
                f"{total.normalize():f} %, over 100 %."
            )
    return problems


def template_csv() -> str:
    """Every ONS group with a blank share, and one example of a group of the team's own."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for category in CATALOGUE:
        writer.writerow([Dimension(category.dimension).label, category.label, ""])
    writer.writerow([Dimension.OWN.label, "People with a learning disability", ""])
    return "\ufeff" + out.getvalue()
