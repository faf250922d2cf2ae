"""The Bundle tab: items with status and pages, what blocks the bundle, Build, Approve (by
someone else), Save a copy; the built bundle is previewed from memory."""

from __future__ import annotations

import pymupdf
from PySide6.QtWidgets import QFileDialog

from sar_desk.services import cases as C
from sar_desk.store import keys
from tests.ui.window_helpers import idle, make_case, open_case


def make_pdf(path, *pages: str):
    doc = pymupdf.open()
    for text in pages:
        doc.new_page().insert_text((72, 100), text)
    doc.save(path)
    return path


def rows(panel) -> list[list[str]]:
    tree = panel.items
    return [[tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
            for r in range(tree.topLevelItemCount())]


def test_the_bundle_tab_names_what_blocks_it_then_builds_and_saves(qtbot, window, workspace,
                                                                   errors, tmp_path,
                                                                   monkeypatch):
    ref = make_case(workspace, name="Ελένη Łódź").reference
    C.attach_document(workspace, ref, make_pdf(tmp_path / "minutes.pdf", "One", "Two"))
    C.attach_document(workspace, ref, make_pdf(tmp_path / "advice.pdf", "Secret"))
    C.set_document_status(workspace, ref, 1, "disclose")
    view = open_case(qtbot, window, ref)
    panel = view.bundle
    view.tabs.setCurrentWidget(panel)
    idle(qtbot, window)
    assert rows(panel) == [["1", "minutes.pdf", "provided", "—", ""],
                           ["2", "advice.pdf", "undecided", "—", ""]]
    assert panel.blocks.isVisible()
    assert "item 2 (advice.pdf) has no disclosure decision" in panel.blocks.text()
    assert not panel.build_button.isEnabled() and not panel.save_button.isEnabled()

    C.set_document_status(workspace, ref, 2, "withhold", "legal-privilege")
    view.load(ref)
    idle(qtbot, window)
    assert not panel.blocks.isVisible() and panel.build_button.isEnabled()
    panel.build_button.click()
    idle(qtbot, window)
    assert errors == []
    assert rows(panel) == [["1", "minutes.pdf", "provided", "3–4", ""],
                           ["2", "advice.pdf", "withheld", "—", "Legal professional privilege"]]
    assert "4 pages" in panel.summary.text() and "awaiting approval" in panel.summary.text()
    assert panel.document.pageCount() == 4  # the preview, read from memory
    assert panel.approve_button.isEnabled() and not panel.dispatch_button.isEnabled()

    panel.approve_button.click()  # the one who built it may not approve it
    idle(qtbot, window)
    assert len(errors) == 1 and "cannot approve it" in errors[0]
    assert C.get_case(workspace, ref).bundle.approved is False

    out = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    panel.save_button.click()
    idle(qtbot, window)
    assert keys.sha256_hex(out.read_bytes()) == C.get_case(workspace, ref).bundle.sha256
