"""The complaints list: a table model over the registry's complaint rows.

Rows are frozen :class:`~sar_desk.core.complaints.ComplaintSummary` values; the State column
says in words where each complaint stands on the model's day (an overdue acknowledgement
also stands out by colour, never by colour alone).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from sar_desk.core.complaint_handler import handler_text
from sar_desk.core.complaint_metrics import tile_test
from sar_desk.core.complaints import ComplaintSummary

(COL_REFERENCE, COL_COMPLAINANT, COL_RECEIVED, COL_ACK_DUE, COL_STATE, COL_HANDLER,
 COL_CASE) = range(7)
HEADERS = ("Reference", "Complainant", "Received", "Acknowledge by", "State", "Handler",
           "Case")
DATE_FORMAT = "%d %b %Y"
ReferenceRole = Qt.ItemDataRole.UserRole + 1
LATE = (QColor("#fde2e1"), QColor("#8a1c12"))


def state_text(row: ComplaintSummary, today: dt.date) -> str:
    """Where a complaint stands on ``today``, in a few words."""
    if row.closed or row.status.value == "closed":
        return "Closed"
    if tile_test("ack_overdue", row, today):
        return "⚠ Acknowledgement overdue"
    if row.acknowledged is None:
        return "To acknowledge"
    if tile_test("past_target", row, today):
        return "Open past target"
    return "Acknowledged"


class ComplaintTableModel(QAbstractTableModel):
    """Complaint rows for the list; read-only."""

    def __init__(self, parent: Any = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ComplaintSummary] = []
        self.today = today or dt.date.min

    def set_rows(self, rows: list[ComplaintSummary], today: dt.date) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ReferenceRole:
            return row.reference
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        overdue = tile_test("ack_overdue", row, self.today)
        if overdue and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(LATE[0])
        if overdue and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(LATE[1])
        return None

    def _text(self, row: ComplaintSummary, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_COMPLAINANT:
            return row.complainant
        if column == COL_RECEIVED:
            return row.received.strftime(DATE_FORMAT)
        if column == COL_ACK_DUE:
            return row.ack_due.strftime(DATE_FORMAT) if row.ack_due else ""
        if column == COL_STATE:
            return state_text(row, self.today)
        if column == COL_HANDLER:
            return handler_text(row.handler)
        return row.case_ref
