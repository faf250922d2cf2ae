"""Removing a user replaces the workspace keys: a removed user who kept a copy of
``users.json`` and their credential opens nothing made after their removal."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import PermissionDenied
from sar_desk.services import access
from sar_desk.services import cases as C
from sar_desk.services import workspace as W
from sar_desk.store import credentials, keys, user_keys
from sar_desk.store import users as store
from sar_desk.store.errors import KeyProblem, WrongKeyError

ADA, EVE = "ada's passphrase, long", "eve's passphrase, long"


def test_an_old_users_json_opens_no_case_created_after_removal(tmp_path, monkeypatch,
                                                                memory_keyring):
    monkeypatch.setenv("LOGNAME", "ada")
    root = tmp_path / "ws"
    ws, recovery = W.init_workspace(root, passphrase=ADA)
    with ws:
        access.add_user(ws, "eve", "privacy_officer", passphrase=EVE)
        before = C.create_case(ws, C.NewCase(requester=Person("Before Removal"),
                                             received=dt.date(2026, 6, 1))).reference
    monkeypatch.setenv("LOGNAME", "eve")
    W.open_workspace(root, passphrase=EVE).close()
    kept = tmp_path / "eve-kept-users.json"  # what eve takes away
    shutil.copy(root / "users.json", kept)
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    document = json.loads(kept.read_text())
    eve_old = user_keys.unlock(root, ws_id, "eve", EVE, document, remember=False).payload

    monkeypatch.setenv("LOGNAME", "ada")
    with W.open_workspace(root, passphrase=ADA) as ws:
        wrapped_before = ws.registry.key_entry(before)[0]
        rotation = access.remove_user(ws, "eve")
        assert rotation is not None and rotation.generation == 2
        after = C.create_case(ws, C.NewCase(requester=Person("After Removal"),
                                            received=dt.date(2026, 7, 1))).reference
        wrapped_after = ws.registry.key_entry(after)[0]
        assert ws.registry.key_entry(before)[0] != wrapped_before  # re-wrapped, not copied
        assert C.get_case(ws, before).requester.name == "Before Removal"  # still readable

    # eve's old keys (from her kept users.json and her passphrase) open nothing new: not the
    # new case's key, not the registry, and the old file no longer opens the workspace.
    assert eve_old.content is not None
    with pytest.raises(WrongKeyError):
        keys.unwrap_case_key(eve_old.content, ws_id, after, wrapped_after)
    from sar_desk.store.registry import Registry, RegistryDamaged

    registry = Registry(root / "registry.db", keys.derive(eve_old.content, "registry", ws_id))
    with pytest.raises(RegistryDamaged):
        registry.check()
    registry.close()
    shutil.copy(kept, root / "users.json")  # eve puts her old users.json back
    monkeypatch.setenv("LOGNAME", "eve")
    with pytest.raises(KeyProblem):
        W.open_workspace(root, passphrase=EVE)
    monkeypatch.setenv("LOGNAME", "ada")  # ...which also holds the old keys only
    with pytest.raises(KeyProblem, match="older than the workspace"):
        W.open_workspace(root, passphrase=ADA)


def test_remaining_users_and_the_recovery_key_follow_the_new_keys(tmp_path, monkeypatch,
                                                                   memory_keyring):
    monkeypatch.setenv("LOGNAME", "ada")
    root = tmp_path / "ws"
    ws, recovery = W.init_workspace(root, passphrase=ADA)
    with ws:
        access.add_user(ws, "eve", "staff", passphrase=EVE)
        access.add_user(ws, "bo", "manager", passphrase="bo's passphrase, long")
        access.remove_user(ws, "eve")
        ref = C.create_case(ws, C.NewCase(requester=Person("Kept Case"),
                                          received=dt.date(2026, 7, 1))).reference
        assert W.verify_workspace(ws) == []
        removed = [r for r in access.workspace_audit(ws) if r.action == "user_removed"]
        assert len(removed) == 1 and '"keys_replaced":2' in removed[0].details
    monkeypatch.setenv("LOGNAME", "bo")
    with W.open_workspace(root, passphrase="bo's passphrase, long") as ws:
        assert C.get_case(ws, ref).requester.name == "Kept Case"
    memory_keyring.store.clear()  # ada on a new computer: the recovery key still works
    monkeypatch.setenv("LOGNAME", "ada")
    W.unlock_with_recovery_key(root, recovery)
    with W.open_workspace(root) as ws:
        assert C.get_case(ws, ref).requester.name == "Kept Case"
        access.add_user(ws, "cy", "staff", passphrase="cy's passphrase, long")  # still signs
    manifest = json.loads((root / "workspace.json").read_text())
    assert manifest["recovery"].startswith(credentials.SEALED)
    assert "eve" not in store.read_wraps(root)


def test_a_rotation_cut_short_is_finished_by_the_next_open(tmp_path, monkeypatch):
    from sar_desk.services import key_rotation

    monkeypatch.setenv("LOGNAME", "ada")
    root = tmp_path / "ws"
    ws, _recovery = W.init_workspace(root, passphrase=ADA)
    with ws:
        access.add_user(ws, "eve", "staff", passphrase=EVE)
        ref = C.create_case(ws, C.NewCase(requester=Person("Through A Crash"),
                                          received=dt.date(2026, 7, 1))).reference

        def killed(*_a, **_k):
            raise KeyboardInterrupt  # the process dies after the new keys were sealed

        monkeypatch.setattr(key_rotation, "finish", killed)
        with pytest.raises(KeyboardInterrupt):
            access.remove_user(ws, "eve")
        monkeypatch.undo()
        monkeypatch.setenv("LOGNAME", "ada")
    with W.open_workspace(root, passphrase=ADA) as ws:
        assert C.get_case(ws, ref).requester.name == "Through A Crash"
        assert W.verify_workspace(ws) == []
    document = json.loads((root / "users.json").read_text())
    assert "eve" not in document["users"]


def test_a_backup_made_after_a_removal_restores_with_a_passphrase_or_the_recovery_key(
        tmp_path, monkeypatch, memory_keyring):
    from sar_desk.services.backup import backup_workspace, restore_workspace

    monkeypatch.setenv("LOGNAME", "ada")
    root = tmp_path / "ws"
    ws, recovery = W.init_workspace(root, passphrase=ADA)
    with ws:
        access.add_user(ws, "eve", "manager", passphrase=EVE)
        access.remove_user(ws, "eve")
        ref = C.create_case(ws, C.NewCase(requester=Person("Backed Up"),
                                          received=dt.date(2026, 7, 1))).reference
        archive = backup_workspace(ws, tmp_path / "after.sdbk")
    memory_keyring.store.clear()
    with restore_workspace(archive, tmp_path / "by-passphrase", passphrase=ADA) as restored:
        assert C.get_case(restored, ref).requester.name == "Backed Up"
    memory_keyring.store.clear()
    with restore_workspace(archive, tmp_path / "by-recovery", recovery_key=recovery,
                           passphrase="ada's new passphrase, long") as restored:
        assert C.get_case(restored, ref).requester.name == "Backed Up"
    monkeypatch.setenv("LOGNAME", "eve")
    with pytest.raises(PermissionDenied, match="'eve' is not a user"):
        restore_workspace(archive, tmp_path / "by-eve", passphrase=EVE)


def test_a_receipt_made_before_a_removal_still_checks_after_it(tmp_path, monkeypatch,
                                                                memory_keyring):
    """A removal replaces the master key; the receipt key and the recovery check follow."""
    from sar_desk.services.receipts import receipt_problems, write_receipt

    monkeypatch.setenv("LOGNAME", "ada")
    ws, _recovery = W.init_workspace(tmp_path / "ws", passphrase=ADA)
    with ws:
        ref = C.create_case(ws, C.NewCase(requester=Person("Before Removal"),
                                          received=dt.date(2026, 7, 1))).reference
        access.add_user(ws, "eve", "privacy_officer", passphrase=EVE)
        receipt = tmp_path / "receipt.json"
        write_receipt(ws, receipt)
        access.remove_user(ws, "eve")
        C.add_note(ws, ref, "written under the new keys")
        assert receipt_problems(ws, receipt) == []
        assert W.verify_workspace(ws) == []
