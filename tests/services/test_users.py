"""Users of a workspace: the first user, per-login wraps, who can open it, removal, migration."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sar_desk.cli import main
from sar_desk.core.roles import Role
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import access, sign_in
from sar_desk.services import workspace as W
from sar_desk.store import keys
from sar_desk.store import users as store
from sar_desk.store.errors import WrongKeyError

ADMIN_PASS = "admin passphrase ☂"
BOB_PASS = "bob's own passphrase"


@pytest.fixture
def as_login(monkeypatch):
    def switch(login: str) -> None:
        monkeypatch.setenv("LOGNAME", login)

    switch("alice")
    return switch


@pytest.fixture
def root(tmp_path, as_login):
    ws, _ = W.init_workspace(tmp_path / "ws", passphrase=ADMIN_PASS)
    ws.close()
    return tmp_path / "ws"


def test_the_creator_is_the_first_user_with_their_own_wrap(root, memory_keyring):
    entries = store.read_wraps(root)
    assert set(entries) == {"alice"}
    assert entries["alice"]["keyring"] is True and entries["alice"]["passphrase"]["kdf"] == "scrypt"
    # one keyring entry, for alice's login only; the shared one is gone
    assert [user for _service, user in memory_keyring.store] == [
        store.keyring_username(json.loads((root / "workspace.json").read_text())["id"], "alice")]
    manifest = json.loads((root / "workspace.json").read_text())
    assert manifest["passphrase"] is None
    with W.open_workspace(root) as ws:
        assert access.current_user(ws).roles == (Role.ADMINISTRATOR, Role.PRIVACY_OFFICER)
        master = keys.b64(ws.master_key)
        assert [r.action for r in access.workspace_audit(ws)] == ["user_added"]
    assert master not in (root / "users.json").read_text()  # only wrapped key material


def test_a_login_that_is_not_a_user_cannot_open_it(root, as_login, memory_keyring):
    as_login("mallory")
    # the machine's keyring holds alice's entry, and mallory even knows alice's passphrase
    for passphrase in (None, ADMIN_PASS):
        with pytest.raises(PermissionDenied, match="'mallory' is not a user"):
            W.open_workspace(root, passphrase=passphrase)
    secret = root.parent / "pass.txt"
    secret.write_text(ADMIN_PASS + "\n", encoding="utf-8")
    code = main(["case", "list", "--workspace", str(root), "--passphrase-file", str(secret)])
    assert code == PermissionDenied.exit_code


def test_a_login_that_is_not_a_user_cannot_open_it_in_a_subprocess(root):
    secret = root.parent / "pass.txt"
    secret.write_text(ADMIN_PASS + "\n", encoding="utf-8")
    env = {**os.environ, "LOGNAME": "mallory", "USER": "mallory"}
    done = subprocess.run([sys.executable, "-m", "sar_desk", "case", "list", "--workspace",
                           str(root), "--passphrase-file", str(secret)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "'mallory' is not a user" in done.stderr and "Traceback" not in done.stderr
    env["LOGNAME"] = env["USER"] = "alice"
    done = subprocess.run([sys.executable, "-m", "sar_desk", "case", "list", "--workspace",
                           str(root), "--passphrase-file", str(secret)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def test_added_user_opens_with_their_passphrase_and_removed_user_cannot(root, as_login,
                                                                       memory_keyring):
    with W.open_workspace(root) as ws:
        bob = access.add_user(ws, "bob", "manager", passphrase=BOB_PASS)
        assert bob.roles == (Role.MANAGER,)
        with pytest.raises(InputError, match="first passphrase"):
            access.add_user(ws, "carol", "staff")
    as_login("bob")
    with pytest.raises(WrongKeyError):
        W.open_workspace(root, passphrase=ADMIN_PASS)  # alice's passphrase is not bob's
    with W.open_workspace(root, passphrase=BOB_PASS) as ws:
        assert access.current_user(ws).login == "bob"
        with pytest.raises(PermissionDenied, match="manager may not manage users"):
            access.remove_user(ws, "alice")
    with W.open_workspace(root) as ws:  # bob's keyring now holds his own wrap
        assert access.current_user(ws).roles == (Role.MANAGER,)
    as_login("alice")
    with W.open_workspace(root) as ws:
        access.remove_user(ws, "bob")
        with pytest.raises(InputError, match="last administrator"):
            access.remove_user(ws, "alice")
        assert [u.login for u in access.list_users(ws)] == ["alice"]
        assert [r.action for r in access.workspace_audit(ws)][-3:] == [
            "refused", "signing_key_replaced", "user_removed"]
    assert "bob" not in store.read_wraps(root)
    assert not any("user-bob" in user for _s, user in memory_keyring.store)
    as_login("bob")
    for passphrase in (None, BOB_PASS):
        with pytest.raises(PermissionDenied, match="'bob' is not a user"):
            W.open_workspace(root, passphrase=passphrase)


def test_roles_can_be_changed_but_the_last_administrator_stays(root, as_login):
    with W.open_workspace(root) as ws:
        access.add_user(ws, "dora", "staff", passphrase=BOB_PASS)
        assert access.set_roles(ws, "dora", "privacy-officer,manager").roles == (
            Role.PRIVACY_OFFICER, Role.MANAGER)
        with pytest.raises(InputError, match="Unknown role 'boss'"):
            access.set_roles(ws, "dora", "boss")
        with pytest.raises(InputError, match="last administrator"):
            access.set_roles(ws, "alice", "privacy_officer")
        assert store.verify_audit(ws.registry) == []


def test_a_workspace_from_before_users_makes_its_first_opener_administrator(
        tmp_path, as_login, monkeypatch, memory_keyring):
    monkeypatch.setattr(sign_in, "bootstrap", lambda ws, passphrase=None: None)
    ws, _ = W.init_workspace(tmp_path / "old", passphrase=ADMIN_PASS)  # the old layout
    ws.close()
    monkeypatch.undo()
    as_login("alice")  # monkeypatch.undo() reset LOGNAME too
    root = tmp_path / "old"
    assert not (root / "users.json").exists()
    assert json.loads((root / "workspace.json").read_text())["passphrase"]
    memory_keyring.store.clear()  # open with the old shared passphrase
    with W.open_workspace(root, passphrase=ADMIN_PASS) as ws:
        assert access.current_user(ws).roles == (Role.ADMINISTRATOR, Role.PRIVACY_OFFICER)
    assert set(store.read_wraps(root)) == {"alice"}
    assert json.loads((root / "workspace.json").read_text())["passphrase"] is None
    memory_keyring.store.clear()
    W.open_workspace(root, passphrase=ADMIN_PASS).close()  # the carried-over passphrase
    as_login("mallory")
    with pytest.raises(PermissionDenied):
        W.open_workspace(root, passphrase=ADMIN_PASS)


def test_recovery_key_restores_a_users_own_keyring_entry(tmp_path, as_login, memory_keyring):
    ws, recovery = W.init_workspace(tmp_path / "ws")
    ws.close()
    root = tmp_path / "ws"
    memory_keyring.store.clear()  # a new computer
    as_login("mallory")
    with pytest.raises(PermissionDenied, match="recovery key cannot make it one"):
        W.unlock_with_recovery_key(root, recovery)
    assert memory_keyring.store == {}
    as_login("alice")
    W.unlock_with_recovery_key(root, recovery)
    W.open_workspace(root).close()


def test_tampering_with_the_workspace_audit_is_detected(root):
    with W.open_workspace(root) as ws:
        access.add_user(ws, "erin", "staff", passphrase=BOB_PASS)
        with ws.registry.writing() as conn:
            conn.exec_driver_sql("UPDATE workspace_audit SET actor = 'someone' WHERE seq = 2")
        assert store.verify_audit(ws.registry) == [
            "workspace audit entry 2 (user_added) was altered"]
