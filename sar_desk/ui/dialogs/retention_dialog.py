"""The retention view: closed cases past their retention period, legal hold and the purge.

Shows references and dates only (never a requester's name); every action goes through
:mod:`sar_desk.services.retention`, which checks the user's role.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.ui.dialogs.base import date_edit, pydate

COLUMNS = ("Reference", "Received", "Closed", "Retain until", "Legal hold")


class RetentionDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Retention")
        self.resize(760, 460)
        self.as_of = date_edit(ctx.today())
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason for a legal hold (the claim or investigation)")
        self.hold_button = QPushButton("Place &hold")
        self.release_button = QPushButton("&Release hold")
        self.purge_button = QPushButton("&Purge ticked cases")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        as_of_label = QLabel("Closed cases past retention &on:")
        as_of_label.setBuddy(self.as_of)  # Alt+O and screen readers reach the date
        top.addWidget(as_of_label)
        top.addWidget(self.as_of)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.hold_button, self.release_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.purge_button)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.tree)
        box.addWidget(self.reason)
        box.addLayout(buttons)
        box.addWidget(self.status)
        self.hold_button.clicked.connect(lambda: self._hold(release=False))
        self.release_button.clicked.connect(lambda: self._hold(release=True))
        self.purge_button.clicked.connect(self.purge)
        self.items: list[Any] = []
        self.note = ""
        self.refresh()

    def refresh(self) -> None:
        from sar_desk.services.retention import due_for_purge

        ws, day = self.ctx.workspace, pydate(self.as_of.date())
        self.ctx.run(lambda: due_for_purge(ws, day), on_success=self._show, parent=self,
                     title="Retention")

    def _show(self, items: list[Any]) -> None:
        self.items = items
        self.tree.clear()
        for item in items:
            row = QTreeWidgetItem([item.reference, f"{item.received:%d %b %Y}",
                                   f"{item.closed:%d %b %Y}", f"{item.retain_until:%d %b %Y}",
                                   item.hold_reason if item.held else ""])
            row.setCheckState(0, Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(row)
        self.status.setText(f"{self.note}{len(items)} closed cases past their retention "
                            "period.")

    def ticked(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())
                if self.tree.topLevelItem(i).checkState(0) == Qt.CheckState.Checked]

    def tick(self, reference: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).text(0) == reference:
                self.tree.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)

    def _hold(self, *, release: bool) -> None:
        from sar_desk.services.retention import set_hold

        refs, ws, reason = self.ticked(), self.ctx.workspace, self.reason.text()

        def op() -> None:
            for ref in refs:
                set_hold(ws, ref, reason, release=release)

        self.ctx.run(op, on_success=lambda _r: self.refresh(), parent=self, title="Legal hold")

    def purge(self) -> None:
        from sar_desk.services.retention import purge

        refs, ws, day = self.ticked(), self.ctx.workspace, pydate(self.as_of.date())
        if not refs:
            self.status.setText("Tick the cases to purge first.")
            return

        def done(purged: list[Any]) -> None:
            names = ", ".join(p.tombstone.reference for p in purged)
            where = purged[0].certificate_path.parent if purged else "-"
            self.note = f"Purged {names}; certificates in {where}. "
            self.ctx.signals.cases_changed.emit()
            self.refresh()

        self.ctx.run(lambda: purge(ws, as_of=day, references=refs), on_success=done,
                     parent=self, title="Purge")
