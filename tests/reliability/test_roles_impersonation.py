"""No impersonation by login name: the acting user is the one whose credential opened the
keys. A key put under another login's name in one's own keyring proves nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.cli import main
from sar_desk.core.entities import Person
from sar_desk.services import access
from sar_desk.services import cases as C
from sar_desk.services import workspace as W
from sar_desk.store import keys
from sar_desk.store import users as store
from sar_desk.store.errors import KeyProblem

ROOT_PASS, BOB_PASS = "root's passphrase here", "bob's passphrase here"


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "root")
    ws, _recovery = W.init_workspace(tmp_path / "ws", passphrase=ROOT_PASS)
    with ws:
        access.add_user(ws, "bob", "privacy_officer", passphrase=BOB_PASS)
        ref = C.create_case(ws, C.NewCase(requester=Person("Ines Duarte"),
                                          received=dt.date(2026, 6, 1))).reference
    (tmp_path / "ref").write_text(ref)
    return tmp_path / "ws"


def _keyring_set(workspace_id: str, login: str, value: str) -> None:
    import keyring

    keyring.set_password(keys.KEYRING_SERVICE, store.keyring_username(workspace_id, login),
                         value)


def test_the_master_key_under_roots_name_does_not_make_one_root(root, monkeypatch,
                                                                memory_keyring):
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    monkeypatch.setenv("LOGNAME", "bob")
    with W.open_workspace(root, passphrase=BOB_PASS) as ws:  # bob, legitimately
        master = ws.master_key
    memory_keyring.store.clear()  # bob's own computer: only what he put there
    _keyring_set(ws_id, "root", keys.b64(master))
    monkeypatch.setenv("LOGNAME", "root")
    with pytest.raises(KeyProblem):
        W.open_workspace(root)
    code = main(["case", "note", (root.parent / "ref").read_text(), "forged by bob",
                 "--workspace", str(root)])
    assert code != 0


def test_bobs_own_credential_under_roots_name_is_refused(root, monkeypatch, memory_keyring):
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    monkeypatch.setenv("LOGNAME", "bob")
    W.open_workspace(root, passphrase=BOB_PASS).close()  # his credential is now in the keyring
    own = memory_keyring.store[(keys.KEYRING_SERVICE, store.keyring_username(ws_id, "bob"))]
    memory_keyring.store.clear()
    _keyring_set(ws_id, "root", own)
    monkeypatch.setenv("LOGNAME", "root")
    with pytest.raises(KeyProblem, match="not root's own"):
        W.open_workspace(root)
    monkeypatch.setenv("LOGNAME", "root")  # and nothing was written as root
    memory_keyring.store.clear()
    with W.open_workspace(root, passphrase=ROOT_PASS) as ws:
        ref = (root.parent / "ref").read_text()
        assert not any("forged" in n.text for n in C.get_case(ws, ref).notes)
        assert [r.actor for r in access.workspace_audit(ws)] == ["root", "root"]


def test_a_removed_user_with_the_old_master_key_under_roots_name_is_refused(
        root, monkeypatch, memory_keyring):
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    monkeypatch.setenv("LOGNAME", "bob")
    with W.open_workspace(root, passphrase=BOB_PASS) as ws:
        old_master = ws.master_key
    monkeypatch.setenv("LOGNAME", "root")
    with W.open_workspace(root, passphrase=ROOT_PASS) as ws:
        access.remove_user(ws, "bob")
    memory_keyring.store.clear()
    _keyring_set(ws_id, "root", keys.b64(old_master))
    with pytest.raises(KeyProblem):
        W.open_workspace(root)
