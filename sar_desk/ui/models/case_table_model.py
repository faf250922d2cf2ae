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
from collections import Counter
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

from sar_desk.core.case_state import DUE_SOON_DAYS  # noqa: F401 - the list view uses DUE_SOON_DAYS
from sar_desk.core.entities import CaseSummary
from sar_desk.ui.models.case_rows import (  # noqa: F401 - the list view and tests use these
    COL_ASSIGNEE,
    COL_DAYS,
    COL_DUE,
    COL_RECEIVED,
    COL_REFERENCE,
    COL_REQUESTER,
    COL_STATE,
    COL_STATUS,
    DATE_FORMAT,
    HEADERS,
    STATE_COLOURS,
    STATE_TEXT,
    Arranged,
    RowFilter,
    RowInfo,
    RowState,
    SortedBy,
    arrange,
    classify,
    days_text,
    position,
    row_info,
    sort_key,
)

SummaryRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2


class CaseTableModel(QAbstractTableModel):
    """Registry rows for the case list; read-only."""

    def __init__(self, parent=None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseSummary] = []
        self.info: list[RowInfo] = []
        self.refs: list[str] = []  # each row's reference (list.index finds a row in C)
        self.keys: list[tuple] | None = None  # each row's sort key while sorted
        self.sorted_by: SortedBy | None = None
        self.counts: Counter[RowState] = Counter()  # rows in each state
        self.version = 0  # bumped whenever rows or their order change
        # Rows changed one at a time since ``edits_from``: (version, op, row, summary, info)
        # with op "set", "insert" or "remove", so a filter can follow without a full pass.
        self.edits: list[tuple[int, str, int, CaseSummary | None, RowInfo | None]] = []
        self.edits_from = 0
        self.today = today  # the app clock's day (set_rows moves it on)
        self._brushes: dict[RowState, tuple[QBrush, QBrush]] = {
            state: (QBrush(QColor(bg)), QBrush(QColor(fg)))
            for state, (bg, fg) in STATE_COLOURS.items()
        }
        self._icons: dict[RowState, Any] = {}

    # -- data in --------------------------------------------------------------------------
    def set_rows(
        self, rows: list[CaseSummary] | Arranged, today: dt.date,
        info: list[RowInfo] | None = None,
    ) -> tuple[list, ...]:
        """Replace every row; ``info`` is ``classify(rows, today)`` if already worked out.

        Given :class:`Arranged` rows (sorted on a worker thread), keeps their order. Returns
        the lists it let go of, for the caller to empty off the UI thread.
        """
        if not isinstance(rows, Arranged):
            rows = list(rows)
            if info is None or len(info) != len(rows):
                info = classify(rows, today)
            rows = arrange(rows, info, None)
        old = (self.rows, self.info, self.refs, self.keys or [], self.edits)
        self.beginResetModel()
        self.rows, self.info = rows.rows, rows.info
        self.keys, self.sorted_by = rows.keys, rows.sorted_by
        self.refs, self.counts = rows.refs, rows.counts
        self.today = today
        self.edits = []
        self._changed_all()
        self.endResetModel()
        return old

    def update_case(self, reference: str, row: CaseSummary | None, info: RowInfo | None
                    ) -> int:
        """One case changed: show ``row`` (None: it has gone) where the sort order puts it.

        Costs work in proportion to the one row, not the caseload: the row is changed in
        place, or moved with a remove and an insert. Returns its row, or -1 once gone.
        """
        old = self.row_of(reference)
        if row is None or info is None:
            if old >= 0:
                self._remove(old)
            return -1
        key = sort_key(self.sorted_by[0])(row, info) if self.sorted_by else None
        if old >= 0 and (key is None or self._fits(old, key)):
            self._replace(old, row, info, key)
            return old
        if old >= 0:
            self._remove(old)
        if key is None:
            new = len(self.rows)
        else:
            new = position(self.keys, key, self.sorted_by[1] == Qt.SortOrder.DescendingOrder)
        self.beginInsertRows(QModelIndex(), new, new)
        self.rows.insert(new, row)
        self.info.insert(new, info)
        self.refs.insert(new, reference)
        if key is not None:
            self.keys.insert(new, key)
        self.counts[info.state] += 1
        self._edited("insert", new, row, info)
        self.endInsertRows()
        return new

    def _fits(self, row: int, key: tuple) -> bool:
        """Whether a row with ``key`` may stay at ``row`` and keep the sort order."""
        keys, descending = self.keys, self.sorted_by[1] == Qt.SortOrder.DescendingOrder
        before = keys[row - 1] if row > 0 else None
        after = keys[row + 1] if row + 1 < len(keys) else None
        if descending:
            before, after = after, before
        return (before is None or before < key) and (after is None or key < after)

    def _replace(self, row: int, summary: CaseSummary, info: RowInfo, key: tuple | None
                 ) -> None:
        self.counts[self.info[row].state] -= 1
        self.counts[info.state] += 1
        self.rows[row], self.info[row] = summary, info
        if key is not None:
            self.keys[row] = key
        self._edited("set", row, summary, info)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        self.counts[self.info[row].state] -= 1
        for values in (self.rows, self.info, self.refs, self.keys):
            if values is not None:
                del values[row]
        self._edited("remove", row, None, None)
        self.endRemoveRows()

    def _edited(self, op: str, row: int, summary: CaseSummary | None, info: RowInfo | None
                ) -> None:
        self.version += 1
        if len(self.edits) >= 1000:  # past this a filter may as well start again
            self.edits.clear()
            self.edits_from = self.version - 1
        self.edits.append((self.version, op, row, summary, info))

    def _changed_all(self) -> None:
        self.version += 1
        self.edits.clear()
        self.edits_from = self.version

    def summary(self, row: int) -> CaseSummary:
        return self.rows[row]

    def row_of(self, reference: str) -> int:
        try:
            return self.refs.index(reference)
        except ValueError:
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
        """Sort the Python lists directly (ties by reference, so the order is always the same)."""
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old_refs = self.refs
        arranged = arrange(self.rows, self.info, (column, order))
        persistent = self.persistentIndexList()
        self.rows, self.info = arranged.rows, arranged.info
        self.keys, self.sorted_by = arranged.keys, arranged.sorted_by
        self.refs = [r.reference for r in self.rows]
        self._changed_all()
        if persistent:
            new = {r: i for i, r in enumerate(self.refs)}
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
        if col == COL_STATUS:  # a file the last index rebuild could not read says so
            return row.status.value.capitalize() + (" (damaged)" if row.damaged else "")
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
        self._preset: tuple[list, RowFilter, list[bool]] | None = None

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
        """Change any subset of the filters, then refilter once (if any changed)."""
        before = self.row_filter()
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
        if self.row_filter() != before:
            self.beginFilterChange()
            self._version = -1
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: CaseTableModel) -> None:  # type: ignore[override]
        self._model = model
        self._version = -1
        super().setSourceModel(model)

    def row_filter(self) -> RowFilter:
        """The filters as they stand, as a value a worker thread may use."""
        return RowFilter(self.status, self.assignee, self.due_within, self.only_overdue,
                         self.only_paused, self.only_extended, self.search)

    def accepts(self, row: CaseSummary, info: RowInfo) -> bool:
        """Whether one row passes every filter (pure Python, no Qt calls)."""
        return self.row_filter().accepts(row, info)

    def preset(self, rows: list[CaseSummary], row_filter: RowFilter, accept: list[bool]
               ) -> None:
        """``accept`` answers ``row_filter`` for ``rows`` (worked out on a worker thread).

        Used instead of a pass over every row if the model shows exactly those rows, not
        yet edited, and the filters have not changed since.
        """
        self._preset = (rows, row_filter, accept)

    def _sync(self) -> None:
        """Bring the answers up to date: replay single-row edits, else one pass over all."""
        model = self._model
        accepts = self.row_filter().accepts
        preset, self._preset = self._preset, None
        if self._version < model.edits_from:
            if (preset and preset[0] is model.rows and model.version == model.edits_from
                    and preset[1] == self.row_filter()):  # those rows, not yet edited
                self._accept = preset[2]
            else:
                self._accept = [accepts(r, i) for r, i in zip(model.rows, model.info,
                                                              strict=True)]
        else:
            for version, op, row, summary, info in model.edits:
                if version <= self._version:
                    continue
                if op == "remove":
                    del self._accept[row]
                elif op == "insert":
                    self._accept.insert(row, accepts(summary, info))
                else:
                    self._accept[row] = accepts(summary, info)
        self._version = model.version

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        # Qt asks row by row; the answers are computed once per change.
        if self._version != self._model.version:
            self._sync()
        return self._accept[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None and column >= 0:
            model.sort(column, order)
