"""The bulk demo builder: real, separately keyed case files that pass verify."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.services import cases as C
from sar_desk.services.demo_bulk import build_bulk_demo
from sar_desk.services.workspace import verify_workspace
from sar_desk.store import audit

AS_OF = dt.date(2026, 3, 31)


@pytest.mark.parametrize("workers", [1, 2])
def test_bulk_cases_are_real_case_files_that_verify(ws, workers):
    seen = []
    added = build_bulk_demo(ws, cases=60, seed=3, as_of=AS_OF, templates=12, batch=20,
                            workers=workers, progress=lambda done, total: seen.append(done))
    assert added == 60 and seen[-1] == 60 and seen == sorted(seen)
    rows = C.list_cases(ws, status="all")
    assert len(rows) == 60 and len({r.reference for r in rows}) == 60
    assert len({r.requester_name for r in rows}) > 40  # copies get their own requesters
    assert verify_workspace(ws) == []
    salts = {ws.registry.key_entry(r.reference)[1] for r in rows}
    assert len(salts) == 60  # one file, one key, one salt per case
    copied = rows[-1]
    case = C.get_case(ws, copied.reference)
    assert (case.reference, case.requester.name, case.status) == (
        copied.reference, copied.requester_name, copied.status)
    created = C.audit_trail(ws, copied.reference)[0]
    assert created.details["reference"] == copied.reference
    assert created.details["requester"] == copied.requester_name

def test_a_copied_file_that_is_edited_fails_verify(ws):
    build_bulk_demo(ws, cases=15, seed=3, as_of=AS_OF, templates=5, workers=1)
    ref = C.list_cases(ws, status="all")[-1].reference
    from sar_desk.services.case_base import open_case_file

    with open_case_file(ws, ref) as case, case.transaction() as session:
        row = audit.read_all(session)[0]
        row.details = row.details.replace(ref, "SAR-1999-0001")
    problems = verify_workspace(ws)
    assert problems and all(ref in p for p in problems)
    assert any("audit entry 1" in p for p in problems)


def test_verify_in_worker_processes_reports_what_one_process_does(ws):
    build_bulk_demo(ws, cases=40, seed=5, as_of=AS_OF, templates=8, workers=1)
    refs = [r.reference for r in C.list_cases(ws, status="all")]
    cut = ws.case_path(refs[7])
    cut.write_bytes(cut.read_bytes()[:5000])
    stray = ws.cases_dir / "SAR-2019-0001.sarcase"
    stray.write_bytes(ws.case_path(refs[3]).read_bytes())
    seen: list[tuple[int, int]] = []
    alone = verify_workspace(ws, workers=1)
    shared = verify_workspace(ws, lambda done, total: seen.append((done, total)), workers=2)
    assert shared == alone and len(alone) == 2
    assert str(cut) in alone[1] and "truncated" in alone[1]
    assert str(stray) in alone[0] and "no key for this file" in alone[0]
    assert seen == [(41, 41)]  # fewer than PROGRESS_EVERY files: one report, at the end
    assert len(C.list_cases(ws, status="all")) == 40  # the registry still reads afterwards
