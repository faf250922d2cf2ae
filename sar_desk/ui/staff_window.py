"""The window of a user who holds only the staff key: the letters of cases marked ready.

It reads the ready letters store only (:mod:`sar_desk.services.staff_desk`): the list of
letters waiting to be printed, printing them, and recording them as posted. There is no
case list, dashboard or settings: the staff key opens nothing else.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.ui.session_lock import install_session_lock

COLUMNS = ["Reference", "Addressee", "Letter", "Made", "Posted"]


class StaffWindow(QMainWindow):
    """Print ready letters (File > Print ready letters), nothing else."""

    staff_only = True

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.active_dialog: Any = None
        user = ctx.workspace.user
        root = ctx.root
        self.setWindowTitle(f"SAR Desk — {root.name if root else 'workspace'} — "
                            f"{user.login} (staff)")
        self.resize(900, 600)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.note = QLabel("The letters of the cases a privacy officer marked ready. Print "
                           "them with Print ready letters (Ctrl+Shift+P).")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.print_button = QPushButton("Print ready letters…")
        self.print_button.clicked.connect(lambda _c=False: self.batch_print())
        layout.addWidget(self.print_button)
        self.page_layout = layout
        self.setCentralWidget(page)
        menu = self.menuBar().addMenu("&File")
        self.batch_action = QAction("&Print ready letters…", self)
        self.batch_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.batch_action.triggered.connect(lambda _c=False: self.batch_print())
        menu.addAction(self.batch_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(lambda _c=False: self.close())
        menu.addAction(quit_action)
        self.addActions([self.batch_action, quit_action])
        ctx.signals.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.session_lock = install_session_lock(self, ctx.workspace)
        self.refresh()

    def refresh(self) -> None:
        """List every letter of the ready cases (reference, addressee, kind, made, posted)."""
        from sar_desk.services import staff_desk

        rows = [(case, letter) for case in staff_desk.ready_cases(self.ctx.workspace)
                for letter in case.letters]
        self.table.setRowCount(len(rows))
        for i, (case, letter) in enumerate(rows):
            values = (case.reference, case.name, f"{letter.kind} ({letter.format})",
                      letter.created[:10], "yes" if letter.dispatched else "not yet")
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.statusBar().showMessage(f"{len(rows)} letter{'s' if len(rows) != 1 else ''} "
                                     f"of {len({c.reference for c, _ in rows})} ready case(s)")

    def batch_print(self) -> None:
        from sar_desk.ui.dialogs.batch_print_dialog import BatchPrintDialog

        dialog = BatchPrintDialog(self.ctx, self)
        dialog.finished.connect(lambda _result: self.refresh())  # posted ones now say so
        self.active_dialog = dialog
        dialog.open()

    def built_pages(self) -> list[str]:
        return []
