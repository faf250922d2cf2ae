"""The Documents tab: each kind of document opens in the window (from memory), copies are
saved with a confirmation and audited, and dropped folders and archives are added in the
background with progress and a Cancel button."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import Qt

from sar_desk.services.bulk_add import add_files
from sar_desk.services.cases import audit_trail, get_case
from tests.ui.window_helpers import drop_files, idle, make_case, open_case

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


@pytest.fixture(autouse=True)
def no_office(monkeypatch):
    monkeypatch.setenv("SAR_DESK_SOFFICE", "none")


def _pdf(path: Path, words: str) -> Path:
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 72), words)
        pdf.save(path)
    return path


def _png(path: Path) -> Path:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False)
    pix.set_rect(pix.irect, (200, 30, 30))
    path.write_bytes(pix.tobytes("png"))
    return path


def open_doc(qtbot, window, view, filename):
    doc = next(d for d in get_case(window.ctx.workspace, view.reference).documents
               if d.filename == filename)
    view.documents.open_document(doc.id)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: view.documents.viewer is not None
                    and view.documents.viewer.doc.info.id == doc.id)
    return view.documents.viewer


@pytest.fixture
def case_with_everything(qtbot, window, workspace, tmp_path):
    ref = make_case(workspace).reference
    add_files(workspace, ref, [_pdf(tmp_path / "letter.pdf", "A letter PDF-WORDS"),
                               _png(tmp_path / "photo.png"), MAIL / "with-attachments.eml",
                               MAIL / "report.docx", MAIL / "scan-3-pages.tif"])
    return open_case(qtbot, window, ref)


def test_each_kind_of_document_opens(qtbot, window, errors, case_with_everything):
    view = case_with_everything
    viewer = open_doc(qtbot, window, view, "letter.pdf")
    assert viewer.tabs.tabText(0) == "PDF" and viewer.native.page_count == 1

    viewer = open_doc(qtbot, window, view, "photo.png")
    assert viewer.tabs.tabText(0) == "Image"
    assert viewer.image_label.pixmap().size().width() == 40

    viewer = open_doc(qtbot, window, view, "meeting notes.txt")
    assert "MARKER-NOTES-TXT" in viewer.native.toPlainText()

    viewer = open_doc(qtbot, window, view, "with-attachments.eml")
    assert viewer.tabs.tabText(0) == "E-mail"
    assert viewer.header_labels["Subject"].text() == "Grievance outcome and notes"
    assert "Brontë-Hughes" in viewer.header_labels["From"].text()
    assert "GRIEVANCE-BODY" in viewer.body.toPlainText()
    names = [viewer.attachments.topLevelItem(i).text(0)
             for i in range(viewer.attachments.topLevelItemCount())]
    assert names == ["meeting notes.txt", "staff.csv", "scan.tif"]
    assert viewer.pages is not None and viewer.pages.page_count == 1
    # An attachment opens from the message's list.
    child = viewer.attachments.topLevelItem(1)
    viewer.attachments.itemActivated.emit(child, 0)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: view.documents.viewer.doc.info.filename == "staff.csv")

    viewer = open_doc(qtbot, window, view, "scan-3-pages.tif")  # every page of the scan
    assert viewer.native.page_count == 3

    viewer = open_doc(qtbot, window, view, "report.docx")
    assert "LibreOffice is not installed" in viewer.facts.text()
    assert errors == []


def test_the_list_nests_attachments_and_marks_duplicates(qtbot, window, workspace, tmp_path):
    ref = make_case(workspace).reference
    add_files(workspace, ref, [MAIL / "reply.eml", MAIL / "with-attachments.eml"])
    copy = tmp_path / "copy.eml"
    copy.write_bytes((MAIL / "reply.eml").read_bytes())
    add_files(workspace, ref, [copy])
    view = open_case(qtbot, window, ref)
    tree = view.panels.documents
    labels = [tree.headerItem().text(c) for c in range(tree.columnCount())]
    message = tree.topLevelItem(1)
    assert message.text(0) == "with-attachments.eml" and message.childCount() == 3
    duplicate = tree.topLevelItem(2)
    assert duplicate.text(0) == "copy.eml"
    assert duplicate.text(labels.index("Notes")) == "Duplicate of #1: left out of the bundle"
    assert message.child(2).text(labels.index("Pages")) == "2"
    # The reply, added first, is in the thread its (earlier) message started.
    assert tree.topLevelItem(0).text(labels.index("Notes")) == "In the thread of #2"


def test_save_a_copy_asks_first_and_is_audited(qtbot, window, errors, case_with_everything,
                                              tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    view = case_with_everything
    viewer = open_doc(qtbot, window, view, "with-attachments.eml")
    target = tmp_path / "out" / "pages.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(viewer, "confirm_copy", lambda: None)
    viewer.save_button.click()
    idle(qtbot, window)
    assert not target.exists()  # declined: nothing written, nothing audited
    monkeypatch.setattr(viewer, "confirm_copy", lambda: "pages")
    viewer.save_button.click()
    idle(qtbot, window)
    assert target.read_bytes().startswith(b"%PDF")
    copied = [e for e in audit_trail(window.ctx.workspace, view.reference)
              if e.action == "document_copied"]
    assert len(copied) == 1 and copied[0].details["what"] == "rendition"
    assert errors == []


def test_replace_with_a_pdf_gives_a_docx_its_pages(qtbot, window, errors, case_with_everything,
                                                   tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    view = case_with_everything
    viewer = open_doc(qtbot, window, view, "report.docx")
    supplied = _pdf(tmp_path / "supplied.pdf", "SUPPLIED")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(supplied), "")))
    viewer.replace_button.click()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: view.documents.viewer is not viewer)
    idle(qtbot, window)
    assert view.documents.viewer.doc.info.page_count == 1
    assert errors == []


def test_dropping_a_folder_and_a_zip_adds_them_in_the_background(qtbot, window, workspace,
                                                                 errors, tmp_path):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    folder = tmp_path / "export"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("alpha", encoding="utf-8")
    archive = tmp_path / "more.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(MAIL / "reply.eml", "reply.eml")
        z.writestr("../evil.txt", "no")
    drop_files(view.panels.documents, [folder, archive])
    assert view.documents.progress is not None  # progress shown while it works
    idle(qtbot, window)
    assert sorted(d.filename for d in get_case(workspace, ref).documents) == ["a.txt",
                                                                               "reply.eml"]
    assert len(errors) == 1 and "more.zip/../evil.txt" in errors[0]
    assert view.documents.progress is None


def test_adding_many_can_be_cancelled_keeping_what_was_added(qtbot, window, workspace,
                                                             errors, tmp_path):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n:02}.txt").write_text(f"file {n}", encoding="utf-8")
    view.attach_files([str(folder)])
    from PySide6.QtWidgets import QPushButton

    # The window answers while the work goes on: its Cancel button is pressed.
    view.documents.progress.findChild(QPushButton).click()
    idle(qtbot, window, timeout=60_000)
    added = get_case(workspace, ref).documents
    assert view.documents.last_result.cancelled
    assert len(added) < 30
    assert errors == []


def test_double_click_opens_the_document(qtbot, window, case_with_everything):
    view = case_with_everything
    tree = view.panels.documents
    item = tree.topLevelItem(0)
    tree.setCurrentItem(item)
    tree.itemActivated.emit(item, 0)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: view.documents.viewer is not None)
    assert view.documents.viewer.doc.info.filename == item.data(0, Qt.ItemDataRole.UserRole
                                                                ).filename
