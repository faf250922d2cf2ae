"""Window start-up and case-list filtering on a 10,000-case demo workspace.

Prints each figure beside its target:

* process start → main window shown with the case list filled   < 2 s
* filter the list (search text, overdue, due within 7 days)     < 100 ms (median)

Each start-up run is a fresh Python process (offscreen Qt, the workspace key in the
keyring as on a desktop; the key is handed over on a pipe, never written to disk) that goes
through the same steps as ``sar-desk gui``: create
the application, open the workspace, build the main window, show it, and load every case
into the list. The time runs from just before the process is started to the first paint
after the list holds every row.

Usage: python benchmarks/gui_startup.py [--cases N] [--workspace DIR] [--runs N]
A workspace given with --workspace (passphrase "benchmark passphrase") is used as it is;
without it the kept demo workspace (benchmarks/_workspace.py) is read through a scratch
copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSPHRASE = "benchmark passphrase"
AS_OF = dt.date(2026, 6, 30)

# Runs in the child process: the steps of ``sar-desk gui`` with timing hooks.
CHILD = r"""
import json, statistics, sys, time
root, service, secret = sys.argv[1], sys.argv[2], sys.stdin.readline().strip()
import keyring
from keyring.backend import KeyringBackend

class DesktopKeyring(KeyringBackend):  # stands in for the OS keyring of a desktop session
    priority = 1
    def get_password(self, s, u):
        return secret if s == service else None
    def set_password(self, s, u, p):
        pass
    def delete_password(self, s, u):
        pass

keyring.set_keyring(DesktopKeyring())
from PySide6.QtCore import QCoreApplication
from sar_desk.cli.common import startup_clock
from sar_desk.store import holiday_cache
from sar_desk.ui.app import application, build_window, obtain_workspace, use_ui_font
from sar_desk.ui.tasks import TaskRunner

holiday_cache.install()  # as sar-desk gui does (warm after the first run)
app = application()
use_ui_font()
runner = TaskRunner(app)
ws = obtain_workspace(root, passphrase=None, runner=runner, interactive=False,
                      clock=startup_clock())
window = build_window(ws, runner=runner)
filled = []
window.cases.loaded.connect(lambda n: filled.append(n))
window.resize(1280, 800)
window.show()
QCoreApplication.processEvents()
shown_frame = time.time()
deadline = time.time() + 120
while not filled and time.time() < deadline:
    runner.wait_idle(1_000)
    QCoreApplication.processEvents()
if not filled:
    sys.exit("the case list did not load")
window.cases.table.viewport().repaint()
shown = time.time()
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
rows = filled[0]

def timed(change):
    start = time.perf_counter()
    change()
    window.cases.table.viewport().repaint()
    return (time.perf_counter() - start) * 1000

cases = window.cases
results = {"search": [], "overdue": [], "due7": []}
for term in ("smith", "sar-2026-00", "王", "zz-no-match", "o", "kowalczyk", "2025"):
    results["search"].append(timed(lambda t=term: (cases.search.setText(t), cases.apply_filters())))
cases.search.setText("")
cases.apply_filters()
for _ in range(3):
    results["overdue"].append(timed(lambda: cases.overdue.setChecked(True)))
    results["overdue"].append(timed(lambda: cases.overdue.setChecked(False)))
    results["due7"].append(timed(lambda: cases.due_within_on.setChecked(True)))
    results["due7"].append(timed(lambda: cases.due_within_on.setChecked(False)))
print("RESULT-JSON " + json.dumps({"frame": shown_frame, "shown": shown, "rows": rows, "cpu": cpu,
                                   "filters": results}), flush=True)
window.close()
ws.close()
"""


def keyring_entry(root: Path) -> tuple[str, str]:
    """(service, secret): what the OS keyring would hand this workspace's user."""
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    from sar_desk.services.workspace import open_workspace
    from sar_desk.store import keys

    with open_workspace(root, passphrase=PASSPHRASE) as ws:
        return keys.KEYRING_SERVICE, keys.b64(ws.master_key)


def one_run(root: Path, entry: tuple[str, str]) -> dict:
    """One start-up in a fresh process whose keyring holds the workspace key (a desktop)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SAR_DESK_TODAY=AS_OF.isoformat())
    service, secret = entry
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), service],
        input=secret + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT-JSON "):
            data = json.loads(line[len("RESULT-JSON ") :])
            data["start"] = start
            return data
    raise SystemExit(f"the window process failed:\n{out.stdout}\n{out.stderr}")


def main() -> int:
    from _common import report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import _workspace

    temporary = False
    if args.workspace is not None:
        root = args.workspace
    else:  # the kept demo workspace, read through a scratch copy
        source, _build = _workspace.workspace(args.cases, bulk=False)
        temporary = True
        root = _workspace.scratch_copy(source, Path(tempfile.mkdtemp(prefix="sar-gui-")) / "ws")
    try:
        entry = keyring_entry(root)
        runs = [one_run(root, entry) for _ in range(args.runs)]
        rows = runs[0]["rows"]
        print(f"Window start-up with {rows:,} cases, {args.runs} runs (median):")
        frame = statistics.median(r["frame"] - r["start"] for r in runs)
        shown = statistics.median(r["shown"] - r["start"] for r in runs)
        report(f"window frame painted (process wall time, median of {args.runs})", frame, "s")
        cpu = statistics.median(r["cpu"] for r in runs)
        load = os.getloadavg()[0]
        print(f"  (load average {load:.1f} on {os.cpu_count()} cores; the start-up used "
              f"{cpu:.2f} s of CPU: on a busy machine the wall time is longer)")
        report(f"start-up CPU time (median of {args.runs})", cpu, "s")
        report(f"start to window shown with {rows:,} cases listed (process wall time, median "
               f"of {args.runs})", shown, "s", "< 2 s", shown < 2)
        ok = shown < 2
        for key, label in (
            ("search", "filter: search text"),
            ("overdue", "filter: overdue"),
            ("due7", "filter: due within 7 days"),
        ):
            values = [v for r in runs for v in r["filters"][key]]
            median = statistics.median(values)
            report(f"{label} (median of {len(values)})", median, "ms", "< 100 ms", median < 100)
            ok = ok and median < 100
        return 0 if ok else 1
    finally:
        if temporary:
            shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
