"""The dashboard's overdue table: one heading row per handler, then that handler's cases.

Rows are frozen :class:`~sar_desk.core.metrics.OverdueRow` values, already grouped and
ordered by the service (handler A-Z, unassigned last, most overdue first). Heading rows are
not selectable; the view spans them across the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from sar_desk.core.metrics import AssigneeRow, OverdueRow
from sar_desk.ui.models.case_table_model import DATE_FORMAT

COL_REFERENCE = 0
COL_REQUESTER = 1
COL_RECEIVED = 2
COL_DUE = 3
COL_DAYS = 4
HEADERS = ("Reference", "Requester", "Received", "Due", "Days overdue")

ReferenceRole = Qt.ItemDataRole.UserRole + 1  # the case reference (None on heading rows)
IsGroupRole = Qt.ItemDataRole.UserRole + 2

_ROOT = QModelIndex()
UNASSIGNED_TEXT = "Unassigned"
LATE_BACKGROUND, LATE_FOREGROUND = "#fde2e1", "#8a1c12"
VERY_LATE_DAYS = 30


@dataclass(frozen=True, slots=True)
class GroupRow:
    assignee: str
    count: int
    worst: int  # most days overdue in the group
    workload: str = ""  # the handler's whole open workload, for the tooltip

    @property
    def text(self) -> str:
        who = self.assignee or UNASSIGNED_TEXT
        cases = "case" if self.count == 1 else "cases"
        return f"{who} — {self.count} overdue {cases} (longest {self.worst} days)"


def group_items(rows: Sequence[OverdueRow], workload: Sequence[AssigneeRow] = ()
                ) -> list[GroupRow | OverdueRow]:
    """A heading row before each handler's cases (``rows`` already grouped by assignee).

    Pure Python, so a worker thread can prepare thousands of overdue rows.
    """
    loads = {
        w.assignee: f"{w.open} open: {w.overdue} overdue, {w.due_soon} due within 7 days, "
        f"{w.paused} with the clock stopped, {w.extended} extended"
        for w in workload
    }
    items: list[GroupRow | OverdueRow] = []
    index = 0
    while index < len(rows):
        assignee = rows[index].assignee
        end = index
        while end < len(rows) and rows[end].assignee == assignee:
            end += 1
        group = rows[index:end]
        items.append(GroupRow(assignee, len(group), max(r.days_overdue for r in group),
                              loads.get(assignee, "")))
        items.extend(group)
        index = end
    return items


class OverdueTableModel(QAbstractTableModel):
    """Read-only overdue list grouped by handler."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[GroupRow | OverdueRow] = []
        self._late_brushes = (QBrush(QColor(LATE_BACKGROUND)), QBrush(QColor(LATE_FOREGROUND)))
        self._bold = QFont()
        self._bold.setBold(True)

    # -- data in --------------------------------------------------------------------------
    def set_rows(
        self, rows: Sequence[OverdueRow], workload: Sequence[AssigneeRow] = ()
    ) -> None:
        """Replace the list; ``rows`` must already be grouped by assignee."""
        self.set_items(group_items(rows, workload))

    def set_items(self, items: list[GroupRow | OverdueRow]) -> None:
        """Replace the list with rows already grouped by :func:`group_items`."""
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    # -- queries --------------------------------------------------------------------------
    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self.items) and isinstance(self.items[row], GroupRow)

    def reference_at(self, row: int) -> str | None:
        if 0 <= row < len(self.items):
            item = self.items[row]
            return item.reference if isinstance(item, OverdueRow) else None
        return None

    def group_rows(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if type(item) is GroupRow]

    def case_count(self) -> int:
        return sum(isinstance(item, OverdueRow) for item in self.items)

    # -- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(HEADERS):
                return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_group(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if isinstance(item, GroupRow):
            return self._group_data(item, column, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == ReferenceRole:
            return item.reference
        if role == IsGroupRole:
            return False
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_DAYS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_DAYS:
            return self._late_brushes[0]
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DAYS:
            return self._late_brushes[1]
        if role == Qt.ItemDataRole.FontRole and item.days_overdue >= VERY_LATE_DAYS:
            return self._bold if column == COL_DAYS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.reference}: overdue by {item.days_overdue} days. Click to open."
        return None

    def _group_data(self, item: GroupRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item.text if column == 0 else None
        if role == IsGroupRole:
            return True
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:  # palette roles: readable light and dark
            return QGuiApplication.palette().brush(QPalette.ColorRole.Button)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QGuiApplication.palette().brush(QPalette.ColorRole.ButtonText)
        if role == Qt.ItemDataRole.ToolTipRole and item.workload:
            return f"{item.assignee or UNASSIGNED_TEXT}: {item.workload}"
        return None

    @staticmethod
    def _text(item: OverdueRow, column: int) -> str:
        if column == COL_REFERENCE:
            return item.reference
        if column == COL_REQUESTER:
            return item.requester_name
        if column == COL_RECEIVED:
            return f"{item.received:{DATE_FORMAT}}"
        if column == COL_DUE:
            return f"{item.due:{DATE_FORMAT}}" if item.due else ""
        if column == COL_DAYS:
            return str(item.days_overdue)
        return ""
