"""Run service calls off the UI thread (QRunnable + QObject signals on a QThreadPool).

Every widget calls ``runner.run(op, on_success=...)``: the op runs on a worker thread,
the callbacks run back on the GUI thread. Database work for one workspace goes through a
serial lane (a pool with one thread) so two writes never race; CPU-only work (rendering
letters, parsing files) may use the shared pool. Errors derived from
:class:`~sar_desk.errors.SarDeskError` are shown as readable dialogs; anything else is
logged and shown as a short "something went wrong" message, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from sar_desk.errors import SarDeskError

log = logging.getLogger(__name__)

ErrorPresenter = Callable[[QWidget | None, str, BaseException], None]


def error_text(exc: BaseException) -> str:
    """What a person should read about an error: the message and the window's remedy (or,
    for an unexpected error, where the details are), never a traceback."""
    if isinstance(exc, SarDeskError):
        from sar_desk.ui.remedies import describe

        return describe(exc)
    from sar_desk.logfile import current_path

    where = current_path()
    details = f" The details are in the log file {where}." if where else ""
    return (
        f"Something unexpected went wrong ({type(exc).__name__}: {exc}). "
        f"Nothing was changed by the failed step.{details} "
        "Please report this to your administrator."
    )


def show_error_dialog(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """The default presenter: a warning box with the readable message (the error is logged)."""
    if isinstance(exc, SarDeskError):  # the unexpected ones were logged where they were caught
        from sar_desk.logfile import log_error

        log_error(exc, "error shown in the window", level=logging.WARNING)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "SAR Desk")
    box.setText(error_text(exc))
    box.exec()


class TaskSignals(QObject):
    """Lives on the GUI thread; the worker emits through it (queued to the GUI thread)."""

    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, op: Callable[[], Any], signals: TaskSignals) -> None:
        super().__init__()
        self.op = op
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        try:
            result = self.op()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            if not isinstance(exc, SarDeskError):
                log.error("background task failed", exc_info=exc)
            self._report(self.signals.failed, exc)
        else:
            self._report(self.signals.finished, result)

    @staticmethod
    def _report(signal: Any, value: Any) -> None:
        """Hand ``value`` back to the GUI thread; if the window that asked has already gone
        (closed while the work ran), there is no one left to tell."""
        try:
            signal.emit(value)
        except RuntimeError:  # "Signal source has been deleted"
            log.info("background task finished after its window closed")


class TaskRunner(QObject):
    """Runs operations in the background and reports how many are in flight."""

    busy_changed = Signal(int)  # number of operations still running

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        error_presenter: ErrorPresenter | None = None,
        cpu_threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self.present_error: ErrorPresenter = (
            show_error_dialog if error_presenter is None else error_presenter
        )
        self._lanes: dict[str, QThreadPool] = {}
        self._cpu = QThreadPool(self)
        self._cpu.setMaxThreadCount(max(1, cpu_threads))
        self._in_flight: set[TaskSignals] = set()

    # -- public ---------------------------------------------------------------------------
    def run(
        self,
        op: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        lane: str | None = "workspace",
        parent: QWidget | None = None,
        title: str = "",
    ) -> TaskSignals:
        """Start ``op`` on a worker. ``lane`` names a serial lane (``None``: CPU pool)."""
        signals = TaskSignals()
        self._in_flight.add(signals)

        def done(result: Any) -> None:
            self._finish(signals)
            if on_success is not None:
                on_success(result)

        def failed(exc: BaseException) -> None:
            self._finish(signals)
            if on_error is not None:
                on_error(exc)
            else:
                self.present_error(parent, title or "SAR Desk", exc)

        signals.finished.connect(done)
        signals.failed.connect(failed)
        pool = self._cpu if lane is None else self._lane(lane)
        pool.start(_Task(op, signals))
        self.busy_changed.emit(len(self._in_flight))
        return signals

    @property
    def busy(self) -> int:
        return len(self._in_flight)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block (processing events) until nothing runs; for start-up, screenshots and tests."""
        deadline = QDeadlineTimer(msecs)
        while self._in_flight and not deadline.hasExpired():
            for pool in (*self._lanes.values(), self._cpu):
                pool.waitForDone(5)
            QCoreApplication.processEvents()
        return not self._in_flight

    def shutdown(self, msecs: int = 10_000) -> None:
        for pool in (*self._lanes.values(), self._cpu):
            pool.waitForDone(msecs)

    # -- internals ------------------------------------------------------------------------
    def _lane(self, key: str) -> QThreadPool:
        pool = self._lanes.get(key)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._lanes[key] = pool
        return pool

    def _finish(self, signals: TaskSignals) -> None:
        self._in_flight.discard(signals)
        self.busy_changed.emit(len(self._in_flight))
