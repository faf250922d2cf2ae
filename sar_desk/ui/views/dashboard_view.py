"""The managers' dashboard: figure tiles, the overdue list by handler, and monthly charts.

The view knows nothing about workspaces: it is given ``load(as_of) -> DashboardData`` (for
the app, :func:`sar_desk.services.dashboard.dashboard_loader`) and runs it off the UI thread.
Call :meth:`DashboardView.refresh` to reload now, or connect "cases changed" to
:meth:`DashboardView.on_cases_changed` (reloads at once if shown, else when next shown);
clicking an overdue case emits :attr:`DashboardView.case_requested` with its reference;
clicking a figure tile (or Enter/Space on it) emits :attr:`DashboardView.tile_activated`
with the name of the case-list filter showing those cases.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sar_desk.core.metrics import DashboardData
from sar_desk.ui.models.overdue_table_model import OverdueTableModel
from sar_desk.ui.tasks import TaskRunner, error_text
from sar_desk.ui.theme import is_dark, keep_coloured
from sar_desk.ui.views.dashboard_text import Prepared, prepare
from sar_desk.ui.views.figure_tile import FigureTile

Loader = Callable[[dt.date], DashboardData]

# (key in Figures, caption, accent colour)
TILES: tuple[tuple[str, str, str], ...] = (
    ("open", "Open", "#2f4b7c"),
    ("overdue", "Overdue", "#b3261e"),
    ("due_soon", "Due within 7 days", "#a05a00"),
    ("paused", "Clock paused", "#1d5f8a"),
    ("extended", "Extended", "#4b5563"),
)
# Tiles the case list can show case by case (CaseListView.show_only takes the same names);
# any other tile is a plain figure.
LIST_FILTERS = frozenset({"open", "overdue", "due_soon", "paused", "extended"})
RECEIVED_COLOUR, CLOSED_COLOUR, RATE_COLOUR = "#4C72B0", "#55A868", "#C44E52"
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def month_labels(labels: list[str]) -> list[str]:
    """'2026-03' -> 'Mar' (the chart title carries the years)."""
    return [MONTHS[int(label.split("-")[1]) - 1] for label in labels]


def period_text(labels: list[str]) -> str:
    """'May 2025 – Apr 2026' for the months shown."""
    if not labels:
        return ""

    def full(label: str) -> str:
        year, month = label.split("-")
        return f"{MONTHS[int(month) - 1]} {year}"

    return full(labels[0]) if len(labels) == 1 else f"{full(labels[0])} – {full(labels[-1])}"


class DashboardView(QWidget):
    """Tiles, the overdue table grouped by handler, and volume / on-time charts."""

    case_requested = Signal(str)  # reference of the overdue case the user clicked
    tile_activated = Signal(str)  # a figure tile was clicked: the list filter's name
    refreshed = Signal()  # new figures are on screen
    load_failed = Signal(str)  # readable reason the figures could not be loaded

    def __init__(
        self,
        load: Loader,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date],
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._today = today  # the app clock's today
        self._runner = runner or TaskRunner(self)
        self._loading = False
        self._again = False
        self._stale = False
        self._full = True  # the next load reads every case (else only self._changed)
        self._changed: set[str] = set()
        self._last_emit: tuple[str, float] = ("", 0.0)
        self.data: DashboardData | None = None
        self._axis_font = QFont(self.font())
        self._axis_font.setPointSizeF(max(6.0, self.font().pointSizeF() - 2))
        self.last_load_ms: float | None = None

        self.as_of_label = QLabel("Loading…")
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Load the figures again (Alt+R)")
        self.refresh_button.clicked.connect(self.refresh)
        self.message_label = QLabel("")
        self.message_label.setWordWrap(True)
        keep_coloured(self.message_label, "#b3261e")  # readable on dark backgrounds too
        self.message_label.hide()

        self.tiles: dict[str, FigureTile] = {}
        tiles_row = self.tiles_row = QHBoxLayout()  # more tiles may be added to the row
        for key, caption, colour in TILES:
            tile = FigureTile(caption, colour, self, clickable=key in LIST_FILTERS)
            tile.activated.connect(lambda key=key: self.tile_activated.emit(key))
            self.tiles[key] = tile
            tiles_row.addWidget(tile)

        self.model = OverdueTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(60)  # size columns from a sample, not every row
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setAccessibleName("Overdue cases by handler")
        self.table.clicked.connect(self._row_chosen)
        self.table.activated.connect(self._row_chosen)
        self.empty_label = QLabel("Nothing is overdue.")
        self.empty_label.hide()

        self.volume_chart = QChartView(self)
        self.rate_chart = QChartView(self)
        for view in (self.volume_chart, self.rate_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(200)
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        top = QHBoxLayout()
        title = QLabel("Dashboard")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.as_of_label)
        top.addWidget(self.refresh_button)

        overdue_title = QLabel("Overdue, by handler")
        overdue_title.setStyleSheet("font-weight: 600;")
        grid = QGridLayout()
        left = QVBoxLayout()
        left.addWidget(overdue_title)
        left.addWidget(self.empty_label)
        left.addWidget(self.table, 1)
        grid.addLayout(left, 0, 0, 2, 1)
        grid.addWidget(self.volume_chart, 0, 1)
        grid.addWidget(self.rate_chart, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addLayout(tiles_row)
        layout.addLayout(grid, 1)

    # -- loading --------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Reload every figure for today in the background (coalesces repeated calls)."""
        self._full = True
        self._start()

    def _start(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.refresh_button.setEnabled(False)
        as_of = self._today()
        load = self._load
        # Only the cases that changed since the last load, when the loader can take them.
        changed = None if self._full or not getattr(load, "incremental", False) \
            else frozenset(self._changed)
        self._full = False
        self._changed = set()
        started = time.perf_counter()

        def op() -> tuple[DashboardData, Prepared]:
            data = load(as_of) if changed is None else load(as_of, changed=changed)
            return data, prepare(data)  # the texts too, off the UI thread

        def done(loaded: tuple[DashboardData, Prepared]) -> None:
            if not isValid(self):  # the view was closed while the figures loaded
                return
            self.last_load_ms = (time.perf_counter() - started) * 1000
            self._finish()
            self.show_data(*loaded)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._full = True  # what the failed load missed is read in full next time
            self._finish()
            text = f"The dashboard could not be loaded: {error_text(exc)}"
            self.message_label.setText(text)
            self.message_label.show()
            self.load_failed.emit(text)

        self._runner.run(op, on_success=done, on_error=failed, parent=self, title="Dashboard")

    @Slot()
    @Slot(str)
    def on_cases_changed(self, reference: str = "") -> None:
        """Connect to "cases changed" (every case) or "case changed" (one reference).

        Refreshes now if shown, else when next shown; for one case, only that case is read
        again when the loader allows it.
        """
        if reference:
            self._changed.add(reference)
        else:
            self._full = True
        if self.isVisible():
            self._start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._start()

    def _finish(self) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        if self._again:
            self._again = False
            self._start()

    # -- showing --------------------------------------------------------------------------
    def show_data(self, data: DashboardData, shown: Prepared | None = None) -> None:
        """Put ``data`` on screen (called on the UI thread).

        ``shown`` is ``prepare(data)``, worked out on the worker thread that loaded it.
        """
        shown = shown or prepare(data)
        before, self.data = self.data, data
        self.message_label.hide()
        self.as_of_label.setText(f"As at {data.as_of.strftime('%d %b %Y')}")
        for key, tile in self.tiles.items():
            tile.set_value(getattr(data.figures, key))
        for key, text in shown.details.items():
            self.tiles[key].set_details(text)
        # After one case changes most of the board is as it was: redraw only what differs.
        if before is None or shown.items != self.model.items:
            self.table.clearSpans()
            self.model.set_items(shown.items)
            for row in shown.groups:
                self.table.setSpan(row, 0, 1, self.model.columnCount())
            self.table.setCurrentIndex(QModelIndex())  # no heading shown as the current row
        self.empty_label.setVisible(not data.overdue)
        self.table.setVisible(bool(data.overdue))
        if before is None or before.months != data.months:
            self._draw_volume(data)
            self._draw_rate(data)
        self.refreshed.emit()

    def tile_value(self, key: str) -> str:
        return self.tiles[key].value_label.text()

    def _chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark()
                       else QChart.ChartTheme.ChartThemeLight)  # before any series is added
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        return chart

    def _draw_volume(self, data: DashboardData) -> None:
        period = period_text([m.month for m in data.months])
        chart = self._chart(f"Monthly volume, {period}")
        received, closed = QBarSet("Received"), QBarSet("Closed")
        received.setColor(QColor(RECEIVED_COLOUR))
        closed.setColor(QColor(CLOSED_COLOUR))
        for month in data.months:
            received.append(month.received)
            closed.append(month.closed)
        series = QBarSeries()
        series.append(received)
        series.append(closed)
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(month_labels([m.month for m in data.months]))
        x_axis.setLabelsFont(self._axis_font)
        y_axis = QValueAxis()
        top = max([1, *(max(m.received, m.closed) for m in data.months)])
        y_axis.setRange(0, top)
        y_axis.setLabelFormat("%d")
        y_axis.applyNiceNumbers()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._replace(self.volume_chart, chart)

    def _draw_rate(self, data: DashboardData) -> None:
        period = period_text([m.month for m in data.months])
        chart = self._chart(f"On-time rate, {period}")
        pen = QPen(QColor(RATE_COLOUR))
        pen.setWidth(2)
        # One line per run of months with closures: a month with none is a gap, not a
        # slope from the month before to the month after.
        runs: list[list[tuple[int, float]]] = []
        for index, month in enumerate(data.months):
            if month.on_time_rate is None:
                continue
            point = (index, round(month.on_time_rate * 100, 1))
            if runs and runs[-1][-1][0] == index - 1:
                runs[-1].append(point)
            else:
                runs.append([point])
        all_series = []
        for run in runs or [[]]:
            series = QLineSeries()
            series.setName("Closed on time")
            series.setPen(pen)
            series.setPointsVisible(True)
            for x, y in run:
                series.append(x, y)
            chart.addSeries(series)
            all_series.append(series)
        x_axis = QBarCategoryAxis()
        x_axis.append(month_labels([m.month for m in data.months]))
        x_axis.setLabelsFont(self._axis_font)
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d%%")
        y_axis.setTickCount(6)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in all_series:
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        chart.legend().hide()
        self._replace(self.rate_chart, chart)

    @staticmethod
    def _replace(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)  # the view takes ownership of the new chart
        if old is not None and old is not chart:
            old.deleteLater()

    # -- click-through --------------------------------------------------------------------
    def _row_chosen(self, index: QModelIndex) -> None:
        reference = self.model.reference_at(index.row()) if index.isValid() else None
        if not reference:
            return
        now = time.monotonic()
        last_ref, last_time = self._last_emit
        if reference == last_ref and now - last_time < 0.5:
            return  # one click can also count as an activation on some platforms
        self._last_emit = (reference, now)
        self.case_requested.emit(reference)
