"""The converters on their own (bytes in, PDF bytes out), with the sample files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sar_desk.core.entities import RenditionState
from sar_desk.documents.conversion import convert
from sar_desk.documents.html_clean import clean_html
from sar_desk.documents.kinds import Kind, kind_of
from sar_desk.documents.rendition_result import OfficeSettings

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")


def test_kind_comes_from_the_first_bytes_before_the_name():
    assert kind_of("scan.pdf", b"\x89PNG\r\n\x1a\n....") is Kind.IMAGE
    assert kind_of("notes", b"%PDF-1.7") is Kind.PDF
    assert kind_of("mail.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") is Kind.MSG
    assert kind_of("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") is Kind.OFFICE
    assert kind_of("letter.rtf", b"{\\rtf1") is Kind.OFFICE
    assert kind_of("data.csv", b"a,b") is Kind.TEXT
    assert kind_of("noext", b"From: a@b\nSubject: x\n\nbody") is Kind.EML


def test_an_outlook_message_with_an_html_body_is_laid_out():
    result = convert("strange.msg", (MAIL / "html-body-strange-date.msg").read_bytes())
    assert result.state is RenditionState.CONVERTED and result.pages >= 1
    assert "Subject:" in text_of(result.pdf)


def test_a_message_lists_its_attachments_and_returns_them_as_children():
    result = convert("m.eml", (MAIL / "with-attachments.eml").read_bytes())
    text = text_of(result.pdf)
    assert "meeting notes.txt, staff.csv, scan.tif" in text
    assert [c.filename for c in result.children] == ["meeting notes.txt", "staff.csv",
                                                     "scan.tif"]
    assert result.mail.dated.isoformat() == "2025-03-03"


def test_text_in_a_legacy_encoding_is_read_and_the_encoding_named():
    result = convert("old.txt", "Café – €5".encode("cp1252"))
    text = text_of(result.pdf)
    assert "Café – €5" in text and "read as cp1252" in text


def test_binary_data_called_text_is_unreadable_with_the_reason():
    result = convert("blob.txt", b"\x00\x01\x02binary" * 50)
    assert result.state is RenditionState.UNREADABLE
    assert "blob.txt is not text" in result.note


def test_a_damaged_pdf_is_unreadable_and_named():
    result = convert("broken.pdf", b"%PDF-1.4\nnot really")
    assert result.state is RenditionState.UNREADABLE and "broken.pdf" in result.note


def test_an_unknown_kind_needs_conversion():
    result = convert("drawing.dwg", b"AC1032....")
    assert result.state is RenditionState.NEEDS_CONVERSION and "drawing.dwg" in result.note


def test_office_files_need_conversion_without_libreoffice_or_a_memory_folder():
    data = (MAIL / "report.docx").read_bytes()
    missing = convert("report.docx", data, OfficeSettings(soffice=None, work_root="/dev/shm"))
    assert "LibreOffice is not installed" in missing.note
    no_folder = convert("report.docx", data, OfficeSettings(soffice="soffice", work_root=None))
    assert no_folder.state is RenditionState.NEEDS_CONVERSION
    assert "no memory-backed folder" in no_folder.note


def test_message_html_loses_scripts_styles_remote_images_and_links():
    cleaned = clean_html('<style>x{}</style><script>evil()</script><p onclick="x()">Hi '
                         '<a href="https://tracker.example/">there</a>'
                         '<img src="https://tracker.example/p.gif"></p><iframe src="x">'
                         'inside</iframe>')
    assert cleaned == "<p>Hi <a>there</a>[image]</p>"


def test_a_libreoffice_that_hangs_is_stopped_and_its_folder_removed(tmp_path):
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\nfor a in \"$@\"; do last=\"$a\"; done\n"
                      "cp \"$last\" \"$(dirname \"$last\")/copy\"\nsleep 30\n", encoding="utf-8")
    script.chmod(0o755)
    work = tmp_path / "memory"
    work.mkdir()
    result = convert("report.docx", (MAIL / "report.docx").read_bytes(),
                     OfficeSettings(soffice=str(script), work_root=str(work), timeout=1.0))
    assert result.state is RenditionState.NEEDS_CONVERSION
    assert "took longer than 1 seconds" in result.note
    assert list(work.iterdir()) == []  # the copy it was given is gone with its folder


def test_a_thread_starts_at_its_earliest_message():
    import datetime as dt

    from sar_desk.core.email_keys import thread_starts
    from sar_desk.core.entities import DocumentInfo

    docs = [DocumentInfo(1, "reply.eml", "", 0, thread_key="id:<a>", dated=dt.date(2025, 3, 4)),
            DocumentInfo(2, "first.eml", "", 0, thread_key="id:<a>", dated=dt.date(2025, 3, 3)),
            DocumentInfo(3, "other.eml", "", 0, thread_key="id:<b>"),
            DocumentInfo(4, "notes.txt", "", 0)]
    assert thread_starts(docs) == {"id:<a>": 2, "id:<b>": 3}


def test_a_saved_web_page_shows_its_text_without_its_script():
    page = (b"<html><head><script>steal()</script></head><body><h1>Payslip</h1>"
            b"<p>Net pay MARKER-HTML-PAGE</p></body></html>")
    result = convert("payslip.html", page)
    text = text_of(result.pdf)
    assert "MARKER-HTML-PAGE" in text and "steal" not in text
