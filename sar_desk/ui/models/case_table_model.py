"""The case list: a table model over registry rows plus the proxy that filters it.

Rows are frozen :class:`~sar_desk.core.entities.CaseSummary` values. Each row's state, due
date and days left come from :mod:`sar_desk.core.case_state` (the dashboard's rules, with
the deadline engine), worked out once per refresh, so painting, sorting and filtering
10,000 rows never calls a service or recomputes a date.
Overdue and due-soon rows stand out by colour *and* by an icon and words in the State
column, so the difference never depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from sar_desk.core import case_state
from sar_desk.core.case_state import DUE_SOON_DAYS, CaseState  # noqa: F401 - the list view uses DUE_SOON_DAYS
from sar_desk.core.entities import CaseSummary

COL_REFERENCE = 0
COL_REQUESTER = 1
COL_STATUS = 2
COL_RECEIVED = 3
COL_DUE = 4
COL_DAYS = 5
COL_STATE = 6
COL_ASSIGNEE = 7
HEADERS = ("Reference", "Requester", "Status", "Received", "Due", "Days left", "State", "Assignee")

DATE_FORMAT = "%d %b %Y"  # 02 Apr 2026: the format of every date in the window

SummaryRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2


class RowState(StrEnum):
    """:attr:`CaseState.standing` as the list shows it (in the State column's sort order)."""

    OVERDUE = case_state.OVERDUE
    DUE_SOON = case_state.DUE_SOON
    PAUSED = case_state.PAUSED
    ON_TRACK = case_state.ON_TRACK
    UNKNOWN = case_state.UNKNOWN  # open, timeline unusable: no deadline to show
    CLOSED = case_state.ENDED


_ROW_STATES = {s.value: s for s in RowState}
STATE_TEXT = {
    RowState.OVERDUE: "Overdue",
    RowState.DUE_SOON: "Due soon",
    RowState.PAUSED: "Paused",
    RowState.ON_TRACK: "On track",
    RowState.CLOSED: "Closed",
    RowState.UNKNOWN: "Check the timeline",
}
STATE_COLOURS = {
    RowState.OVERDUE: ("#fde2e1", "#8a1c12"),
    RowState.DUE_SOON: ("#fff1cc", "#7a4b00"),
    RowState.PAUSED: ("#e6eefb", "#1d3f7a"),
}


@dataclass(frozen=True, slots=True)
class RowInfo:
    """The list's view of one row's :class:`CaseState`, taken once per refresh."""

    effective_due: dt.date | None  # the deadline in force (the one that ended it, if ended)
    days_left: int | None  # None when the clock is stopped or the case has ended
    state: RowState
    search_key: str
    extended: bool = False  # open with a valid extension
    original_due: dt.date | None = None  # the deadline before the extension

    @property
    def is_open(self) -> bool:
        return self.state != RowState.CLOSED


def row_info(row: CaseSummary, state: CaseState) -> RowInfo:
    """How the list shows ``row`` given its state on the day (worked out by the core)."""
    return RowInfo(
        effective_due=state.due,
        days_left=state.days_left,
        state=_ROW_STATES[state.standing],
        search_key=f"{row.reference}\n{row.requester_name}".casefold(),
        extended=state.extended and state.is_open,
        original_due=state.original_due,
    )


def classify(rows: list[CaseSummary], today: dt.date) -> list[RowInfo]:
    """Every row as it stands on ``today``: the dashboard's and ``sar-desk overdue``'s rules."""
    return [row_info(r, s) for r, s in zip(rows, case_state.evaluate_rows(rows, today),
                                           strict=True)]


def days_text(info: RowInfo) -> str:
    if info.state == RowState.CLOSED:
        return ""
    if info.state == RowState.PAUSED:
        return "(clock paused)"
    if info.days_left is None:
        return ""
    if info.days_left < 0:
        return f"{-info.days_left} overdue"
    if info.days_left == 0:
        return "due today"
    return str(info.days_left)


class CaseTableModel(QAbstractTableModel):
    """Registry rows for the case list; read-only."""

    def __init__(self, parent=None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseSummary] = []
        self.info: list[RowInfo] = []
        self.version = 0  # bumped whenever rows or their order change
        self.today = today  # the app clock's day (set_rows moves it on)
        self._brushes: dict[RowState, tuple[QBrush, QBrush]] = {
            state: (QBrush(QColor(bg)), QBrush(QColor(fg)))
            for state, (bg, fg) in STATE_COLOURS.items()
        }
        self._icons: dict[RowState, Any] = {}

    # -- data in --------------------------------------------------------------------------
    def set_rows(
        self, rows: list[CaseSummary], today: dt.date, info: list[RowInfo] | None = None
    ) -> None:
        """Replace every row; ``info`` is ``classify(rows, today)`` if already worked out."""
        rows = list(rows)
        if info is None or len(info) != len(rows):
            info = classify(rows, today)
        self.beginResetModel()
        self.rows = rows
        self.today = today
        self.info = list(info)
        self.version += 1
        self.endResetModel()

    def summary(self, row: int) -> CaseSummary:
        return self.rows[row]

    def row_of(self, reference: str) -> int:
        for i, r in enumerate(self.rows):
            if r.reference == reference:
                return i
        return -1

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(HEADERS):
                return HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, info, col = self.rows[index.row()], self.info[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, info, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            pair = self._brushes.get(info.state)
            return pair[0] if pair else None
        if role == Qt.ItemDataRole.ForegroundRole:
            pair = self._brushes.get(info.state)
            return pair[1] if pair else None
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATE:
            return self._icon(info.state)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_STATE, COL_DAYS, COL_DUE):
            return self._tooltip(row, info)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_STATE:
            return STATE_TEXT[info.state]
        if role == SummaryRole:
            return row.reference
        if role == StateRole:
            return info.state.value
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the Python lists directly (fast for 10,000 rows)."""
        if not 0 <= column < len(HEADERS):
            return
        far = dt.date.max
        keys = {
            COL_REFERENCE: lambda p: p[0].reference,
            COL_REQUESTER: lambda p: p[0].requester_name.casefold(),
            COL_STATUS: lambda p: p[0].status.value,
            COL_RECEIVED: lambda p: p[0].received,
            COL_DUE: lambda p: p[1].effective_due or far,
            COL_DAYS: lambda p: p[1].days_left if p[1].days_left is not None else 10**9,
            COL_STATE: lambda p: list(RowState).index(p[1].state),
            COL_ASSIGNEE: lambda p: p[0].assignee.casefold(),
        }
        self.layoutAboutToBeChanged.emit()
        old_refs = [r.reference for r in self.rows]
        pairs = sorted(
            zip(self.rows, self.info, strict=True),
            key=keys[column],
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        persistent = self.persistentIndexList()
        self.rows = [p[0] for p in pairs]
        self.info = [p[1] for p in pairs]
        self.version += 1
        if persistent:
            new = {r.reference: i for i, r in enumerate(self.rows)}
            self.changePersistentIndexList(
                persistent,
                [self.index(new[old_refs[i.row()]], i.column()) for i in persistent],
            )
        self.layoutChanged.emit()

    # -- helpers --------------------------------------------------------------------------
    def _display(self, row: CaseSummary, info: RowInfo, col: int) -> str:
        if col == COL_REFERENCE:
            return row.reference
        if col == COL_REQUESTER:
            return row.requester_name
        if col == COL_STATUS:
            return row.status.value.capitalize()
        if col == COL_RECEIVED:
            return f"{row.received:{DATE_FORMAT}}"
        if col == COL_DUE:
            return f"{info.effective_due:{DATE_FORMAT}}" if info.effective_due else ""
        if col == COL_DAYS:
            return days_text(info)
        if col == COL_STATE:
            text = STATE_TEXT[info.state]
            return f"{text} (extended)" if info.extended else text
        if col == COL_ASSIGNEE:
            return row.assignee
        return ""

    def _tooltip(self, row: CaseSummary, info: RowInfo) -> str:
        parts = [STATE_TEXT[info.state]]
        if info.effective_due:
            parts.append(f"due {info.effective_due:%d %b %Y}")
        if info.extended:
            original = info.original_due
            parts.append(f"extended from {original:{DATE_FORMAT}}" if original else "extended")
        return ", ".join(parts)

    def _icon(self, state: RowState) -> Any:
        if state not in self._icons:
            app = QApplication.instance()
            style = app.style() if isinstance(app, QApplication) else None
            pixmap = {
                RowState.OVERDUE: QStyle.StandardPixmap.SP_MessageBoxCritical,
                RowState.DUE_SOON: QStyle.StandardPixmap.SP_MessageBoxWarning,
                RowState.PAUSED: QStyle.StandardPixmap.SP_MediaPause,
            }.get(state)
            self._icons[state] = style.standardIcon(pixmap) if style and pixmap else None
        return self._icons[state]


class CaseFilterProxy(QSortFilterProxyModel):
    """Filters on status, assignee, due within N days, overdue, paused, extended and a search.

    Filtering reads the source model's precomputed lists, never ``data()``; sorting is
    delegated to the source model's fast list sort.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.status: str = ""  # "" any, "open", "closed" (anything not open)
        self.assignee: str = ""
        self.due_within: int | None = None
        self.only_overdue = False
        self.only_paused = False
        self.only_extended = False
        self.search = ""
        self._model: CaseTableModel | None = None
        self._version = -1
        self._accept: list[bool] = []

    def set_filters(
        self,
        *,
        status: str | None = None,
        assignee: str | None = None,
        due_within: int | None | bool = False,
        overdue: bool | None = None,
        paused: bool | None = None,
        extended: bool | None = None,
        search: str | None = None,
    ) -> None:
        """Change any subset of the filters, then refilter once."""
        self.beginFilterChange()
        self._version = -1
        if status is not None:
            self.status = status
        if assignee is not None:
            self.assignee = assignee
        if due_within is not False:
            self.due_within = due_within  # type: ignore[assignment]
        if overdue is not None:
            self.only_overdue = overdue
        if paused is not None:
            self.only_paused = paused
        if extended is not None:
            self.only_extended = extended
        if search is not None:
            self.search = search.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: CaseTableModel) -> None:  # type: ignore[override]
        self._model = model
        self._version = -1
        super().setSourceModel(model)

    def accepts(self, row: CaseSummary, info: RowInfo) -> bool:
        """Whether one row passes every filter (pure Python, no Qt calls)."""
        if self.status:
            is_open = info.is_open  # open on the day, as the dashboard counts it
            if self.status == "open" and not is_open:
                return False
            if self.status == "closed" and is_open:
                return False
            if self.status not in ("open", "closed") and row.status.value != self.status:
                return False
        if self.assignee and row.assignee != self.assignee:
            return False
        if self.only_overdue and info.state != RowState.OVERDUE:
            return False
        if self.only_paused and info.state != RowState.PAUSED:
            return False
        if self.only_extended and not info.extended:
            return False
        if self.due_within is not None:
            if info.state in (RowState.CLOSED, RowState.PAUSED) or info.days_left is None:
                return False
            if not 0 <= info.days_left <= self.due_within:  # overdue has its own filter
                return False
        if self.search and self.search not in info.search_key:
            return False
        return True

    def _rebuild(self) -> None:
        model = self._model
        accepts = self.accepts
        self._accept = [accepts(r, i) for r, i in zip(model.rows, model.info, strict=True)]
        self._version = model.version

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        # Qt asks row by row; the answers are computed once per change, in one pass.
        if self._version != self._model.version:
            self._rebuild()
        return self._accept[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None and column >= 0:
            model.sort(column, order)
