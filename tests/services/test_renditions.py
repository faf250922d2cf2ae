"""Documents become pages: renditions made once and kept, e-mail children, duplicates,
threads, office files with and without LibreOffice, and PDFs the officer supplies."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest

from sar_desk.core.entities import DisclosureStatus, Person, RenditionState
from sar_desk.errors import InputError
from sar_desk.services import cases
from sar_desk.services.bulk_add import add_files
from sar_desk.services.renditions import NoRendition, rendition_pdf, replace_rendition

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def pdf_text(data: bytes) -> str:
    """The text poppler's pdftotext reads from the pages (as a requester's tools would)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data,
                         capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


@pytest.fixture
def ref(ws):
    snap = cases.create_case(ws, cases.NewCase(
        requester=Person("Zoë Brontë-Hughes", "zoe@example.org"), received=dt.date(2026, 6, 1),
        jurisdiction="uk-ew"))
    return snap.reference


@pytest.fixture
def no_office(monkeypatch):
    monkeypatch.setenv("SAR_DESK_SOFFICE", "none")


def by_name(ws, ref):
    return {d.filename: d for d in cases.get_case(ws, ref).documents}


def test_an_email_and_its_attachments_become_items_with_their_pages(ws, ref, no_office):
    result = add_files(ws, ref, [MAIL / "with-attachments.eml"])
    docs = by_name(ws, ref)
    message = docs["with-attachments.eml"]
    assert [d.filename for d in result.added] == [
        "with-attachments.eml", "meeting notes.txt", "staff.csv", "scan.tif"]
    assert {d.parent_id for d in result.added[1:]} == {message.id}
    assert "GRIEVANCE-BODY" in pdf_text(rendition_pdf(ws, ref, message.id))
    assert "MARKER-NOTES-TXT" in pdf_text(rendition_pdf(ws, ref, docs["meeting notes.txt"].id))
    assert "MARKER-CSV-ROW" in pdf_text(rendition_pdf(ws, ref, docs["staff.csv"].id))
    assert docs["scan.tif"].page_count == 2
    assert message.dated == dt.date(2025, 3, 3)
    assert all(d.rendition is RenditionState.CONVERTED for d in result.added)


def test_a_child_starts_with_its_message_decision_and_is_decided_on_its_own(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "with-attachments.eml"], status=DisclosureStatus.DISCLOSE)
    docs = by_name(ws, ref)
    assert docs["staff.csv"].status is DisclosureStatus.DISCLOSE
    cases.set_document_status(ws, ref, docs["staff.csv"].id, DisclosureStatus.WITHHOLD,
                              "legal-privilege")
    docs = by_name(ws, ref)
    assert docs["staff.csv"].status is DisclosureStatus.WITHHOLD
    assert docs["with-attachments.eml"].status is DisclosureStatus.DISCLOSE


def test_a_nested_message_and_its_own_attachment_are_items_in_turn(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "nested-message.eml"])
    docs = by_name(ws, ref)
    inner = docs["Witness statement.eml"]
    assert inner.parent_id == docs["nested-message.eml"].id
    assert docs["statement.txt"].parent_id == inner.id
    assert "MARKER-NESTED-BODY" in pdf_text(rendition_pdf(ws, ref, inner.id))
    assert "MARKER-NESTED-ATTACHMENT" in pdf_text(rendition_pdf(ws, ref,
                                                                docs["statement.txt"].id))


def test_html_only_mail_shows_its_text_without_script_or_remote_image(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "html-only.eml"])
    text = pdf_text(rendition_pdf(ws, ref, by_name(ws, ref)["html-only.eml"].id))
    assert "MARKER-HTML-BODY" in text
    assert "alert" not in text and "tracker.example.net" not in text
    assert "[image: logo]" in text


def test_mail_in_other_encodings_reads_as_written(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "non-utf8.eml"])
    docs = by_name(ws, ref)
    text = pdf_text(rendition_pdf(ws, ref, docs["non-utf8.eml"].id))
    assert "Łódź MARKER-POLISH" in text
    assert "Прошу предоставить копию моих данных" in text
    assert "Wniosek o dostęp do danych" in text
    assert "個人データのコピー" in pdf_text(rendition_pdf(ws, ref, docs["japanese.txt"].id))


def test_an_outlook_message_with_attachments(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "unicode-with-tif-attachments.msg"])
    docs = by_name(ws, ref)
    message = docs["unicode-with-tif-attachments.msg"]
    children = [d for d in docs.values() if d.parent_id == message.id]
    assert sorted(d.filename for d in children) == ["import OleFileIO.tif",
                                                     "raised value error.tif"]
    assert all(d.page_count >= 1 for d in children)
    text = pdf_text(rendition_pdf(ws, ref, message.id))
    assert "Test for TIF files" in text and "brizhou@gmail.com" in text


def test_a_scanned_multi_page_tiff_gives_a_page_each(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "scan-3-pages.tif"])
    doc = by_name(ws, ref)["scan-3-pages.tif"]
    with pymupdf.open(stream=rendition_pdf(ws, ref, doc.id), filetype="pdf") as pdf:
        assert pdf.page_count == doc.page_count == 3


def test_without_libreoffice_a_docx_needs_conversion_until_a_pdf_is_supplied(
        ws, ref, no_office, tmp_path):
    add_files(ws, ref, [MAIL / "report.docx"])
    doc = by_name(ws, ref)["report.docx"]
    assert doc.rendition is RenditionState.NEEDS_CONVERSION
    assert "LibreOffice is not installed" in doc.rendition_note
    with pytest.raises(NoRendition, match=r"report\.docx"):
        rendition_pdf(ws, ref, doc.id)
    supplied = tmp_path / "report.pdf"
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 72), "Supplied pages SUPPLIED-MARKER")
        pdf.save(supplied)
    replaced = replace_rendition(ws, ref, doc.id, supplied)
    assert replaced.rendition is RenditionState.CONVERTED and replaced.page_count == 1
    assert "SUPPLIED-MARKER" in pdf_text(rendition_pdf(ws, ref, doc.id))
    assert any(e.action == "rendition_supplied" for e in cases.audit_trail(ws, ref))


def test_a_supplied_file_that_is_not_a_pdf_is_refused(ws, ref, no_office, tmp_path):
    add_files(ws, ref, [MAIL / "report.docx"])
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError, match="fake.pdf is not a PDF"):
        replace_rendition(ws, ref, by_name(ws, ref)["report.docx"].id, fake)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_with_libreoffice_a_docx_converts_and_nothing_is_left_behind(ws, ref, monkeypatch):
    monkeypatch.delenv("SAR_DESK_SOFFICE", raising=False)
    from sar_desk.services.office_setup import memory_folder

    root = Path(memory_folder())
    before = set(root.glob("sar-desk-office-*"))
    add_files(ws, ref, [MAIL / "report.docx"])
    doc = by_name(ws, ref)["report.docx"]
    assert doc.rendition is RenditionState.CONVERTED
    assert "MARKER-DOCX" in pdf_text(rendition_pdf(ws, ref, doc.id))
    assert set(root.glob("sar-desk-office-*")) == before


def test_an_unreadable_file_is_named_with_its_reason_and_the_rest_convert(
        ws, ref, no_office, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10)
    shutil.copy(MAIL / "reply.eml", tmp_path / "in" / "reply.eml")
    add_files(ws, ref, [tmp_path / "in"])
    docs = by_name(ws, ref)
    assert docs["broken.png"].rendition is RenditionState.UNREADABLE
    assert "broken.png cannot be read" in docs["broken.png"].rendition_note
    assert docs["reply.eml"].rendition is RenditionState.CONVERTED
    with pytest.raises(NoRendition, match="broken.png"):
        rendition_pdf(ws, ref, docs["broken.png"].id)


def test_identical_files_and_copies_of_one_email_are_marked_duplicates(
        ws, ref, no_office, tmp_path):
    add_files(ws, ref, [MAIL / "with-attachments.eml"])
    first = by_name(ws, ref)
    # The same message exported again from another mailbox: other bytes, same message.
    again = (MAIL / "with-attachments.eml").read_bytes().replace(b"\n", b"\r\n")
    (tmp_path / "copy.eml").write_bytes(again)
    (tmp_path / "notes again.txt").write_bytes(
        b"Meeting notes: the panel met on 28 February. MARKER-NOTES-TXT\n")
    result = add_files(ws, ref, [tmp_path / "copy.eml", tmp_path / "notes again.txt"])
    added = {d.filename: d for d in result.added}
    assert added["copy.eml"].duplicate_of == first["with-attachments.eml"].id
    assert added["notes again.txt"].duplicate_of == first["meeting notes.txt"].id
    assert first["with-attachments.eml"].duplicate_of is None


def test_a_reply_joins_the_thread_of_its_message(ws, ref, no_office):
    add_files(ws, ref, [MAIL / "with-attachments.eml", MAIL / "reply.eml",
                        MAIL / "html-only.eml"])
    docs = by_name(ws, ref)
    assert docs["reply.eml"].thread_key == docs["with-attachments.eml"].thread_key != ""
    assert docs["html-only.eml"].thread_key != docs["reply.eml"].thread_key
    assert docs["reply.eml"].duplicate_of is None


def test_a_document_attached_without_a_rendition_gets_one_when_first_needed(ws, ref, no_office,
                                                                            monkeypatch):
    monkeypatch.setattr("sar_desk.services.case_changes.STREAM_ABOVE", 10)  # streamed in
    doc = cases.attach_document(ws, ref, MAIL / "nested-message.eml")
    assert doc.rendition is RenditionState.PENDING
    assert "MARKER-FORWARD" in pdf_text(rendition_pdf(ws, ref, doc.id))
    docs = by_name(ws, ref)
    assert docs["nested-message.eml"].rendition is RenditionState.CONVERTED
    assert docs["Witness statement.eml"].parent_id == doc.id
    stored = [e for e in cases.audit_trail(ws, ref) if e.action == "rendition_stored"]
    rendition_pdf(ws, ref, doc.id)  # made once: asking again stores nothing more
    assert len([e for e in cases.audit_trail(ws, ref) if e.action == "rendition_stored"]) \
        == len(stored)


def test_a_single_attached_e_mail_brings_its_attachments_and_is_found_as_a_duplicate(
        ws, ref, no_office, tmp_path):
    import shutil

    doc = cases.attach_document(ws, ref, MAIL / "with-attachments.eml")
    assert doc.rendition is RenditionState.CONVERTED  # converted as it is added
    children = [d for d in cases.get_case(ws, ref).documents if d.parent_id == doc.id]
    assert children, "the e-mail's attachments become child items"
    # the same bytes again, under another name, one file at a time: a duplicate
    shutil.copy(MAIL / "with-attachments.eml", tmp_path / "again.eml")
    again = cases.attach_file(ws, ref, tmp_path / "again.eml")
    assert again[0].duplicate_of == doc.id
    assert len(again) == 1 + len(children)  # its children came too, marked as well
    assert all(d.duplicate_of is not None for d in again[1:])


def test_a_large_file_streamed_in_is_still_found_as_a_duplicate(ws, ref, no_office, tmp_path,
                                                                  monkeypatch):
    first = cases.attach_document(ws, ref, MAIL / "reply.eml")
    monkeypatch.setattr("sar_desk.services.case_changes.STREAM_ABOVE", 10)
    big = cases.attach_document(ws, ref, MAIL / "reply.eml")
    assert big.rendition is RenditionState.PENDING and big.duplicate_of == first.id


def test_a_case_with_renditions_passes_verify(ws, ref, no_office):
    from sar_desk.services.case_base import check_case

    add_files(ws, ref, [MAIL / "reply.eml"])
    assert check_case(ws, ref) == []


def test_a_rendition_altered_in_the_file_is_named_by_verify(ws, ref, no_office):
    from sar_desk.services.case_base import check_case
    from tests.store.conftest import raw_case

    add_files(ws, ref, [MAIL / "reply.eml"])
    conn = raw_case(ws, ref)
    try:
        conn.execute("UPDATE rendition_chunk SET data = zeroblob(length(data)) WHERE seq = 0")
        conn.commit()
    finally:
        conn.close()
    problems = check_case(ws, ref)
    assert any(p.startswith("rendition 1 was altered") for p in problems), problems


def test_the_bundle_schedule_names_the_message_each_attachment_came_with(ws, ref, no_office):
    from sar_desk.services import bundle

    message = cases.attach_document(ws, ref, MAIL / "with-attachments.eml")
    docs = cases.get_case(ws, ref).documents
    for doc in docs:
        cases.set_document_status(ws, ref, doc.id, "disclose")
    bundle.build(ws, ref)
    _info, items = bundle.manifest(ws, ref)
    children = [d for d in docs if d.parent_id == message.id]
    titled = {i["document_id"]: i["title"] for i in items}
    for child in children:
        assert titled[child.id] == f"{child.filename} (attachment of item {message.id})"
    text = " ".join(pdf_text(bundle.bundle_data(ws, ref)[1]).split())
    assert f"(attachment of item {message.id})" in text
