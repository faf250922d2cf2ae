"""``sar-desk verify --progress`` on a 10,000-case demo workspace (target < 20 s, progress
shown).

Runs the command end to end in a new process over a scratch copy of the kept demo workspace
(``benchmarks/_workspace.py``), reads its progress lines on stderr and reports the process
wall time of one run and its CPU time.

    python benchmarks/verify.py [--cases 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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

TARGET_S = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()

    source, _build = _workspace.workspace(args.cases, bulk=False)
    scratch = Path(tempfile.mkdtemp(prefix="sar-verify-"))
    try:
        root = _workspace.scratch_copy(source, scratch / "ws")
        cmd = [sys.executable, "-m", "sar_desk", "verify", "--progress", "--workspace",
               str(root), "--passphrase-file", str(_workspace.passphrase_file())]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                              env=dict(os.environ))
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    progress = [line for line in done.stderr.splitlines() if line.startswith("Checked ")]
    print(done.stdout.strip())
    print("\n".join(progress))
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
    ok = done.returncode == 0 and wall < TARGET_S and bool(progress)
    report(f"verify --progress, {args.cases:,} cases (process wall time, 1 run)", wall, "s",
           f"< {TARGET_S} s", wall < TARGET_S and done.returncode == 0)
    report("verify, CPU time of the process (1 run)", cpu, "s")
    report("verify: progress lines on stderr", len(progress), "lines", ">= 1 line",
           bool(progress))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
