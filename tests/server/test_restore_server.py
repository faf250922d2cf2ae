"""Restoring a backup onto a server: a new team workspace in an empty database, each case
reading as the backup's; refused (changing nothing) on a database in use, a server that
does not answer or a damaged archive; purges made after the backup stay made; and no
staging folder is left behind, whatever happens."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile

import pytest

from sar_desk.core.entities import Person
from sar_desk.services import cases as C
from tests.server.team_helpers import PASSPHRASE


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The temporary folder the staging copies are made in, to see that none is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def cli(passfile, capsys, monkeypatch):
    from sar_desk.cli import main

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*argv, "--passphrase-file", str(passfile)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def ok(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 0, err
    return out


def sd_tables(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return sorted(r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'sd_%'"))


def database_state(url: str) -> tuple:
    import psycopg

    with psycopg.connect(url) as conn:
        meta = conn.execute("SELECT key, value FROM sd_meta ORDER BY key").fetchall()
        cases = conn.execute("SELECT reference, version FROM sd_cases ORDER BY 1").fetchall()
        audit = conn.execute("SELECT count(*) FROM sd_audit").fetchone()
        blobs = conn.execute("SELECT name, version FROM sd_blobs ORDER BY 1").fetchall()
    return meta, cases, audit, blobs


@pytest.fixture
def demo_backup(tmp_path, cli):
    """A demo folder workspace and an archive of it."""
    folder = tmp_path / "demo"
    archive = tmp_path / "demo.sdbk"
    ok(cli("demo", "--workspace", str(folder), "--cases", "8"))
    ok(cli("backup", "--workspace", str(folder), "--out", str(archive)))
    return folder, archive


@pytest.mark.slow
def test_restore_onto_an_empty_database_reads_as_the_backup(demo_backup, pg_url, cli, scratch):
    folder, archive = demo_backup
    done = json.loads(ok(cli("restore", str(archive), "--server", pg_url, "--json",
                             "--original", str(folder))))
    from sar_desk.store.server.store import where

    assert done["restored_into"] == where(pg_url)
    refs = [r["reference"] for r in json.loads(ok(cli("case", "list", "--json", "--status",
                                                      "all", "--workspace", str(folder))))]
    assert done["cases"] == len(refs) >= 8
    assert ok(cli("case", "list", "--json", "--status", "all", "--workspace", str(folder))) \
        == ok(cli("case", "list", "--json", "--status", "all", "--server", pg_url))
    for ref in refs:
        assert ok(cli("case", "show", ref, "--json", "--workspace", str(folder))) == \
            ok(cli("case", "show", ref, "--json", "--server", pg_url)), ref
    assert "intact" in ok(cli("verify", "--server", pg_url))
    assert list(scratch.iterdir()) == []  # the staging folder is gone


@pytest.mark.slow
def test_a_database_in_use_is_refused_and_left_unchanged(demo_backup, pg_url, cli, scratch):
    _folder, archive = demo_backup
    ok(cli("init", "--server", pg_url))
    ok(cli("case", "new", "--requester", "Ada Lovelace", "--email", "ada@example.org",
           "--received", "2026-06-01", "--yes", "--server", pg_url))
    before = database_state(pg_url)
    code, _out, err = cli("restore", str(archive), "--server", pg_url)
    assert code != 0 and "already holds a SAR Desk team workspace" in err
    assert "Traceback" not in err
    assert database_state(pg_url) == before
    assert list(scratch.iterdir()) == []


def test_an_unreachable_server_is_refused_naming_it_without_the_password(
        tmp_path, cli, scratch):
    archive = tmp_path / "any.sdbk"
    archive.write_bytes(b"not even read")
    code, _out, err = cli("restore", str(archive), "--server",
                          "postgresql://officer:hunter2@127.0.0.1:1/newdb?connect_timeout=2")
    assert code != 0 and "cannot be reached" in err and "127.0.0.1:1/newdb" in err
    assert "hunter2" not in err and "Traceback" not in err
    assert list(scratch.iterdir()) == []


def test_a_damaged_archive_is_refused_and_the_database_stays_empty(tmp_path, pg_url, cli,
                                                                   scratch):
    archive = tmp_path / "bad.sdbk"
    archive.write_bytes(b"SARDESK?" * 64)
    code, _out, err = cli("restore", str(archive), "--server", pg_url)
    assert code == 2 and "is not a SAR Desk backup" in err
    assert sd_tables(pg_url) == []
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
def test_an_upload_cut_short_leaves_no_staging_folder_and_an_empty_database(
        demo_backup, pg_url, cli, scratch, monkeypatch):
    from sar_desk.errors import InputError
    from sar_desk.services import team

    _folder, archive = demo_backup
    real = team.upload

    def cut_short(ws, store, login, progress=None):
        real(ws, store, login, progress)
        raise InputError("SAR-2026-0001 did not arrive intact on the server; the folder "
                         "workspace is unchanged.", code="server.verify_failed",
                         reference="SAR-2026-0001")

    monkeypatch.setattr(team, "upload", cut_short)
    code, _out, err = cli("restore", str(archive), "--server", pg_url)
    assert code == 2 and "SAR-2026-0001 did not arrive intact" in err
    assert "the database is empty again" in err and "folder" not in err
    assert list(scratch.iterdir()) == []
    assert sd_tables(pg_url) == []  # nothing half-restored stays in the database
    monkeypatch.setattr(team, "upload", real)
    ok(cli("restore", str(archive), "--server", pg_url))  # and it can be done again
    assert list(scratch.iterdir()) == []


# --- purges made after the backup stay made ---------------------------------------------

def closed_case(ws, name: str) -> str:
    ref = C.create_case(ws, C.NewCase(requester=Person(name, ""),
                                      received=dt.date(2018, 1, 10))).reference
    for kind in ("responded", "closed"):
        C.record_event(ws, ref, kind, dt.date(2018, 2, 5),
                       override="ended for this test's set-up")
    return ref


def restored_copy_keeps_purge(where: str, victim: str, kept: str, clock) -> None:
    from sar_desk.services import retention
    from sar_desk.services.team import open_team
    from sar_desk.services.workspace import open_workspace
    from sar_desk.store.errors import UnknownCase

    opener = open_team if where.startswith("postgresql://") else open_workspace
    with opener(where, passphrase=PASSPHRASE, clock=clock) as ws:
        assert ws.registry.key_entry(victim) is None
        with pytest.raises(UnknownCase):
            C.get_case(ws, victim)
        assert victim in {t.reference for t in retention.tombstones(ws)}
        assert C.get_case(ws, kept).reference == kept
        assert (ws.certificates_dir / f"{victim}-destruction-reapplied.pdf").is_file()


@pytest.mark.slow
def test_a_case_purged_in_the_live_folder_stays_purged_on_the_server(
        tmp_path, pg_url, cli, clock, scratch):
    from sar_desk.services import backup, retention
    from sar_desk.services.workspace import init_workspace, open_workspace

    folder = tmp_path / "live"
    ws, _recovery = init_workspace(folder, passphrase=PASSPHRASE, clock=clock)
    with ws:
        victim, kept = closed_case(ws, "Ottoline Shredwell"), closed_case(ws, "Bram Oldfield")
        archive = backup.backup_workspace(ws, tmp_path / "before.sdbk")
    with open_workspace(folder, passphrase=PASSPHRASE, clock=clock) as ws:
        retention.purge(ws, confirm=1, references=[victim])
    out = ok(cli("restore", str(archive), "--server", pg_url, "--original", str(folder)))
    assert f"Destroyed again 1 purged case(s) the archive still held: {victim}" in out
    restored_copy_keeps_purge(pg_url, victim, kept, clock)
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("onto", ["server", "folder"])
def test_a_case_purged_in_the_live_team_workspace_stays_purged_in_the_restored_copy(
        tmp_path, pg_server, pg_url, cli, clock, scratch, onto):
    from sar_desk.services import backup, retention
    from sar_desk.services.team import migrate_to_server, open_team
    from sar_desk.services.workspace import init_workspace

    live = pg_server.create_database(f"t_restore_live_team_{onto}")
    ws, _recovery = init_workspace(tmp_path / "first", passphrase=PASSPHRASE, clock=clock)
    with ws:
        victim, kept = closed_case(ws, "Ottoline Shredwell"), closed_case(ws, "Bram Oldfield")
        migrate_to_server(ws, live)
    with open_team(live, passphrase=PASSPHRASE, clock=clock) as ws:
        archive = backup.backup_workspace(ws, tmp_path / "before.sdbk")
    with open_team(live, passphrase=PASSPHRASE, clock=clock) as ws:
        retention.purge(ws, confirm=1, references=[victim])
    shutil.rmtree(tmp_path / "first")  # only the team workspace holds the purge now
    where = pg_url if onto == "server" else str(tmp_path / "restored")
    out = ok(cli("restore", str(archive), f"--{'server' if onto == 'server' else 'workspace'}",
                 where, "--original-server", live))
    assert f"Destroyed again 1 purged case(s) the archive still held: {victim}" in out
    restored_copy_keeps_purge(where, victim, kept, clock)
    assert list(scratch.iterdir()) == []


def test_only_an_administrator_may_restore_onto_a_server(tmp_path, pg_url, clock, scratch,
                                                         monkeypatch):
    from sar_desk.errors import PermissionDenied
    from sar_desk.services import access, backup
    from sar_desk.services.restore_server import restore_to_server
    from sar_desk.services.workspace import init_workspace

    ws, _recovery = init_workspace(tmp_path / "live", passphrase=PASSPHRASE, clock=clock)
    with ws:
        closed_case(ws, "Ottoline Shredwell")
        access.add_user(ws, "olive", "privacy_officer", passphrase="olive's own passphrase")
        archive = backup.backup_workspace(ws, tmp_path / "b.sdbk")
    monkeypatch.setenv("LOGNAME", "olive")
    with pytest.raises(PermissionDenied) as refused:
        restore_to_server(archive, pg_url, passphrase="olive's own passphrase", clock=clock)
    assert "olive" in str(refused.value) and "not a user" not in str(refused.value)
    assert sd_tables(pg_url) == []
    assert list(scratch.iterdir()) == []
