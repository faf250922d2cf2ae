"""Record a timeline event: the day it happened and a note (a reason where the law wants one).

An extension needs its reasons and is only possible while the first month runs; a request
for clarification needs to say what must be clarified (the clock may not pause on a
blanket basis). Dates after today are refused, except the exam results announcement day,
which is often published ahead.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.closing_rules import override_reason_problem
from sar_desk.core.entities import EventKind
from sar_desk.core.input_rules import (
    NOTE_REQUIRED,
    event_date_reason,
    event_note_reason,
    extension_date_reason,
)
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate

EVENT_TITLES = {
    EventKind.ID_REQUESTED: "Identity evidence requested",
    EventKind.ID_RECEIVED: "Identity evidence received",
    EventKind.FEE_REQUESTED: "Fee requested",
    EventKind.FEE_RECEIVED: "Fee received",
    EventKind.CLARIFICATION_REQUESTED: "Clarification requested (pauses the clock)",
    EventKind.CLARIFICATION_RECEIVED: "Clarification received (restarts the clock)",
    EventKind.EXTENDED: "Extend by two months",
    EventKind.RESPONDED: "Response sent",
    EventKind.WITHDRAWN: "Request withdrawn",
    EventKind.CLOSED: "Case closed",
    EventKind.EXAM_MARKS_REQUESTED: "Exam marks asked for before the results",
    EventKind.EXAM_RESULTS_ANNOUNCED: "Exam results announcement day",
}
REASON_LABELS = {  # the note's label where the law wants a reason (core: NOTE_REQUIRED)
    EventKind.EXTENDED: "Rea&sons for the extension (internal note):",
    EventKind.CLARIFICATION_REQUESTED: "Wh&at needs clarifying, and why (internal note):",
}
# Events whose letter says something about them: the wording for the requester.
WORDING_HINTS = {
    EventKind.EXTENDED: "The reasons for the delay, as the extension notice gives them",
    EventKind.CLARIFICATION_REQUESTED: "The question the clarification letter asks",
    EventKind.ID_REQUESTED: "What to send, as the identity letter asks for it (default: the "
                            "profile's list)",
}


class EventDialog(ValidatingDialog):
    """One event of ``kind``; ``latest_extension_day`` limits an extension notice's date.

    ``refused`` is why the case cannot yet be recorded as responded or closed (the rules'
    words); the dialog then shows it and asks for a response made outside the app (for
    *responded*) or an officer's written reason to override it.
    """

    def __init__(
        self,
        kind: EventKind,
        today: dt.date,
        *,
        latest_extension_day: dt.date | None = None,
        refused: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = EventKind(kind)
        self.today = today
        self.latest_extension_day = latest_extension_day
        self.setWindowTitle(EVENT_TITLES[self.kind])
        self.date = date_edit(today)
        self.date_error = error_label()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note_error = error_label()
        form = QFormLayout()
        form.addRow("&Date:", self.date)
        form.addRow("", self.date_error)
        label = (REASON_LABELS.get(self.kind, "Rea&son:") if self.kind in NOTE_REQUIRED
                 else "&Note (optional):")
        form.addRow(label, self.note)
        form.addRow("", self.note_error)
        self.wording = QPlainTextEdit()
        self.wording.setTabChangesFocus(True)
        self.wording.setPlaceholderText(WORDING_HINTS.get(self.kind, ""))
        self.wording.setAccessibleName("Wording for the requester")
        if self.kind in WORDING_HINTS:
            form.addRow("&Wording for the requester:", self.wording)
        else:
            self.wording.hide()
        self.refused = refused or ""
        self.method = QLineEdit()
        self.method.setPlaceholderText("by hand, by phone, through a portal…")
        self.override = QPlainTextEdit()
        self.override.setTabChangesFocus(True)
        self.override.setAccessibleName("Reason to override")
        self.override_error = error_label()
        layout = QVBoxLayout(self)
        if self.refused:
            warning = QLabel(self.refused)
            warning.setWordWrap(True)
            warning.setObjectName("refusal")
            layout.addWidget(warning)
            if self.kind == EventKind.RESPONDED:
                form.addRow("Response made &outside the app, how:", self.method)
            form.addRow("Or o&verride, with the reason:", self.override)
            form.addRow("", self.override_error)
            self.method.textChanged.connect(self.validate)
            self.override.textChanged.connect(self.validate)
        if self.kind == EventKind.EXTENDED and latest_extension_day is not None:
            hint = QLabel(
                f"The notice must reach the requester by {latest_extension_day:%d %b %Y}, "
                "the end of the first month."
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addLayout(form)
        self.ok_button.setText("&Record")
        layout.addWidget(self.buttons)
        self.date.dateChanged.connect(self.validate)
        self.note.textChanged.connect(self.validate)
        self.validate()

    def day(self) -> dt.date:
        return pydate(self.date.date())

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def wording_text(self) -> str:
        """What a letter tells the requester about the event ('' for none)."""
        return self.wording.toPlainText().strip() if self.kind in WORDING_HINTS else ""

    def outside_method(self) -> str:
        """How a response was made outside the app ('' when not given)."""
        return self.method.text().strip() if self.refused else ""

    def override_reason(self) -> str:
        """The officer's written reason to override the refusal ('' when none is needed)."""
        return self.override.toPlainText().strip() if self.refused else ""

    def problems(self) -> dict[QLabel, str]:
        problems = self._event_problems()
        if self.refused and not self.outside_method():
            problems[self.override_error] = override_reason_problem(self.override_reason()) or ""
        return problems

    def _event_problems(self) -> dict[QLabel, str]:
        day = self.day()
        date_msg = event_date_reason(self.kind, day, self.today) or ""
        if not date_msg and self.kind == EventKind.EXTENDED:
            date_msg = extension_date_reason(day, self.latest_extension_day) or ""
        return {self.date_error: date_msg,
                self.note_error: event_note_reason(self.kind, self.text()) or ""}
