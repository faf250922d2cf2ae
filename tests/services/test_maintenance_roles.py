"""Verify and reindex are for administrators and privacy officers only.

Reindex rewrites every registry row and removes the key of a creation it judges abandoned;
verify opens every case file. A manager or staff member is refused before anything is
read or changed, and the refusal is in the workspace audit chain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sar_desk.cli import main
from sar_desk.errors import PermissionDenied
from sar_desk.services import staff_desk
from sar_desk.services.workspace import reindex, verify_workspace
from sar_desk.store import keys
from sar_desk.store import users as store
from tests.services import test_permissions as perms
from tests.services.test_permissions import PASS, case_bytes, new_case

# The permission tests' workspace with one user per role (boss is administrator and privacy
# officer; adm, po2, mgr, stf hold one role each), built once for this module.
team, env = perms.team, perms.env
OPERATIONS = {"verify": verify_workspace, "reindex": reindex}


def registry_state(ws) -> tuple[list, list]:
    """Every registry row and every case key, as stored."""
    return (ws.registry.query("SELECT * FROM cases ORDER BY reference"),
            ws.registry.query("SELECT * FROM case_keys ORDER BY reference"))


@pytest.fixture
def abandoned(env):
    """A creation cut off by a crash (key reserved, empty file, no lock): reindex removes it."""
    _root, handles = env
    boss = handles["boss"]
    ref = boss.registry.reserve(
        2026, wrap=lambda r: keys.wrap_case_key(boss.master_key, boss.id, r, keys.new_key()),
        taken=lambda r: False)
    boss.case_path(ref).write_bytes(b"")
    yield ref
    boss.registry.destroy_key(ref)
    boss.case_path(ref).unlink(missing_ok=True)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("login", ["mgr", "stf"])
def test_manager_and_staff_are_refused_and_nothing_changes(login, operation, env, abandoned,
                                                           tmp_path):
    _root, handles = env
    boss = handles["boss"]
    ref = new_case(boss, tmp_path, ready=True)  # even a case staff may read
    before = registry_state(boss), case_bytes(boss, ref)
    audit_before = len(store.read_audit(boss.registry))
    ready_before = len(staff_desk.ready_audit(boss))

    with pytest.raises(PermissionDenied) as refused:
        OPERATIONS[operation](handles[login])

    why = {"mgr": "a manager may not", "stf": "they hold only the staff key"}[login]
    assert str(refused.value).startswith(
        f"{login} may not check and rebuild the workspace (verify, reindex): {why}")
    assert "Nothing was changed" in str(refused.value)
    assert (registry_state(boss), case_bytes(boss, ref)) == before
    assert boss.registry.key_entry(abandoned) is not None  # a reindex would have removed it
    assert boss.case_path(abandoned).exists()
    if login == "stf":  # no key to the registry: recorded in the ready letters audit
        entries = staff_desk.ready_audit(boss)
        assert len(entries) == ready_before + 1
        assert (entries[-1]["action"], entries[-1]["actor"]) == ("refused", "stf")
        assert entries[-1]["details"]["action"] == "maintain_workspace"
        return
    entries = store.read_audit(boss.registry)
    assert len(entries) == audit_before + 1
    last = entries[-1]
    assert (last.action, last.actor, last.reference) == ("refused", login, "")
    assert '"action":"maintain_workspace"' in last.details


@pytest.mark.parametrize("login", ["adm", "po2"])  # administrator only; privacy officer only
def test_administrator_and_privacy_officer_may_verify_and_reindex(login, env, abandoned,
                                                                  tmp_path):
    _root, handles = env
    boss, ws = handles["boss"], handles[login]
    ref = new_case(boss, tmp_path)
    audit_before = len(store.read_audit(boss.registry))
    cases = set(boss.registry.references_with_keys()) - {abandoned}
    # verify settles the abandoned creation (nothing was committed: it is undone), so it
    # is no damage.
    assert verify_workspace(ws) == []
    assert boss.registry.key_entry(abandoned) is None  # the abandoned creation is gone
    assert ref in cases
    assert reindex(ws) == len(cases)
    assert not boss.case_path(abandoned).exists()
    assert {r[0] for r in boss.registry.query("SELECT reference FROM cases")} == cases
    assert verify_workspace(ws) == []
    assert not [e for e in store.read_audit(boss.registry)[audit_before:]
                if e.action == "refused"]


def test_cli_refuses_a_manager_with_exit_code_3_and_one_line(env, tmp_path, monkeypatch,
                                                             capsys):
    root, handles = env
    boss = handles["boss"]
    secret = tmp_path / "pass.txt"
    audit_before = len(store.read_audit(boss.registry))
    ready_before = len(staff_desk.ready_audit(boss))
    for login in ("mgr", "stf"):
        monkeypatch.setenv("LOGNAME", login)
        secret.write_text(PASS[login] + "\n", encoding="utf-8")
        for command in ("verify", "reindex"):
            code = main([command, "--workspace", str(root), "--passphrase-file", str(secret)])
            out, err = capsys.readouterr()
            assert code == 3 and out == ""
            assert err.count("\n") == 1
            assert err.startswith(f"sar-desk: {login} may not check and rebuild the workspace")
            where = "ready letters" if login == "stf" else "workspace"
            assert f"recorded in the {where} audit" in err
    refusals = store.read_audit(boss.registry)[audit_before:]
    assert [(e.actor, e.action) for e in refusals] == [("mgr", "refused"), ("mgr", "refused")]
    staff_refusals = staff_desk.ready_audit(boss)[ready_before:]
    assert [(e["actor"], e["action"]) for e in staff_refusals] == [("stf", "refused")] * 2

    monkeypatch.setenv("LOGNAME", "po2")
    secret.write_text(PASS["po2"] + "\n", encoding="utf-8")
    assert main(["verify", "--workspace", str(root), "--passphrase-file", str(secret)]) == 0
    assert "case files are readable" in capsys.readouterr().out


def test_a_refused_verify_says_nothing_about_the_case_files(env, tmp_path):
    """A damaged file is reported to an administrator, but a manager only gets the refusal."""
    _root, handles = env
    boss = handles["boss"]
    ref = new_case(boss, tmp_path)
    path = Path(boss.case_path(ref))
    original = path.read_bytes()
    path.write_bytes(original[:100])  # truncated
    try:
        with pytest.raises(PermissionDenied) as refused:
            verify_workspace(handles["mgr"])
        assert str(path) not in str(refused.value) and ref not in str(refused.value)
        assert any(str(path) in line for line in verify_workspace(handles["adm"]))
    finally:
        path.write_bytes(original)
