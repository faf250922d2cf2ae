"""Print, in one go, the PDF letters of open cases that have not been sent yet; optionally
record them as posted.

Staff (who may not read case details) see and print the letters of the ready letters store
only (:mod:`sar_desk.services.staff_desk`), which the staff key opens."""

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

from sar_desk.core.roles import Action
from sar_desk.services import staff_desk
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
        self.staff = uses_staff_path(ws)
        ctx.run(
            lambda: staff_letters(ws) if self.staff else find_ready_letters(ws),
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
            if self.staff:
                return [staff_desk.letter_bytes(ws, r.reference, r.letter_id) for r in chosen]
            return [letter_for_printing(ws, r.reference, r.letter_id) for r in chosen]

        def printed(pdfs: list[bytes]) -> None:
            if not print_pdfs(self, pdfs):
                return
            if post:

                def record() -> None:
                    items = [(r.reference, r.letter_id) for r in chosen]
                    if self.staff:
                        staff_desk.record_printed(ws, items)
                        staff_desk.record_dispatch(ws, items, today.isoformat(), "post")
                        return
                    for r in chosen:
                        record_dispatch(ws, r.reference, r.letter_id, today, "post")

                self.ctx.run(record, on_success=lambda _r: self._done(chosen, posted=True),
                             parent=self)
            elif self.staff:
                self.ctx.run(lambda: staff_desk.record_printed(
                    ws, [(r.reference, r.letter_id) for r in chosen]),
                    on_success=lambda _r: self._done(chosen), parent=self)
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


def uses_staff_path(ws: Any) -> bool:
    """Whether the window prints from the ready letters store: a staff-only workspace, or a
    user who may not read case details (staff)."""
    from sar_desk.services import access

    return staff_desk.is_staff_only(ws) or not access.can(ws, Action.READ_CASE_DETAILS)


def staff_letters(ws: Any) -> list[ReadyLetter]:
    """The letters staff may print, from the ready letters store."""
    import datetime as dt

    return [ReadyLetter(case.reference, case.name, row.letter_id, row.kind,
                        dt.datetime.fromisoformat(row.created) if row.created else None)
            for case, row in staff_desk.letters_to_print(ws)]
