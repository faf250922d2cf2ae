"""Reminders while the window is open: at start-up and once a day, when something of the
user's falls due (see :mod:`sar_desk.services.my_work`), a desktop notification from a tray
icon where the desktop has a system tray, else a banner across the top of the window.

The My work page (built here) lists the same things; the banner and the notification both
lead there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from sar_desk.ui.views.my_work_view import MyWorkView

CHECK_EVERY_MS = 60 * 60 * 1000  # how often the day is looked at (one reminder a day)
TITLE = "SAR Desk: my work"


def build_my_work_page(window: Any) -> MyWorkView:
    """The My work page of ``window``, wired to open cases, complaints and chaser letters."""
    view = MyWorkView(window.ctx, window)
    view.open_case.connect(window.open_case)
    view.open_complaint.connect(window.open_complaint)
    view.write_chaser.connect(lambda ref: open_chaser(window, ref))
    window.ctx.signals.cases_changed.connect(view.refresh)
    return view


def open_chaser(window: Any, reference: str) -> None:
    """Open case ``reference`` at its Letters tab with the chaser letter chosen."""
    case_view = window.case_view

    def shown(ref: str) -> None:
        if ref != reference:
            return
        case_view.loaded.disconnect(shown)
        case_view.tabs.setCurrentWidget(case_view.letters)
        index = case_view.letters.kind.findData("chaser")
        if index >= 0:
            case_view.letters.kind.setCurrentIndex(index)

    case_view.loaded.connect(shown)
    window.open_case(reference)


class Banner(QToolBar):
    """The in-window reminder: what falls due, a button to My work, and Dismiss."""

    def __init__(self, window: Any) -> None:
        super().__init__("Reminders", window)
        self.setObjectName("reminderBanner")
        self.setMovable(False)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 2, 6, 2)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAccessibleName("Reminder")
        self.open_button = QPushButton("Open My work")
        self.open_button.clicked.connect(lambda: window.show_view("my-work"))
        dismiss = QPushButton("Dismiss")
        dismiss.clicked.connect(self.hide)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(dismiss)
        self.addWidget(box)
        self.hide()

    def say(self, text: str) -> None:
        self.text.setText(text)
        self.show()


class Reminders(QObject):
    """Looks at the user's work at start-up and once a day, and tells them what falls due."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.last_day: dt.date | None = None
        self.last_text = ""
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():
                icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("SAR Desk")
            self.tray.messageClicked.connect(self._open)
            self.tray.show()
        self.banner = Banner(window)
        window.addToolBarBreak()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        window.stack.currentChanged.connect(self._page_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Look once per day (the first call of a new day reads the user's work)."""
        today = self.window.ctx.today()
        if self.last_day == today:
            return
        self.last_day = today
        from sar_desk.services.my_work import has_work_list, my_work

        ws = self.window.ctx.workspace
        if not has_work_list(ws):  # an administrator only: no cases of theirs
            return
        self.window.ctx.run(lambda: my_work(ws), on_success=self.notify,
                            on_error=lambda _exc: None, parent=self.window, title="My work")

    def notify(self, work: Any) -> None:
        """Tell the user what falls due (nothing when nothing does)."""
        text = work.summary()
        self.last_text = text
        if not text:
            self.banner.hide()
            return
        if self.tray is not None:
            self.tray.showMessage(TITLE, text, QSystemTrayIcon.MessageIcon.Information)
        else:
            self.banner.say(f"Falling due: {text}.")

    def _page_changed(self, _index: int) -> None:
        if self.window.current_view() == "my-work":  # the page says it all
            self.banner.hide()

    def _open(self) -> None:
        self.window.show_view("my-work")
        self.window.raise_()
        self.window.activateWindow()


def install_reminders(window: Any) -> Reminders:
    """Reminders for ``window``: the first look is made once the window has started."""
    reminders = Reminders(window)
    QTimer.singleShot(0, reminders.check)
    return reminders
