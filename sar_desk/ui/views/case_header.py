"""The top of a case: who, the due date, days left or overdue, paused/extended state, and the
"How was this date worked out?" panel with the deadline engine's own explanation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.calendars import JURISDICTION_NAMES
from sar_desk.core.deadline_explain import plural
from sar_desk.ui.dialogs.new_case_dialog import CHANNEL_TEXT, notice_label, repeat_notice
from sar_desk.ui.theme import on_window

STATE_STYLE = {
    "overdue": ("#fde2e1", "#8a1c12", "⚠ Overdue"),
    "due_soon": ("#fff1cc", "#7a4b00", "◷ Due soon"),
    "paused": ("#e6eefb", "#1d3f7a", "‖ Clock paused"),
    "awaiting_id": ("#e6eefb", "#1d3f7a", "‖ Waiting for identity evidence"),
    "awaiting_fee": ("#e6eefb", "#1d3f7a", "‖ Waiting for the fee"),
    "running": ("#e3f4e8", "#1b5e20", "● Clock running"),
    "responded": ("#eeeeee", "#333333", "✔ Responded"),
    "withdrawn": ("#eeeeee", "#333333", "Withdrawn"),
    "closed": ("#eeeeee", "#333333", "Closed"),
}
URGENT = ("overdue", "due_soon")  # the days line is coloured and bold in these states


def sentence(text: str) -> str:
    """First letter upper case, the rest untouched ('closed on 11 October' stays proper)."""
    return text[:1].upper() + text[1:]


class CaseHeader(QWidget):
    open_reference = Signal(str)  # the possible-repeat link was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.repeat = notice_label()
        self.repeat.linkActivated.connect(self.open_reference.emit)
        self.badge = QLabel()
        self.badge.setObjectName("stateBadge")
        self.due = QLabel()
        due_font = self.due.font()
        due_font.setPointSizeF(due_font.pointSizeF() * 1.15)
        due_font.setBold(True)
        self.due.setFont(due_font)
        self.days = QLabel()
        self.flags = QLabel()
        self.explain_button = QToolButton()
        self.explain_button.setText("How was this date wor&ked out?")
        self.explain_button.setCheckable(True)
        self.explain_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.explain_button.setArrowType(Qt.ArrowType.RightArrow)
        self.explanation = QPlainTextEdit()
        self.explanation.setReadOnly(True)
        self.explanation.setMaximumHeight(170)
        self.explanation.setAccessibleName("How the due date was worked out")
        self.explain_button.toggled.connect(self._toggle)
        self.explain_button.setChecked(True)  # shown until the officer folds it away

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.subtitle)
        self.endings = QLabel()  # a response made outside the app, overrides of the checklist
        self.endings.setWordWrap(True)
        self.endings.setObjectName("endings")
        self.endings.setAccessibleName("How the case ended")
        left.addWidget(self.endings)
        left.addWidget(self.repeat)
        right = QVBoxLayout()
        right.setAlignment(Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.due, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.days, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.flags, 0, Qt.AlignmentFlag.AlignRight)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(self.explain_button)
        layout.addWidget(self.explanation)
        layout.addWidget(line)

    def _toggle(self, on: bool) -> None:
        self.explanation.setHidden(not on)
        self.explain_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def show_case(self, case: Any, deadline: Any, due_soon_days: int = 7) -> None:
        """Fill from a CaseSnapshot and its DeadlineResult."""
        self.title.setText(f"{case.reference} — {case.requester.name}")
        calendar = JURISDICTION_NAMES.get(case.jurisdiction, case.jurisdiction)
        parts = [
            f"Received {case.received:%d %b %Y} by {CHANNEL_TEXT.get(case.channel, case.channel)}",
            f"{calendar} calendar",
            sentence(case.status.value.replace("_", " ")),
        ]
        if case.subject is not None:
            parts.insert(0, f"On behalf of {case.subject.name}")
        if case.assignee:
            parts.append(f"Assigned to {case.assignee}")
        self.subtitle.setText(" · ".join(parts))
        self.show_endings(case)
        earlier = case.extra.get("possible_repeat_of", "")
        self.repeat.setText(repeat_notice(earlier) if earlier else "")
        self.repeat.setVisible(bool(earlier))
        state = str(getattr(deadline.state, "value", deadline.state))
        days = deadline.days_left
        key = state
        if state == "running" and days is not None and days <= due_soon_days:
            key = "due_soon"
        bg, fg, text = STATE_STYLE.get(key, ("#eeeeee", "#333333", state.replace("_", " ")))
        self.badge.setText(text)
        self.badge.setStyleSheet(
            f"background:{bg}; color:{fg}; border:1px solid {fg}; "
            "border-radius:4px; padding:2px 8px; font-weight:600;"
        )
        ended = state in ("responded", "withdrawn", "closed")
        note = getattr(deadline, "due_note", "")
        self.due.setText(f"{'Was due' if ended else 'Due'} {deadline.effective_due:%A %d %B %Y}"
                         + (f", {note}" if note else ""))
        exam = bool(getattr(deadline, "exam_marks", False))
        self.days.setText(sentence(str(deadline.state_text)))
        self.days.setStyleSheet(f"color:{on_window(fg)}; font-weight:600;" if key in URGENT
                                else "")  # readable on a dark window too
        flags = []
        if deadline.extended_due is not None:
            flags.append(f"Extended from {deadline.due:%d %b %Y}")
        elif exam:
            flags.append("Exam marks asked for before the results: no extension")
        elif deadline.extension_notice is not None and not deadline.extension_valid:
            flags.append("Extension notice was too late: first deadline applies")
        if deadline.paused_days:
            flags.append(f"{plural(deadline.paused_days, 'paused day')} added")
        if deadline.extended_due is None and state in ("running", "paused") and not exam:
            flags.append(f"Extension possible until {deadline.extension_notice_by:%d %b %Y}")
        self.flags.setText(" · ".join(flags))
        self.explanation.setPlainText("\n".join(deadline.explanation))

    def show_endings(self, case: Any) -> None:
        """Show a response made outside the app and any override of the checklist."""
        from sar_desk.core.closing_rules import outside_response, overrides

        outside = outside_response(case)
        lines = ([outside.describe()] if outside else []) + [
            f"⚠ {made.describe()}" for made in overrides(case)]
        self.endings.setText("\n".join(lines))
        self.endings.setHidden(not lines)
