"""The case list: search box, filters and the table of every request in the workspace."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.entities import CaseSummary
from sar_desk.ui.context import UiContext
from sar_desk.ui.models.case_rows import (
    COL_DUE,
    COL_REQUESTER,
    HEADERS,
    STATE_COLOURS,
    Arranged,
    RowInfo,
    RowState,
    SortedBy,
    arrange,
    classify,
)
from sar_desk.ui.models.case_table_model import (
    DUE_SOON_DAYS,
    CaseFilterProxy,
    CaseTableModel,
    SummaryRole,
)
from sar_desk.ui.tasks import error_text
from sar_desk.ui.theme import on_window
from sar_desk.ui.views.hints import paint_hint
from sar_desk.ui.views.inside_search import InsideResults

ANY_ASSIGNEE = "(anyone)"
NO_CASES_HINT = (
    "No cases yet. Start one with File ▸ New case (Ctrl+N), or drop a saved email "
    "(.eml or .msg) on the window."
)
NO_MATCH_HINT = "No case matches the search and filters. Clear the search or untick a filter."
# What :meth:`CaseListView.show_only` can show: the dashboard's figures of the same names.
SHOW_ONLY = ("open", "overdue", "due_soon", "paused", "extended")


class CaseTable(QTableView):
    """The case table; says why it is empty (no cases at all, or none matching)."""

    loaded = False  # set once the first rows arrive: until then the table is loading
    failure = ""  # why the last load failed, shown until a load succeeds

    def hint(self) -> str:
        proxy = self.model()
        if proxy is None or proxy.rowCount():
            return ""
        if self.failure:
            return f"The cases could not be loaded. {self.failure} Press F5 to try again."
        if not self.loaded:
            return "Loading the cases…"
        source = proxy.sourceModel()
        return NO_MATCH_HINT if source is not None and source.rowCount() else NO_CASES_HINT

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().paintEvent(event)
        paint_hint(self, self.hint())


class CaseListView(QWidget):
    """Loads the registry off the UI thread and filters it in memory."""

    open_case = Signal(str)
    loaded = Signal(int)  # number of rows after a refresh
    case_updated = Signal(str)  # one changed case's row is shown as it now stands

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseTableModel(self, today=ctx.today())
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Requester, reference or words inside cases")
        self.search.setToolTip("Search by requester or reference, and inside the cases' "
                               "request text, notes, search log and documents (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.status = QComboBox()
        self.status.addItem("Open", "open")
        self.status.addItem("Closed", "closed")
        self.status.addItem("All", "")
        self.assignee = QComboBox()
        self.assignee.addItem(ANY_ASSIGNEE, "")
        self.due_within_on = QCheckBox("&Due within")
        self.due_within = QSpinBox()
        self.due_within.setRange(0, 366)
        self.due_within.setValue(DUE_SOON_DAYS)
        self.due_within.setSuffix(" days")
        self.due_within.setEnabled(False)
        self.due_within.setAccessibleName("Due within how many days")
        self.overdue = QCheckBox("&Overdue")
        self.paused = QCheckBox("&Paused")
        self.extended = QCheckBox("E&xtended")
        self.extended.setToolTip("Only open cases whose deadline was validly extended")
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.RichText)

        bar = QHBoxLayout()
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status)
        assignee_label = QLabel("Assi&gnee:")
        assignee_label.setBuddy(self.assignee)
        for widget in (
            search_label,
            self.search,
            status_label,
            self.status,
            assignee_label,
            self.assignee,
            self.due_within_on,
            self.due_within,
            self.overdue,
            self.paused,
            self.extended,
        ):
            bar.addWidget(widget)
        bar.setStretchFactor(self.search, 3)
        bar.addStretch()
        bar.addWidget(self.count)

        self.table = CaseTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The requester takes the spare width, so on a small screen every column still fits
        # without scrolling sideways.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_REQUESTER, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((120, 230, 80, 100, 100, 90, 150, 150)):
            self.table.setColumnWidth(col, width)
        self.table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName("Cases")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 3)
        self.inside = InsideResults(ctx)  # the searched words inside cases, and where
        self.inside.open_case.connect(self.open_case)
        layout.addWidget(self.inside, 2)

        # Typing filters after a short pause, so a fast typist is not slowed down.
        self._reloaded_for: dt.date | None = None  # see refresh_if_day_turned
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._open_first_or_current)
        for signal in (
            self.status.currentIndexChanged,
            self.assignee.currentIndexChanged,
            self.due_within.valueChanged,
        ):
            signal.connect(self.apply_filters)
        for box in (self.due_within_on, self.overdue, self.paused, self.extended):
            box.toggled.connect(self.apply_filters)
        self.due_within_on.toggled.connect(self.due_within.setEnabled)
        self.table.activated.connect(self._activated)
        ctx.signals.cases_changed.connect(self.refresh)
        ctx.signals.case_changed.connect(self.refresh_case)
        self.apply_filters()

    # -- data -----------------------------------------------------------------------------
    def sorted_by(self) -> SortedBy | None:
        """The column and order the table is sorted by (None: registry order)."""
        header = self.table.horizontalHeader()
        column = header.sortIndicatorSection()
        return (column, header.sortIndicatorOrder()) if 0 <= column < len(HEADERS) else None

    def refresh(self) -> None:
        """Reload every row from the registry in the background."""
        from sar_desk.services.cases import list_cases
        from sar_desk.services.dashboard import bulk_allocation

        ws, today, order = self.ctx.workspace, self.ctx.today(), self.sorted_by()
        row_filter = self.proxy.row_filter()

        def load() -> tuple[Arranged, dt.date, list[bool]]:
            with bulk_allocation():  # 100,000 new rows hold no cycles: no GC passes over them
                rows = list_cases(ws, status="all")
                # States, order and filter are worked out here, off the UI thread.
                arranged = arrange(rows, classify(rows, today), order)
                accepts = row_filter.accepts
                return arranged, today, [accepts(r, i) for r, i in
                                         zip(arranged.rows, arranged.info, strict=True)]

        def loaded(result: tuple[Arranged, dt.date, list[bool]]) -> None:
            arranged, day, accept = result
            self.proxy.preset(arranged.rows, row_filter, accept)
            self.set_rows(arranged, day)

        self.ctx.run(
            load,
            on_success=loaded,
            on_error=self._load_failed,
            parent=self,
            title="Case list",
        )

    def refresh_case(self, reference: str) -> None:
        """Read one changed case again and show it, leaving the other rows as they are.

        Before the first load, or once the day has turned, every row is read again.
        """
        from sar_desk.services.case_list import cases_of

        ws, today = self.ctx.workspace, self.ctx.today()
        if not self.table.loaded or self.model.today != today:
            self.refresh()
            return

        def load() -> tuple[list, list]:
            rows = cases_of(ws, [reference])
            return rows, classify(rows, today)

        def show(loaded: tuple[list, list]) -> None:
            if self.model.today != today:  # a full load for another day came in between
                self.refresh()
                return
            rows, info = loaded
            self.update_case(reference, rows[0] if rows else None, info[0] if info else None)

        self.ctx.run(load, on_success=show, on_error=self._load_failed, parent=self,
                     title="Case list")

    def update_case(self, reference: str, row: CaseSummary | None, info: RowInfo | None
                    ) -> None:
        """Show one case as it now stands (None: it has gone from the list)."""
        selected = self.current_reference()
        self.model.update_case(reference, row, info)
        if row is not None and row.assignee and self.assignee.findData(row.assignee) < 0:
            names = sorted({row.assignee, *(self.assignee.itemData(i) for i in
                                            range(1, self.assignee.count()))}, key=str.casefold)
            self.assignee.blockSignals(True)
            self.assignee.insertItem(names.index(row.assignee) + 1, row.assignee, row.assignee)
            self.assignee.blockSignals(False)
        self._show_count()
        if selected and self.current_reference() != selected:
            self.select(selected)
        self.case_updated.emit(reference)

    def _load_failed(self, exc: BaseException) -> None:
        self.table.failure = error_text(exc)
        self.table.viewport().update()
        self.ctx.runner.present_error(self, "Case list", exc)

    def set_rows(self, rows: list | Arranged, today: dt.date | None = None,
                 info: list | None = None) -> None:
        """Show ``rows`` as they stand on ``today`` (the clock's day if not given)."""
        selected = self.current_reference()
        if not isinstance(rows, Arranged):
            rows = arrange(rows, info or classify(rows, today or self.ctx.today()), None)
        old = self.model.set_rows(rows, today or self.ctx.today())
        # 100,000 old rows take a while to free: let a worker thread do it.
        self.ctx.run(lambda: [values.clear() for values in old], lane=None, parent=self,
                     title="Case list")
        self.table.loaded = True
        self.table.failure = ""
        order = self.sorted_by()
        if order is not None and self.model.sorted_by != order:  # not sorted while loading
            self.model.sort(*order)
        assignees = rows.assignees
        current = self.assignee.currentData()
        self.assignee.blockSignals(True)
        self.assignee.clear()
        self.assignee.addItem(ANY_ASSIGNEE, "")
        for name in assignees:
            self.assignee.addItem(name, name)
        self.assignee.setCurrentIndex(max(0, self.assignee.findData(current)))
        self.assignee.blockSignals(False)
        self.apply_filters()
        if selected:
            self.select(selected)
        self.loaded.emit(len(self.model.rows))

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.proxy.set_filters(
            status=self.status.currentData() or "",
            assignee=self.assignee.currentData() or "",
            due_within=self.due_within.value() if self.due_within_on.isChecked() else None,
            overdue=self.overdue.isChecked(),
            paused=self.paused.isChecked(),
            extended=self.extended.isChecked(),
            search=self.search.text(),
        )
        self.inside.search_for(self.search.text())
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        overdue = self.model.counts[RowState.OVERDUE]
        late = f"{overdue} overdue"
        if overdue:  # the number a manager looks for first stands out in the overdue colour
            late = f'<b style="color:{on_window(STATE_COLOURS[RowState.OVERDUE][1])}">{late}</b>'
        self.count.setText(f"{shown} of {total} cases · {late}")

    def clear_filters(self) -> None:
        """Back to the list as it opens: every open case, no search, nothing ticked."""
        self._reset_filters()
        self.apply_filters()

    def show_only(self, name: str) -> None:
        """Show exactly the cases behind the dashboard figure ``name`` (see SHOW_ONLY).

        Every other filter is cleared, so the count matches the figure for the same day.
        """
        if name not in SHOW_ONLY:
            raise ValueError(f"the case list has no filter called {name!r}")
        self._reset_filters()
        box = {"overdue": self.overdue, "paused": self.paused, "extended": self.extended,
               "due_soon": self.due_within_on}.get(name)
        if box is not None:
            box.blockSignals(True)
            box.setChecked(True)
            box.blockSignals(False)
        self.due_within.setEnabled(self.due_within_on.isChecked())
        self.apply_filters()
        self.refresh_if_day_turned()

    def refresh_if_day_turned(self) -> None:
        """Reload if the day has turned since the rows were classified (left open overnight).

        Once per day: showing the list while that reload runs does not start another.
        """
        today = self.ctx.today()
        if self.table.loaded and self.model.today != today and self._reloaded_for != today:
            self._reloaded_for = today
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh_if_day_turned()

    def _reset_filters(self) -> None:
        widgets = (self.search, self.status, self.assignee, self.due_within,
                   self.due_within_on, self.overdue, self.paused, self.extended)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(max(0, self.status.findData("open")))
        self.assignee.setCurrentIndex(0)
        self.due_within.setValue(DUE_SOON_DAYS)
        for box in (self.due_within_on, self.overdue, self.paused, self.extended):
            box.setChecked(False)
        self.due_within.setEnabled(False)
        for widget in widgets:
            widget.blockSignals(False)

    # -- selection ------------------------------------------------------------------------
    def current_reference(self) -> str:
        index = self.table.currentIndex()
        return str(index.data(SummaryRole) or "") if index.isValid() else ""

    def select(self, reference: str) -> bool:
        row = self.model.row_of(reference)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _activated(self, index) -> None:  # noqa: ANN001
        reference = index.data(SummaryRole)
        if reference:
            self.open_case.emit(str(reference))

    def _open_first_or_current(self) -> None:
        self.apply_filters()
        if self.proxy.rowCount() == 1:
            self.open_case.emit(str(self.proxy.index(0, 0).data(SummaryRole)))
        elif self.proxy.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.proxy.index(0, 0))

    def visible_references(self) -> list[str]:
        return [str(self.proxy.index(r, 0).data(SummaryRole)) for r in range(self.proxy.rowCount())]
