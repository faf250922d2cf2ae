"""The audit chain: edits, deletions and reordering are caught and the entry named."""

from __future__ import annotations

import datetime as dt

from sar_desk.services import cases as C
from sar_desk.services.workspace import verify_workspace
from tests.store.conftest import make_case, raw_case


def _case_with_history(ws):
    ref = make_case(ws)
    C.record_event(ws, ref, "id_requested", dt.date(2026, 3, 3), "passport")
    C.add_note(ws, ref, "chased by phone")
    C.record_event(ws, ref, "id_received", dt.date(2026, 3, 9))
    C.add_note(ws, ref, "second note")
    return ref


def _tamper(ws, ref, *statements):
    conn = raw_case(ws, ref)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def test_an_untouched_chain_verifies(ws):
    ref = _case_with_history(ws)
    assert C.check_case(ws, ref) == []
    assert verify_workspace(ws) == []
    trail = C.audit_trail(ws, ref)
    assert [e.seq for e in trail] == [1, 2, 3, 4, 5]
    assert trail[1].details == {"kind": "id_requested", "date": "2026-03-03", "note": "passport"}
    assert trail[0].actor


def test_an_edited_entry_is_named(ws):
    ref = _case_with_history(ws)
    _tamper(ws, ref, "UPDATE audit SET details = replace(details, 'chased by phone', "
                     "'never chased') WHERE seq = 3")
    problems = C.check_case(ws, ref)
    assert len(problems) == 1 and "audit entry 3 (note_added) was altered" in problems[0]
    lines = verify_workspace(ws)
    assert len(lines) == 1 and str(ws.case_path(ref)) in lines[0]


def test_a_deleted_entry_is_named(ws):
    ref = _case_with_history(ws)
    _tamper(ws, ref, "DELETE FROM audit WHERE seq = 2")
    assert C.check_case(ws, ref) == ["audit entry 2 deleted (the chain goes from 1 to 3)"]


def test_deleting_the_newest_entries_is_caught_by_the_registry(ws):
    ref = _case_with_history(ws)
    _tamper(ws, ref, "DELETE FROM audit WHERE seq >= 4")
    problems = C.check_case(ws, ref)
    assert problems == ["audit entries 4-5 deleted from the end (the registry recorded 5 "
                        "entries, the file holds 3)"]


def test_reordered_entries_are_named(ws):
    ref = _case_with_history(ws)
    _tamper(ws, ref, "UPDATE audit SET seq = 99 WHERE seq = 2",
            "UPDATE audit SET seq = 2 WHERE seq = 3", "UPDATE audit SET seq = 3 WHERE seq = 99")
    problems = C.check_case(ws, ref)
    assert problems[0].startswith("audit entries reordered: entry 3 (event_recorded) is stored "
                                  "where entry 2 (note_added) belongs")


def test_swapping_whole_rows_is_caught(ws):
    ref = _case_with_history(ws)
    conn = raw_case(ws, ref)
    rows = conn.execute("SELECT id, seq, at, actor, action, details, hash FROM audit "
                        "WHERE seq IN (2, 3) ORDER BY id").fetchall()
    conn.execute("DELETE FROM audit WHERE seq IN (2, 3)")
    conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?)", (rows[0][0], *rows[1][1:]))
    conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?)", (rows[1][0], *rows[0][1:]))
    conn.close()
    assert any("reordered" in p for p in C.check_case(ws, ref))


def test_a_changed_document_is_caught(ws, tmp_path):
    ref = make_case(ws)
    doc = tmp_path / "file.txt"
    doc.write_bytes(b"original evidence")
    info = C.attach_document(ws, ref, doc)
    _tamper(ws, ref, f"UPDATE document SET data = X'00' WHERE id = {info.id}")
    assert C.check_case(ws, ref) == [f"document {info.id} was altered: its bytes no longer "
                                     "match its sha256"]
