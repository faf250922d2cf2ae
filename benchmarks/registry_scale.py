"""Registry list and search on 100,000 cases (the 10,000-case figures are in casefiles.py).

Builds a throw-away encrypted workspace: 200 real demo cases (every state, names in several
scripts), whose registry rows are then repeated under new references until the registry
holds N rows. The list and the search read only the registry, so no further case files are
needed. Times the service calls a user's list view makes:

* list of all cases (median)        < 1,500 ms  (issue 3's 150 ms per 10,000, kept linear)
* list of open cases (median)       (reported)
* search by requester name          (reported: no target was set)
* search by reference               (reported)

    python benchmarks/registry_scale.py [--cases 100000] [--runs 5]

Exits with status 1 if the list of all cases misses its target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import report  # noqa: E402

PASSPHRASE = "registry benchmark passphrase"
AS_OF = dt.date(2026, 11, 24)
LIST_TARGET_MS_PER_10K = 150


def median_ms(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def build(root: Path, count: int) -> tuple[object, list[dict]]:
    from sar_desk.core.clock import FixedClock
    from sar_desk.services.demo import build_demo
    from sar_desk.services.workspace import init_workspace

    ws, _ = init_workspace(root / "ws", passphrase=PASSPHRASE, clock=FixedClock(AS_OF))
    refs = build_demo(ws, cases=200, seed=5, as_of=AS_OF)
    templates = []
    for ref in refs:
        row = dict(ws.registry.get(ref))
        row.pop("id", None)
        templates.append(row)
    batch: list[dict] = []
    for i in range(len(refs), count):
        row = dict(templates[i % len(templates)])
        row["reference"] = f"SAR-{row['received'][:4]}-{100_000 + i:06d}"
        row.setdefault("email", "")
        batch.append(row)
        if len(batch) == 5_000:
            ws.registry.upsert(batch)
            batch = []
    if batch:
        ws.registry.upsert(batch)
    return ws, templates


def main(argv: list[str] | None = None) -> int:
    from sar_desk.services.cases import list_cases

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sar-registry-bench-") as tmp:
        started = time.perf_counter()
        ws, templates = build(Path(tmp), args.cases)
        print(f"registry of {args.cases:,} rows built in {time.perf_counter() - started:.0f} s")
        with ws:
            list_cases(ws, status="all")  # first read: pages into the cache
            all_ms, rows = median_ms(lambda: list_cases(ws, status="all"), args.runs)
            assert len(rows) == args.cases, len(rows)
            open_ms, open_rows = median_ms(lambda: list_cases(ws, status="open"), args.runs)
            surname = templates[3]["requester_name"].split()[-1]
            name_ms, found = median_ms(
                lambda: list_cases(ws, status="all", search=surname), args.runs)
            ref = f"SAR-{templates[7]['received'][:4]}-{100_000 + 5_007:06d}"
            ref_ms, by_ref = median_ms(lambda: list_cases(ws, status="all", search=ref),
                                       args.runs)
    target = LIST_TARGET_MS_PER_10K * args.cases / 10_000
    print(f"registry list and search, {args.cases:,} cases (median of {args.runs}):")
    runs = f"median of {args.runs}, warm"
    report(f"registry list of all {args.cases:,} cases ({runs})", all_ms, "ms",
           f"< {target:,.0f} ms", all_ms < target)
    report(f"registry list of open cases ({len(open_rows):,}; {runs})", open_ms, "ms")
    report(f"search by requester name ({len(found):,} found; {runs})", name_ms, "ms")
    report(f"search by reference ({len(by_ref)} found; {runs})", ref_ms, "ms")
    return 0 if all_ms < target else 1


if __name__ == "__main__":
    sys.exit(main())
