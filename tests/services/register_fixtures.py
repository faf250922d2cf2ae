"""A register as teams keep it, with the quirks real spreadsheets have, as CSV and XLSX.

A title row above the headers, a blank row, dates as text in several formats and Excel
serial dates, UK (day-first) dates in one column and US (month-first) in another, names in
several scripts, and rows that cannot be imported as they stand.
"""

from __future__ import annotations

import csv
import datetime as dt

HEADERS = ["Ref", "Name", "E-mail", "Date received", "Date responded", "Closed", "Region",
           "Comments"]
# Spreadsheet row -> the row's cells (row 1 is the title, row 2 blank, row 3 the headers).
ROWS = {
    4: ["SAR-2025-0101", "Zofia Łódź-Nowak", "zofia@example.org", "2025-11-03",
        "28 November 2025", "12/15/2025", "England", "old case"],
    6: ["", "王芳", "", "25/04/2026", "", "", "Scotland", ""],
    7: ["", "عائشة الحسن", "", "03/04/2026", "Apr 20, 2026", "", "uk-ni", ""],
    8: ["", "Ελένη Παπαδοπούλου", "", "2026-05-10", "", "2026-05-01", "", ""],
    9: ["", "Tom Elsewhere", "", "2026-05-12", "", "", "Narnia", ""],
    10: ["", "Grace Hopper", "", "10 Feb 2026", "", "", "", ""],
    11: ["", "Bad Date", "", "31/02/2026", "", "", "", ""],
    12: ["", "", "", "2026-05-01", "", "", "", ""],
    13: ["", "Amb Iguous", "", "2026-04-01", "04/05/2026", "", "", ""],
}
GOOD = (4, 6, 7)
BAD = (8, 9, 11, 12, 13)
EXISTING = ("Grace Hopper", dt.date(2026, 2, 10))  # row 10 repeats this case


def write_csv(path, rows=ROWS) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Subject access register 2025-26"] + [""] * (len(HEADERS) - 1))
        writer.writerow([""] * len(HEADERS))
        writer.writerow(HEADERS)
        for line in range(4, max(rows) + 1):
            writer.writerow(rows.get(line, [""] * len(HEADERS)))


def write_xlsx(path, rows=ROWS) -> None:
    """The same register as a workbook: the title merged across the columns, row 4's dates
    as date cells, row 10's received date as an Excel serial number."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Subject access register 2025-26"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    for column, header in enumerate(HEADERS, start=1):
        sheet.cell(row=3, column=column, value=header)
    for line, cells in rows.items():
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=line, column=column, value=value or None)
    if 4 in rows:
        for column, day in ((4, dt.datetime(2025, 11, 3)), (5, dt.datetime(2025, 11, 28))):
            sheet.cell(row=4, column=column, value=day).number_format = "dd/mm/yyyy"
    if 10 in rows:
        sheet.cell(row=10, column=4, value=46063)  # 10 February 2026 as Excel counts days
    book.save(path)
