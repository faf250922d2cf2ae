"""The Documents tab of a case: opening a document, adding many at once (dropped files,
folders and .zip archives, with progress and a Cancel button while the window stays
responsive), and showing each item's pages, its attachments nested under it and which
items are duplicates."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QProgressDialog, QPushButton, QTreeWidget, QTreeWidgetItem

from sar_desk.core.email_keys import thread_starts
from sar_desk.core.entities import RenditionState
from sar_desk.ui.views.document_viewer import DocumentViewer

PAGES_COLUMN, NOTES_COLUMN = "Pages", "Notes"


def document_note(doc: Any, thread_start: int | None = None) -> str:
    """What the Notes column says of a document ("" for a plain one)."""
    if doc.duplicate_of:
        return f"Duplicate of #{doc.duplicate_of}: left out of the bundle"
    if thread_start is not None and thread_start != doc.id:
        return f"In the thread of #{thread_start}"
    if doc.rendition is RenditionState.NEEDS_CONVERSION:
        return f"Needs conversion: {doc.rendition_note}"
    if doc.rendition is RenditionState.UNREADABLE:
        return f"Cannot be read: {doc.rendition_note}"
    return ""


def decorate(tree: QTreeWidget) -> None:
    """Add the Pages and Notes columns and nest each attachment under its message."""
    labels = [tree.headerItem().text(c) for c in range(tree.columnCount())]
    if PAGES_COLUMN not in labels:
        labels += [PAGES_COLUMN, NOTES_COLUMN]
        tree.setHeaderLabels(labels)
    pages, notes = labels.index(PAGES_COLUMN), labels.index(NOTES_COLUMN)
    items: dict[int, QTreeWidgetItem] = {}
    docs = [tree.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole)
            for r in range(tree.topLevelItemCount())]
    threads = thread_starts(docs)
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        doc = item.data(0, Qt.ItemDataRole.UserRole)
        items[doc.id] = item
        item.setText(pages, str(doc.page_count) if doc.page_count else "")
        note = document_note(doc, threads.get(doc.thread_key))
        item.setText(notes, note)
        item.setToolTip(notes, note)
        if doc.duplicate_of:
            font = QFont(item.font(0))
            font.setItalic(True)
            for col in range(tree.columnCount()):
                item.setFont(col, font)
                item.setForeground(col, QColor("#666666"))
    nested = False
    for item in list(items.values()):
        doc = item.data(0, Qt.ItemDataRole.UserRole)
        parent = items.get(doc.parent_id) if doc.parent_id and not doc.removed else None
        if parent is not None and parent is not item:
            tree.takeTopLevelItem(tree.indexOfTopLevelItem(item))
            parent.addChild(item)
            nested = True
    tree.setRootIsDecorated(nested)
    tree.expandAll()


class _Progress(QObject):
    """Carries the bulk add's progress from the worker to the window."""

    step = Signal(int, int, str)


class CaseDocuments:
    """Adds opening and bulk adding to a :class:`~sar_desk.ui.views.case_view.CaseView`."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self.button = QPushButton("Open document…")
        self.button.setToolTip("Open the selected document (or double-click it)")
        self.button.clicked.connect(self.open_selected)
        self.viewer: DocumentViewer | None = None
        self.progress: QProgressDialog | None = None
        self.cancelled = threading.Event()

    # -- opening --------------------------------------------------------------------------
    def open_selected(self) -> None:
        doc = self.view.panels.selected_document()
        if doc is None or doc.removed:
            return
        self.open_document(doc.id)

    def open_document(self, document_id: int) -> None:
        from sar_desk.services.document_view import open_document

        ws, ref = self.view.ctx.workspace, self.view.reference
        self.view.ctx.run(lambda: open_document(ws, ref, document_id), on_success=self._show,
                          parent=self.view, title="Cannot open the document")

    def _show(self, document: Any) -> None:
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = DocumentViewer(document, save_copy=self._save_copy,
                                     replace_pages=self._replace_pages, parent=self.view)
        self.viewer.open_child.connect(self.open_document)
        self.viewer.show()

    def _save_copy(self, document: Any, path: str, as_pages: bool) -> None:
        from sar_desk.services.document_copy import save_document_copy

        ws, ref = self.view.ctx.workspace, self.view.reference
        self.view.ctx.run(lambda: save_document_copy(ws, ref, document.info.id, path,
                                                     rendition=as_pages),
                          on_success=self.view._changed, parent=self.view,
                          title="Copy not saved")

    def _replace_pages(self, document: Any, path: str) -> None:
        from sar_desk.services.renditions import replace_rendition

        ws, ref = self.view.ctx.workspace, self.view.reference

        def done(info: Any) -> None:
            self.view._changed()
            self.open_document(info.id)

        self.view.ctx.run(lambda: replace_rendition(ws, ref, document.info.id, path),
                          on_success=done, parent=self.view, title="Pages not replaced")

    # -- adding many ----------------------------------------------------------------------
    def attach_files(self, paths: list[str]) -> None:
        """Add files, folders and .zip archives in the background, with progress."""
        from sar_desk.services.bulk_add import add_files

        ws, ref = self.view.ctx.workspace, self.view.reference
        self.cancelled.clear()
        carrier = _Progress(self.view)
        self.progress = QProgressDialog("Adding documents…", "Cancel", 0, 0, self.view)
        self.progress.setWindowTitle("Adding documents")
        self.progress.setWindowModality(Qt.WindowModality.NonModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancelled.set)
        carrier.step.connect(self._step)

        def finished(result: Any) -> None:
            self._close_progress()
            self.last_result = result
            self.view._changed()
            if result.skipped:
                from sar_desk.errors import InputError

                names = "; ".join(f"{n}: {why}" for n, why in result.skipped[:10])
                more = len(result.skipped) - 10
                self.view.ctx.runner.present_error(self.view, "Some files were not added",
                                                   InputError(f"{result.summary} {names}"
                                                              + (f" (and {more} more)" if more > 0
                                                                 else "")))

        def failed(exc: BaseException) -> None:
            self._close_progress()
            self.view.ctx.runner.present_error(self.view, "Not attached", exc)

        self.view.ctx.run(
            lambda: add_files(ws, ref, paths, progress=carrier.step.emit,
                              cancel=self.cancelled.is_set),
            on_success=finished, on_error=failed, parent=self.view, title="Not attached")

    def _step(self, done: int, total: int, name: str) -> None:
        if self.progress is None:
            return
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setLabelText(f"Adding {name}…" if name else "Finishing…")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
