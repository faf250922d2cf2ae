"""Asked when a saved e-mail cannot give the received day by itself: it has no date (the
officer enters one; today is never assumed), or its date is more than a year old (the
officer confirms it or enters another)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sar_desk.errors import SarDeskError

ASKS = ("intake.no_date", "intake.old_date")
NOT_SET = QDate(1900, 1, 1)  # the date field's "no date chosen yet"

Answer = Callable[[dt.date | None, bool], None]  # (received, confirm_old)


def asks_for_date(exc: BaseException) -> bool:
    """Whether the intake refusal ``exc`` is answered by this dialog."""
    return isinstance(exc, SarDeskError) and exc.code in ASKS


class IntakeDateDialog(QDialog):
    """The received day of an e-mail, entered or confirmed by the officer."""

    def __init__(self, exc: SarDeskError, today: dt.date, answer: Answer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Received date")
        self._answer = answer
        old: dt.date | None = exc.facts.get("received") if exc.code == "intake.old_date" \
            else None
        self.message = QLabel(str(exc))
        self.message.setWordWrap(True)
        self.confirm = QCheckBox(f"Yes, it was received on {old.day} {old:%B %Y}" if old else "")
        self.confirm.setVisible(old is not None)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setMinimumDate(NOT_SET)
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date.setSpecialValueText("Choose a date")
        self.date.setDate(NOT_SET)
        self.date.setAccessibleName("Received date")
        form = QFormLayout()
        form.addRow("Another date:" if old else "Received on:", self.date)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.confirm)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.confirm.toggled.connect(self._update)
        self.date.dateChanged.connect(self._update)
        self._update()
        self.date.setFocus()

    def chosen(self) -> dt.date | None:
        """The date entered (None: none chosen)."""
        day = self.date.date()
        return None if day == NOT_SET else dt.date(day.year(), day.month(), day.day())

    def _update(self) -> None:
        self.ok_button.setEnabled(self.chosen() is not None or self.confirm.isChecked())

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        super().accept()
        day = self.chosen()
        self._answer(day, day is None and self.confirm.isChecked())
