"""The 100,000-case figures: building the workspace, the window, the dashboard, the case
list and the two reading commands.

Targets (issue 13), each printed beside what was measured:

* a 100,000-case workspace of real case files built            < 10 min
* start to window shown with every case in the list             < 2.5 s (peak memory reported)
* dashboard and case list: cold (first refresh in a new process), warm (refresh with
  nothing changed) and after one case changes (an event recorded through the service, then
  "case changed" as the case view announces it)                  after a change < 300 ms,
  the UI thread never blocked                                    > 100 ms
* ``sar-desk overdue --json``                                    < 1.5 s
* ``sar-desk case list --json --status all``                     < 3 s

The workspace is built once by the bulk builder and kept (``benchmarks/_workspace.py``);
each run works on a scratch copy (hard links, except the cases it changes).

    python benchmarks/scale.py [--cases 100000] [--runs 3] [--gui-runs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _workspace  # noqa: E402 - sets the keyring back-end first
from _common import report  # noqa: E402

BUILD_MIN = 10
SHOWN_S = 2.5
CHANGE_MS = 300
BLOCK_MS = 100
OVERDUE_S = 1.5
LIST_S = 3.0


def ms(seconds: float) -> float:
    return seconds * 1000


def changeable(root: Path, count: int) -> list[str]:
    """Open cases with no events yet: each can take a clarification request today."""
    from sar_desk.services.cases import list_cases

    with _workspace.open_ws(root) as ws:
        rows = list_cases(ws, status="open")
    picked = [r.reference for r in rows if not r.events][-count:]
    if len(picked) < count:
        raise SystemExit("the workspace has too few open cases without events")
    return picked


def command(root: Path, args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Process wall and CPU seconds of ``sar-desk ARGS`` in a new process, ``runs`` times."""
    import resource

    cmd = [sys.executable, "-m", "sar_desk", *args, "--workspace", str(root),
           "--passphrase-file", str(_workspace.passphrase_file())]
    env = dict(os.environ, SAR_DESK_TODAY=_workspace.AS_OF.isoformat())
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"sar-desk {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return wall, cpu


# The same work as ``case list --json --status all`` with the bare libraries: open the
# registry with its key, read every case row, write them all as JSON.
BARE_LIST = r"""
import json, sys
import sqlcipher3
key = sys.stdin.readline().strip()
conn = sqlcipher3.connect(sys.argv[1])
conn.execute(f"PRAGMA key = \"x'{key}'\"")
cur = conn.execute("SELECT * FROM cases ORDER BY id")
names = [d[0] for d in cur.description]
sys.stdout.write(json.dumps([dict(zip(names, row)) for row in cur], ensure_ascii=False))
"""


def bare_list(root: Path, runs: int) -> list[float]:
    """Process wall seconds of :data:`BARE_LIST` over the workspace's registry."""
    from sar_desk.services.workspace import open_workspace
    from sar_desk.store import keys

    with open_workspace(root, passphrase=_workspace.PASSPHRASE) as ws:
        key = keys.derive(ws.master_key, "registry", ws.id).hex()
    wall = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", BARE_LIST, str(root / "registry.db")],
                              input=key + "\n", capture_output=True, text=True, timeout=300)
        wall.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"the bare registry read failed: {done.stderr[-500:]}")
    return wall


def gui(root: Path, refs: list[str], runs: int) -> dict:
    """One window process (see _gui_child.py); its measurements."""
    import json

    from sar_desk.services.workspace import open_workspace
    from sar_desk.store import keys

    with open_workspace(root, passphrase=_workspace.PASSPHRASE) as ws:
        secret = keys.b64(ws.master_key)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               SAR_DESK_TODAY=_workspace.AS_OF.isoformat())
    start = time.time()
    done = subprocess.run(
        [sys.executable, str(HERE / "_gui_child.py"), str(start), str(root),
         keys.KEYRING_SERVICE, ",".join(refs), str(runs)],
        input=secret + "\n", env=env, capture_output=True, text=True, timeout=900,
        cwd=HERE.parent)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT-JSON "):
            return json.loads(line[len("RESULT-JSON "):])
    raise SystemExit(f"the window process failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each command")
    parser.add_argument("--gui-runs", type=int, default=2,
                        help="window processes (each refreshes 3 times per figure)")
    args = parser.parse_args()
    n = f"{args.cases:,}"
    ok = True

    source, build = _workspace.workspace(args.cases, bulk=True)
    minutes = build["seconds"] / 60
    ok &= minutes < BUILD_MIN
    report(f"{n}-case workspace built (bulk builder, process wall time, 1 run on "
           f"{build['date']}, load average {build.get('load_average', '?')})", minutes, "min",
           f"< {BUILD_MIN} min", minutes < BUILD_MIN)

    per_window = 3
    scratch = Path(tempfile.mkdtemp(prefix="sar-scale-"))
    try:
        refs = changeable(source, 2 * per_window * args.gui_runs)
        root = _workspace.scratch_copy(source, scratch / "ws", refs)

        wall, cpu = command(root, ["overdue", "--json", "--as-of",
                                   _workspace.AS_OF.isoformat()], args.runs)
        value = statistics.median(wall)
        ok &= value < OVERDUE_S
        report(f"overdue --json, {n} cases (process wall time, median of {args.runs})", value,
               "s", f"< {OVERDUE_S} s", value < OVERDUE_S)
        report(f"overdue --json, CPU time of the process (median of {args.runs})",
               statistics.median(cpu), "s")
        wall, cpu = command(root, ["case", "list", "--json", "--status", "all"], args.runs)
        value = statistics.median(wall)
        ok &= value < LIST_S
        report(f"case list --json --status all, {n} cases (process wall time, median of "
               f"{args.runs})", value, "s", f"< {LIST_S:g} s", value < LIST_S)
        report(f"case list --json, CPU time of the process (median of {args.runs})",
               statistics.median(cpu), "s")
        report(f"the same with bare sqlcipher3 and json: every registry row as JSON (process "
               f"wall time, median of {args.runs})", statistics.median(bare_list(root,
                                                                              args.runs)), "s")

        windows = [gui(root, refs[i * 2 * per_window:(i + 1) * 2 * per_window], per_window)
                   for i in range(args.gui_runs)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    k = len(windows)

    def each(key: str) -> list[float]:
        return [v for w in windows for v in w[key]]

    shown = statistics.median(w["shown"] for w in windows)
    ok &= shown < SHOWN_S
    report(f"start to window shown, case list filled with {windows[0]['rows']:,} cases (cold: "
           f"process wall time from start, median of {k})", shown, "s", f"< {SHOWN_S} s",
           shown < SHOWN_S)
    report(f"CPU time of the window process until shown (median of {k})",
           statistics.median(w["cpu_shown"] for w in windows), "s")
    report(f"peak memory of the window process (largest of {k})",
           max(w["peak_kib"] for w in windows) / 1024, "MiB")
    report(f"dashboard, first refresh in a new process (cold, median of {k})",
           ms(statistics.median(w["dashboard_first"] for w in windows)), "ms")
    for view in ("dashboard", "list"):
        label = "case list" if view == "list" else view
        warm = each(f"{view}_warm")
        report(f"{label} refresh, nothing changed (warm, median of {len(warm)})",
               ms(statistics.median(warm)), "ms")
        changed = each(f"{view}_changed")
        value = ms(statistics.median(changed))
        ok &= value < CHANGE_MS
        report(f"{label} refresh after one case changes, from 'case changed' to updated "
               f"(median of {len(changed)})", value, "ms", f"< {CHANGE_MS} ms",
               value < CHANGE_MS)
        for runs, what in (("changed", "after one case changes"),
                           ("warm", "in a full reload with nothing changed")):
            blocks = each(f"{view}_{runs}_block")
            block = max(blocks)
            ok &= block <= BLOCK_MS
            report(f"{label}: longest UI-thread block {what} (worst of {len(blocks)})",
                   block, "ms", f"<= {BLOCK_MS} ms", block <= BLOCK_MS)
    report(f"case list behind the dashboard after one case changes (median of "
           f"{len(each('list_behind_dashboard'))})",
           ms(statistics.median(each("list_behind_dashboard"))), "ms")
    report(f"record one event through the service (median of {len(each('record_event'))})",
           ms(statistics.median(each("record_event"))), "ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
