"""The command line on a team workspace: created with the server option, opened by it or
by SAR_DESK_SERVER, and a clear message when no server answers."""

from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_init_on_a_server_then_every_command_uses_it(pg_url, passfile, capsys, monkeypatch):
    from sar_desk.cli import main

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    common = ["--passphrase-file", str(passfile)]

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([*argv, *common])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("init", "--server", pg_url, "--json")
    assert code == 0, err
    assert json.loads(out)["recovery_key"]
    code, _out, err = run("init", "--server", pg_url)
    assert code != 0 and "already holds a SAR Desk team workspace" in err
    code, out, err = run("case", "new", "--requester", "Ada Lovelace", "--email",
                         "ada@example.org", "--received", "2026-06-01", "--yes",
                         "--server", pg_url)
    assert code == 0, err
    monkeypatch.setenv("SAR_DESK_SERVER", pg_url)  # the same workspace, named by the env
    code, out, err = run("case", "list", "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["requester_name"] == "Ada Lovelace"
    code, out, err = run("case", "note", row["reference"], "rang back")
    assert code == 0, err
    code, out, err = run("case", "show", row["reference"], "--json")
    assert "rang back" in out
    code, out, err = run("verify")
    assert code == 0 and "intact" in out, err
    code, out, err = run("reindex")  # a new copy holds no case file yet: each is fetched
    assert code == 0, err
    code, out, err = run("case", "list", "--json")
    assert [r["reference"] for r in json.loads(out)] == [row["reference"]]
    code, out, err = run("search", "rang back", "--json")
    assert code == 0 and row["reference"] in out, err


def test_no_server_is_a_clear_refusal(passfile, capsys, monkeypatch):
    from sar_desk.cli import main

    code = main(["case", "list", "--server",
                 "postgresql://officer:hunter2@127.0.0.1:1/sar?connect_timeout=2",
                 "--passphrase-file", str(passfile)])
    err = capsys.readouterr().err
    assert code == 1  # as for any workspace that cannot be opened
    assert "cannot be reached" in err and "hunter2" not in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_unlock_with_the_recovery_key_on_a_server(pg_url, passfile, tmp_path, capsys,
                                                   monkeypatch):
    from sar_desk.cli import main

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    assert main(["init", "--server", pg_url, "--json", "--passphrase-file", str(passfile)]) == 0
    recovery = json.loads(capsys.readouterr().out)["recovery_key"]
    newpass = tmp_path / "new.txt"
    newpass.write_text("a brand new passphrase 77\n", encoding="utf-8")
    assert main(["unlock", "--server", pg_url, "--recovery-key", recovery,
                 "--passphrase-file", str(newpass)]) == 0
    assert "Unlocked the team workspace" in capsys.readouterr().out
    import keyring

    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # another computer: only the new passphrase
    assert main(["case", "list", "--json", "--server", pg_url,
                 "--passphrase-file", str(newpass)]) == 0, capsys.readouterr().err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", encoding="utf-8")
    keyring.set_keyring(MemoryKeyring())  # (the open above remembered the key there)
    assert main(["case", "list", "--server", pg_url, "--passphrase-file", str(wrong)]) != 0
    assert "passphrase" in capsys.readouterr().err
    import os
    from pathlib import Path

    copies = Path(os.environ["XDG_CACHE_HOME"]) / "sar-desk" / "team"
    assert not any(copies.iterdir())  # a refused open leaves no private copy behind
