"""Case-file and registry speed on a 10,000-case demo workspace.

Prints each figure beside its target:

* ``demo --cases 10000`` (process wall time of the build)  < 5 minutes
* case open, median of 200 different cases                  < 30 ms
* case create, median of 50                                 < 100 ms
* registry list of all cases, median of 9 (warm)            < 150 ms
* search, median of 7                                       (reported)
* list ratio encrypted / plain                              <= 1.5, warm and fresh connection

The ratio is fair: both sides run the product's own ``Registry.list`` (same SQL, same row
conversion, the same garbage-collector setting) through the same SQLCipher library; the
plain side reads an unencrypted copy of the registry. "Warm" reuses the registry's kept
connection (its decrypted page cache), as a running window does; "fresh connection" closes
it before every list, as a new command does. Runs are interleaved so both sides see the
same machine load.

The workspace is built once by ``demo`` and kept (``benchmarks/_workspace.py``); the cases
created here go into a scratch copy that is removed afterwards.

Usage: python benchmarks/casefiles.py [--cases N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _workspace  # noqa: E402 - sets the keyring back-end first
from _common import report  # noqa: E402

RATIO_TARGET = 1.5


def ms(seconds: float) -> float:
    return seconds * 1000


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def check(name: str, value: float, unit: str, target: float | None) -> bool:
    ok = target is None or value < target
    report(name, value, unit, f"< {target:g} {unit}" if target is not None else "",
           None if target is None else ok)
    return ok


def plain_copy(ws, target: Path) -> Path:
    """An unencrypted copy of the workspace's registry (the baseline), in WAL mode too."""
    target.unlink(missing_ok=True)
    raw = ws.registry.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
        cur.execute("SELECT sqlcipher_export('plain')")
        cur.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    return target


def plain_registry(path: Path):
    """The product's Registry class over an unencrypted file: every line of ``list`` is the
    same, only the connection is opened without a key (same pragmas otherwise)."""
    import sqlcipher3

    from sar_desk.store.registry import Registry

    registry_module = sys.modules[Registry.__module__]
    keyed = registry_module.connect  # the keyed connection the registry opens

    def connect(target, key, **kwargs):
        if Path(target) != path:
            return keyed(target, key, **kwargs)
        conn = sqlcipher3.connect(str(target), isolation_level=None, check_same_thread=False)
        for pragma in ("foreign_keys = ON", "temp_store = MEMORY", "busy_timeout = 5000",
                       "synchronous = FULL", "journal_mode = WAL"):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    registry_module.connect = connect
    return Registry(path, b"")


def fair_ratio(ws, plain, runs: int = 9) -> dict[str, tuple[float, float]]:
    """Median ms of the encrypted and the plain list, warm and with a fresh connection."""
    out = {}
    for mode in ("warm", "fresh connection"):
        enc, pla = [], []
        ws.registry.list(status="all")
        plain.list(status="all")
        for _ in range(runs):  # interleaved, so both see the same machine load
            for registry, times in ((ws.registry, enc), (plain, pla)):
                if mode != "warm":
                    registry.close()  # the next list opens a new connection
                times += timed(lambda r=registry: r.list(status="all"), 1)
        out[mode] = (ms(statistics.median(enc)), ms(statistics.median(pla)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()

    from sar_desk.core.entities import Person
    from sar_desk.services import cases as C

    source, build = _workspace.workspace(args.cases, bulk=False)
    results = [check(f"demo --cases {args.cases:,} (process wall time of the build, "
                     f"{build['date']})", build["seconds"] / 60, "min",
                     5 if args.cases >= 10_000 else None)]
    scratch = Path(tempfile.mkdtemp(prefix="sar-bench-"))
    try:
        root = _workspace.scratch_copy(source, scratch / "ws")
        ws = _workspace.open_ws(root)
        with ws:
            refs = [r.reference for r in C.list_cases(ws, status="all")]
            sample = random.Random(5).sample(refs, min(200, len(refs)))
            times = [timed(lambda r=r: C.get_case(ws, r), 1)[0] for r in sample]
            results.append(check(f"case open (median of {len(sample)} cases)",
                                 ms(statistics.median(times)), "ms", 30))

            from sar_desk.core.clock import FixedClock

            ws.clock = FixedClock(_workspace.AS_OF)
            times = timed(lambda: C.create_case(ws, C.NewCase(
                requester=Person("Ελένη Benchmark", "bench@example.org"),
                received=_workspace.AS_OF - dt.timedelta(days=3))), 50)
            results.append(check("case create (median of 50)", ms(statistics.median(times)),
                                 "ms", 100))

            C.list_cases(ws, status="all")  # warm the page cache, as a running app would be
            listed = ms(statistics.median(timed(lambda: C.list_cases(ws, status="all"), 9)))
            count = len(C.list_cases(ws, status="all"))
            results.append(check(f"registry list of all {count:,} cases (median of 9, warm)",
                                 listed, "ms", 150))
            search = timed(lambda: C.list_cases(ws, status="all", search="Smith"), 7)
            check("search 'Smith' (median of 7)", ms(statistics.median(search)), "ms", None)

            plain = plain_registry(plain_copy(ws, scratch / "registry-plain.db"))
            try:
                ratios = fair_ratio(ws, plain)
            finally:
                plain.close()
        for mode, (enc_ms, plain_ms) in ratios.items():
            check(f"registry list, encrypted ({mode}, median of 9)", enc_ms, "ms", None)
            check(f"same Registry.list on a plain copy ({mode}, median of 9)", plain_ms, "ms",
                  None)
            ratio = enc_ms / plain_ms
            ok = ratio <= RATIO_TARGET
            report(f"list ratio encrypted / plain ({mode})", ratio, "x",
                   f"<= {RATIO_TARGET} x", ok)
            results.append(ok)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("all targets met" if all(results) else "SOME TARGETS MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
