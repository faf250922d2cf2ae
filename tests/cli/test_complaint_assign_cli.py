"""``sar-desk complaint assign`` and ``complaint new --handler``, ``list --mine`` and
``my-work``: a complaint is handled by a privacy officer of the workspace."""

from __future__ import annotations

import getpass
import json

from sar_desk.cli import main


def test_complaints_are_handled_by_privacy_officers_only(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    me = getpass.getuser()
    ws = ["--workspace", str(tmp_path / "ws")]
    secret = tmp_path / "pass.txt"
    secret.write_text("a first passphrase\n", encoding="utf-8")
    assert main(["init", *ws]) == 0
    assert main(["user", "add", "gokafor", "--role", "privacy_officer", "--user-passphrase-file",
                 str(secret), *ws]) == 0
    assert main(["user", "add", "mona", "--role", "manager", "--user-passphrase-file",
                 str(secret), *ws]) == 0
    capsys.readouterr()

    def new(*extra: str) -> str:
        assert main(["complaint", "new", "--complainant", "Kwame Mensah", "--received",
                     "2026-06-19", *extra, *ws]) == 0
        return capsys.readouterr().out.split()[0]

    mine = new()  # whoever raises it handles it
    assert main(["complaint", "show", mine, "--json", *ws]) == 0
    assert json.loads(capsys.readouterr().out)["handler"] == me
    theirs = new("--handler", "gokafor")
    loose = new("--handler", "")

    assert main(["complaint", "new", "--complainant", "Ann Lee", "--received", "2026-06-19",
                 "--handler", "mona", *ws]) == 2
    err = capsys.readouterr().err
    assert "mona may not handle complaints: only a privacy officer may, and mona is a " \
           "manager." in err and "No complaint was logged." in err
    assert "sar-desk user role mona" in err and "Traceback" not in err

    assert main(["complaint", "assign", theirs, "priya", *ws]) == 2
    err = capsys.readouterr().err
    assert "priya is not a user of this workspace." in err
    assert f"Choose one of: {', '.join(sorted(['gokafor', me]))}." in err
    assert "Nothing was changed." in err

    assert main(["complaint", "assign", loose, "GOKAFOR", "--json", *ws]) == 0
    assert json.loads(capsys.readouterr().out)["handler"] == "gokafor"
    assert main(["complaint", "assign", theirs, me, *ws]) == 0
    assert capsys.readouterr().out.strip() == f"{theirs}: handled by {me}."

    assert main(["complaint", "list", *ws]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert f" {me} " in lines[mine] and " gokafor " in lines[loose]
    assert main(["complaint", "list", "--mine", "--json", *ws]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["reference"], r["handler"]) for r in rows] == [(mine, me), (theirs, me)]

    assert main(["complaint", "new", "--complainant", "Nia None", "--received", "2026-06-20",
                 "--handler", "", *ws]) == 0
    unassigned = capsys.readouterr().out.split()[0]
    assert main(["my-work", *ws]) == 0
    out = capsys.readouterr().out
    assert mine in out and theirs in out and loose not in out
    assert f"{unassigned}  Nia None  received 2026-06-20, acknowledge by 2026-07-20  " \
           "(no handler)" in out
