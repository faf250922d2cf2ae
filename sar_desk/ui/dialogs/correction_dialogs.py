"""Correcting a case: the reason asked for before anything is taken back, and the form to
edit the details typed into a case (the same field rules as the new case dialog).

Each dialog says what will happen and keeps its button disabled until a reason is given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.corrections import (
    received_edit_reason,
    rights_edit_reason,
    taken_back_reason,
)
from sar_desk.core.entities import Person
from sar_desk.ui.dialogs.base import ValidatingDialog, error_label
from sar_desk.ui.dialogs.decision_dialog import text_box
from sar_desk.ui.dialogs.new_case_dialog import PersonFields
from sar_desk.ui.dialogs.request_fields import RequestFields
from sar_desk.ui.fit_screen import scrolled_body


def reason_box(placeholder: str) -> QPlainTextEdit:
    box = text_box(placeholder)
    box.setFixedHeight(70)
    box.setAccessibleName("Reason")
    return box


class ReasonDialog(ValidatingDialog):
    """Asks why before something is taken back: ``what`` says what will happen."""

    def __init__(self, title: str, what: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.ok_button.setText(ok_text)
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.reason = reason_box("Why: it is kept on the record with your name and the date")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.what)
        form.addRow("Rea&son:", self.reason)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.reason.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        text = self.reason.toPlainText()
        # Nothing typed yet: no red text, but the button waits for a reason.
        return {self.error: (taken_back_reason(text) or "") if text else " "}

    def validate(self, *_args: object) -> bool:
        ok = super().validate()
        self.error.setVisible(bool(self.error.text().strip()))
        return ok

    def value(self) -> str:
        return self.reason.toPlainText().strip()


class EditDetailsDialog(ValidatingDialog):
    """The details typed into a case, to correct; :meth:`changes` gives what changed."""

    ok_text = "Save &corrections"

    def __init__(self, case: Any, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit details of {case.reference}")
        self.case, self.today = case, today
        self.requester = PersonFields("requester")
        self.requester.set_person(case.requester)
        self.subject = PersonFields("data subject", name_label="Name of the data s&ubject:",
                                    alt_keys=False)
        self.has_subject = case.subject is not None
        if self.has_subject:
            self.subject.set_person(case.subject)
        self.fields = RequestFields(case.received, channel=case.channel,
                                    jurisdiction=case.jurisdiction,
                                    request_types=case.request_types,
                                    request_text=case.request_text)
        self.received, self.received_error = self.fields.received, self.fields.received_error
        self.channel, self.jurisdiction = self.fields.channel, self.fields.jurisdiction
        self.request_types, self.types_error = self.fields.request_types, self.fields.types_error
        self.request_text = self.fields.request_text
        self.request_text.setFixedHeight(80)
        self.reason = reason_box("Why these details are corrected")
        self.reason_error = error_label()

        layout = QVBoxLayout(scrolled_body(self, self.buttons))  # scrolls on a small screen
        requester_box = QGroupBox("Requester")
        QVBoxLayout(requester_box).addWidget(self.requester)
        layout.addWidget(requester_box)
        subject_box = QGroupBox("Data subject (leave the name empty if the requester is the "
                                "data subject)" if not self.has_subject else "Data subject")
        QVBoxLayout(subject_box).addWidget(self.subject)
        layout.addWidget(subject_box)
        form = QFormLayout()
        self.fields.add_rows(form)
        form.addRow("Rea&son:", self.reason)
        form.addRow("", self.reason_error)
        layout.addLayout(form)
        for widget in (self.requester.name, self.requester.email, self.subject.name,
                       self.subject.email):
            widget.textChanged.connect(self.validate)
        self.fields.connect(self.validate)
        for combo in (self.channel, self.jurisdiction):
            combo.currentIndexChanged.connect(self.validate)
        self.request_text.textChanged.connect(self.validate)
        self.reason.textChanged.connect(self.validate)
        self.validate()

    def _subject_given(self) -> bool:
        return self.has_subject or bool(self.subject.person().name)

    def problems(self) -> dict[QLabel, str]:
        found = self.requester.problems()
        subject = self.subject.problems()
        if not self._subject_given():  # no subject before, none now: nothing to check
            subject = dict.fromkeys(subject, "")
        found.update(subject)
        found.update(self.fields.problems(
            self.today, received_rule=lambda day: received_edit_reason(self.case, day),
            types_rule=lambda ticked: rights_edit_reason(self.case, ticked)))
        if not self.changes():
            found[self.reason_error] = "Change a detail above to correct it."
        elif self.reason.toPlainText():
            found[self.reason_error] = taken_back_reason(self.reason.toPlainText()) or ""
        else:
            found[self.reason_error] = taken_back_reason("") or ""
        return found

    def changes(self) -> dict[str, object]:
        """Field -> new value, for the details that differ from the case (as ``edit_case``
        takes them)."""
        case, out = self.case, {}
        people = [("requester", self.requester.person(), case.requester)]
        if self._subject_given():
            people.append(("subject", self.subject.person(), case.subject or Person("")))
        for role, now, was in people:
            for part in ("name", "email", "address", "phone"):
                if getattr(now, part) != getattr(was, part):
                    out[f"{role}_{part}"] = getattr(now, part)
        day = self.fields.received_date()
        if day != case.received:
            out["received"] = day
        if self.channel.currentData() != case.channel:
            out["channel"] = self.channel.currentData()
        if self.jurisdiction.currentData() != case.jurisdiction:
            out["jurisdiction"] = self.jurisdiction.currentData()
        ticked = tuple(self.fields.ticked())
        if set(ticked) != set(case.request_types):
            out["request_types"] = ticked
        text = self.request_text.toPlainText().strip()
        if text != case.request_text.strip():
            out["request_text"] = text
        return out

    def value(self) -> str:
        return self.reason.toPlainText().strip()
