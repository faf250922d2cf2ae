"""One complaint: its dates (acknowledgement due and why, the internal target), the issues
with their outcomes, the events, internal notes, and the actions and letters.

Every action opens a form, runs the service on the workspace lane and reloads. Internal
notes are shown here only, never in a letter; staff see no notes at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.complaints import (
    EVENT_WORDS,
    OUTCOME_WORDS,
    ComplaintEventKind,
    close_reason,
    outcome_letter_reason,
)
from sar_desk.core.roles import Action
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.base import open_dialog
from sar_desk.ui.dialogs.complaint_dialogs import (
    EVENT_TEXT,
    ComplaintEventDialog,
    IssueDialog,
    OutcomeDialog,
)
from sar_desk.ui.dialogs.text_dialogs import NoteDialog
from sar_desk.ui.flow_layout import FlowLayout

LETTERS = {"acknowledgement": "Acknowledgement", "update": "Progress update",
           "outcome": "Outcome (ICO and court rights)"}
# widget attribute -> the action it needs (roles as for cases)
BUTTONS = {"event_button": Action.RECORD_EVENT, "issue_button": Action.EDIT_CASE,
           "outcome_button": Action.EDIT_CASE, "note_button": Action.ADD_NOTE,
           "close_button": Action.EDIT_CASE, "letter_button": Action.GENERATE_LETTER,
           "ready_button": Action.MARK_READY, "assign_button": Action.ASSIGN_CASE}


class ComplaintView(QWidget):
    loaded = Signal(str)
    back = Signal()
    open_case = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = ""
        self.view: Any = None
        self.active_dialog: Any = None
        self.saved: list[str] = []  # letters saved from here (paths)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.back_button = QPushButton("← Complaints")
        self.back_button.clicked.connect(self.back.emit)
        self.case_button = QPushButton("Open the c&ase")
        self.case_button.clicked.connect(
            lambda: self.open_case.emit(self.view.complaint.case_ref) if self.view else None)
        self.event_button = QPushButton("Record &event")
        menu = QMenu(self)
        for kind, text in EVENT_TEXT.items():
            menu.addAction(text).triggered.connect(
                lambda _c=False, k=kind: self.record_event(k))
        self.event_button.setMenu(menu)
        self.issue_button = QPushButton("Add &issue…")
        self.issue_button.clicked.connect(self.add_issue)
        self.outcome_button = QPushButton("Record &outcome…")
        self.outcome_button.clicked.connect(self.record_outcome)
        self.note_button = QPushButton("Internal &note…")
        self.note_button.clicked.connect(self.add_note)
        self.close_button = QPushButton("&Close complaint")
        self.close_button.clicked.connect(self.close_complaint)
        self.letter_button = QPushButton("&Letter")
        self.letter_menu = QMenu(self)
        self.letter_actions = {}
        for kind, text in LETTERS.items():
            action = self.letter_menu.addAction(text + "…")
            action.triggered.connect(lambda _c=False, k=kind: self.write_letter(k))
            self.letter_actions[kind] = action
        self.letter_menu.setToolTipsVisible(True)
        self.letter_button.setMenu(self.letter_menu)
        self.ready_button = QPushButton("Ready for staff")
        self.ready_button.setCheckable(True)
        self.ready_button.setToolTip("Staff may print this complaint's letters once a privacy "
                                     "officer marks it ready")
        self.ready_button.clicked.connect(self.set_ready)
        self.ready = False
        self.handler = QLabel()
        self.handler.setAccessibleName("Handler")
        self.assign_button = QPushButton("Assign &handler…")
        self.assign_button.setToolTip("Give the complaint to a privacy officer to handle")
        self.assign_button.clicked.connect(self.assign)
        actions = FlowLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        for b in (self.back_button, self.event_button, self.issue_button, self.outcome_button,
                  self.note_button, self.close_button, self.letter_button, self.ready_button,
                  self.assign_button, self.case_button):
            actions.addWidget(b)

        self.dates = QPlainTextEdit(readOnly=True)
        self.issues = QTableWidget(0, 4)
        self.issues.setHorizontalHeaderLabels(["No.", "Issue", "Finding", "Reason and remedy"])
        self.issues.verticalHeader().hide()
        self.issues.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.issues.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.events = QPlainTextEdit(readOnly=True)
        self.notes = QPlainTextEdit(readOnly=True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.issues, "I&ssues")
        self.tabs.addTab(self.dates, "&Dates")
        self.tabs.addTab(self.events, "Even&ts")
        self.tabs.addTab(self.notes, "Internal notes")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addWidget(self.handler)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

    # -- loading --------------------------------------------------------------------------
    def load(self, reference: str) -> None:
        from sar_desk.services.access import is_ready
        from sar_desk.services.complaints import get_complaint

        ws = self.ctx.workspace
        self.reference = reference

        def op() -> tuple[Any, bool, str]:
            view = get_complaint(ws, reference)
            return view, is_ready(ws, view.complaint.reference), _handler_name(
                ws, view.complaint.handler)

        self.ctx.run(op, on_success=self._show, parent=self, title=f"Complaint {reference}")

    def _show(self, result: tuple[Any, bool, str]) -> None:
        view, self.ready, handler = result
        self.ready_button.setChecked(self.ready)
        self.view = view
        c, clock = view.complaint, view.clock
        self.reference = c.reference
        about = f" · about {c.case_ref}" if c.case_ref else ""
        self.heading.setText(f"<b>{c.reference}</b> · {_html(c.complainant.name)} · "
                             f"received {c.received:%d %b %Y} by {c.channel.value}{about} · "
                             f"{c.status.value}")
        if clock.acknowledged is None:
            ack = f"Acknowledge by <b>{clock.ack_due:%a %d %b %Y}</b>"
        else:
            ack = (f"Acknowledged on {clock.acknowledged:%d %b %Y} ("
                   f"{'on time' if clock.ack_on_time else 'late'}: due {clock.ack_due:%d %b %Y})")
        self.state.setText(
            f"{ack}. Now: <b>{clock.state()}</b>. Outcome "
            f"target {clock.target:%d %b %Y} (internal target, not a legal deadline)."
            + (f" Next update suggested by {clock.next_update:%d %b %Y}."
               if clock.next_update else ""))
        self.handler.setText(f"Handled by <b>{_html(handler)}</b>" if c.handler else
                             "<b>No handler yet</b>: assign a privacy officer to handle it.")
        self.dates.setPlainText("\n".join(clock.explanation))
        self.issues.setRowCount(len(c.issues))
        for row, issue in enumerate(c.issues):
            finding = OUTCOME_WORDS[issue.outcome] if issue.outcome else "no outcome yet"
            detail = " ".join(t for t in (issue.reason, issue.remedy and
                                          f"Remedy: {issue.remedy}") if t)
            for column, text in enumerate((str(issue.number), issue.text, finding, detail)):
                self.issues.setItem(row, column, QTableWidgetItem(text))
        self.issues.resizeColumnToContents(0)
        self.issues.resizeColumnToContents(2)
        self.events.setPlainText("\n".join(
            f"{e.date:%d %b %Y}  {EVENT_WORDS[e.kind]}" + (f" — {e.note}" if e.note else "")
            for e in c.events) or "Nothing recorded yet.")
        self.notes.setPlainText("\n\n".join(c.notes))
        self.tabs.setTabVisible(3, not view.redacted)
        self.tabs.setTabText(0, f"I&ssues ({len(c.issues)})" if c.issues else "I&ssues")
        self.case_button.setVisible(bool(c.case_ref))
        self.gate_buttons()
        self.loaded.emit(c.reference)

    def gate_buttons(self) -> None:
        """What the roles allow, combined with what the complaint allows now."""
        roles_allow = getattr(self, "roles_allow", None)
        c = self.view.complaint if self.view else None
        reasons = {
            "issue_button": None if c is None or c.is_open else "The complaint is closed.",
            "outcome_button": None if c is not None and c.issues and c.is_open
            else "Add an issue first." if c is not None and c.is_open
            else "The complaint is closed.",
            "close_button": close_reason(c) if c is not None else None,
        }
        for name, action in BUTTONS.items():
            widget = getattr(self, name)
            allowed = roles_allow is None or action in roles_allow
            widget.setVisible(allowed)
            widget.setEnabled(allowed and reasons.get(name) is None)
            widget.setToolTip(reasons.get(name) or "")
        if c is not None:
            why = outcome_letter_reason(c)
            self.letter_actions["outcome"].setEnabled(why is None)
            self.letter_actions["outcome"].setToolTip(why or "")

    # -- actions ----------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        self.ctx.signals.cases_changed.emit()
        self.load(self.reference)

    def _run(self, op: Callable[[], Any], title: str) -> None:
        self.ctx.run(op, on_success=self._changed, parent=self, title=title)

    def _open(self, dialog: Any, on_accept: Callable[[], None]) -> Any:
        return open_dialog(self, dialog, on_accept)

    def record_event(self, kind: ComplaintEventKind) -> Any:
        from sar_desk.services.complaints import record_complaint_event
        from sar_desk.ui.dialogs.base import pydate

        dialog = ComplaintEventDialog(kind, self.ctx.today(), self)
        ws, ref = self.ctx.workspace, self.reference
        return self._open(dialog, lambda: self._run(lambda: record_complaint_event(
            ws, ref, kind, pydate(dialog.day.date()), dialog.note.text()), EVENT_TEXT[kind]))

    def add_issue(self) -> Any:
        from sar_desk.services.complaints import add_issue

        dialog = IssueDialog(self)
        ws, ref = self.ctx.workspace, self.reference
        return self._open(dialog, lambda: self._run(
            lambda: add_issue(ws, ref, dialog.value()), "Add issue"))

    def record_outcome(self) -> Any:
        from sar_desk.services.complaints import record_outcome

        issues = [(i.number, i.text) for i in self.view.complaint.issues]
        dialog = OutcomeDialog(issues, self)
        ws, ref = self.ctx.workspace, self.reference

        def accepted() -> None:
            number, outcome = dialog.issue.currentData(), dialog.outcome.currentData()
            reason, remedy = dialog.reason.toPlainText(), dialog.remedy.toPlainText()
            enquiries = dialog.enquiries.toPlainText()
            self._run(lambda: record_outcome(ws, ref, number, outcome, reason, remedy=remedy,
                                             enquiries=enquiries), "Record outcome")

        return self._open(dialog, accepted)

    def add_note(self) -> Any:
        from sar_desk.services.complaints import add_complaint_note

        dialog = NoteDialog(self)
        dialog.setWindowTitle("Add an internal note (never printed in a letter)")
        ws, ref = self.ctx.workspace, self.reference
        return self._open(dialog, lambda: self._run(
            lambda: add_complaint_note(ws, ref, dialog.value()), "Add note"))

    def assign(self) -> Any:
        """Give the complaint to another privacy officer (checked as it is typed)."""
        from sar_desk.services.complaints import assign_complaint
        from sar_desk.ui.dialogs.handler_box import HandlerDialog, workspace_users

        ws, ref = self.ctx.workspace, self.reference
        current = self.view.complaint.handler if self.view else ""
        dialog = HandlerDialog(ref, workspace_users(ws), current, self)
        return self._open(dialog, lambda: self._run(
            lambda: assign_complaint(ws, ref, dialog.value()), "Not assigned"))

    def set_ready(self, ready: bool | None = None) -> None:
        """Mark the complaint ready (or not) for staff to print its letters."""
        from sar_desk.services.complaints import mark_complaint_ready

        value = self.ready_button.isChecked() if ready is None else ready
        ws, ref = self.ctx.workspace, self.reference
        self._run(lambda: mark_complaint_ready(ws, ref, value), "Ready for staff")

    def close_complaint(self) -> None:
        from sar_desk.services.complaints import close_complaint

        ws, ref = self.ctx.workspace, self.reference
        self._run(lambda: close_complaint(ws, ref), "Close complaint")

    def write_letter(self, kind: str, fmt: str = "pdf") -> None:
        """Write the letter (kept in the complaint) and offer to save a copy."""
        from sar_desk.services.complaint_letters import generate_complaint_letter

        ws, ref = self.ctx.workspace, self.reference

        def save(data: bytes) -> None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save letter", f"{ref}-{kind}.{fmt}",
                "PDF (*.pdf)" if fmt == "pdf" else "Word document (*.docx)")
            if path:
                with open(path, "wb") as handle:
                    handle.write(data)
                self.saved.append(path)
            self._changed()

        self.ctx.run(lambda: generate_complaint_letter(ws, ref, kind, fmt), on_success=save,
                     parent=self, title="Letter")

    def holds_typing(self) -> bool:
        dialog = self.active_dialog
        return bool(dialog is not None and dialog.isVisible()
                    and getattr(dialog, "holds_typing", lambda: False)())


def _handler_name(ws: Any, login: str) -> str:
    """The handler as shown: "Display Name (login)", or the login alone."""
    from sar_desk.core.complaint_handler import find_user
    from sar_desk.ui.dialogs.handler_box import shown_name, workspace_users

    user = find_user(login, workspace_users(ws)) if login else None
    return shown_name(user[0], user[1]) if user else login


def _html(text: str) -> str:
    import html

    return html.escape(text)
