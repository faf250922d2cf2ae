"""One case: header with the deadline, actions for every event kind and decision, and tabs
for the timeline, request, exemptions, documents, letters, notes and the audit trail.

Every action opens a dialog (non-blocking ``open()``), then runs the service call on the
workspace lane; on success the case reloads and ``case_changed`` is broadcast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.entities import EventKind
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.base import open_dialog
from sar_desk.ui.dialogs.decision_dialog import DecisionDialog
from sar_desk.ui.dialogs.document_dialog import DocumentStatusDialog
from sar_desk.ui.dialogs.event_dialog import EVENT_TITLES, EventDialog
from sar_desk.ui.dialogs.exemption_dialog import ExemptionDialog, exemption_catalogue
from sar_desk.ui.dialogs.text_dialogs import AssignDialog, NoteDialog, SearchLogDialog
from sar_desk.ui.flow_layout import FlowLayout
from sar_desk.ui.role_gate import CASE_BUTTONS, gate_case_buttons
from sar_desk.ui.views.bundle_panel import BundlePanel
from sar_desk.ui.views.case_corrections import CaseCorrections
from sar_desk.ui.views.case_documents import CaseDocuments, decorate
from sar_desk.ui.views.case_header import CaseHeader
from sar_desk.ui.views.case_panels import CasePanels
from sar_desk.ui.views.letters_panel import LettersPanel

TAB_TIMELINE, TAB_REQUEST, TAB_EXEMPTIONS, TAB_DOCUMENTS, TAB_LETTERS, TAB_NOTES, TAB_AUDIT = range(
    7
)
TAB_BUNDLE = 7


class CaseView(QWidget):
    """Shows the case named by :meth:`load`; ``loaded`` fires after each (re)load."""

    loaded = Signal(str)
    back = Signal()
    raise_complaint = Signal(str)  # the case's reference
    open_complaint = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = ""
        self.case: Any = None
        self.deadline: Any = None
        self.active_dialog: Any = None
        self.catalogue = {e.code: e for e in exemption_catalogue()}
        self.header = CaseHeader()
        self.header.open_reference.connect(self.load)  # the earlier of a possible repeat
        self.panels = CasePanels()
        self.letters = LettersPanel(ctx)
        self.letters.changed.connect(self._changed)
        self.bundle = BundlePanel(ctx)
        self.bundle.changed.connect(self._changed)

        self.back_button = QPushButton("← Cases")
        self.back_button.setToolTip("Back to the case list (Esc or Alt+Left)")
        self.back_button.clicked.connect(self.back.emit)
        self.event_button = QPushButton("Record &event")
        self.event_menu = QMenu(self)
        self.event_actions: dict[EventKind, Any] = {}
        for kind in EventKind:
            action = self.event_menu.addAction(EVENT_TITLES[kind])
            action.triggered.connect(lambda _c=False, k=kind: self.record_event(k))
            self.event_actions[kind] = action
        self.event_menu.setToolTipsVisible(True)  # why an event kind is greyed out
        self.event_button.setMenu(self.event_menu)
        self.extend_button = QPushButton("E&xtend…")
        self.extend_button.clicked.connect(lambda: self.record_event(EventKind.EXTENDED))
        self.decision_button = QPushButton("Fee / &refusal…")
        self.decision_button.clicked.connect(self.record_decision)
        self.exemption_button = QPushButton("Apply exe&mption…")
        self.exemption_button.clicked.connect(self.apply_exemption)
        self.document_button = QPushButton("Add &document…")
        self.document_button.clicked.connect(self.add_documents)
        self.documents = CaseDocuments(self)  # open, and add many with progress
        self.status_button = QPushButton("Disclos&ure…")
        self.status_button.clicked.connect(self.set_document_status)
        self.redact_button = QPushButton("Redact…")
        self.redact_button.setToolTip("Review, apply and verify the redaction of the PDFs")
        self.redact_button.clicked.connect(self.open_redaction)
        self.note_button = QPushButton("&Note…")
        self.note_button.clicked.connect(self.add_note)
        self.search_button = QPushButton("Log searc&h…")
        self.search_button.clicked.connect(self.add_search_log)
        self.assign_button = QPushButton("A&ssign…")
        self.assign_button.clicked.connect(self.assign)
        self.corrections = CaseCorrections(self)
        self.correct_button = self.corrections.button
        self.complaint_button = QPushButton("Raise a complaint…")
        self.complaint_button.setObjectName("raiseComplaint")
        self.complaint_button.clicked.connect(lambda: self.raise_complaint.emit(self.reference))
        self.complaints_label = QLabel()  # the complaints about this case, as links
        self.complaints_label.linkActivated.connect(self.open_complaint.emit)
        self.complaints_label.hide()
        actions = FlowLayout()  # wraps rather than widen the window past a small screen
        actions.setContentsMargins(0, 0, 0, 0)
        for b in (
            self.back_button,
            self.event_button,
            self.extend_button,
            self.decision_button,
            self.exemption_button,
            self.document_button,
            self.documents.button,
            self.status_button,
            self.redact_button,
            self.note_button,
            self.search_button,
            self.assign_button,
            self.correct_button,
            self.complaint_button,
        ):
            actions.addWidget(b)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.panels.timeline, "&Timeline")
        self.tabs.addTab(self.panels.request, "Re&quest")
        self.tabs.addTab(self.panels.exemptions, "Exemptions && decisions")
        self.tabs.addTab(self.panels.documents, "Documents")
        self.tabs.addTab(self.letters, "&Letters")
        self.tabs.addTab(self.panels.notes, "Notes && searches")
        self.tabs.addTab(self.panels.audit, "&Audit trail")
        self.tabs.addTab(self.bundle, "Bundle")
        self.panels.documents.files_dropped.connect(self.attach_files)
        self.panels.documents.itemActivated.connect(lambda *_: self.documents.open_selected())

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(actions)
        layout.addWidget(self.complaints_label)
        layout.addWidget(self.tabs, 1)
        self.back_button.setShortcut(QKeySequence("Alt+Left"))

    # -- loading --------------------------------------------------------------------------
    def load(self, reference: str) -> None:
        """Read the case, its deadline and audit trail off the UI thread, then show them."""
        from sar_desk.services.cases import audit_trail, deadline_for, get_case

        ws, today = self.ctx.workspace, self.ctx.today()
        self.reference = reference

        def op() -> tuple[Any, Any, list[Any]]:
            case = get_case(ws, reference)
            # Staff get the letter-printing view; the audit trail is not theirs to read.
            trail = [] if case.redacted else audit_trail(ws, case.reference)
            return case, deadline_for(case, as_of=today), trail

        self.ctx.run(op, on_success=self._show, parent=self, title=f"Case {reference}")
        self.load_complaints(reference)

    def load_complaints(self, reference: str) -> None:
        """Show the complaints about the case (each a link that opens it)."""
        from sar_desk.services.complaints import complaints_about

        ws = self.ctx.workspace

        def show(rows: list) -> None:
            links = ", ".join(f'<a href="{r.reference}">{r.reference}</a> ({r.status.value})'
                              for r in rows)
            self.complaints_label.setText(f"Complaints about this case: {links}")
            self.complaints_label.setVisible(bool(rows))

        self.ctx.run(lambda: complaints_about(ws, reference), on_success=show, parent=self,
                     title="Complaints")

    def _show(self, result: tuple[Any, Any, list[Any]]) -> None:
        case, deadline, audit = result
        self.case, self.deadline, self.reference = case, deadline, case.reference
        self.header.show_case(case, deadline)
        self.panels.show_case(case, audit, self.catalogue)
        self.letters.set_case(case)
        self.corrections.refresh()
        decorate(self.panels.documents)
        counts = {
            TAB_TIMELINE: ("&Timeline", len(case.events)),
            TAB_EXEMPTIONS: ("Exemptions && decisions", len(case.exemptions) + len(case.decisions)),
            TAB_DOCUMENTS: ("Documents", len(case.documents)),
            TAB_LETTERS: ("&Letters", len(case.letters)),
            TAB_NOTES: ("Notes && searches", len(case.notes) + len(case.search_log)),
            TAB_AUDIT: ("&Audit trail", len(audit)),
        }
        for tab, (label, count) in counts.items():
            self.tabs.setTabText(tab, f"{label} ({count})" if count else label)
        for tab in (TAB_REQUEST, TAB_EXEMPTIONS, TAB_DOCUMENTS, TAB_NOTES, TAB_AUDIT,
                    TAB_BUNDLE):
            self.tabs.setTabVisible(tab, not case.redacted)  # empty in the staff view
        if not case.redacted:
            self.bundle.set_case(case)
        self.gate_buttons()
        self.loaded.emit(case.reference)

    def gate_buttons(self) -> None:
        """Enable what the case allows now (the core decides), combined with the roles."""
        from sar_desk.core.case_actions import available_actions, event_reasons

        case, deadline, today = self.case, self.deadline, self.ctx.today()
        events = event_reasons(case, deadline=deadline, today=today)
        for kind, action in self.event_actions.items():
            action.setEnabled(events[kind] is None)
            action.setToolTip(events[kind] or "")
        reasons = available_actions(case, deadline=deadline, today=today)
        by_button: dict[str, str | None] = {
            name: reasons.get(action) for name, action in CASE_BUTTONS.items()
        }
        by_button["extend_button"] = events[EventKind.EXTENDED]
        gate_case_buttons(self, by_button)

    def holds_typing(self) -> bool:
        """Whether input is half-typed here: an open dialog of this case with typed text, or
        an editable field of the view holding text."""
        from sar_desk.ui.dialogs.base import typed_in_place

        dialog = self.active_dialog
        if dialog is not None and dialog.isVisible() and getattr(dialog, "holds_typing",
                                                                  lambda: False)():
            return True
        return typed_in_place(self)

    def _changed(self, *_args: object) -> None:
        self.ctx.signals.case_changed.emit(self.reference)
        self.load(self.reference)

    def _run_change(self, op: Callable[[], Any], title: str) -> None:
        self.ctx.run(op, on_success=self._changed, parent=self, title=title)

    def _open(self, dialog: Any, on_accept: Callable[[], None]) -> Any:
        return open_dialog(self, dialog, on_accept)

    # -- actions --------------------------------------------------------------------------
    def record_event(self, kind: EventKind) -> Any:
        from sar_desk.services.cases import record_event
        from sar_desk.services.closing import ending_problem, record_response_outside

        latest = self.deadline.extension_notice_by if self.deadline is not None else None
        ws, ref = self.ctx.workspace, self.reference
        refused = ending_problem(ws, self.case, kind) if self.case is not None else None
        dialog = EventDialog(kind, self.ctx.today(), latest_extension_day=latest,
                             refused=refused, parent=self)

        def change() -> Any:
            if dialog.outside_method():
                return record_response_outside(ws, ref, dialog.outside_method(), dialog.day(),
                                               dialog.text())
            return record_event(ws, ref, kind, dialog.day(), dialog.text(),
                                override=dialog.override_reason(),
                                wording=dialog.wording_text())

        return self._open(dialog, lambda: self._run_change(change, "Event not recorded"))

    def record_decision(self) -> Any:
        from sar_desk.services.cases import record_decision

        dialog = DecisionDialog(
            self.ctx.today(), officer=self.ctx.user.name, case=self.case, parent=self
        )
        ws, ref = self.ctx.workspace, self.reference
        return self._open(
            dialog,
            lambda: self._run_change(
                lambda: record_decision(ws, ref, dialog.decision()), "Decision not recorded"
            ),
        )

    def apply_exemption(self) -> Any:
        from sar_desk.services.cases import apply_exemption

        dialog = ExemptionDialog(list(self.catalogue.values()), parent=self)
        ws, ref = self.ctx.workspace, self.reference

        def accepted() -> None:
            code, reasoning, scope = dialog.values()
            self._run_change(
                lambda: apply_exemption(ws, ref, code, reasoning, scope,
                                        wording=dialog.wording_text()),
                "Exemption not applied"
            )

        return self._open(dialog, accepted)

    def add_documents(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add documents to the disclosure")
        if paths:
            self.attach_files(paths)

    def attach_files(self, paths: list[str]) -> None:
        self.tabs.setCurrentIndex(TAB_DOCUMENTS)
        self.documents.attach_files(paths)

    def open_redaction(self) -> Any:
        """The redaction review of this case (its own window), on the selected document."""
        from sar_desk.ui.views.redaction_view import open_review

        doc = self.panels.selected_document()
        return open_review(self, self.ctx, self.reference, doc.id if doc else None,
                           on_change=self._changed)

    def set_document_status(self) -> Any:
        from sar_desk.services.cases import set_document_status

        doc = self.panels.selected_document()
        if doc is None:
            self.tabs.setCurrentIndex(TAB_DOCUMENTS)
            return None
        dialog = DocumentStatusDialog(
            doc.filename,
            list(self.catalogue.values()),
            status=doc.status,
            exemption_code=doc.exemption_code,
            note=doc.note,
            wording=doc.wording,
            parent=self,
        )
        ws, ref = self.ctx.workspace, self.reference

        def accepted() -> None:
            status, code = dialog.values()
            note, wording = dialog.texts()
            self._run_change(
                lambda: set_document_status(ws, ref, doc.id, status, code, note=note,
                                            wording=wording),
                "Disclosure not saved")

        return self._open(dialog, accepted)

    def add_note(self) -> Any:
        from sar_desk.services.cases import add_note

        dialog = NoteDialog(self)
        ws, ref = self.ctx.workspace, self.reference
        return self._open(
            dialog,
            lambda: self._run_change(lambda: add_note(ws, ref, dialog.value()), "Note not added"),
        )

    def add_search_log(self) -> Any:
        from sar_desk.services.cases import add_search_log

        dialog = SearchLogDialog(self)
        ws, ref = self.ctx.workspace, self.reference

        def accepted() -> None:
            system, terms, people = dialog.values()
            self._run_change(
                lambda: add_search_log(ws, ref, system, terms, people), "Search not logged"
            )

        return self._open(dialog, accepted)

    def assign(self) -> Any:
        from sar_desk.services.cases import assign_case
        from sar_desk.ui.dialogs.assignee_box import case_worker_names

        ws, ref = self.ctx.workspace, self.reference
        dialog = AssignDialog(self.case.assignee if self.case else "", self,
                              workers=case_worker_names(ws))
        return self._open(
            dialog,
            lambda: self._run_change(lambda: assign_case(ws, ref, dialog.value()), "Not assigned"),
        )
