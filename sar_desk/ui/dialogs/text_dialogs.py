"""Small forms: a note, a search-log entry, an assignee. Each refuses empty required text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from sar_desk.core.input_rules import required_text_reason
from sar_desk.ui.dialogs.assignee_box import AssigneeBox
from sar_desk.ui.dialogs.base import ValidatingDialog, error_label
from sar_desk.ui.dialogs.decision_dialog import text_box


class NoteDialog(ValidatingDialog):
    ok_text = "&Add note"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a note")
        self.text = text_box("What happened, what was decided, who was contacted ...")
        self.text.setFixedHeight(120)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("&Note:", self.text)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.text.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {self.error: required_text_reason("note", self.value()) or ""}

    def value(self) -> str:
        return self.text.toPlainText().strip()


class SearchLogDialog(ValidatingDialog):
    """Evidence that the search was reasonable and proportionate."""

    ok_text = "&Log search"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a search")
        self.system = QLineEdit()
        self.system.setPlaceholderText("e.g. HR system, Outlook mailboxes, CCTV")
        self.terms = QLineEdit()
        self.terms.setPlaceholderText("names, email addresses, ID numbers searched for")
        self.people = QLineEdit()
        self.people.setPlaceholderText("who searched or was asked (optional)")
        self.system_error, self.terms_error = error_label(), error_label()
        form = QFormLayout(self)
        form.addRow("&System searched:", self.system)
        form.addRow("", self.system_error)
        form.addRow("Search &terms:", self.terms)
        form.addRow("", self.terms_error)
        form.addRow("&People:", self.people)
        form.addRow(self.buttons)
        self.system.textChanged.connect(self.validate)
        self.terms.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {
            self.system_error: required_text_reason("search_system", self.system.text()) or "",
            self.terms_error: required_text_reason("search_terms", self.terms.text()) or "",
        }

    def values(self) -> tuple[str, str, str]:
        return self.system.text().strip(), self.terms.text().strip(), self.people.text().strip()


class AssignDialog(ValidatingDialog):
    """Pick who works the case: one of ``workers`` ((login, display name) pairs)."""

    ok_text = "&Assign"

    def __init__(self, current: str = "", parent: QWidget | None = None, *,
                 workers: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign the case")
        self.assignee = AssigneeBox(workers, current)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("Assign &to:", self.assignee)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.assignee.editTextChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {self.error: self.assignee.reason() or ""}

    def value(self) -> str:
        return self.assignee.value()
