"""New case: who asked, for whom, when it arrived and under which calendar.

Problems are shown next to the field they concern (received date in the future, missing
requester or data subject, an email address that cannot be right) and OK stays disabled
until there are none. The dialog only builds a ``NewCase``; the caller saves it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.entities import Channel, Person
from sar_desk.core.input_rules import (
    address_reason,
    email_reason,
    exam_results_reason,
    name_reason,
)
from sar_desk.errors import SarDeskError
from sar_desk.ui.dialogs.assignee_box import AssigneeBox
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate, qdate
from sar_desk.ui.dialogs.request_fields import CHANNEL_TEXT as CHANNEL_TEXT  # re-exported
from sar_desk.ui.dialogs.request_fields import RequestFields
from sar_desk.ui.fit_screen import ScrollBody, fit_to_screen
from sar_desk.ui.theme import keep_coloured


def repeat_notice(reference: str) -> str:
    """The possible-repeat notice with a link that opens the earlier case (rich text)."""
    return (f'Possible repeat of <a href="{reference}">{reference}</a>: the same person asked '
            "within the last 12 months.")


def notice_label() -> QLabel:
    """A notice (not an error) with a link; hidden while there is nothing to say."""
    label = QLabel()
    label.setObjectName("repeatNotice")
    keep_coloured(label, "#1d3f7a")  # readable on dark backgrounds too
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
    label.hide()
    return label


def email_problem(text: str) -> str:
    """Why an email address cannot be right ('' if it looks fine or is empty)."""
    return email_reason(text) or ""


class PersonFields(QWidget):
    """Name, email, address and phone of one person, with their error labels.

    ``name_label`` overrides the name's label; ``alt_keys=False`` leaves Alt letters to the
    first person's fields (a second set would make each Alt letter ambiguous)."""

    def __init__(
        self,
        what: str,
        parent: QWidget | None = None,
        *,
        name_label: str = "",
        alt_keys: bool = True,
    ) -> None:
        super().__init__(parent)
        self.what = what
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.phone = QLineEdit()
        self.address.setPlaceholderText("One line per line, as on the envelope (at most six)")
        self.name_error, self.email_error = error_label(), error_label()
        self.address_error = error_label()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        def key(text: str) -> str:
            return text if alt_keys else text.replace("&", "")

        form.addRow(name_label or f"&Name of the {what}:", self.name)
        form.addRow("", self.name_error)
        form.addRow(key("E&mail:"), self.email)
        form.addRow("", self.email_error)
        form.addRow(key("Postal a&ddress:"), self.address)
        form.addRow("", self.address_error)
        form.addRow(key("P&hone:"), self.phone)
        self.name.setAccessibleName(f"{what} name")
        self.email.setAccessibleName(f"{what} email")

    def person(self) -> Person:
        return Person(
            name=" ".join(self.name.text().split()),
            email=self.email.text().strip(),
            address=self.address.toPlainText().strip(),
            phone=self.phone.text().strip(),
        )

    def set_person(self, person: Person) -> None:
        self.name.setText(person.name)
        self.email.setText(person.email)
        self.address.setPlainText(person.address)
        self.phone.setText(person.phone)

    def problems(self) -> dict[QLabel, str]:
        return {self.name_error: name_reason(self.name.text(), self.what) or "",
                self.email_error: email_problem(self.email.text()),
                self.address_error: address_reason(self.address.toPlainText(), self.what)
                or ""}


class NewCaseDialog(ValidatingDialog):
    """Collects a new request; :meth:`new_case` returns the ``NewCase`` to save.

    ``workers`` are the (login, display name) pairs the case may be assigned to;
    ``find_repeat(name, email, received)`` returns the reference of an earlier request from
    the same person within 12 months ('' if none), shown as a notice while typing.
    """

    open_reference = Signal(str)  # the earlier case's link was clicked

    def __init__(
        self,
        today: dt.date,
        *,
        jurisdiction: str = "uk-ew",
        assignee: str = "",
        workers: Sequence[tuple[str, str]] = (),
        find_repeat: Callable[[str, str, dt.date], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.today = today
        self.source_message: bytes | None = None
        self.source_filename = ""

        self.requester = PersonFields("requester")
        self.on_behalf = QCheckBox("The requester asks on &behalf of someone else")
        self.subject = PersonFields(
            "data subject", name_label="Name of the data s&ubject:", alt_keys=False
        )
        self.authority = QLineEdit()
        self.authority.setPlaceholderText("e.g. signed letter of authority, power of attorney")
        subject_box = QGroupBox("Data subject (the person the data is about)")
        subject_layout = QVBoxLayout(subject_box)
        subject_layout.addWidget(self.subject)
        authority_row = QFormLayout()
        authority_row.addRow("&Authority evidence:", self.authority)
        subject_layout.addLayout(authority_row)
        self.subject_box = subject_box
        subject_box.setVisible(False)

        self.fields = RequestFields(today, jurisdiction=jurisdiction)
        self.received, self.received_error = self.fields.received, self.fields.received_error
        self.channel, self.jurisdiction = self.fields.channel, self.fields.jurisdiction
        self.request_types, self.types_error = self.fields.request_types, self.fields.types_error
        self.request_text = self.fields.request_text
        self.assignee = AssigneeBox(workers, assignee, optional=True)
        self.assignee_error = error_label()
        self.find_repeat = find_repeat
        self.repeat_of = ""
        self.repeat = notice_label()
        self.repeat.linkActivated.connect(self.open_reference.emit)
        self._repeat_timer = QTimer(self)
        self._repeat_timer.setSingleShot(True)
        self._repeat_timer.setInterval(250)  # look up once typing pauses
        self._repeat_timer.timeout.connect(self.check_repeat)
        self.request_text.setPlaceholderText("What the person asked for, in their words")
        # Exam marks asked for before the results (DPA 2018 Sch. 2 para 25): due on the
        # earlier of five months and 40 days after the announcement, if the day is known.
        self.exam_marks = QCheckBox("E&xam marks asked for before the results are announced")
        self.exam_results_known = QCheckBox("Resul&ts announced on:")
        self.exam_results = date_edit(today)
        self.exam_results.setAccessibleName("exam results announcement day")
        self.exam_error = error_label()
        exam_row = QHBoxLayout()
        exam_row.addWidget(self.exam_results_known)
        exam_row.addWidget(self.exam_results)
        exam_row.addStretch()

        request_form = QFormLayout()
        self.fields.add_rows(request_form, [("Assi&gned to:", self.assignee),
                                            ("", self.assignee_error)])
        request_form.addRow("", self.exam_marks)
        request_form.addRow("", exam_row)
        request_form.addRow("", self.exam_error)
        self.source_label = QLabel()
        self.source_label.hide()
        request_form.addRow("", self.source_label)

        self.ok_button.setText("&Create case")

        body = QWidget()
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 0, 0)
        requester_box = QGroupBox("Requester (who wrote to us)")
        requester_layout = QVBoxLayout(requester_box)
        requester_layout.addWidget(self.requester)
        requester_layout.addWidget(self.repeat)
        fields.addWidget(requester_box)
        fields.addWidget(self.on_behalf)
        fields.addWidget(subject_box)
        fields.addLayout(request_form)
        fields.addStretch(1)
        # The fields scroll on a small screen; Create and Cancel stay in view below them.
        self.scroll = ScrollBody(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)

        self.on_behalf.toggled.connect(self._toggle_subject)
        for widget in (
            self.requester.name,
            self.requester.email,
            self.subject.name,
            self.subject.email,
            self.requester.address,
            self.subject.address,
        ):
            widget.textChanged.connect(self.validate)
        self.fields.connect(self.validate)
        self.assignee.editTextChanged.connect(self.validate)
        for widget in (self.requester.name, self.requester.email):
            widget.textChanged.connect(self._repeat_timer.start)
        self.received.dateChanged.connect(self._repeat_timer.start)
        self.exam_marks.toggled.connect(self._toggle_exam)
        self.exam_results_known.toggled.connect(self._toggle_exam)
        self.exam_results.dateChanged.connect(self.validate)
        self._toggle_exam()
        self.requester.name.setFocus()
        self.validate()

    # -- filling from an email -------------------------------------------------------------
    def set_draft(self, new: Any) -> None:
        """Pre-fill from a ``NewCase`` (e.g. an email draft) for the officer to check."""
        self.setWindowTitle("New case from email: check and confirm")
        self.requester.set_person(new.requester)
        if new.subject is not None:
            self.on_behalf.setChecked(True)
            self.subject.set_person(new.subject)
        self.authority.setText(getattr(new, "authority_evidence", ""))
        day = new.received
        self.received.setDate(qdate(day))
        self.channel.setCurrentIndex(max(0, self.channel.findData(Channel(new.channel))))
        index = self.jurisdiction.findData(new.jurisdiction)
        if index >= 0:
            self.jurisdiction.setCurrentIndex(index)
        self.request_text.setPlainText(new.request_text)
        if getattr(new, "assignee", ""):
            self.assignee.set_value(new.assignee)
        self.source_message = getattr(new, "source_message", None)
        self.source_filename = getattr(new, "source_filename", "")
        if self.source_message is not None:
            self.source_label.setText(
                f"The original message ({self.source_filename}) will be kept in the case."
            )
            self.source_label.show()
        self.validate()

    # -- validation ------------------------------------------------------------------------
    def received_date(self) -> dt.date:
        return self.fields.received_date()

    def problems(self) -> dict[QLabel, str]:
        found = self.requester.problems()
        subject = self.subject.problems()
        if not self.on_behalf.isChecked():
            subject = dict.fromkeys(subject, "")
        found.update(subject)
        found.update(self.fields.problems(self.today))
        found[self.exam_error] = (exam_results_reason(self.received_date(),
                                                      self.exam_results_day()) or "")
        found[self.assignee_error] = self.assignee.reason() or ""
        return found

    def check_repeat(self) -> str:
        """Look up an earlier request from this requester (name or e-mail, 12 months) and
        show it as a notice; returns its reference ('' if none)."""
        self._repeat_timer.stop()
        name, email = self.requester.name.text().strip(), self.requester.email.text().strip()
        found = ""
        if self.find_repeat is not None and (name or email):
            try:
                found = self.find_repeat(name, email, self.received_date())
            except SarDeskError:  # only a notice: the case can still be created
                found = ""
        self.repeat_of = found
        self.repeat.setText(repeat_notice(found) if found else "")
        self.repeat.setVisible(bool(found))
        return found

    def exam_results_day(self) -> dt.date | None:
        """The exam results announcement day, if exam marks are ticked and the day is known."""
        if self.exam_marks.isChecked() and self.exam_results_known.isChecked():
            return pydate(self.exam_results.date())
        return None

    def _toggle_exam(self, *_args: object) -> None:
        exam = self.exam_marks.isChecked()
        self.exam_results_known.setEnabled(exam)
        self.exam_results.setEnabled(exam and self.exam_results_known.isChecked())
        self.validate()

    def _toggle_subject(self, checked: bool) -> None:
        self.subject_box.setVisible(checked)
        self.validate()
        if checked:
            if self.isVisible():
                fit_to_screen(self)  # grow to show the new fields, as far as the screen goes
            self.subject.name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(self.subject.name)

    # -- result ----------------------------------------------------------------------------
    def new_case(self) -> Any:
        """The ``NewCase`` the officer confirmed."""
        from sar_desk.services.cases import NewCase

        behalf = self.on_behalf.isChecked()
        return NewCase(
            requester=self.requester.person(),
            received=self.received_date(),
            subject=self.subject.person() if behalf else None,
            channel=self.channel.currentData(),
            jurisdiction=self.jurisdiction.currentData(),
            request_text=self.request_text.toPlainText().strip(),
            assignee=self.assignee.value(),
            request_types=tuple(self.fields.ticked()),
            authority_evidence=self.authority.text().strip() if behalf else "",
            source_message=self.source_message,
            source_filename=self.source_filename,
            exam_marks=self.exam_marks.isChecked(),
            exam_results=self.exam_results_day(),
        )
