"""Tamper evidence for a case file put back to an older copy and then written again.

The registry records each case's newest audit entry (number and hash). A file rolled back
behind that record is refused for writing (the write would hide the rollback), reading it
does not move the record back, and a file written past the rollback with the case key
(outside the app) shows a history that forks from the record; ``verify`` names both.
"""

from __future__ import annotations

import shutil

import pytest

from sar_desk.services import cases as C
from sar_desk.services.workspace import verify_workspace
from sar_desk.store.casefile import CaseFile
from sar_desk.store.errors import RolledBackCaseFile
from tests.store.conftest import make_case


def _copy(path, target):
    for suffix in ("", "-wal"):
        source = type(path)(str(path) + suffix)
        if source.exists():
            shutil.copy2(source, str(target) + suffix)


def _put_back(copy, path):
    for suffix in ("-wal", "-shm"):
        type(path)(str(path) + suffix).unlink(missing_ok=True)
    _copy(copy, path)


def _rolled_back(ws, tmp_path) -> str:
    ref = make_case(ws)
    C.add_note(ws, ref, "the requester phoned")
    _copy(ws.case_path(ref), tmp_path / "old.sarcase")
    C.add_note(ws, ref, "we refused the request")
    _put_back(tmp_path / "old.sarcase", ws.case_path(ref))
    return ref


def _write_with_case_key(ws, ref):
    from sar_desk.store import case_records as records
    from sar_desk.store import keys

    wrapped, salt = ws.registry.key_entry(ref)
    key = keys.unwrap_case_key(ws.master_key, ws.id, ref, wrapped)
    with CaseFile.open(ws.case_path(ref), key, workspace_id=ws.id, reference=ref,
                       expected_salt=salt) as case, case.transaction() as session:
        records.add_note(session, "an innocent note", "someone")


def test_a_rolled_back_file_is_refused_for_writing_and_named(ws, tmp_path):
    ref = _rolled_back(ws, tmp_path)
    with pytest.raises(RolledBackCaseFile, match="rolled back or replaced; nothing was changed"):
        C.add_note(ws, ref, "a note written over the rollback")
    C.get_case(ws, ref)  # reading it does not move the registry's record back
    problems = verify_workspace(ws)
    assert len(problems) == 1 and str(ws.case_path(ref)) in problems[0]
    assert "deleted from the end" in problems[0]


@pytest.mark.parametrize("writes", [1, 2])
def test_a_rolled_back_file_written_with_the_case_key_is_named(ws, tmp_path, writes):
    ref = _rolled_back(ws, tmp_path)
    for _ in range(writes):
        _write_with_case_key(ws, ref)
    C.get_case(ws, ref)
    problems = verify_workspace(ws)
    assert len(problems) == 1 and str(ws.case_path(ref)) in problems[0]
    assert "does not match the registry's record" in problems[0]


def test_a_file_ahead_of_the_registry_is_still_adopted(ws):
    """A change whose registry write was cut off (a crash) extends the recorded chain: it
    is taken up on the next read, as before, and verifies."""
    ref = make_case(ws)
    _write_with_case_key(ws, ref)
    C.get_case(ws, ref)
    assert ws.registry.get(ref)["audit_seq"] == 2
    assert verify_workspace(ws) == []
