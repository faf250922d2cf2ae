"""The monthly compliance report: build it from the registry and write PDF, XLSX or CSV.

PDF: summary, the dashboard's charts and every table (``documents.report_pdf``).
XLSX: one sheet per table (openpyxl). CSV: the month-by-month table with its total row.
Files are written to a temporary name beside the target and renamed, so a failed write
never leaves half a report.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from sar_desk.core.clock import stamp
from sar_desk.core.compliance import (
    DEFINITIONS,
    MONTH_COLUMNS,
    ComplianceReport,
    build_compliance_report,
)
from sar_desk.core.metrics import Month
from sar_desk.core.spreadsheet import safe_cell
from sar_desk.core.text import printable
from sar_desk.core.type_metrics import type_month_table
from sar_desk.errors import InputError

FORMATS = ("pdf", "xlsx", "csv")
MAX_MONTHS = 120


def check_period(first: Month, last: Month) -> None:
    if last < first:
        raise InputError(
            f"the report period ends ({last[0]:04d}-{last[1]:02d}) before it starts "
            f"({first[0]:04d}-{first[1]:02d}); the first month must not be after the last",
            code="report.period_reversed",
        )
    count = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if count > MAX_MONTHS:
        raise InputError(f"the report period is {count} months long; the most is {MAX_MONTHS}")


def report_format(out: Path | str, fmt: str | None) -> str:
    """The format asked for, else the one the file name ends with."""
    chosen = (fmt or Path(out).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InputError(
            f"cannot tell which report format to write for {str(out)!r}: "
            f"choose one of {', '.join(FORMATS)}"
        )
    return chosen


def compliance_report(
    ws: Any, first: Month, last: Month, *, today: dt.date | None = None,
    request_type: str | None = None,
) -> ComplianceReport:
    """The report for the months ``first``..``last`` from the workspace registry
    (only the cases exercising ``request_type`` when one is given)."""
    from sar_desk.core.type_metrics import of_type
    from sar_desk.services.dashboard import bulk_allocation, registry_rows

    check_period(first, last)
    from sar_desk.services.closing import overridden_closures

    with bulk_allocation():
        rows = of_type(registry_rows(ws), request_type)
        report = build_compliance_report(rows, first, last, today or ws.clock.today(),
                                         overridden_closures(ws))
    from sar_desk.services.complaints import complaint_report_table

    return dataclasses.replace(report, complaints=complaint_report_table(ws, first, last))


def export_report(
    ws: Any,
    first: Month,
    last: Month,
    out: Path | str,
    *,
    fmt: str | None = None,
    today: dt.date | None = None,
    organisation: str = "",
    request_type: str | None = None,
) -> Path:
    """Build the report and write it to ``out``; returns the path written."""
    from sar_desk.store.outfile import check_out

    chosen = report_format(out, fmt)
    check_out(out, workspace=ws.path, what="the report")
    report = compliance_report(ws, first, last, today=today, request_type=request_type)
    return write_report(report, out, chosen, organisation=organisation, workspace=ws.path)


def write_report(
    report: ComplianceReport, out: Path | str, fmt: str, *, organisation: str = "",
    workspace: Path | None = None,
) -> Path:
    """Write an already-built report as ``fmt`` (pdf, xlsx or csv)."""
    if fmt == "pdf":
        from sar_desk.documents.report_pdf import render_report_pdf

        data = render_report_pdf(report, organisation=organisation)
    elif fmt == "xlsx":
        data = xlsx_bytes(report_sheets(report), percent_columns={
            "Months": (5,), "Request types": (5,), "Months by type": (6,), "Summary": ()},
            made=report.as_of)
    elif fmt == "csv":
        data = csv_bytes(report.month_table())
    else:
        raise InputError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return write_atomic(out, data, workspace=workspace)


def report_sheets(report: ComplianceReport) -> dict[str, list[list[object]]]:
    summary = report.summary_table()
    summary += [[], ["How the figures are counted"], *([text] for text in DEFINITIONS)]
    sheets = {
        "Summary": summary,
        "Months": report.month_table(),
        "Request types": report.type_table(),
        "Months by type": type_month_table(report.type_months),
        "Exemptions": report.exemption_table(),
    }
    if report.complaints:
        sheets["Complaints"] = [list(row) for row in report.complaints]
    return sheets


# --- shared writers (also used by the register export) ----------------------------------


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a byte-order mark so spreadsheet programs read names in any script."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(_plain(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    sheets: dict[str, list[list[object]]],
    *,
    percent_columns: dict[str, tuple[int, ...]] | None = None,
    made: dt.date | None = None,
) -> bytes:
    """One worksheet per table; the first row is a bold, frozen header. ``made``: the day
    the workbook says it was created (the workspace's day), at the real time of day."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    percent_columns = percent_columns or {}
    book = Workbook()
    if made is not None:
        book.properties.created = stamp(made).replace(tzinfo=None)  # openpyxl assumes UTC
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        widths: dict[int, int] = {}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                value = _plain(value)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever a name starts with
                if r > 1 and c in percent_columns.get(title, ()) and value is not None:
                    cell.number_format = "0.0%"
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                widths[c] = max(widths.get(c, 8), min(60, len(str(value or "")) + 2))
        for cell in sheet[1] if rows else ():
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for c, width in widths.items():
            sheet.column_dimensions[get_column_letter(c)].width = width
    summary = sheets.get("Summary")
    if summary:  # the on-time rate in the summary sheet is a fraction too
        sheet = book["Summary"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "On-time rate" and row[1].value is not None:
                row[1].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: object) -> object:
    """A cell's value: floats rounded, lists joined, and text without control characters
    (XLSX cannot hold them: one name typed with one would fail the whole export)."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, tuple | list):
        return printable(", ".join(str(v) for v in value))
    if isinstance(value, StrEnum):
        return str(value)
    return printable(value)


def write_atomic(out: Path | str, data: bytes, *, workspace: Path | None = None) -> Path:
    """Write ``data`` to ``out`` whole or not at all, never inside ``workspace``
    (:func:`sar_desk.store.outfile.write_out`)."""
    from sar_desk.store.outfile import write_out

    return write_out(out, data, workspace=workspace)


__all__ = [
    "FORMATS",
    "MONTH_COLUMNS",
    "check_period",
    "compliance_report",
    "csv_bytes",
    "export_report",
    "report_format",
    "report_sheets",
    "safe_cell",
    "write_atomic",
    "write_report",
    "xlsx_bytes",
]
