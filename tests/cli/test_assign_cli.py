"""``sar-desk case assign`` and ``case new --assignee``: only users who may work cases."""

from __future__ import annotations

import getpass

from sar_desk.cli import main


def test_assignment_is_refused_by_name_for_anyone_but_a_case_worker(tmp_path, monkeypatch,
                                                                    capsys):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    me = getpass.getuser()
    ws = ["--workspace", str(tmp_path / "ws")]
    secret = tmp_path / "pass.txt"
    secret.write_text("a first passphrase\n", encoding="utf-8")
    assert main(["init", *ws]) == 0
    assert main(["user", "add", "gokafor", "--role", "privacy_officer", "--name", "Grace Okafor",
                 "--user-passphrase-file", str(secret), *ws]) == 0
    assert main(["user", "add", "mona", "--role", "manager", "--user-passphrase-file",
                 str(secret), *ws]) == 0
    capsys.readouterr()
    assert main(["user", "list", *ws]) == 0
    assert "gokafor\tprivacy_officer\tGrace Okafor" in capsys.readouterr().out

    assert main(["case", "new", "--requester", "Kwame Mensah", "--received", "2026-06-01",
                 "--assignee", "mona", *ws]) == 2
    err = capsys.readouterr().err
    assert "mona is not a user of this workspace who may work cases" in err
    workers = ", ".join(sorted(["Grace Okafor", me], key=str.casefold))
    assert f"Choose one of: {workers}." in err and "sar-desk user list" in err
    assert main(["case", "list", "--status", "all", *ws]) == 0
    assert "Kwame" not in capsys.readouterr().out  # nothing was created

    assert main(["case", "new", "--requester", "Kwame Mensah", "--received", "2026-06-01",
                 "--assignee", "gokafor", *ws]) == 0
    ref = capsys.readouterr().out.split()[-1].rstrip(".")
    assert main(["case", "assign", ref, "Priya Shah", *ws]) == 2
    assert "Priya Shah is not a user" in capsys.readouterr().err
    assert main(["case", "show", ref, *ws]) == 0
    assert "assigned to Grace Okafor" in capsys.readouterr().out
    assert main(["case", "assign", ref, me, *ws]) == 0
    assert f"assigned to {me}" in capsys.readouterr().out
