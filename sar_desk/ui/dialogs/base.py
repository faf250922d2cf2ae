"""Shared pieces of the dialogs: error labels next to fields and OK gated on validity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QKeyEvent, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def open_dialog(host: object, dialog: QDialog, on_accept: Callable[[], None]) -> QDialog:
    """Open ``dialog`` window-modal, run ``on_accept`` when it is accepted, and keep it as
    ``host.active_dialog`` (so tests and the session lock can reach it)."""
    dialog.accepted.connect(on_accept)
    host.active_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


class FieldError(QLabel):
    """A red message under a field while that field is wrong.

    Hiding it only blanks it: it keeps its place in the layout, so the fields below do not
    jump when a message comes or goes (one line is always reserved)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown = False  # blank until a message is shown

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt override
        self._shown = bool(visible)
        if self.parentWidget() is not None:  # (never a window of its own before it is placed)
            super().setVisible(True)
        self.update()

    def isVisible(self) -> bool:  # noqa: N802 - Qt name
        return self._shown and super().isVisible()

    def isHidden(self) -> bool:  # noqa: N802 - Qt name
        return not self._shown or super().isHidden()

    def isVisibleTo(self, ancestor: QWidget) -> bool:  # noqa: N802 - Qt name
        return self._shown and super().isVisibleTo(ancestor)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self._shown:
            super().paintEvent(event)

    # Its height is what its text needs at the width it has (at least one line), so a form
    # layout keeps one line for it rather than guessing two from a narrow width.
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False

    def _needed(self) -> int:
        line = self.fontMetrics().lineSpacing()
        if not self.text() or self.width() < 40:
            return line
        return max(line, super().heightForWidth(self.width()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), self._needed())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().minimumSizeHint().width(), self._needed())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.height() != self._needed():
            self.updateGeometry()


def error_label() -> QLabel:
    """A red message shown under a field while that field is wrong (see FieldError)."""
    from sar_desk.ui.theme import warn_text

    label = FieldError()
    label.setObjectName("fieldError")
    warn_text(label)
    label.setWordWrap(True)
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


def typed_text(dialog: QWidget) -> list[str]:
    """What every editable text field of ``dialog`` holds now, in a fixed order."""
    texts = [w.text() for w in dialog.findChildren(QLineEdit) if not w.isReadOnly()]
    for kind in (QPlainTextEdit, QTextEdit):
        texts += [w.toPlainText() for w in dialog.findChildren(kind) if not w.isReadOnly()]
    return texts


def typed_in_place(view: QWidget) -> bool:
    """Whether a free-text field shown in ``view`` itself (not in a dialog or a drop-down
    list) holds text."""
    fields = [w for kind in (QLineEdit, QPlainTextEdit, QTextEdit)
              for w in view.findChildren(kind)]
    for w in fields:
        if (w.isReadOnly() or not w.isVisible() or w.window() is not view.window()
                or isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))):
            continue
        if (w.text() if isinstance(w, QLineEdit) else w.toPlainText()).strip():
            return True
    return False


class ValidatingDialog(QDialog):
    """Subclasses return ``{error label: message}`` from :meth:`problems` ('' = fine).

    Esc never throws typing away: with any field changed since the dialog opened it asks
    first (:attr:`discard_box`); Cancel still closes at once.
    """

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
        self._opened_with: list[str] | None = None
        self.discard_box: QMessageBox | None = None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        from sar_desk.ui.fit_screen import fit_to_screen

        fit_to_screen(self)  # never past the edge of a small screen
        if self._opened_with is None:  # as filled in before it was shown (a draft, a value)
            self._opened_with = typed_text(self)

    def holds_typing(self) -> bool:
        """Whether a field holds text typed since the dialog opened."""
        return self._opened_with is not None and typed_text(self) != self._opened_with

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self.holds_typing():
            event.accept()
            self.ask_to_discard()
            return
        super().keyPressEvent(event)

    def ask_to_discard(self) -> QMessageBox:
        """Ask whether to throw away what was typed (Esc or "Keep typing" keeps it)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Discard what you typed?",
                          "This form holds text you have typed. Close it and discard that "
                          "text?", parent=self)
        discard = box.addButton("&Discard and close", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep typing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda button: self.reject() if button is discard else None)
        self.discard_box = box
        box.open()
        return box

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
