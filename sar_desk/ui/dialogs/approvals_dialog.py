"""Awaiting my approval: the letters, bundles and redacted sets a manager or a second
privacy officer may approve.

Reads :func:`sar_desk.services.signoff.awaiting_my_approval` off the UI thread; approving
goes through the service of what is approved (a letter, the bundle, the redacted set), which
checks the roles and the four-eyes rule again. Also the dashboard's "Awaiting my approval"
tile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

COLUMNS = ("Reference", "Item", "Kind", "Asked by", "Asked on", "Requester")
TILE_CAPTION = "Awaiting my approval"


class ApprovalsDialog(QDialog):
    """The queue; ``open_case(reference)`` is called when the user opens a letter's case."""

    def __init__(self, ctx: Any, parent: QWidget | None = None, *,
                 open_case: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._open_case = open_case
        self.pending: list[Any] = []
        self.setWindowTitle(TILE_CAPTION)
        self.resize(760, 380)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Letters, bundles and redactions awaiting my approval")
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel("Loading…")
        self.status.setWordWrap(True)
        self.approve_button = QPushButton("&Approve")
        self.approve_button.clicked.connect(self.approve_selected)
        self.open_button = QPushButton("&Open case")
        self.open_button.clicked.connect(self.open_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.approve_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._selection_changed()
        self.refresh()

    def refresh(self) -> None:
        from sar_desk.services.signoff import awaiting_my_approval

        ws = self.ctx.workspace
        self.ctx.run(lambda: awaiting_my_approval(ws), on_success=self.show_pending,
                     parent=self, title=TILE_CAPTION)

    def show_pending(self, pending: list[Any]) -> None:
        self.tree.clear()
        self.pending = pending
        for p in pending:
            item = QTreeWidgetItem([p.reference, p.label, p.kind.replace("-", " "),
                                    p.asked_by, p.asked_at[:10], p.requester])
            item.setData(0, Qt.ItemDataRole.UserRole, p)
            self.tree.addTopLevelItem(item)
        for col in range(len(COLUMNS) - 1):
            self.tree.resizeColumnToContents(col)
        self.status.setText("Nothing awaits your approval." if not pending else
                            f"{len(pending)} item(s) await your approval.")
        if pending:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._selection_changed()

    def selected(self) -> Any:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _selection_changed(self) -> None:
        has = self.selected() is not None
        self.approve_button.setEnabled(has)
        self.open_button.setEnabled(has and self._open_case is not None)

    def approve_selected(self) -> None:
        from sar_desk.services import bundle, redaction
        from sar_desk.services.signoff import BUNDLE, REDACTIONS, approve_letter

        chosen, ws = self.selected(), self.ctx.workspace
        if chosen is None:
            return

        def done(_approval: Any) -> None:
            text = (f"Approved {chosen.label} ({chosen.kind.replace('-', ' ')}) "
                    f"of {chosen.reference}")
            self.ctx.signals.status_message.emit(text)
            self.ctx.signals.case_changed.emit(chosen.reference)
            self.refresh()

        def approve() -> Any:
            if chosen.what == BUNDLE:
                return bundle.approve(ws, chosen.reference)
            if chosen.what == REDACTIONS:
                return redaction.approve(ws, chosen.reference)
            return approve_letter(ws, chosen.reference, chosen.letter_id)

        self.ctx.run(approve, on_success=done, parent=self, title="Sign-off")

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and self._open_case is not None:
            self._open_case(chosen.reference)
            self.accept()


def install_approvals_tile(view: Any, ctx: Any, open_queue: Any) -> Any:
    """Add the "Awaiting my approval" tile to the dashboard (for users who may approve);
    it counts after each refresh of the figures, and a click opens the queue."""
    from sar_desk.services import access
    from sar_desk.ui.views.figure_tile import FigureTile

    if not access.can(ctx.workspace, "approve_letter"):
        return None
    tile = FigureTile(TILE_CAPTION, "#6b3fa0", view, clickable=True)
    tile.setToolTip("Letters, bundles and redacted sets a colleague made for you to approve: "
                    "click to open the queue")
    tile.activated.connect(open_queue)
    view.tiles_row.addWidget(tile)
    QWidget.setTabOrder(list(view.tiles.values())[-1], tile)  # Tab reaches it after the row
    view.approvals_tile = tile

    def count() -> None:
        from sar_desk.services.signoff import pending_count

        ws = ctx.workspace
        ctx.run(lambda: pending_count(ws) or 0, on_success=tile.set_value, parent=view,
                title=TILE_CAPTION)

    view.refreshed.connect(count)
    return tile
