"""Migration from the first schema, the plaintext scan, and the hand-over copy."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import pytest

from sar_desk.services import cases as C
from sar_desk.store import keys
from sar_desk.store.case_schema import SCHEMA_VERSION
from sar_desk.store.engine import connect
from tests.store.conftest import make_case

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
FIXTURE_REF = "SAR-2025-0007"


def _adopt_fixture(ws):
    """Put the schema-1 fixture into the workspace as if this workspace had made it."""
    key = bytes.fromhex((DATA / "first_schema_case.key").read_text().strip())
    target = ws.case_path(FIXTURE_REF)
    shutil.copy(DATA / "first_schema_case.sarcase", target)
    conn = connect(target, key)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'workspace_id'", (ws.id,))
    conn.close()
    ws.registry.add_keys([(FIXTURE_REF, 2025, 7, keys.wrap_case_key(
        ws.master_key, ws.id, FIXTURE_REF, key), target.read_bytes()[:16])])
    return target


def test_first_schema_file_is_upgraded_on_open_after_a_backup(ws):
    target = _adopt_fixture(ws)
    snap = C.get_case(ws, FIXTURE_REF)
    assert snap.requester.name == "Zoë Brontë-Hughes"
    assert [e.kind.value for e in snap.events] == ["id_requested", "id_received"]
    assert snap.notes[0].text == "Data owner contacted" and snap.extra == {}
    backups = list(ws.backups_dir.glob("SAR-2025-0007.v1.*.sarcase.bak"))
    assert len(backups) == 1
    assert backups[0].read_bytes()[:16] == (DATA / "first_schema_case.sarcase").read_bytes()[:16]
    trail = C.audit_trail(ws, FIXTURE_REF)
    steps = [(e.details["from"], e.details["to"]) for e in trail if e.action == "schema_migrated"]
    assert steps == [(v, v + 1) for v in range(1, SCHEMA_VERSION)]
    assert [e.action for e in trail[:4]] == ["case_created", "event_recorded", "event_recorded",
                                             "note_added"]
    assert C.check_case(ws, FIXTURE_REF) == []
    conn = connect(target, bytes.fromhex((DATA / "first_schema_case.key").read_text().strip()))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    # The upgraded file takes new changes and appears in the registry.
    C.record_event(ws, FIXTURE_REF, "responded", dt.date(2025, 6, 1),
        override="ended for this test's set-up")
    assert [r.reference for r in C.list_cases(ws, status="closed")] == [FIXTURE_REF]
    assert len(list(ws.backups_dir.iterdir())) == 1  # no second migration


DISTINCT = ["Quillon Vexworth-Ystrad", "quillon.vexworth@ystrad-mail.example",
            "Zyxqar Blemfontaine", "Flumbleshank Terrace 77", "Marigold-Kessenthwaite note",
            "FRODWIGGLE-DOC-CONTENT", "Λυκόφως Ξενοφώντα", "杨振宁之谜"]


def test_no_personal_data_on_disk_in_plaintext(ws, tmp_path):
    from sar_desk.core.entities import Person

    snap = C.create_case(ws, C.NewCase(
        requester=Person(DISTINCT[0], DISTINCT[1], DISTINCT[3]), received=dt.date(2026, 2, 2),
        subject=Person(DISTINCT[2]), request_text=DISTINCT[6]))
    ref = snap.reference
    C.add_note(ws, ref, DISTINCT[4])
    C.add_note(ws, ref, DISTINCT[7])
    doc = tmp_path / "outside-the-workspace.txt"
    doc.write_text(DISTINCT[5] * 50, encoding="utf-8")
    C.attach_document(ws, ref, doc)
    C.store_letter(ws, ref, "acknowledgement", "pdf", DISTINCT[0].encode() * 10)
    C.list_cases(ws, search="Quillon")
    # Hold the case file open with an uncheckpointed write, so its -wal file is on disk too.
    wrapped, _ = ws.registry.key_entry(ref)
    held = connect(ws.case_path(ref), keys.unwrap_case_key(ws.master_key, ws.id, ref, wrapped))
    held.execute("PRAGMA wal_autocheckpoint = 0")
    held.execute("BEGIN IMMEDIATE")
    held.execute("INSERT INTO note (text, recorded_at, recorded_by) VALUES (?, 'x', 'y')",
                 (DISTINCT[4] + " in the WAL",))
    held.execute("COMMIT")
    try:
        files = [p for p in ws.path.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert f"{ref}.sarcase-wal" in names and "registry.db-wal" in names
        for path in files:
            data = path.read_bytes()
            assert not data.startswith(b"SQLite format 3"), path
            for text in DISTINCT:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    assert text.encode(encoding) not in data, (path, text, encoding)
                assert text.split()[0].lower().encode() not in data.lower(), (path, text)
    finally:
        held.close()


def test_handover_copy_opens_in_bare_sqlcipher_with_the_passphrase_only(ws, tmp_path):
    import sqlcipher3

    ref = make_case(ws, name="Ελένη Παπαδοπούλου")
    C.add_note(ws, ref, "handed over")
    out = C.export_case(ws, ref, tmp_path / "handover.db", "pass 'phrase' for the solicitor")
    assert out.read_bytes()[:16] != b"SQLite format 3\x00"
    conn = sqlcipher3.connect(str(out))
    conn.execute("PRAGMA key = 'pass ''phrase'' for the solicitor'")
    assert conn.execute("SELECT reference, status, received FROM request").fetchall() == [
        (ref, "open", "2026-03-02")]
    assert conn.execute("SELECT name FROM person").fetchall() == [("Ελένη Παπαδοπούλου",)]
    conn.close()
    wrong = sqlcipher3.connect(str(out))
    wrong.execute("PRAGMA key = 'guess'")
    with pytest.raises(sqlcipher3.DatabaseError):
        wrong.execute("SELECT count(*) FROM request").fetchall()
    wrong.close()
    assert C.audit_trail(ws, ref)[-1].action == "exported"
    from sar_desk.errors import InputError

    with pytest.raises(InputError, match="already exists"):
        C.export_case(ws, ref, out, "another passphrase")
