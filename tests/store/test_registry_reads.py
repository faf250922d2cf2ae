"""The registry's read path: bare SQLCipher connections, kept for reuse, never the ORM."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlcipher3

from sar_desk.store.registry import IDLE_READERS
from tests.store.conftest import make_case

REPO = Path(__file__).resolve().parents[2]


def test_a_read_sees_what_a_write_just_committed(ws):
    before = ws.registry.list()
    ref = make_case(ws, name="Łódź Wiśniewska")  # written through the SQLAlchemy engine
    rows = ws.registry.list()
    assert [r.reference for r in rows] == [r.reference for r in before] + [ref]
    assert rows[-1].requester_name == "Łódź Wiśniewska"
    assert ws.registry.get(ref)["requester_name"] == "Łódź Wiśniewska"
    assert ws.registry.key_entry(ref) is not None
    assert ref in ws.registry.references_with_keys()


def test_read_connections_are_reused_and_closed_with_the_registry(ws):
    make_case(ws)
    for _ in range(5):
        ws.registry.list()
    assert 1 <= len(ws.registry._idle) <= IDLE_READERS
    kept = list(ws.registry._idle)
    ws.registry.close()
    assert ws.registry._idle == []
    for conn in kept:
        with pytest.raises(sqlcipher3.ProgrammingError):
            conn.execute("SELECT 1")
    assert len(ws.registry.list()) == 1  # opens again on next use


def test_a_failed_read_drops_its_connection_and_the_next_read_works(ws):
    make_case(ws)
    ws.registry.list()
    with pytest.raises(sqlcipher3.OperationalError, match="no such table"):
        ws.registry.query("SELECT * FROM no_such_table")
    assert len(ws.registry.list()) == 1


def test_reads_from_many_threads_agree(ws):
    refs = [make_case(ws, name=f"王芳 {n}", email=f"wf{n}@example.cn") for n in range(3)]
    results, errors = [], []

    def read():
        try:
            for _ in range(20):
                results.append(tuple(r.reference for r in ws.registry.list()))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(results) == {tuple(refs)}
    assert len(ws.registry._idle) <= IDLE_READERS


@pytest.mark.parametrize(("command", "name", "expected"), [
    # `sar-desk overdue` starts fast because opening and reading skip the ORM entirely;
    # received 5 January, the case is overdue by 2 March.
    (["overdue", "--json", "--as-of", "2026-03-02"], "عائشة الحربي", "SAR-2026-0001"),
    # `sar-desk case list` reads the registry only, as `overdue` does.
    (["case", "list", "--json", "--status", "all"], "Łódź Wiśniewska",
     '"requester_name": "Łódź Wiśniewska"'),
])
def test_reading_commands_never_load_sqlalchemy(tmp_path, command, name, expected):
    """The reading commands run on bare SQLCipher connections: no ORM to import."""
    script = textwrap.dedent(f"""
        import datetime as dt, sys
        from sar_desk.services.workspace import init_workspace
        from sar_desk.services.cases import NewCase, create_case
        from sar_desk.core.entities import Person
        ws, _ = init_workspace({str(tmp_path / 'ws')!r}, passphrase="pass phrase")
        create_case(ws, NewCase(requester=Person({name!r}, "a@example.org"),
                                received=dt.date(2026, 1, 5)))
        ws.close()
        for name in [m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sar_desk")]:
            del sys.modules[name]
        from sar_desk.cli import main
        code = main({command!r} + ["--workspace", {str(tmp_path / 'ws')!r},
                     "--passphrase-file", {str(tmp_path / 'pass.txt')!r}])
        print("EXIT", code, "SQLALCHEMY", "sqlalchemy" in sys.modules, file=sys.stderr)
    """)
    (tmp_path / "pass.txt").write_text("pass phrase\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert "EXIT 0 SQLALCHEMY False" in done.stderr, done.stderr
    assert expected in done.stdout


def test_a_damaged_registry_page_is_a_clear_error_for_reads_and_the_cli(ws, capsys):
    """A registry whose first pages open but whose case rows are damaged names the registry
    and the way out, from the read path and from `sar-desk case list` / `overdue`."""
    import os

    from sar_desk.cli import main
    from sar_desk.errors import SarDeskError
    from sar_desk.services.workspace import open_workspace

    make_case(ws)
    path = ws.registry.path
    root = path.parent
    (page,), = ws.registry.query("SELECT rootpage FROM sqlite_master WHERE name = 'cases'")
    ws.close()
    with open(path, "r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(os.urandom(4096))
    again = open_workspace(root)  # the key check and the users table still read
    try:
        with pytest.raises(SarDeskError, match=r"registry .* \(damaged .* backup"):
            again.registry.list()
    finally:
        again.close()
    for argv in (["case", "list"], ["overdue"]):
        assert main([*argv, "--workspace", str(root)]) == 1
        err = capsys.readouterr().err
        assert "unexpected error" not in err and "registry" in err and "backup" in err


def test_a_read_still_running_when_the_registry_closes_does_not_leave_its_connection_open(ws):
    """close() (the window closing, a workspace switch) while another thread reads: that
    read's connection is closed when it finishes, not parked open after the close."""
    make_case(ws)
    with ws.registry.reading() as conn:
        ws.registry.close()
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (1,)
    assert ws.registry._idle == []
    with pytest.raises(sqlcipher3.ProgrammingError):
        conn.execute("SELECT 1")
    assert len(ws.registry.list()) == 1  # the registry still opens again on next use


def test_a_missing_registry_is_named_as_missing_and_not_created_empty(ws):
    """Opening a workspace whose registry.db was deleted says so, and leaves no new empty
    registry behind (which would hide the loss from the next attempt)."""
    from sar_desk.errors import SarDeskError
    from sar_desk.services.workspace import open_workspace

    make_case(ws)
    path = ws.registry.path
    ws.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises(SarDeskError, match=r"registry .* is missing.* backup"):
        open_workspace(path.parent)
    assert not path.exists()
