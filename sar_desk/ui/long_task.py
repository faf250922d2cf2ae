"""Long work (a backup, a restore, a report) with progress and a Cancel button.

:class:`LongTask` runs ``op(progress)`` through the window's :class:`TaskRunner`: the op
calls ``progress(done, total)`` as it goes, which moves the bar on the GUI thread and, once
Cancel was pressed, raises :class:`Cancelled` inside the work so the service stops and
cleans up. Work that cannot stop half way (building a report) is cancelled by dropping its
result: nothing is saved or shown. :class:`ProgressPanel` is the bar, a line of text and
Cancel, shown inline so the rest of the window stays usable.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from sar_desk.ui.tasks import TaskRunner

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised inside the work when the user pressed Cancel."""


class LongTask(QObject):
    """One piece of long work at a time; ``progressed(done, total)`` on the GUI thread."""

    progressed = Signal(int, int)
    started = Signal(str)
    ended = Signal(str)  # "done", "cancelled" or "failed"

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._stop = threading.Event()
        self.running = False

    def start(self, what: str, op: Callable[[Progress], Any], *,
              on_success: Callable[[Any], None], on_error: Callable[[BaseException], None],
              lane: str | None = "workspace") -> None:
        """Run ``op(progress)``; ``what`` says what is being done ("Backing up…")."""
        self._stop.clear()
        self.running = True
        stop, progressed = self._stop, self.progressed

        def progress(done: int, total: int) -> None:  # worker thread
            if stop.is_set():
                raise Cancelled
            progressed.emit(done, total)

        def done(result: Any) -> None:
            self.running = False
            if stop.is_set():  # finished anyway (it could not stop): its result is dropped
                self.ended.emit("cancelled")
                return
            self.ended.emit("done")
            on_success(result)

        def failed(exc: BaseException) -> None:
            self.running = False
            if isinstance(exc, Cancelled) or stop.is_set():
                self.ended.emit("cancelled")
                return
            self.ended.emit("failed")
            on_error(exc)

        self.started.emit(what)
        self.runner.run(lambda: op(progress), on_success=done, on_error=failed, lane=lane)

    def cancel(self) -> None:
        if self.running:
            self._stop.set()


class ProgressPanel(QWidget):
    """A bar, what is being done, and Cancel; hidden while nothing runs."""

    def __init__(self, task: LongTask, parent: QWidget | None = None, *,
                 cancellable: bool = True) -> None:
        super().__init__(parent)
        self.task = task
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        self.bar.setMinimumWidth(220)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setVisible(cancellable)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._cancel)
        task.started.connect(self._started)
        task.progressed.connect(self._progressed)
        task.ended.connect(self._ended)
        self.setVisible(False)

    def _started(self, what: str) -> None:
        self.label.setText(what)
        self.bar.setRange(0, 0)  # busy until the first count comes in
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Stopping…")
        self.task.cancel()

    def _ended(self, how: str) -> None:
        self.setVisible(False)
