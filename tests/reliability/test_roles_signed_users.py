"""Roles hold without trusting the client: the user list is signed by the administrators,
a forged role change is refused and named, and a users file from before is upgraded."""

from __future__ import annotations

import json

import pytest

from sar_desk.cli import main
from sar_desk.core.roles import Role
from sar_desk.errors import PermissionDenied
from sar_desk.services import access
from sar_desk.services import workspace as W
from sar_desk.store import keys
from sar_desk.store import roster as signed
from sar_desk.store import users as store
from sar_desk.store.errors import KeyProblem
from sar_desk.store.user_keys import UsersForged

ADMIN, STAFF = "administrator passphrase", "staff member passphrase"
OFFICER = "privacy officer passphrase"


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "ada")
    ws, _recovery = W.init_workspace(tmp_path / "ws", passphrase=ADMIN)
    with ws:
        access.add_user(ws, "sid", "staff", passphrase=STAFF)
    return tmp_path / "ws"


def _edit_roles(root, login: str, roles: list[str]) -> None:
    path = root / "users.json"
    data = json.loads(path.read_text())
    for member in data["roster"]["body"]["users"]:
        if member["login"] == login:
            member["roles"] = roles
    path.write_text(json.dumps(data))


def test_a_role_rewritten_in_users_json_is_refused_and_named(root, monkeypatch,
                                                            memory_keyring):
    _edit_roles(root, "sid", ["administrator"])
    for login, passphrase in (("sid", STAFF), ("ada", ADMIN)):
        monkeypatch.setenv("LOGNAME", login)
        with pytest.raises(UsersForged) as refused:
            W.open_workspace(root, passphrase=passphrase)
        assert "not signed by this workspace's administrators" in str(refused.value)
        assert "sid administrator" in str(refused.value)  # what the forged list now says
    secret = root.parent / "sid.txt"
    secret.write_text(STAFF + "\n", encoding="utf-8")
    monkeypatch.setenv("LOGNAME", "sid")
    assert main(["case", "list", "--workspace", str(root), "--passphrase-file",
                 str(secret)]) != 0


def test_a_list_re_signed_with_another_key_is_refused(root, monkeypatch):
    path = root / "users.json"
    data = json.loads(path.read_text())
    body = data["roster"]["body"]
    for member in body["users"]:
        if member["login"] == "sid":
            member["roles"] = ["administrator"]
    forger, forger_public = signed.new_signing_key()
    body["signer"] = keys.b64(forger_public)  # the forger's own key, signed by it
    data["roster"] = signed.sign(signed.Roster.from_body(body), forger)
    path.write_text(json.dumps(data))
    monkeypatch.setenv("LOGNAME", "sid")
    with pytest.raises(UsersForged):
        W.open_workspace(root, passphrase=STAFF)


def test_a_role_rewritten_in_the_registry_is_named_and_put_back_by_an_administrator(
        root, monkeypatch):
    monkeypatch.setenv("LOGNAME", "ada")
    with W.open_workspace(root, passphrase=ADMIN) as ws:
        access.add_user(ws, "olu", "privacy_officer", passphrase=OFFICER)
    with W.open_workspace(root, passphrase=ADMIN) as ws, ws.registry.writing() as conn:
        store.put_user(conn, "sid", (Role.ADMINISTRATOR,), "sid")  # as a forger would
    monkeypatch.setenv("LOGNAME", "olu")
    with pytest.raises(UsersForged, match="sid has roles administrator in the registry"):
        W.open_workspace(root, passphrase=OFFICER)
    monkeypatch.setenv("LOGNAME", "sid")  # staff read the signed list, never the registry
    with W.open_workspace(root, passphrase=STAFF) as ws:
        assert access.current_user(ws).roles == (Role.STAFF,)
    monkeypatch.setenv("LOGNAME", "ada")
    with W.open_workspace(root, passphrase=ADMIN) as ws:
        assert store.get_user(ws.registry, "sid").roles == (Role.STAFF,)
        assert [r.action for r in access.workspace_audit(ws)][-1] == "users_table_restored"
    monkeypatch.setenv("LOGNAME", "sid")
    with W.open_workspace(root, passphrase=STAFF) as ws:
        assert access.current_user(ws).roles == (Role.STAFF,)
        with pytest.raises(PermissionDenied):
            access.list_users(ws)


def _make_version_1(root, memory_keyring, users: dict[str, str]) -> None:
    """Make the workspace at ``root`` look like one with a version 1 users file: each
    login's passphrase wraps the master key itself, no signed list, roles in the registry."""
    ws = W.open_workspace(root, passphrase=users["ada"])
    with ws:
        master = ws.master_key
        with ws.registry.writing() as conn:
            for login in users:
                if login != "ada":
                    store.put_user(conn, login, (Role.STAFF,), "ada")
    memory_keyring.store.clear()
    path = root / "users.json"
    path.write_text(json.dumps({"format": store.FORMAT, "version": 1, "users": {
        login: {"keyring": False, "passphrase": store.passphrase_wrap(
            master, passphrase, ws.id, login)} for login, passphrase in users.items()}}))
    manifest = json.loads((root / "workspace.json").read_text())
    for newer in ("recovery_public", "recovery_keys"):  # its recovery key is the old kind
        manifest.pop(newer, None)
    (root / "workspace.json").write_text(json.dumps(manifest))


def test_a_users_file_from_before_is_signed_on_an_administrators_first_open(
        tmp_path, monkeypatch, memory_keyring):
    """Version 1 (every user wraps the master key itself) keeps opening as it did until an
    administrator opens it; then every user keeps their roles and moves to a credential."""
    monkeypatch.setenv("LOGNAME", "ada")
    root = tmp_path / "ws"
    W.init_workspace(root, passphrase=ADMIN)[0].close()
    _make_version_1(root, memory_keyring, {"ada": ADMIN, "sid": STAFF})
    path = root / "users.json"

    monkeypatch.setenv("LOGNAME", "sid")  # before an administrator's open: as it was
    with W.open_workspace(root, passphrase=STAFF) as opened:
        assert access.current_user(opened).roles == (Role.STAFF,)
    assert "roster" not in json.loads(path.read_text())

    monkeypatch.setenv("LOGNAME", "ada")
    W.open_workspace(root, passphrase=ADMIN).close()
    upgraded = json.loads(path.read_text())
    assert upgraded["version"] == 2 and upgraded["roster"]["signature"]
    assert "legacy" not in upgraded["users"]["ada"] and "legacy" in upgraded["users"]["sid"]

    monkeypatch.setenv("LOGNAME", "sid")  # sid's old passphrase hands over their credential
    with W.open_workspace(root, passphrase=STAFF) as opened:
        assert access.current_user(opened).roles == (Role.STAFF,)
    assert "legacy" not in json.loads(path.read_text())["users"]["sid"]
    memory_keyring.store.clear()
    W.open_workspace(root, passphrase=STAFF).close()  # now under their own passphrase


def test_a_key_change_ends_the_hand_over_and_a_new_first_passphrase_lets_them_in(
        tmp_path, monkeypatch, memory_keyring):
    monkeypatch.setenv("LOGNAME", "ada")
    root = tmp_path / "ws"
    W.init_workspace(root, passphrase=ADMIN)[0].close()
    _make_version_1(root, memory_keyring, {"ada": ADMIN, "sid": STAFF, "tom": STAFF})
    with W.open_workspace(root, passphrase=ADMIN) as ws:  # signs the list
        rotation = access.remove_user(ws, "tom")
    assert rotation.need_passphrase == ("sid",)  # sid never opened since
    assert rotation.recovery_key  # the old recovery key had no public half
    monkeypatch.setenv("LOGNAME", "sid")
    with pytest.raises(KeyProblem):
        W.open_workspace(root, passphrase=STAFF)
    monkeypatch.setenv("LOGNAME", "ada")
    fresh = tmp_path / "sid.txt"
    fresh.write_text("sid's new first passphrase\n", encoding="utf-8")
    assert main(["user", "passphrase", "sid", "--user-passphrase-file", str(fresh),
                 "--workspace", str(root)]) == 0
    monkeypatch.setenv("LOGNAME", "sid")
    with W.open_workspace(root, passphrase="sid's new first passphrase") as ws:
        assert access.current_user(ws).roles == (Role.STAFF,)
    monkeypatch.setenv("LOGNAME", "ada")
    memory_keyring.store.clear()
    W.unlock_with_recovery_key(root, rotation.recovery_key)  # the new recovery key works
    W.open_workspace(root).close()
