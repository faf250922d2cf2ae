"""The compliance report files: what a board member reads in the PDF, XLSX and CSV.

The report is built from the hand-checked rows of tests/core/test_metrics.py, whose figures
were worked out by hand (Feb 2026: 2 closed, 1 on time; Mar: 1 closed late; Apr: 1 on time).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pypdf
import pytest

from sar_desk.core.compliance import build_compliance_report
from sar_desk.errors import InputError
from sar_desk.services import reports
from tests.core.test_metrics import AS_OF, CASES

FIRST, LAST = (2026, 1), (2026, 4)


@pytest.fixture(scope="module")
def report():
    return build_compliance_report(CASES, FIRST, LAST, AS_OF)


def test_report_totals(report):
    assert [m.month for m in report.months] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert (report.total.received, report.total.closed, report.total.closed_on_time) == (13, 4, 2)
    assert report.total.on_time_rate == pytest.approx(0.5)
    assert report.as_of == AS_OF  # the period runs past today: figures as at today
    assert (report.at_end.open, report.at_end.overdue) == (8, 3)


def test_past_period_is_judged_at_its_end():
    feb = build_compliance_report(CASES, (2026, 2), (2026, 2), AS_OF)
    assert feb.as_of == dt.date(2026, 2, 28)
    # At the end of February: A-D, L, N, O not yet received; G answered, H still open (late).
    assert feb.at_end.overdue == 1
    assert (feb.total.closed, feb.total.closed_on_time, feb.total.withdrawn) == (2, 1, 1)


def test_csv_is_the_month_table_with_a_total(report, tmp_path):
    out = reports.write_report(report, tmp_path / "r.csv", "csv")
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Month", "Received", "Closed", "Closed on time", "On-time rate"]
    by_month = {r[0]: r for r in rows[1:]}
    assert by_month["2026-02"][1:5] == ["3", "2", "1", "0.5"]
    assert by_month["2026-03"][1:5] == ["7", "1", "0", "0.0"]
    assert by_month["2026-01"][4] == ""  # nothing closed: no rate, not 0%
    assert by_month["Total"][1:5] == ["13", "4", "2", "0.5"]


def test_xlsx_has_one_sheet_per_table(report, tmp_path):
    out = reports.write_report(report, tmp_path / "r.xlsx", "xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Months", "Request types", "Months by type",
                               "Exemptions"]
    months = book["Months"]
    assert months["A1"].value == "Month" and months["A3"].value == "2026-02"
    assert (months["C3"].value, months["D3"].value, months["E3"].value) == (2, 1, 0.5)
    assert months["E3"].number_format == "0.0%"
    assert months["A6"].value == "Total" and months["E6"].value == 0.5
    types = {row[0].value: row for row in book["Request types"].iter_rows(min_row=2)}
    assert types["Erasure"][1].value == 2 and types["Erasure"][2].value == 1
    exemptions = [tuple(c.value for c in row) for row in book["Exemptions"].iter_rows()]
    assert exemptions == [("Exemption", "Times applied"), ("sch2-p16", 2), ("sch3-p3", 1)]


def test_pdf_has_summary_charts_and_tables(report, tmp_path):
    out = reports.write_report(report, tmp_path / "r.pdf", "pdf", organisation="Łódź & Co")
    pdf = pypdf.PdfReader(out)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in ("compliance report", "Łódź & Co", "Monthly volume", "On-time rate",
                     "Month by month", "By request type", "sch2-p16", "50.0%"):
        assert expected in text
    assert "2026-01 to 2026-04" in text
    # Both charts are vector drawings with their month labels.
    assert text.count("Feb 26") >= 2


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pdf_renders_to_an_image(report, tmp_path):
    out = reports.write_report(report, tmp_path / "r.pdf", "pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out),
                    str(tmp_path / "page")], check=True, timeout=60)
    assert (tmp_path / "page-1.png").stat().st_size > 2000


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    hostile = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    data = reports.csv_bytes([["name"], [hostile], ["王芳"], ["عائشة"]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'" + hostile] and rows[2] == ["王芳"] and rows[3] == ["عائشة"]
    path = tmp_path / "x.xlsx"
    path.write_bytes(reports.xlsx_bytes({"Sheet": [["name"], [hostile]]}))
    cell = openpyxl.load_workbook(path)["Sheet"]["A2"]
    assert cell.value == hostile and cell.data_type == "s"


def test_bad_requests_are_refused_clearly(report, tmp_path):
    with pytest.raises(InputError, match="before it starts"):
        reports.check_period((2026, 4), (2026, 1))
    with pytest.raises(InputError, match="most is 120"):
        reports.check_period((2000, 1), (2026, 1))
    with pytest.raises(InputError, match="pdf, xlsx, csv"):
        reports.report_format(tmp_path / "r.docx", None)
    assert reports.report_format(tmp_path / "r.XLSX", None) == "xlsx"
    with pytest.raises(InputError, match="does not exist"):
        reports.write_report(report, tmp_path / "missing" / "r.csv", "csv")


def test_failed_write_leaves_the_old_file_alone(report, tmp_path, monkeypatch):
    target = tmp_path / "r.csv"
    target.write_text("previous report", encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    from sar_desk.store import outfile
    from sar_desk.store.errors import DiskFull

    monkeypatch.setattr(outfile.os, "replace", broken)
    with pytest.raises(DiskFull, match="No space left"):
        reports.write_report(report, target, "csv")
    assert target.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]  # no temporary left behind


@pytest.mark.parametrize("cases", [[], CASES[:1]], ids=["no cases", "one case"])
def test_pdf_with_at_most_one_rated_month_renders(cases):
    """A period where no month (or one month) has closures still gives a PDF with its charts."""
    from sar_desk.documents.report_pdf import render_report_pdf

    sparse = build_compliance_report(cases, (2025, 1), (2025, 10), AS_OF)
    assert sum(m.on_time_rate is not None for m in sparse.months) <= 1
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(
        render_report_pdf(sparse, organisation="FluxSys Ltd"))).pages)
    assert "On-time rate" in text
