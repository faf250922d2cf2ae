"""Print, in one go, the PDF letters of open cases that have not been sent yet; optionally
record them as posted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.services.letters import ReadyLetter, find_ready_letters
from sar_desk.ui.printing import print_pdfs


class BatchPrintDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Print ready letters")
        self.resize(640, 420)
        self.ready: list[ReadyLetter] = []
        self.info = QLabel("Looking for letters that have not been sent…")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Case", "Requester", "Letter", "Generated"])
        self.tree.setRootIsDecorated(False)
        self.mark_posted = QCheckBox("Record them as sent by &post today after printing")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close
        )
        self.print_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.print_button.setText("&Print ticked letters…")
        self.print_button.setEnabled(False)
        self.buttons.accepted.connect(self.print_ticked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.info, self.tree, self.mark_posted, self.buttons):
            layout.addWidget(widget)
        ws = ctx.workspace
        ctx.run(
            lambda: find_ready_letters(ws),
            on_success=self._show,
            parent=self,
            title="Ready letters",
        )

    def _show(self, ready: list[ReadyLetter]) -> None:
        self.ready = ready
        self.tree.clear()
        for i, letter in enumerate(ready):
            when = f"{letter.generated:%d %b %Y %H:%M}" if letter.generated else ""
            kind = letter.kind.replace("-", " ").capitalize()  # as in the Letters tab
            item = QTreeWidgetItem([letter.reference, letter.requester, kind, when])
            item.setCheckState(0, Qt.CheckState.Checked)
            item.setData(0, Qt.ItemDataRole.UserRole, i)
            self.tree.addTopLevelItem(item)
        self.info.setText(
            f"{len(ready)} letter(s) ready to print."
            if ready
            else "No PDF letters are waiting to be sent."
        )
        self.print_button.setEnabled(bool(ready))

    def ticked(self) -> list[ReadyLetter]:
        out = []
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item.checkState(0) == Qt.CheckState.Checked:
                out.append(self.ready[item.data(0, Qt.ItemDataRole.UserRole)])
        return out

    def print_ticked(self) -> None:
        from sar_desk.services.cases import record_dispatch
        from sar_desk.services.signoff import letter_for_printing

        chosen, ws = self.ticked(), self.ctx.workspace
        if not chosen:
            return
        post, today = self.mark_posted.isChecked(), self.ctx.today()

        def fetch() -> list[bytes]:
            return [letter_for_printing(ws, r.reference, r.letter_id) for r in chosen]

        def printed(pdfs: list[bytes]) -> None:
            if not print_pdfs(self, pdfs):
                return
            if post:

                def record() -> None:
                    for r in chosen:
                        record_dispatch(ws, r.reference, r.letter_id, today, "post")

                self.ctx.run(record, on_success=lambda _r: self._done(chosen, posted=True),
                             parent=self)
            else:
                self._done(chosen)

        self.ctx.run(fetch, on_success=printed, parent=self, title="Print")

    def _done(self, chosen: list[ReadyLetter], *, posted: bool = False) -> None:
        count = f"{len(chosen)} letter{'s' if len(chosen) != 1 else ''}"
        self.ctx.signals.status_message.emit(
            f"Printed {count}" + ("; recorded as posted today" if posted else ""))
        for r in {c.reference for c in chosen}:
            self.ctx.signals.case_changed.emit(r)
        self.accept()
