"""The read-only lists inside a case: timeline, request, exemptions and decisions,
documents (with drag and drop), notes and searches, audit trail."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTreeWidget, QTreeWidgetItem

from sar_desk.core.deadline_events import label as event_label
from sar_desk.ui.dialogs.document_dialog import STATUS_TEXT
from sar_desk.ui.dialogs.exemption_dialog import describe
from sar_desk.ui.views.hints import paint_hint


def when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return f"{value:%d %b %Y %H:%M}"
    return f"{value:%d %b %Y}"


class HintTree(QTreeWidget):
    """A list that says what to do while it is empty (``hint``)."""

    def __init__(self, hint: str = "") -> None:
        super().__init__()
        self.hint = hint

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        if self.topLevelItemCount() == 0:
            paint_hint(self, self.hint)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def action_text(action: str) -> str:
    """'document_attached' -> 'Document attached'."""
    words = action.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def details_text(details: Any, *, full: bool = False) -> str:
    """An audit entry's details as 'key: value' pairs in words; hashes shortened unless
    ``full`` (then one pair a line, for the tooltip)."""
    if not isinstance(details, dict):
        return str(details)
    parts = []
    for key, value in details.items():
        if value in ("", None, [], {}):
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        if ISO_DAY.fullmatch(text):  # one date format in the whole window
            text = f"{dt.date.fromisoformat(text):%d %b %Y}"
        if not full and len(text) == 64 and all(c in "0123456789abcdef" for c in text):
            text = text[:12] + "…"  # a SHA-256 fingerprint: the start identifies it
        parts.append(f"{key.replace('_', ' ')}: {text}")
    return ("\n" if full else " · ").join(parts)


def size_text(size: int) -> str:
    """3200 -> '3.1 KB' (binary units, as file managers show them)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size:,} bytes"


def make_tree(headers: list[str], name: str, hint: str = "") -> QTreeWidget:
    tree = HintTree(hint)
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


class DropTree(HintTree):
    """A list that accepts files dropped from the desktop."""

    files_dropped = Signal(list)

    def __init__(self, hint: str = "") -> None:
        super().__init__(hint)
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
        if self.window().isHidden():  # taken out behind the lock screen: nothing is attached
            event.ignore()
            return
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class CasePanels:
    """Builds and fills the per-case lists (owned by :class:`CaseView`)."""

    def __init__(self) -> None:
        self.timeline = make_tree(
            ["Date", "Event", "Note", "Recorded by"],
            "Timeline",
            "Nothing has happened on this case yet. Use Record event for ID or a fee asked "
            "for, a clarification, the response sent or the case closed.",
        )
        self.request = QPlainTextEdit()
        self.request.setReadOnly(True)
        self.request.setAccessibleName("Request details")
        self.exemptions = make_tree(
            ["Applied", "Exemption", "Scope", "Reasoning", "By"],
            "Exemptions and decisions",
            "No exemption applied and no fee or refusal decided. Use Apply exemption or "
            "Fee / refusal; each needs its reasons.",
        )
        self.documents = DropTree(
            "No documents yet. Drop files here, or use Add document, to build what will be "
            "disclosed; then mark each one with Disclosure."
        )
        self.documents.setHeaderLabels(
            ["File", "Disclosure", "Exemption", "Size", "Added", "Fingerprint (SHA-256)"]
        )
        self.documents.setRootIsDecorated(False)
        self.documents.setAccessibleName("Documents (drop files here)")
        self.notes = make_tree(
            ["When", "Kind", "Text", "By"],
            "Notes and searches",
            "No notes or searches yet. Log search records where you looked and for what, "
            "to show the search was reasonable.",
        )
        self.audit = make_tree(["#", "When", "Who", "Action", "Details"], "Audit trail")

    def show_case(self, case: Any, audit: list[Any], catalogue: dict[str, Any]) -> None:
        fill(
            self.timeline,
            [
                ([when(e.date), action_text(event_label(e.kind)), e.note, e.recorded_by], e)
                for e in sorted(case.timeline, key=lambda e: (e.date, e.recorded_at or 0))
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
                for x in (*case.exemptions, *case.withdrawn_exemptions)
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
                        size_text(d.size),
                        when(d.added_at),
                        d.sha256[:16],
                    ],
                    d,
                )
                for d in sorted((*case.documents, *case.removed_documents), key=lambda d: d.id)
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
            [
                (
                    [str(a.seq), when(a.at), a.actor, action_text(a.action),
                     details_text(a.details)],
                    a,
                )
                for a in audit
            ],
        )
        for row, entry in enumerate(audit):  # every value in full, hashes included
            self.audit.topLevelItem(row).setToolTip(4, details_text(entry.details, full=True))
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
