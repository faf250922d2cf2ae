"""The read-only lists inside a case: timeline, request, exemptions and decisions,
documents (with drag and drop), notes and searches, audit trail."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTreeWidget, QTreeWidgetItem

from sar_desk.core.deadline_events import label as event_label
from sar_desk.ui.dialogs.document_dialog import STATUS_TEXT
from sar_desk.ui.dialogs.exemption_dialog import describe


def when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return f"{value:%d %b %Y %H:%M}"
    return f"{value:%d %b %Y}"


def make_tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    tree.setAccessibleName(name)
    return tree


def fill(tree: QTreeWidget, rows: list[tuple[list[str], Any]]) -> None:
    tree.clear()
    for texts, data in rows:
        item = QTreeWidgetItem([str(t) for t in texts])
        item.setData(0, Qt.ItemDataRole.UserRole, data)
        for col, text in enumerate(texts):
            if "\n" in str(text) or len(str(text)) > 60:
                item.setToolTip(col, str(text))
        tree.addTopLevelItem(item)
    for col in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(col)


class DropTree(QTreeWidget):
    """A list that accepts files dropped from the desktop."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class CasePanels:
    """Builds and fills the per-case lists (owned by :class:`CaseView`)."""

    def __init__(self) -> None:
        self.timeline = make_tree(["Date", "Event", "Note", "Recorded by"], "Timeline")
        self.request = QPlainTextEdit()
        self.request.setReadOnly(True)
        self.request.setAccessibleName("Request details")
        self.exemptions = make_tree(
            ["Applied", "Exemption", "Scope", "Reasoning", "By"], "Exemptions and decisions"
        )
        self.documents = DropTree()
        self.documents.setHeaderLabels(
            ["File", "Disclosure", "Exemption", "Size", "Added", "sha256"]
        )
        self.documents.setRootIsDecorated(False)
        self.documents.setAccessibleName("Documents (drop files here)")
        self.notes = make_tree(["When", "Kind", "Text", "By"], "Notes and searches")
        self.audit = make_tree(["#", "When", "Who", "Action", "Details"], "Audit trail")

    def show_case(self, case: Any, audit: list[Any], catalogue: dict[str, Any]) -> None:
        fill(
            self.timeline,
            [
                ([when(e.date), event_label(e.kind), e.note, e.recorded_by], e)
                for e in sorted(case.events, key=lambda e: (e.date, e.recorded_at or 0))
            ],
        )
        fill(
            self.exemptions,
            [
                (
                    [
                        when(x.recorded_at),
                        describe(catalogue[x.code]) if x.code in catalogue else x.code,
                        x.scope,
                        x.reasoning,
                        x.recorded_by,
                    ],
                    x,
                )
                for x in case.exemptions
            ]
            + [
                (
                    [
                        when(d.decided_on),
                        f"Decision: {d.kind.value} ({d.ground.value.replace('_', ' ')})"
                        + (f" £{d.amount}" if d.amount is not None else ""),
                        d.factors,
                        d.reasons,
                        d.decided_by,
                    ],
                    d,
                )
                for d in case.decisions
            ],
        )
        fill(
            self.documents,
            [
                (
                    [
                        d.filename,
                        STATUS_TEXT.get(d.status, str(d.status)),
                        d.exemption_code,
                        f"{d.size:,} bytes",
                        when(d.added_at),
                        d.sha256[:16],
                    ],
                    d,
                )
                for d in case.documents
            ],
        )
        fill(
            self.notes,
            [([when(n.recorded_at), "Note", n.text, n.recorded_by], n) for n in case.notes]
            + [
                (
                    [
                        when(s.searched_on),
                        "Search",
                        f"{s.system}: {s.terms}" + (f" (people: {s.people})" if s.people else ""),
                        s.recorded_by,
                    ],
                    s,
                )
                for s in case.search_log
            ],
        )
        fill(
            self.audit,
            [([str(a.seq), when(a.at), a.actor, a.action, str(a.details)], a) for a in audit],
        )
        self.request.setPlainText(self._request_text(case))

    @staticmethod
    def _request_text(case: Any) -> str:
        def person(p: Any) -> str:
            lines = [p.name] + ([p.email] if p.email else []) + p.address_lines
            return "\n  ".join(lines + ([p.phone] if p.phone else []))

        text = [f"Requester:\n  {person(case.requester)}"]
        if case.subject is not None:
            text.append(f"Data subject:\n  {person(case.subject)}")
            text.append(f"Authority evidence: {case.authority_evidence or '(none recorded)'}")
        text.append("Rights: " + ", ".join(t.value for t in case.request_types))
        text.append(f"Logged: {case.logged:%d %b %Y}")
        text.append("\nRequest:\n" + (case.request_text or "(no text recorded)"))
        return "\n".join(text)

    def selected_document(self) -> Any:
        item = self.documents.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None
