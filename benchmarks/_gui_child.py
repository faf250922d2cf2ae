"""Runs in a new process for ``scale.py``: the window over a workspace, timed.

The steps of ``sar-desk gui`` (offscreen Qt; the workspace key comes on stdin and stands in
for the desktop keyring, never written to disk), then the case list and the dashboard are
refreshed with nothing changed, and after one case changes: an event is recorded on a case
through the service and "case changed" is announced, as the case view does. Every wait runs
the Qt event loop; a 5 ms timer on the UI thread measures the longest time it was blocked.

    python _gui_child.py START ROOT SERVICE REF,REF,... RUNS  (key on stdin)

Prints one ``RESULT-JSON {...}`` line.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
import time

START, ROOT, SERVICE = float(sys.argv[1]), sys.argv[2], sys.argv[3]
REFS, RUNS = sys.argv[4].split(","), int(sys.argv[5])
SECRET = sys.stdin.readline().strip()

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402


class DesktopKeyring(KeyringBackend):  # the OS keyring of a desktop session
    priority = 1

    def get_password(self, service, username):
        return SECRET if service == SERVICE else None

    def set_password(self, service, username, password):
        pass

    def delete_password(self, service, username):
        pass


keyring.set_keyring(DesktopKeyring())

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer  # noqa: E402

from sar_desk.cli.common import startup_clock  # noqa: E402
from sar_desk.core.entities import EventKind  # noqa: E402
from sar_desk.services import cases as C  # noqa: E402
from sar_desk.store import holiday_cache  # noqa: E402
from sar_desk.ui.app import application, build_window, obtain_workspace, use_ui_font  # noqa: E402
from sar_desk.ui.tasks import TaskRunner  # noqa: E402

holiday_cache.install()  # as sar-desk gui does
app = application()
use_ui_font()  # as sar-desk gui does: the shipped fonts, the shipped UI font
runner = TaskRunner(app)
clock = startup_clock()  # SAR_DESK_TODAY from the parent, as sar-desk gui reads it
ws = obtain_workspace(ROOT, passphrase=None, runner=runner, interactive=False, clock=clock)
window = build_window(ws, runner=runner)
window.resize(1280, 800)


class Heartbeat:
    """Ticks every 5 ms on the UI thread; the longest gap is the longest block."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.last = 0
        self.worst = 0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.clock.start()
        self.last, self.worst = 0, 0
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.tick()
        self.timer.stop()
        return self.worst


heart = Heartbeat()


def until(signals: list, action=None, timeout_ms: int = 60_000) -> list[float]:
    """Run ``action`` and the event loop until every signal fired once: seconds to each."""
    fired: list[float | None] = [None] * len(signals)
    loop = QEventLoop()
    started = time.perf_counter()

    def hit(i: int) -> None:
        if fired[i] is None:
            fired[i] = time.perf_counter() - started
        if all(f is not None for f in fired):
            loop.quit()

    slots = [lambda *_a, i=i: hit(i) for i in range(len(signals))]
    for signal, slot in zip(signals, slots, strict=True):
        signal.connect(slot)
    QTimer.singleShot(timeout_ms, loop.quit)
    if action is not None:
        action()
    if not all(f is not None for f in fired):
        loop.exec()
    for signal, slot in zip(signals, slots, strict=True):
        signal.disconnect(slot)
    if any(f is None for f in fired):
        missing = ", ".join(str(s) for s, f in zip(signals, fired, strict=True) if f is None)
        sys.exit(f"a refresh did not finish within the time limit (no signal from {missing})")
    return fired  # type: ignore[return-value]


cases = window.cases
until([cases.loaded], window.show)
shown = time.time() - START
usage = resource.getrusage(resource.RUSAGE_SELF)
out: dict = {"shown": shown, "rows": cases.model.rowCount(), "peak_kib_start": usage.ru_maxrss,
             "cpu_shown": usage.ru_utime + usage.ru_stime}

dashboard = window.page("dashboard")
out["dashboard_first"] = until([dashboard.refreshed],
                               lambda: window.show_view("dashboard"))[0]
today = clock.today()
refs = iter(REFS)


def change_one() -> float:
    """Record an event on the next case through the service; seconds it took."""
    ref = next(refs)
    started = time.perf_counter()
    C.record_event(ws, ref, EventKind.CLARIFICATION_REQUESTED, today,
                   "Which years do you mean?")
    return time.perf_counter() - started


def measure(signals: list, action) -> tuple[list[float], int]:
    heart.start()
    times = until(signals, action)
    return times, heart.stop()


record = []
results: dict[str, list] = {k: [] for k in (
    "dashboard_warm", "dashboard_warm_block", "dashboard_changed", "dashboard_changed_block",
    "list_behind_dashboard", "list_warm", "list_warm_block", "list_changed",
    "list_changed_block")}
for _ in range(RUNS):  # the dashboard on screen
    (t,), block = measure([dashboard.refreshed], dashboard.refresh)
    results["dashboard_warm"].append(t)
    results["dashboard_warm_block"].append(block)
for _ in range(RUNS):
    record.append(change_one())
    ref = REFS[len(record) - 1]
    # One changed case: the dashboard refreshes its figures, the list updates that row.
    (t, t_list), block = measure([dashboard.refreshed, cases.case_updated],
                                 lambda r=ref: window.ctx.signals.case_changed.emit(r))
    results["dashboard_changed"].append(t)
    results["list_behind_dashboard"].append(t_list)
    results["dashboard_changed_block"].append(block)
window.show_view("cases")
for _ in range(RUNS):  # the case list on screen
    (t,), block = measure([cases.loaded], cases.refresh)
    results["list_warm"].append(t)
    results["list_warm_block"].append(block)
for _ in range(RUNS):
    record.append(change_one())
    ref = REFS[len(record) - 1]
    (t,), block = measure([cases.case_updated],
                          lambda r=ref: window.ctx.signals.case_changed.emit(r))
    results["list_changed"].append(t)
    results["list_changed_block"].append(block)
out.update(results)
out["record_event"] = record
out["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out["today"] = dt.date.isoformat(today)
print("RESULT-JSON " + json.dumps(out), flush=True)
window.close()
runner.wait_idle(10_000)
ws.close()
QCoreApplication.processEvents()
