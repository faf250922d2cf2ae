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
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

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
    EventKind.EXTENDED: "Rea&sons for the extension (told to the requester):",
    EventKind.CLARIFICATION_REQUESTED: "Wh&at needs clarifying, and why:",
}


class EventDialog(ValidatingDialog):
    """One event of ``kind``; ``latest_extension_day`` limits an extension notice's date."""

    def __init__(
        self,
        kind: EventKind,
        today: dt.date,
        *,
        latest_extension_day: dt.date | None = None,
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
        layout = QVBoxLayout(self)
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

    def problems(self) -> dict[QLabel, str]:
        day = self.day()
        date_msg = event_date_reason(self.kind, day, self.today) or ""
        if not date_msg and self.kind == EventKind.EXTENDED:
            date_msg = extension_date_reason(day, self.latest_extension_day) or ""
        return {self.date_error: date_msg,
                self.note_error: event_note_reason(self.kind, self.text()) or ""}
