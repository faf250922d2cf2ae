"""The disclosure bundle of one case: its items with status and pages, what blocks it, and
Build, Approve, Save a copy and Record dispatch; the built bundle is previewed beside them.

Everything runs through :mod:`sar_desk.services.bundle` off the UI thread; the panel keeps
the bundle's bytes in memory only (the preview reads them from a buffer, never a file).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.exemptions import BY_CODE
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.dispatch_dialog import DispatchDialog
from sar_desk.ui.views.case_panels import fill, make_tree, when


class BundlePanel(QWidget):
    """Needs the case (``set_case``); emits ``changed`` after it stores something."""

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = ""
        self.stale = False  # the case changed while the panel was hidden
        self.seen: Any = None  # the services' BundlePreview, as last read
        self.active_dialog: Any = None
        self.summary = QLabel("No bundle built yet.")
        self.summary.setWordWrap(True)
        self.blocks = QLabel()  # what stops the bundle being built, by item
        self.blocks.setObjectName("choiceLimits")
        self.blocks.setWordWrap(True)
        self.blocks.hide()
        self.duplicates = QCheckBox("Include dupli&cates")
        self.duplicates.setToolTip("Duplicates are left out and listed in the schedule as "
                                   "\"duplicate of item N\" unless this is ticked")
        self.duplicates.toggled.connect(lambda _on: self.refresh())
        self.items = make_tree(["Item", "Title", "Status", "Pages", "Exemption"],
                               "Bundle items",
                               "No documents yet. Add the documents found, decide on each, "
                               "then build the bundle here.")
        self.build_button = QPushButton("Bu&ild bundle")
        self.approve_button = QPushButton("A&pprove")
        self.save_button = QPushButton("Save a c&opy…")
        self.dispatch_button = QPushButton("Record dispatch…")
        self.build_button.clicked.connect(self.build)
        self.approve_button.clicked.connect(self.approve)
        self.save_button.clicked.connect(self.save_copy)
        self.dispatch_button.clicked.connect(self.record_dispatch)
        buttons = QHBoxLayout()
        for widget in (self.build_button, self.approve_button, self.save_button,
                       self.dispatch_button):
            buttons.addWidget(widget)
        buttons.addStretch()
        buttons.addWidget(self.duplicates)

        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Bundle preview")
        self._buffer: QBuffer | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.blocks)
        left_layout.addWidget(self.items, 1)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.view)
        split.setSizes([640, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._gate()

    # -- reading --------------------------------------------------------------------------
    def set_case(self, case: Any) -> None:
        """Show ``case``'s bundle: read now if the panel is shown, else when it is."""
        if case.reference != self.reference:
            self.document.close()
            self.seen = None
            fill(self.items, [])
            self._gate()
        self.reference = case.reference
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Read what a bundle built now would hold (and the latest one) off the UI thread."""
        from sar_desk.services import bundle

        ws, ref, dups = self.ctx.workspace, self.reference, self.duplicates.isChecked()
        if not ref:
            return
        self.stale = False

        def op() -> tuple[Any, list[dict], bytes]:
            seen = bundle.preview(ws, ref, include_duplicates=dups)
            if seen.latest is None:
                return seen, [], b""
            _info, manifest = bundle.manifest(ws, ref)
            return seen, manifest, bundle.bundle_data(ws, ref)[1]

        self.ctx.run(op, on_success=self._show, parent=self, title="Bundle")

    def _show(self, result: tuple[Any, list[dict], bytes]) -> None:
        seen, manifest, data = result
        if seen.reference != self.reference:
            return
        self.seen = seen
        pages = {i["number"]: i["pages"] for i in manifest}
        rows = []
        for item in seen.items:
            span = pages.get(item.number)
            shown = "—" if not span else (
                str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}")
            code = item.document.exemption_code if item.role.value in (
                "withheld", "provided in part") else ""
            exemption = BY_CODE[code].title if code in BY_CODE else code
            rows.append(([str(item.number), item.document.filename, item.status_text, shown,
                          exemption], item))
        fill(self.items, rows)
        self.blocks.setText("Not ready: " + " ".join(seen.problems) if seen.problems else "")
        self.blocks.setVisible(bool(seen.problems))
        latest = seen.latest
        if latest is None:
            self.summary.setText("No bundle built yet.")
            self.document.close()
        else:
            state = (f"approved by {latest.approved_by} {when(latest.approved_at)}"
                     if latest.approved else "awaiting approval by a second privacy officer "
                     "or a manager")
            self.summary.setText(f"Bundle {latest.id}: {latest.pages} pages, {latest.items} "
                                 f"items provided; built by {latest.built_by} "
                                 f"{when(latest.built_at)}; {state}.")
            self._show_pdf(data)
        self._gate()

    def _show_pdf(self, data: bytes) -> None:
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer

    def _gate(self) -> None:
        seen = self.seen
        latest = seen.latest if seen is not None else None
        self.build_button.setEnabled(seen is not None and not seen.problems)
        self.build_button.setToolTip(" ".join(seen.problems) if seen and seen.problems else "")
        self.approve_button.setEnabled(latest is not None and not latest.approved)
        self.save_button.setEnabled(latest is not None)
        self.dispatch_button.setEnabled(latest is not None and latest.approved)

    # -- actions --------------------------------------------------------------------------
    def _done(self, message: str) -> None:
        self.ctx.signals.status_message.emit(message)
        self.changed.emit()

    def build(self) -> None:
        from sar_desk.services import bundle

        ws, ref, dups = self.ctx.workspace, self.reference, self.duplicates.isChecked()
        self.build_button.setEnabled(False)
        self.ctx.run(lambda: bundle.build(ws, ref, include_duplicates=dups),
                     on_success=lambda info: self._done(
                         f"Built bundle {info.id} of {ref}: {info.pages} pages"),
                     on_error=lambda exc: (self._gate(), self.ctx.runner.present_error(
                         self, "Bundle not built", exc)),
                     parent=self)

    def approve(self) -> None:
        from sar_desk.services import bundle

        ws, ref = self.ctx.workspace, self.reference
        self.ctx.run(lambda: bundle.approve(ws, ref), on_success=lambda info: self._done(
            f"Approved bundle {info.id} of {ref}"), parent=self, title="Bundle not approved")

    def save_copy(self) -> None:
        from sar_desk.services import bundle

        ws, ref = self.ctx.workspace, self.reference
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy of the bundle",
                                              f"{ref}-bundle.pdf", "PDF (*.pdf)")
        if not path:
            return
        self.ctx.run(lambda: bundle.save_copy(ws, ref, path), on_success=lambda out: self._done(
            f"Saved a copy of the bundle of {ref} to {out}"), parent=self, title="Not saved")

    def record_dispatch(self) -> None:
        from sar_desk.services.cases import record_dispatch

        seen = self.seen
        if seen is None or seen.latest is None:
            return
        bundle_id, ws, ref = seen.latest.id, self.ctx.workspace, self.reference
        dialog = DispatchDialog(f"bundle {bundle_id}", self.ctx.today(), self)

        def accepted() -> None:
            on, method, tracking = dialog.values()
            self.ctx.run(lambda: record_dispatch(ws, ref, None, on, method, tracking,
                                                 bundle_id=bundle_id),
                         on_success=lambda _s: self._done(
                             f"Recorded the dispatch of the bundle of {ref} on {when(on)}"),
                         parent=self, title="Dispatch not recorded")

        dialog.accepted.connect(accepted)
        dialog.open()
        self.active_dialog = dialog
