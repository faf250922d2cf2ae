"""The retention view: closed cases past their retention period, legal hold and the purge.

Shows references and dates only (never a requester's name); every action goes through
:mod:`sar_desk.services.retention`, which checks the user's role. A later date previews
what will become due; only today's list can be purged, and only after the number of cases
is typed into :class:`PurgeConfirmDialog`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.purge_rules import confirm_problem, purge_date_problem, summary
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate

COLUMNS = ("Reference", "Received", "Closed", "Retain until", "Legal hold")


class PurgeConfirmDialog(ValidatingDialog):
    """States what a purge destroys (count, oldest and newest reference) and is accepted
    only once that count is typed."""

    ok_text = "Destroy"

    def __init__(self, references: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.references = list(references)
        self.setWindowTitle("Purge: destroy cases")
        count = len(self.references)
        self.message = QLabel(f"Destroy {summary(self.references)}? Their keys and files are "
                              "deleted and a destruction certificate is written for each. "
                              "This cannot be undone.")
        self.message.setWordWrap(True)
        self.count = QLineEdit()
        self.count.setPlaceholderText(str(count))
        self.count.textChanged.connect(self.validate)
        self.count_error = error_label()
        form = QFormLayout()
        label = QLabel(f"&Type {count} to confirm:")
        label.setBuddy(self.count)
        form.addRow(label, self.count)
        box = QVBoxLayout(self)
        box.addWidget(self.message)
        box.addLayout(form)
        box.addWidget(self.count_error)
        box.addWidget(self.buttons)
        self.ok_button.setEnabled(False)

    def typed(self) -> int | None:
        text = self.count.text().strip()
        return int(text) if text.isdigit() and len(text) < 10 else None

    def problems(self) -> dict[QLabel, str]:
        if not self.count.text().strip():
            return {self.count_error: ""}  # nothing typed yet: nothing to say
        return {self.count_error: confirm_problem(self.typed(), self.references) or ""}

    def validate(self, *_args: object) -> bool:
        ok = super().validate() and self.typed() == len(self.references)
        self.ok_button.setEnabled(ok)
        return ok


class RetentionDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Retention")
        self.resize(760, 460)
        self.as_of = date_edit(ctx.today())
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.confirm_dialog: PurgeConfirmDialog | None = None
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
        future = purge_date_problem(pydate(self.as_of.date()), self.ctx.today())
        self.purge_button.setEnabled(future is None)
        preview = (" A later date only previews what will become due; set today's date to "
                   "purge." if future else "")
        self.status.setText(f"{self.note}{len(items)} closed cases past their retention "
                            f"period.{preview}")

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
        """Ask for the count of the ticked cases, then purge them (only what is due today)."""
        refs, day = self.ticked(), pydate(self.as_of.date())
        if not refs:
            self.status.setText("Tick the cases to purge first.")
            return
        problem = purge_date_problem(day, self.ctx.today())
        if problem:
            self.status.setText(problem)
            return
        dialog = PurgeConfirmDialog(refs, self)
        dialog.accepted.connect(lambda: self._purge(refs, day, dialog.typed()))
        self.confirm_dialog = dialog
        dialog.open()

    def _purge(self, refs: list[str], day: Any, confirm: int | None) -> None:
        from sar_desk.services.retention import purge

        ws = self.ctx.workspace

        def done(purged: list[Any]) -> None:
            names = ", ".join(p.tombstone.reference for p in purged)
            where = purged[0].certificate_path.parent if purged else "-"
            self.note = f"Purged {names}; certificates in {where}. "
            self.ctx.signals.cases_changed.emit()
            self.refresh()

        self.ctx.run(lambda: purge(ws, as_of=day, references=refs, confirm=confirm),
                     on_success=done, parent=self, title="Purge")
