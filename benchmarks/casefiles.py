"""Case-file and registry speed on a 10,000-case demo workspace.

Prints each figure beside its target:

* ``demo --cases 10000``           < 5 minutes
* case open (median)               < 30 ms
* case create (median)             < 100 ms
* registry list of all cases       < 150 ms
* search (median)                  (reported)
* list ratio to plain sqlite3      < 3 (same query and row conversion on an unencrypted copy)

Usage: python benchmarks/casefiles.py [--cases N] [--workspace DIR]
An existing demo workspace (built by an earlier run with the same --workspace) is reused
and kept; without --workspace a temporary one is built and removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PASSPHRASE = "benchmark passphrase"


def ms(seconds: float) -> float:
    return seconds * 1000


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def line(name: str, value: float, unit: str, target: float | None) -> bool:
    """Report one figure (through ``_common.report``, so ``run.py`` can gather it)."""
    from _common import report

    ok = target is None or value < target
    report(name, value, unit, f"< {target:g} {unit}" if target is not None else "",
           None if target is None else ok)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())  # never touch the real keyring: passphrase path
    from sar_desk.core.entities import Person
    from sar_desk.services import cases as C
    from sar_desk.services.demo import build_demo
    from sar_desk.services.workspace import init_workspace, open_workspace
    from sar_desk.store.registry import LIST_COLUMNS, row_to_summary

    root = args.workspace or Path(tempfile.mkdtemp(prefix="sar-bench-")) / "ws"
    as_of = dt.date(2026, 6, 30)
    results = []
    if (root / "workspace.json").exists():
        ws = open_workspace(root, passphrase=PASSPHRASE)
        print(f"Reusing {root} ({len(C.list_cases(ws, status='all'))} cases)")
    else:
        ws, _ = init_workspace(root, passphrase=PASSPHRASE)
        print(f"Building {args.cases} demo cases in {root} ...", flush=True)
        start = time.perf_counter()
        build_demo(ws, cases=args.cases, seed=args.seed, as_of=as_of,
                   progress=lambda done, total: print(f"  {done}/{total}", end="\r",
                                                      flush=True))
        built = time.perf_counter() - start
        print()
        results.append(line(f"demo --cases {args.cases}", built / 60, "min",
                            5 if args.cases >= 10_000 else None))
    with ws:
        refs = [r.reference for r in C.list_cases(ws, status="all")]
        rng = random.Random(5)
        sample = rng.sample(refs, min(200, len(refs)))
        times = [timed(lambda r=r: C.get_case(ws, r), 1)[0] for r in sample]
        results.append(line("case open (median)", ms(statistics.median(times)), "ms", 30))

        from sar_desk.core.clock import FixedClock

        ws.clock = FixedClock(as_of)
        times = timed(lambda: C.create_case(ws, C.NewCase(
            requester=Person("Ελένη Benchmark", "bench@example.org"),
            received=as_of - dt.timedelta(days=3))), 50)
        results.append(line("case create (median)", ms(statistics.median(times)), "ms", 100))

        C.list_cases(ws, status="all")  # warm the page cache, as a running app would be
        list_times = timed(lambda: C.list_cases(ws, status="all"), 9)
        listed = ms(statistics.median(list_times))
        count = len(C.list_cases(ws, status="all"))
        results.append(line(f"registry list of all {count} cases", listed, "ms", 150))

        search = timed(lambda: C.list_cases(ws, status="all", search="Smith"), 7)
        line("search 'Smith' (median)", ms(statistics.median(search)), "ms", None)

        plain_path = root.parent / "registry-plain-copy.db"
        plain_path.unlink(missing_ok=True)
        raw = ws.registry.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f"ATTACH DATABASE '{plain_path}' AS plain KEY ''")
            cur.execute("SELECT sqlcipher_export('plain')")
            cur.execute("DETACH DATABASE plain")
        finally:
            raw.close()
        plain = sqlite3.connect(plain_path)
        sql = (f"SELECT {', '.join('c.' + c.strip() for c in LIST_COLUMNS.split(','))} "
               "FROM cases c ORDER BY c.id")

        def plain_list():
            return [row_to_summary(r) for r in plain.execute(sql).fetchall()]

        plain_list()
        enc_times, plain_times = [], []
        for _ in range(9):  # interleaved, so both see the same machine load
            enc_times += timed(lambda: C.list_cases(ws, status="all"), 1)
            plain_times += timed(plain_list, 1)
        plain.close()
        plain_path.unlink()
        enc_ms = ms(statistics.median(enc_times))
        plain_ms = ms(statistics.median(plain_times))
        line("same list, plain sqlite3 (median)", plain_ms, "ms", None)
        results.append(line("list ratio encrypted / plain", enc_ms / plain_ms, "x", 3))
    if args.workspace is None:  # a temporary demo workspace: about 1 GB, remove it
        import shutil

        shutil.rmtree(root.parent, ignore_errors=True)
    print("all targets met" if all(results) else "SOME TARGETS MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
