"""Backup → restore round trip on the demo workspace, and what an archive must never hold."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.cli import main
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import backup
from sar_desk.store import keys
from sar_desk.store.errors import MissingKeyError
from tests.demo_workspace import demo_workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_workspace(tmp_path_factory)


@pytest.fixture(scope="module")
def archive(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("backup") / "workspace.sdbk"
    assert main(["backup", "--out", str(out), *demo.args()]) == 0
    return out


def shown(capsys, args: list[str]) -> dict[str, dict]:
    assert main(["case", "list", "--status", "all", "--json", *args]) == 0
    refs = [row["reference"] for row in json.loads(capsys.readouterr().out)]
    result = {}
    for ref in refs:
        assert main(["case", "show", ref, "--json", *args]) == 0
        result[ref] = json.loads(capsys.readouterr().out)
    return result


def test_round_trip_passes_verify_and_every_case_reads_the_same(demo, archive, tmp_path,
                                                                capsys, monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", demo.as_of.isoformat())
    target = tmp_path / "restored"
    secret = ["--passphrase-file", str(demo.passphrase_file)]
    assert main(["restore", str(archive), "--workspace", str(target), *secret]) == 0
    capsys.readouterr()
    assert main(["verify", "--workspace", str(target), *secret]) == 0
    assert "readable, intact" in capsys.readouterr().out
    before = shown(capsys, demo.args())
    after = shown(capsys, ["--workspace", str(target), *secret])
    assert len(before) == 60 and after == before


def test_the_archive_holds_no_plaintext_and_no_bare_key(demo, archive):
    data = archive.read_bytes()
    with demo.open() as ws:
        names = {s.requester_name for s in ws.registry.list(status="all")}
        master = ws.master_key
    assert len(names) > 20
    for name in names:
        assert name.encode("utf-8") not in data
    assert b"SQLite format 3" not in data
    assert master not in data and keys.b64(master).encode() not in data
    assert master.hex().encode() not in data


def test_a_damaged_or_cut_archive_is_refused_and_nothing_is_left(demo, archive, tmp_path):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x40
    bad = tmp_path / "bad.sdbk"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputError, match="damaged or was altered"):
        backup.restore_workspace(bad, tmp_path / "r1", passphrase=demo_passphrase(demo))
    cut = tmp_path / "cut.sdbk"
    cut.write_bytes(archive.read_bytes()[: len(data) - 100])
    with pytest.raises(InputError, match="cut short|damaged"):
        backup.restore_workspace(cut, tmp_path / "r2", passphrase=demo_passphrase(demo))
    assert not (tmp_path / "r1").exists() and not (tmp_path / "r2").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sdbk", "cut.sdbk"]  # no staging
    with pytest.raises(InputError, match="not a SAR Desk backup"):
        backup.restore_workspace(demo.passphrase_file, tmp_path / "r3",
                                 passphrase=demo_passphrase(demo))


def test_only_a_user_of_the_workspace_can_restore_it(demo, archive, tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "mallory")
    with pytest.raises(PermissionDenied, match="not a user"):
        backup.restore_workspace(archive, tmp_path / "r", passphrase=demo_passphrase(demo))
    assert not (tmp_path / "r").exists()


def demo_passphrase(demo) -> str:
    return demo.passphrase_file.read_text(encoding="utf-8").splitlines()[0]


def test_restore_on_a_new_computer_with_the_recovery_key(tmp_path, monkeypatch, memory_keyring):
    from sar_desk.core.clock import FixedClock
    from sar_desk.core.entities import Person
    from sar_desk.services import cases
    from sar_desk.services.workspace import init_workspace, open_workspace

    ws, recovery = init_workspace(tmp_path / "ws", clock=FixedClock(dt.date(2026, 6, 30)))
    # keyring only, no passphrase
    ref = cases.create_case(ws, cases.NewCase(requester=Person("Tomás Ó Briain"),
                                              received=dt.date(2026, 6, 1))
                            ).reference
    archive = backup.backup_workspace(ws, tmp_path / "ws.sdbk")
    ws.close()
    memory_keyring.store.clear()  # the computer is gone, and its keyring with it
    with pytest.raises(MissingKeyError, match="No key to open the workspace"):
        backup.restore_workspace(archive, tmp_path / "new")
    assert not (tmp_path / "new").exists()
    restored = backup.restore_workspace(archive, tmp_path / "new", recovery_key=recovery)
    assert cases.get_case(restored, ref).requester.name == "Tomás Ó Briain"
    restored.close()
    open_workspace(tmp_path / "new").close()  # the user's keyring entry is back
