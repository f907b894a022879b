"""The three downloads of one assessment, as (bytes, content type, file name): the views and
`export_results` both ask here, so the page and the command give the same file."""

from __future__ import annotations

from django.utils.text import slugify

from .csv_files import zip_bytes
from .document import document_bytes, results_document
from .tables import build_tables
from .xlsx import workbook_bytes

FORMATS = ("xlsx", "csv", "json")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
    "json": "application/json",
}
EXTENSIONS = {"xlsx": "xlsx", "csv": "zip", "json": "json"}


def base_name(assessment) -> str:
    name = slugify(f"{assessment.programme.name} {assessment.title}")[:80] or "results"
    return f"{name}-{assessment.date:%Y-%m-%d}"


def export_file(assessment, fmt, *, can_see_names) -> tuple[bytes, str, str]:
    base = base_name(assessment)
    if fmt == "json":
        content = document_bytes(results_document(assessment, names_included=can_see_names))
    elif fmt == "csv":
        content = zip_bytes(build_tables(assessment, can_see_names=can_see_names), folder=base)
    elif fmt == "xlsx":
        content = workbook_bytes(build_tables(assessment, can_see_names=can_see_names))
    else:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return content, CONTENT_TYPES[fmt], f"{base}.{EXTENSIONS[fmt]}"
