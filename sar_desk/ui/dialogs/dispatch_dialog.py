"""Record how and when a letter went out (date, method, tracking reference)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from sar_desk.core.input_rules import future_date_reason, required_text_reason
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate

METHODS = ("email", "post", "recorded delivery", "secure portal", "by hand")


class DispatchDialog(ValidatingDialog):
    ok_text = "&Record dispatch"

    def __init__(self, letter: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Dispatch of {letter}")
        self.today = today
        self.date = date_edit(today)
        self.date_error = error_label()
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(METHODS)
        self.tracking = QLineEdit()
        self.tracking.setPlaceholderText("e.g. Royal Mail tracking number (optional)")
        self.method_error = error_label()
        form = QFormLayout(self)
        form.addRow("&Sent on:", self.date)
        form.addRow("", self.date_error)
        form.addRow("&Method:", self.method)
        form.addRow("", self.method_error)
        form.addRow("&Tracking reference:", self.tracking)
        form.addRow(self.buttons)
        self.date.dateChanged.connect(self.validate)
        self.method.currentTextChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        day = pydate(self.date.date())
        return {
            self.date_error: future_date_reason(day, self.today, "dispatch date") or "",
            self.method_error: required_text_reason("dispatch_method", self.method.currentText())
            or "",
        }

    def values(self) -> tuple[dt.date, str, str]:
        return (
            pydate(self.date.date()),
            self.method.currentText().strip(),
            self.tracking.text().strip(),
        )
