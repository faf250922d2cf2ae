"""The Complaints list, beside the Cases: every data protection complaint the user may see,
with who handles each; "Only mine" keeps those the user handles."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.complaint_handler import is_mine
from sar_desk.core.complaint_metrics import TILES, tile_test
from sar_desk.ui.context import UiContext
from sar_desk.ui.models.complaint_table_model import (
    COL_COMPLAINANT,
    ComplaintTableModel,
    ReferenceRole,
)

FILTERS = {"all": "All complaints", "open": "Open", **TILES, "closed": "Closed"}


class ComplaintListView(QWidget):
    """Loads the complaint rows off the UI thread; a double click (or Enter) opens one."""

    open_complaint = Signal(str)
    new_complaint = Signal()
    loaded = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.all_rows: list = []
        self.login = ""  # the user's login, for "Only mine"
        self.title = QLabel("<b>Data protection complaints</b> (DPA 2018 s.164A): "
                            "acknowledge within 30 days, answer every issue.")
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show")
        for key, text in FILTERS.items():
            self.filter.addItem(text, key)
        self.filter.setCurrentIndex(1)  # open
        self.filter.currentIndexChanged.connect(self._apply)
        self.mine = QCheckBox("Only &mine")
        self.mine.setToolTip("Only the complaints you handle")
        self.mine.toggled.connect(self._apply)
        self.new_button = QPushButton("&New complaint…")
        self.new_button.clicked.connect(self.new_complaint.emit)
        self.model = ComplaintTableModel(self, today=ctx.today())
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            COL_COMPLAINANT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("&Show:", buddy=self.filter))
        top.addWidget(self.filter)
        top.addWidget(self.mine)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def refresh(self) -> None:
        from sar_desk.services.access import current_user
        from sar_desk.services.complaints import list_complaints

        ws = self.ctx.workspace
        self.ctx.run(lambda: (list_complaints(ws), current_user(ws).login),
                     on_success=self._show, parent=self, title="Complaints")

    def _show(self, result: tuple[list, str]) -> None:
        rows, self.login = result
        self.all_rows = rows
        self._apply()
        self.loaded.emit(len(rows))

    def show_only(self, key: str) -> None:
        """Show the complaints behind a filter (a dashboard tile's name, open, all...)."""
        index = self.filter.findData(key)
        if index >= 0:
            self.filter.setCurrentIndex(index)
        self.refresh()

    def _apply(self, *_args: object) -> None:
        key, today = self.filter.currentData(), self.ctx.today()
        rows = self.all_rows
        if key in ("open", "closed"):
            rows = [r for r in rows if r.status.value == key]
        elif key in TILES:
            rows = [r for r in rows if tile_test(key, r, today)]
        if self.mine.isChecked():
            rows = [r for r in rows if is_mine(r.handler, self.login)]
        self.model.set_rows(rows, today)
        self.table.resizeColumnsToContents()
        shown = len(rows)
        self.count.setText(f"{shown} of {len(self.all_rows)} complaints shown")

    def _activated(self, index) -> None:  # noqa: ANN001 - a QModelIndex
        self.open_complaint.emit(index.data(ReferenceRole))
