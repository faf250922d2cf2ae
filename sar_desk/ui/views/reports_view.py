"""Reports (managers and privacy officers): the monthly compliance report and the register
export, each for a chosen range, previewed as a table before it is saved.

Building a report runs in the background with Cancel (its result is then dropped: nothing
is shown or saved). Saving writes exactly what the preview shows: the report built for the
preview, or the register for the same range.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.base import error_label, pydate, qdate
from sar_desk.ui.long_task import LongTask, ProgressPanel

REPORT_FORMATS = (("PDF", "pdf"), ("Excel workbook (XLSX)", "xlsx"), ("CSV", "csv"))
REGISTER_FORMATS = (("CSV", "csv"), ("Excel workbook (XLSX)", "xlsx"))
PREVIEW_ROWS = 200  # the register preview shows the first rows; the file holds them all


def cell_text(value: object) -> str:
    from sar_desk.core.compliance import format_rate

    if value is None:
        return "–"
    if isinstance(value, float):
        return format_rate(value)
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def fill_table(table: QTableWidget, rows: list[list[object]]) -> None:
    """Show ``rows`` (header first) in ``table``."""
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    table.clear()
    table.setColumnCount(len(header))
    table.setHorizontalHeaderLabels([str(h) for h in header])
    table.setRowCount(len(body))
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(cell_text(value)))


def month_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day.replace(day=1)))
    edit.setDisplayFormat("MMMM yyyy")
    edit.setCalendarPopup(True)
    return edit


def day_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setCalendarPopup(True)
    return edit


def _table() -> QTableWidget:
    table = QTableWidget(0, 0)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setMinimumHeight(140)
    return table


class ReportsView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Any = None  # the compliance report previewed (what Save writes)
        self.register_range: tuple[dt.date, dt.date] | None = None
        self.saved: list[str] = []
        self._shown_once = False
        today = ctx.today()
        year_ago = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        first = QDate(year_ago.year, year_ago.month, 1).addMonths(-11)
        title = QLabel("<h2>Reports</h2>")
        self.task = LongTask(ctx.runner, self)
        self.progress = ProgressPanel(self.task, self)

        # -- the monthly compliance report --
        self.first_month = month_edit(pydate(first))
        self.last_month = month_edit(year_ago)
        self.report_format = QComboBox()
        for label, key in REPORT_FORMATS:
            self.report_format.addItem(label, key)
        self.report_error = error_label()
        self.report_preview_button = QPushButton("&Preview report")
        self.report_save_button = QPushButton("&Save report…")
        self.report_table = _table()
        self.report_table.setAccessibleName("Compliance report preview")
        self.report_summary = QLabel()
        self.report_summary.setWordWrap(True)
        report_box = QGroupBox("Monthly compliance report")
        form = QFormLayout()
        form.addRow("Fro&m:", self._pair(self.first_month, QLabel("to"), self.last_month))
        form.addRow("", self.report_error)
        form.addRow("F&ormat:", self.report_format)
        inner = QVBoxLayout(report_box)
        inner.addLayout(form)
        inner.addLayout(self._buttons(self.report_preview_button, self.report_save_button))
        inner.addWidget(self.report_summary)
        inner.addWidget(self.report_table, 1)

        # -- the register export --
        self.received_from = day_edit(pydate(first))
        self.received_to = day_edit(today)
        self.register_format = QComboBox()
        for label, key in REGISTER_FORMATS:
            self.register_format.addItem(label, key)
        self.register_error = error_label()
        self.register_preview_button = QPushButton("Preview reg&ister")
        self.register_save_button = QPushButton("Save re&gister…")
        self.register_table = _table()
        self.register_table.setAccessibleName("Register preview")
        self.register_summary = QLabel()
        register_box = QGroupBox("Register of requests")
        form = QFormLayout()
        form.addRow("&Received from:", self._pair(self.received_from, QLabel("to"),
                                                  self.received_to))
        form.addRow("", self.register_error)
        form.addRow("Forma&t:", self.register_format)
        inner = QVBoxLayout(register_box)
        inner.addLayout(form)
        inner.addLayout(self._buttons(self.register_preview_button, self.register_save_button))
        inner.addWidget(self.register_summary)
        inner.addWidget(self.register_table, 1)

        boxes = QHBoxLayout()
        boxes.addWidget(report_box, 1)
        boxes.addWidget(register_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.progress)
        layout.addLayout(boxes, 1)

        self.report_save_button.setEnabled(False)
        self.register_save_button.setEnabled(False)
        self.report_preview_button.clicked.connect(self.preview_report)
        self.report_save_button.clicked.connect(self.save_report)
        self.register_preview_button.clicked.connect(self.preview_register)
        self.register_save_button.clicked.connect(self.save_register)
        for edit in (self.first_month, self.last_month):
            edit.dateChanged.connect(self._report_changed)
        for edit in (self.received_from, self.received_to):
            edit.dateChanged.connect(self._register_changed)
        self.task.started.connect(lambda _what: self._busy(True))
        self.task.ended.connect(lambda _how: self._busy(False))

    @staticmethod
    def _pair(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return holder

    @staticmethod
    def _buttons(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown_once:  # the first time: preview the default ranges at once
            self._shown_once = True
            self.refresh()

    def refresh(self) -> None:
        """Preview the compliance report, then the register, for the ranges shown."""
        if self.task.running:
            return
        self.task.ended.connect(self._then_register, Qt.ConnectionType.SingleShotConnection)
        self.preview_report()

    def _then_register(self, how: str) -> None:
        if how == "done":
            self.preview_register()

    def _busy(self, busy: bool) -> None:
        for button in (self.report_preview_button, self.register_preview_button):
            button.setEnabled(not busy)
        self.report_save_button.setEnabled(not busy and self.report is not None)
        self.register_save_button.setEnabled(not busy and self.register_range is not None)

    def _failed(self, title: str, exc: BaseException) -> None:
        self.ctx.runner.present_error(self, title, exc)

    # -- the compliance report ------------------------------------------------------------
    def months(self) -> tuple[tuple[int, int], tuple[int, int]]:
        first, last = self.first_month.date(), self.last_month.date()
        return (first.year(), first.month()), (last.year(), last.month())

    def _report_changed(self) -> None:
        first, last = self.months()
        reason = ("The first month is after the last." if first > last else "")
        self.report_error.setText(reason)
        self.report_error.setVisible(bool(reason))
        self.report_preview_button.setEnabled(not reason)
        self.report = None  # the preview no longer matches the range
        self.report_save_button.setEnabled(False)

    def preview_report(self) -> None:
        from sar_desk.services.reports import compliance_report

        first, last = self.months()
        ws = self.ctx.workspace
        self.task.start("Building the compliance report…",
                        lambda _progress: compliance_report(ws, first, last),
                        on_success=self._show_report,
                        on_error=lambda exc: self._failed("Report not built", exc))

    def _show_report(self, report: Any) -> None:
        if (report.first, report.last) != self.months():
            return  # the range was changed while it was built: preview again
        self.report = report
        fill_table(self.report_table, report.month_table())
        total = report.total
        self.report_summary.setText(
            f"{report.period_label}: {total.received} received, {total.closed} closed, "
            f"{total.closed_on_time} on time. Figures as at {report.as_of:%d %b %Y}.")
        self._busy(False)

    def save_report(self) -> None:
        from sar_desk.services.reports import write_report
        from sar_desk.services.settings import workspace_profile

        if self.report is None:
            return
        fmt = self.report_format.currentData()
        report, ws = self.report, self.ctx.workspace
        name = f"compliance-{report.first[0]}-{report.first[1]:02d}-to-" \
               f"{report.last[0]}-{report.last[1]:02d}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, "Save the compliance report", name,
                                              f"{fmt.upper()} (*.{fmt})")
        if not path:
            return

        def op() -> Any:
            organisation = str(workspace_profile(ws).get("organisation.name", "") or "")
            return write_report(report, path, fmt, organisation=organisation,
                                workspace=ws.path)

        self.ctx.run(op, on_success=lambda out: self._saved(f"Saved the report to {out}"),
                     parent=self, title="Report not saved")

    def _saved(self, text: str) -> None:
        self.saved.append(text)
        self.ctx.signals.status_message.emit(text)

    # -- the register ---------------------------------------------------------------------
    def _register_changed(self) -> None:
        start, end = pydate(self.received_from.date()), pydate(self.received_to.date())
        reason = "The range starts after it ends." if start > end else ""
        self.register_error.setText(reason)
        self.register_error.setVisible(bool(reason))
        self.register_preview_button.setEnabled(not reason)
        self.register_range = None
        self.register_save_button.setEnabled(False)

    def preview_register(self) -> None:
        from sar_desk.services.register_export import register_rows, register_table

        start, end = pydate(self.received_from.date()), pydate(self.received_to.date())
        ws = self.ctx.workspace

        def op(_progress: Any) -> tuple[list[list[object]], int]:
            rows = register_rows(ws, received_from=start, received_to=end)
            return register_table(rows[:PREVIEW_ROWS]), len(rows)

        self.task.start("Reading the register…", op,
                        on_success=lambda found: self._show_register(found, (start, end)),
                        on_error=lambda exc: self._failed("Register not read", exc))

    def _show_register(self, found: tuple[list[list[object]], int],
                       period: tuple[dt.date, dt.date]) -> None:
        table, count = found
        if period != (pydate(self.received_from.date()), pydate(self.received_to.date())):
            return  # the range was changed while it was read
        self.register_range = period
        fill_table(self.register_table, table)
        shown = f" (the first {PREVIEW_ROWS} shown)" if count > PREVIEW_ROWS else ""
        self.register_summary.setText(f"{count} case{'s' if count != 1 else ''} received "
                                      f"from {period[0]:%d %b %Y} to {period[1]:%d %b %Y}"
                                      f"{shown}.")
        self._busy(False)

    def save_register(self) -> None:
        from sar_desk.services.register_export import export_register

        if self.register_range is None:
            return
        start, end = self.register_range
        fmt = self.register_format.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the register", f"register-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}",
            f"{fmt.upper()} (*.{fmt})")
        if not path:
            return
        ws = self.ctx.workspace
        self.ctx.run(lambda: export_register(ws, path, fmt=fmt, received_from=start,
                                             received_to=end),
                     on_success=lambda n: self._saved(
                         f"Saved {n} case{'s' if n != 1 else ''} to {path}"),
                     parent=self, title="Register not saved")
