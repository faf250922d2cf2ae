"""Two processes write different cases of one workspace at the same time, for a minute.

Each writer adds notes to its own case as fast as it can (every change also rewrites that
case's registry row), while this process keeps listing and searching the registry. Nothing
may fail, nothing committed may go missing, and afterwards every file verifies. The length is
``SAR_DESK_CONCURRENCY_SECONDS`` (default 60, as in CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.reliability.conftest import ROOT, make_workspace, run_cli, subprocess_env

SECONDS = float(os.environ.get("SAR_DESK_CONCURRENCY_SECONDS", "60"))

pytestmark = pytest.mark.slow


def test_two_processes_write_different_cases_at_once(tmp_path, today):
    from sar_desk.services import cases

    wk = make_workspace(tmp_path, cases=3)
    first, second = wk.refs[:2]
    writers = [subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", "notes", str(wk.path),
         str(wk.passfile), ref, str(SECONDS)],
        cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8") for ref in (first, second)]
    reads = 0
    with wk.open() as ws:
        while any(w.poll() is None for w in writers):
            rows = cases.list_cases(ws, status="all")
            assert {first, second} <= {r.reference for r in rows}
            assert cases.list_cases(ws, status="all", search=first)
            reads += 1
            time.sleep(0.2)
    results = [w.communicate(timeout=60) for w in writers]
    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert "Traceback" not in err
    counts = [int(out.split("done ")[-1]) for out, _ in results]
    assert min(counts) > 0 and reads > 0
    done = run_cli("verify", "--workspace", str(wk.path), "--passphrase-file", str(wk.passfile))
    assert done.returncode == 0, done.stdout + done.stderr
    with wk.open() as ws:
        for ref, (out, _), count in zip((first, second), results, counts, strict=True):
            pid = out.split()[1]
            notes = {n.text for n in cases.get_case(ws, ref).notes}
            expected = {f"writer {pid} note {i}" for i in range(count)}
            assert expected <= notes, f"{ref}: {len(expected - notes)} committed notes missing"
            row = ws.registry.get(ref)
            trail = cases.audit_trail(ws, ref)
            assert (row["audit_seq"], row["audit_head"]) == (trail[-1].seq, trail[-1].hash)
    print(f"{SECONDS:.0f} s: {counts[0]} + {counts[1]} changes, {reads} registry reads")
