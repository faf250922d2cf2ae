"""The window of a user who holds only the staff key: the letters of cases marked ready.

It reads the ready letters store only (:mod:`sar_desk.services.staff_desk`): the list of
letters waiting to be printed, printing them, and recording them as posted. There is no
case list, dashboard or settings: the staff key opens nothing else.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from sar_desk.ui.session_lock import install_session_lock


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
        self.note = QLabel("You hold the staff key of this workspace: the letters of cases a "
                           "privacy officer marked ready are listed here to print.")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
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

    def batch_print(self) -> None:
        from sar_desk.ui.dialogs.batch_print_dialog import BatchPrintDialog

        dialog = BatchPrintDialog(self.ctx, self)
        self.active_dialog = dialog
        dialog.open()

    def built_pages(self) -> list[str]:
        return []
