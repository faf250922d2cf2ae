"""``sar-desk user`` and ``sar-desk ready``: the same rules as the services, exit 3 when refused."""

from __future__ import annotations

import json

from sar_desk.cli import main


def test_user_commands_and_ready(with_staff, monkeypatch, capsys):
    ws, secret = with_staff
    assert main(["user", "add", "sid", "--role", "staff", "--user-passphrase-file", str(secret),
                 *ws]) == 2
    assert main(["user", "role", "sid", "staff,manager", *ws]) == 0
    capsys.readouterr()
    assert main(["user", "list", "--json", *ws]) == 0
    users = {u["login"]: u["roles"] for u in json.loads(capsys.readouterr().out)}
    assert users == {"ada": ["administrator", "privacy_officer"], "sid": ["staff", "manager"]}
    assert main(["user", "role", "sid", "staff", *ws]) == 0
    assert main(["case", "new", "--requester", "Kwame Mensah", "--received", "2026-06-01",
                 *ws]) == 0
    ref = capsys.readouterr().out.split()[-1].rstrip(".")
    assert ref.startswith("SAR-2026-")

    monkeypatch.setenv("LOGNAME", "sid")
    as_sid = [*ws, "--passphrase-file", str(secret)]
    assert main(["case", "show", ref, *as_sid]) == 3
    assert "only the staff key" in capsys.readouterr().err
    assert main(["ready", ref, *as_sid]) == 3
    assert main(["user", "list", *as_sid]) == 3

    monkeypatch.setenv("LOGNAME", "ada")
    assert main(["ready", ref, *ws]) == 0
    monkeypatch.setenv("LOGNAME", "sid")
    capsys.readouterr()
    assert main(["ready-letters", "--json", *as_sid]) == 0
    assert [c["reference"] for c in json.loads(capsys.readouterr().out)] == [ref]

    monkeypatch.setenv("LOGNAME", "ada")
    capsys.readouterr()
    assert main(["user", "audit", "--json", *ws]) == 0
    log = json.loads(capsys.readouterr().out)
    refused = [(e["actor"], json.loads(e["details"])["action"], e["reference"])
               for e in log["entries"] if e["action"] == "refused"]
    assert refused == []  # staff cannot write to the registry: see the ready letters audit
    from sar_desk.services import staff_desk
    from sar_desk.services.workspace import open_workspace

    with open_workspace(ws[1], passphrase=None) as opened:
        refused = [(e["actor"], e["details"]["action"], e["details"]["reference"])
                   for e in staff_desk.ready_audit(opened) if e["action"] == "refused"]
    assert refused == [("sid", "read_case", ref), ("sid", "mark_ready", ref),
                       ("sid", "manage_users", "")]
    assert log["problems"] == []
    assert main(["user", "remove", "sid", *ws]) == 0
    monkeypatch.setenv("LOGNAME", "sid")
    assert main(["case", "list", *as_sid]) == 3
    assert "not a user" in capsys.readouterr().err


def test_taking_the_administrator_role_says_the_signing_key_was_replaced(with_staff, capsys):
    ws, secret = with_staff
    assert main(["user", "add", "dee", "--role", "administrator", "--user-passphrase-file",
                 str(secret), *ws]) == 0
    capsys.readouterr()
    assert main(["user", "role", "dee", "manager", *ws]) == 0
    said = capsys.readouterr().out
    assert "dee is now manager." in said and "signing key" in said
    assert main(["user", "role", "dee", "manager,privacy_officer", *ws]) == 0
    assert "signing key" not in capsys.readouterr().out  # still reads cases: keys stay
