"""What a user is shown as done on a day follows the workspace's clock: a workspace whose
clock is pinned far from the computer's date shows a document added, a bundle built and a
note recorded on the pinned day (at the real time of day), while the audit chain keeps the
real time."""

from __future__ import annotations

import datetime as dt
import subprocess

import pymupdf
import pytest

from sar_desk.core import clock as clock_module
from sar_desk.core.entities import Person
from sar_desk.services import bundle as B
from sar_desk.services import case_search
from sar_desk.services import cases as C
from sar_desk.services.bulk_add import add_files
from sar_desk.services.renditions import add_item

PINNED = dt.date(2024, 2, 14)  # far from any day these tests run on


@pytest.fixture
def today():
    return PINNED


@pytest.fixture
def case(ws):
    return C.create_case(ws, C.NewCase(requester=Person("Ada Pinned", "ada@example.org"),
                                       received=dt.date(2024, 2, 1))).reference


def _pdf(path, text):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text)
    doc.save(path)
    doc.close()
    return path


def test_the_pinned_day_is_far_from_the_computers_date():
    assert abs((clock_module.now().date() - PINNED).days) > 300


def test_a_document_added_in_each_way_is_added_on_the_pinned_day(ws, case, tmp_path):
    C.attach_document(ws, case, _pdf(tmp_path / "attached.pdf", "one"))
    add_files(ws, case, [_pdf(tmp_path / "bulk.pdf", "two")])
    add_item(ws, case, "item.txt", b"three")
    docs = C.get_case(ws, case).documents
    assert [d.filename for d in docs] == ["attached.pdf", "bulk.pdf", "item.txt"]
    assert {d.added_at.date() for d in docs} == {PINNED}
    # the audit chain keeps the real time of the attachment
    attached = [e for e in C.audit_trail(ws, case) if e.action == "document_attached"]
    assert {e.at.date() for e in attached} == {clock_module.now().date()}


def test_a_bundle_is_built_on_the_pinned_day_and_its_schedule_says_so(ws, case, tmp_path):
    C.attach_document(ws, case, _pdf(tmp_path / "minutes.pdf", "Minutes about Ada"))
    C.set_document_status(ws, case, 1, "disclose")
    info = B.build(ws, case)
    assert info.built_at.date() == PINNED
    _info, data = B.bundle_data(ws, case)
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    real = clock_module.now().date()
    assert "14 February 2024" in text  # the cover's date and the item's "added" day
    assert f"{real.day} {real:%B %Y}" not in text


def test_a_note_is_found_by_search_under_the_pinned_day(ws, case):
    C.add_note(ws, case, "Called Ada about the quokka photographs")
    assert C.get_case(ws, case).notes[-1].recorded_at.date() == PINNED
    hits = case_search.search_cases(ws, "quokka")
    assert [(h.reference, h.where) for h in hits] == [(case, "note of 14 February 2024")]


def test_the_registry_row_is_updated_on_the_pinned_day(ws, case):
    C.add_note(ws, case, "A note")
    assert ws.registry.get(case)["updated"][:10] == PINNED.isoformat()


def test_on_the_computers_date_the_time_is_the_real_time():
    real = clock_module.now()
    assert clock_module.stamp(real.astimezone().date(), real) == real
    pinned = clock_module.stamp(PINNED, real)
    assert (pinned.date(), pinned.timetz()) == (PINNED, real.timetz())


def test_a_letter_is_stored_and_its_files_made_on_the_pinned_day(ws, case):
    import io

    import docx

    from sar_desk.services.letters import generate_letter

    pdf_letter, pdf = generate_letter(ws, case, "acknowledgement", "pdf")
    docx_letter, word = generate_letter(ws, case, "acknowledgement", "docx")
    assert {pdf_letter.generated_at.date(), docx_letter.generated_at.date()} == {PINNED}
    assert pymupdf.open("pdf", pdf).metadata["creationDate"].startswith("D:20240214")
    assert docx.Document(io.BytesIO(word)).core_properties.created.date() == PINNED


def test_reports_registers_and_logs_say_they_were_made_on_the_pinned_day(ws, case, tmp_path):
    import openpyxl

    from sar_desk.services import redaction_log, register_export, reports

    reports.export_report(ws, (2024, 1), (2024, 2), tmp_path / "report.pdf", fmt="pdf")
    reports.export_report(ws, (2024, 1), (2024, 2), tmp_path / "report.xlsx", fmt="xlsx")
    register_export.export_register(ws, tmp_path / "register.xlsx", fmt="xlsx")
    log_pdf = redaction_log.log_bytes(ws, case, "pdf")
    log_xlsx = tmp_path / "log.xlsx"
    log_xlsx.write_bytes(redaction_log.log_bytes(ws, case, "xlsx"))
    for pdf in ((tmp_path / "report.pdf").read_bytes(), log_pdf):
        assert pymupdf.open("pdf", pdf).metadata["creationDate"].startswith("D:20240214")
    for book in ("report.xlsx", "register.xlsx", "log.xlsx"):
        created = openpyxl.load_workbook(tmp_path / book).properties.created
        assert created.date() == PINNED, book
