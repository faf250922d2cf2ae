"""Shared pieces of the dialogs: error labels next to fields and OK gated on validity."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSize
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QWidget


def error_label() -> QLabel:
    """A red message shown under a field while that field is wrong."""
    label = QLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    return edit


class ValidatingDialog(QDialog):
    """Subclasses return ``{error label: message}`` from :meth:`problems` ('' = fine)."""

    ok_text = "OK"
    min_width = 460  # wide enough for the hints and error messages not to be cut or squeezed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Opens at least ``min_width`` wide; the layout still sets the true minimum (an
        # explicit minimum width would let the dialog shrink below its contents).
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.min_width), hint.height())

    def problems(self) -> dict[QLabel, str]:
        return {}

    def validate(self, *_args: object) -> bool:
        ok = True
        for label, message in self.problems().items():
            label.setText(message)
            label.setVisible(bool(message))
            ok = ok and not message
        self.ok_button.setEnabled(ok)
        return ok

    def errors(self) -> list[str]:
        """The messages shown now (for tests and screen readers)."""
        return [m for m in self.problems().values() if m]

    def accept(self) -> None:
        if self.validate():
            super().accept()
