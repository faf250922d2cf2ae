"""A case file made before the rights tables (schema v2) gains them when opened."""

from __future__ import annotations

from sar_desk.core.entities import RequestType
from sar_desk.services import cases as C
from sar_desk.services import rights as R
from sar_desk.store.case_schema import SCHEMA_VERSION
from sar_desk.store.rights_schema import TABLES
from tests.reliability.make_schema_fixture import DOWNGRADES
from tests.store.conftest import make_case, raw_case

RIGHTS_TABLES = {t.__tablename__ for t in TABLES}


def _tables(ws, ref) -> set[str]:
    conn = raw_case(ws, ref)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _make_v2(ws, ref) -> None:
    """Turn a new case file back into schema v2: no rights tables, version 2."""
    conn = raw_case(ws, ref)
    for version in range(SCHEMA_VERSION, 3, -1):  # the later steps first
        for statement in DOWNGRADES[version]:
            conn.execute(statement)
    for table in RIGHTS_TABLES:
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 2")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_new_case_files_have_the_rights_tables(ws):
    ref = make_case(ws)
    assert RIGHTS_TABLES <= _tables(ws, ref)
    assert SCHEMA_VERSION >= 3


def test_a_v2_case_file_gains_the_rights_tables_on_open(ws):
    ref = make_case(ws)
    _make_v2(ws, ref)
    assert not RIGHTS_TABLES & _tables(ws, ref)
    snap = C.get_case(ws, ref)  # opening migrates, after a backup copy
    assert snap.rights is not None and snap.rights.actions == ()
    assert RIGHTS_TABLES <= _tables(ws, ref)
    conn = raw_case(ws, ref)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert len(list(ws.backups_dir.glob(f"{ref}.v2.*.bak"))) == 1
    steps = [e.details for e in C.audit_trail(ws, ref) if e.action == "schema_migrated"]
    assert [(s["from"], s["to"]) for s in steps] == [(v, v + 1) for v in range(2, SCHEMA_VERSION)]
    # the upgraded file takes rights changes, and the audit chain still holds
    R.add_right(ws, ref, RequestType.ERASURE)
    R.record_action(ws, ref, "erasure", "erased", system="CRM")
    assert [a.system for a in C.get_case(ws, ref).rights.actions] == ["CRM"]
    assert C.check_case(ws, ref) == []
