"""My work: the current user's cases due soon, letters awaiting their approval, requests
unanswered for 14 days (each with a chaser letter to write) and complaints to acknowledge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.dates import long_date
from sar_desk.core.deadline_explain import plural
from sar_desk.ui.context import UiContext
from sar_desk.ui.tasks import error_text

REF_ROLE = Qt.ItemDataRole.UserRole


def _list(headers: tuple[str, ...], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAccessibleName(name)
    for column, width in enumerate((130, 220, 320)):
        tree.setColumnWidth(column, width)
    tree.setMinimumHeight(90)
    return tree


class MyWorkView(QWidget):
    """Reads :func:`sar_desk.services.my_work.my_work` off the UI thread and lists it."""

    open_case = Signal(str)
    open_complaint = Signal(str)
    write_chaser = Signal(str)  # a case whose chaser letter the user wants to write
    loaded = Signal(object)  # the MyWork just shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.work: Any = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setRange(0, 366)
        self.days.setValue(7)
        self.days.setSuffix(" days")
        self.days.setAccessibleName("Cases due within how many days")
        self.days.valueChanged.connect(self.refresh)
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        due_label = QLabel("Cases &due within:")
        due_label.setBuddy(self.days)
        bar.addWidget(due_label)
        bar.addWidget(self.days)
        bar.addWidget(refresh)

        self.due = _list(("Reference", "Requester", "Due", "When"), "My cases due")
        self.approvals = _list(("Reference", "Requester", "Letter", "Asked by"),
                               "Letters awaiting my approval")
        self.chasers = _list(("Reference", "Requester", "Asked for", "Unanswered"),
                             "Unanswered requests")
        self.complaints = _list(("Reference", "Complainant", "Received", "Acknowledge by",
                                 "Handler"), "Complaints to acknowledge")
        self.complaints.setColumnWidth(3, 160)
        self.chaser_button = QPushButton("Write the &chaser letter…")
        self.chaser_button.setEnabled(False)
        self.chaser_button.clicked.connect(self._chaser_clicked)
        self.chasers.currentItemChanged.connect(
            lambda item, _old: self.chaser_button.setEnabled(item is not None))
        self.groups: dict[str, QGroupBox] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        for key, title, tree in (("due", "My cases due", self.due),
                                 ("approvals", "Letters awaiting my approval", self.approvals),
                                 ("chasers", "Unanswered for 14 days or more: send a chaser",
                                  self.chasers),
                                 ("complaints", "Complaints to acknowledge", self.complaints)):
            box = QGroupBox(title)
            if tree is self.complaints:
                box.setToolTip("The complaints you handle, and those with no handler yet")
            inner = QVBoxLayout(box)
            inner.addWidget(tree)
            if tree is self.chasers:
                inner.addWidget(self.chaser_button, 0, Qt.AlignmentFlag.AlignLeft)
            column.addWidget(box)
            self.groups[key] = box
        for tree, signal in ((self.due, self.open_case), (self.approvals, self.open_case),
                             (self.chasers, self.open_case),
                             (self.complaints, self.open_complaint)):
            tree.itemActivated.connect(
                lambda item, _col, s=signal: s.emit(item.data(0, REF_ROLE)))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.failure = QLabel()
        self.failure.setWordWrap(True)
        self.failure.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.failure)
        layout.addWidget(scroll, 1)
        self.title.setText("My work")

    def refresh(self) -> None:
        from sar_desk.services.my_work import my_work

        ws, days = self.ctx.workspace, self.days.value()
        self.ctx.run(lambda: my_work(ws, days), on_success=self.show_work,
                     on_error=self._failed, parent=self, title="My work")

    def _failed(self, exc: BaseException) -> None:
        self.failure.setText(f"Your work could not be read. {error_text(exc)}")
        self.failure.show()

    def show_work(self, work: Any) -> None:
        self.work = work
        self.failure.hide()
        self.title.setText(f"My work on {long_date(work.as_of)}: "
                           + (work.summary() or "nothing falls due"))
        self._fill(self.due, [
            (d.reference, d.requester, long_date(d.due),
             f"{plural(-d.days_left, 'day')} overdue" if d.days_left < 0 else
             "today" if d.days_left == 0 else "tomorrow" if d.days_left == 1 else
             f"in {d.days_left} days") for d in work.due])
        self._fill(self.approvals, [
            (a.reference, a.requester, f"{a.letter_id} ({a.kind})", a.asked_by)
            for a in work.approvals])
        self._fill(self.chasers, [
            (c.reference, c.requester, f"{c.asked} on {long_date(c.asked_on)}",
             f"{c.days} days") for c in work.chasers])
        self._fill(self.complaints, [
            (c.reference, c.complainant, long_date(c.received), long_date(c.ack_due),
             c.handler_text) for c in work.complaints])
        for key, tree in (("due", self.due), ("approvals", self.approvals),
                          ("chasers", self.chasers), ("complaints", self.complaints)):
            box = self.groups[key]
            base = box.title().split(" (")[0]
            box.setTitle(f"{base} ({tree.topLevelItemCount()})")
        self.chaser_button.setEnabled(self.chasers.currentItem() is not None)
        self.loaded.emit(work)

    @staticmethod
    def _fill(tree: QTreeWidget, rows: list[tuple[str, ...]]) -> None:
        tree.clear()
        for row in rows:
            item = QTreeWidgetItem(list(row))
            item.setData(0, REF_ROLE, row[0])
            tree.addTopLevelItem(item)

    def _chaser_clicked(self) -> None:
        item = self.chasers.currentItem()
        if item is not None:
            self.write_chaser.emit(item.data(0, REF_ROLE))
