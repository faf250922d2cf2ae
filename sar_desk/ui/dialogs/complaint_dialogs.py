"""The complaint forms: a new complaint, an issue, an outcome, an event. Each refuses what
the services would refuse, with the reason next to the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from sar_desk.core.complaint_handler import UserEntry
from sar_desk.core.complaints import OUTCOME_WORDS, ComplaintEventKind, IssueOutcome
from sar_desk.core.entities import Channel, Person
from sar_desk.core.input_rules import future_date_reason, name_reason
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate
from sar_desk.ui.dialogs.decision_dialog import text_box
from sar_desk.ui.dialogs.handler_box import HandlerBox
from sar_desk.ui.fit_screen import scrolled_body

CHANNEL_TEXT = {Channel.EMAIL: "Email", Channel.POST: "Post", Channel.WEB: "Web form",
                Channel.PHONE: "Phone", Channel.IN_PERSON: "In person",
                Channel.SOCIAL: "Social media"}
EVENT_TEXT = {ComplaintEventKind.ACKNOWLEDGED: "Acknowledged",
              ComplaintEventKind.UPDATE_SENT: "Progress update sent",
              ComplaintEventKind.OUTCOME_SENT: "Outcome sent",
              ComplaintEventKind.ICO_CONTACTED: "The ICO got in touch"}


class NewComplaintDialog(ValidatingDialog):
    """Log a complaint (optionally about a case) and say who handles it: ``users`` are the
    workspace's users, ``handler`` the one proposed (whoever raises it, if they may)."""

    ok_text = "&Log complaint"

    def __init__(self, today: dt.date, case_ref: str = "", complainant: Person | None = None,
                 parent: QWidget | None = None, *, users: Sequence[UserEntry] = (),
                 handler: str = "") -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle("New complaint" + (f" about {case_ref}" if case_ref else ""))
        who = complainant or Person("")
        self.name = QLineEdit(who.name)
        self.email = QLineEdit(who.email)
        self.address = text_box("One line per line of the address")
        self.address.setPlainText(who.address)
        self.received = date_edit(today)
        self.channel = QComboBox()
        for channel, text in CHANNEL_TEXT.items():
            self.channel.addItem(text, channel.value)
        self.case = QLineEdit(case_ref)
        self.case.setPlaceholderText("SAR-YYYY-NNNN, when it is about a request")
        self.summary = text_box("What the complaint says, in brief")
        self.handler = HandlerBox(users, handler, optional=True)
        self.name_error, self.date_error = error_label(), error_label()
        self.handler_error = error_label()
        form = QFormLayout(self)
        form.addRow("&Complainant:", self.name)
        form.addRow("", self.name_error)
        form.addRow("&Email:", self.email)
        form.addRow("&Address:", self.address)
        form.addRow("&Received:", self.received)
        form.addRow("", self.date_error)
        form.addRow("C&hannel:", self.channel)
        form.addRow("About &case:", self.case)
        form.addRow("&Summary:", self.summary)
        form.addRow("Han&dler:", self.handler)
        form.addRow("", self.handler_error)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self.validate)
        self.handler.editTextChanged.connect(self.validate)
        self.received.dateChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {self.name_error: name_reason(self.name.text(), "complainant") or "",
                self.date_error: future_date_reason(pydate(self.received.date()), self.today,
                                                    "received date") or "",
                self.handler_error: self.handler.reason() or ""}

    def new_complaint(self):  # noqa: ANN201 - a services.complaints.NewComplaint
        from sar_desk.services.complaints import NewComplaint

        return NewComplaint(
            complainant=Person(self.name.text().strip(), self.email.text().strip(),
                               self.address.toPlainText().strip()),
            received=pydate(self.received.date()), case_ref=self.case.text().strip(),
            channel=self.channel.currentData(), summary=self.summary.toPlainText().strip(),
            handler=self.handler.value())


class IssueDialog(ValidatingDialog):
    ok_text = "&Add issue"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an issue the complainant raised")
        self.text = text_box("e.g. The reply to my request was late")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("&Issue:", self.text)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.text.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        from sar_desk.core.complaints import issue_text_reason

        return {self.error: issue_text_reason(self.value()) or ""}

    def value(self) -> str:
        return self.text.toPlainText().strip()


class OutcomeDialog(ValidatingDialog):
    """The outcome of one issue: finding, reason for the complainant, remedy, enquiries."""

    ok_text = "&Record outcome"

    def __init__(self, issues: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record an outcome")
        self.issue = QComboBox()
        for number, text in issues:
            self.issue.addItem(f"{number}. {text}", number)
        self.outcome = QComboBox()
        for outcome in IssueOutcome:
            self.outcome.addItem(OUTCOME_WORDS[outcome].capitalize(), outcome.value)
        self.enquiries = text_box("What was looked into (shown in the outcome letter)")
        self.reason = text_box("The reason, worded for the complainant")
        self.remedy = text_box("What will be put right (optional)")
        self.error = error_label()
        form = QFormLayout(scrolled_body(self, self.buttons))  # scrolls on a small screen
        form.addRow("&Issue:", self.issue)
        form.addRow("&Finding:", self.outcome)
        form.addRow("&Enquiries:", self.enquiries)
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.error)
        form.addRow("Re&medy:", self.remedy)
        self.reason.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        text = "" if self.reason.toPlainText().strip() else (
            "Give the reason for the outcome, in words for the complainant.")
        return {self.error: text}


class ComplaintEventDialog(ValidatingDialog):
    ok_text = "&Record"

    def __init__(self, kind: ComplaintEventKind, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.today = kind, today
        self.setWindowTitle(EVENT_TEXT[kind])
        self.day = date_edit(today)
        self.note = QLineEdit()
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("&Date:", self.day)
        form.addRow("", self.error)
        form.addRow("&Note:", self.note)
        form.addRow(self.buttons)
        self.day.dateChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {self.error: future_date_reason(pydate(self.day.date()), self.today,
                                               "date") or ""}
