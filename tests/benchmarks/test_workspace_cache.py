"""The benchmarks' scratch copy: changing it never changes the kept workspace."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def test_a_scratch_copy_shares_only_the_files_it_does_not_change(ws, tmp_path):
    sys.path.insert(0, str(BENCH))
    try:
        cache = importlib.import_module("_workspace")
    finally:
        sys.path.remove(str(BENCH))
    from sar_desk.core.entities import EventKind
    from sar_desk.services import cases as C
    from sar_desk.services.demo import build_demo
    from sar_desk.services.workspace import open_workspace, verify_workspace

    refs = build_demo(ws, cases=6, seed=2, as_of=dt.date(2026, 6, 30))
    open_refs = [r.reference for r in C.list_cases(ws, status="open") if not r.events]
    changed = open_refs[0]
    before = {p.name: p.read_bytes() for p in ws.cases_dir.iterdir()}
    ws.close()
    registry = (ws.path / "registry.db").read_bytes()

    copy = cache.scratch_copy(ws.path, tmp_path / "copy", [changed])
    for ref in refs:
        same = (copy / "cases" / f"{ref}.sarcase").stat().st_ino == \
            ws.case_path(ref).stat().st_ino
        assert same is (ref != changed)
    with open_workspace(copy) as scratch:
        C.record_event(scratch, changed, EventKind.CLARIFICATION_REQUESTED,
                       dt.date(2026, 6, 30), "Which years?")
        C.create_case(scratch, C.NewCase(requester=C.Person("Ann Smith"),
                                         received=dt.date(2026, 6, 29)))
        assert verify_workspace(scratch) == []
    assert {p.name: p.read_bytes() for p in ws.cases_dir.iterdir()} == before
    assert (ws.path / "registry.db").read_bytes() == registry
    with open_workspace(ws.path) as original:
        assert len(C.list_cases(original, status="all")) == 6
        assert verify_workspace(original) == []
