"""The administrators' signing key is replaced when the keys rotate: an administrator who
left (or lost the role) and kept their old signing key cannot sign a user list that the
remaining users accept."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from sar_desk.core.entities import Person
from sar_desk.core.roles import Role
from sar_desk.errors import SarDeskError
from sar_desk.services import access, key_rotation, user_changes
from sar_desk.services import cases as C
from sar_desk.services import workspace as W
from sar_desk.services.signed_users import keys_public
from sar_desk.store import credentials, keys, user_keys
from sar_desk.store import roster as signed
from sar_desk.store.credentials import Payload
from sar_desk.store.roster import Member
from sar_desk.store.user_keys import UsersForged

PASS = {"alice": "alice's passphrase, long", "dave": "dave's passphrase, long",
        "bo": "bo's passphrase, long", "sid": "sid's passphrase, long"}


@pytest.fixture
def as_login(monkeypatch):
    def switch(login: str) -> None:
        monkeypatch.setenv("LOGNAME", login)

    switch("alice")
    return switch


@pytest.fixture
def root(tmp_path, as_login, memory_keyring) -> Path:
    """alice and dave administrators, bo a manager, sid staff; each has opened once (so
    their keyring holds a credential trusting the first signing key); one case."""
    path = tmp_path / "ws"
    ws, _recovery = W.init_workspace(path, passphrase=PASS["alice"])
    with ws:
        access.add_user(ws, "dave", "administrator", passphrase=PASS["dave"])
        access.add_user(ws, "bo", "manager", passphrase=PASS["bo"])
        access.add_user(ws, "sid", "staff", passphrase=PASS["sid"])
        C.create_case(ws, C.NewCase(requester=Person("Kept Case"),
                                    received=dt.date(2026, 6, 1)))
    for login in ("dave", "bo", "sid"):
        as_login(login)
        W.open_workspace(path, passphrase=PASS[login]).close()
    as_login("alice")
    return path


def _document(root: Path) -> dict:
    return json.loads((root / "users.json").read_text())


def _payload(root: Path, login: str) -> Payload:
    """What ``login``'s credential opens in users.json now (read without remembering)."""
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    return user_keys.unlock(root, ws_id, login, PASS[login], _document(root),
                            remember=False).payload


def _forge(root: Path, signing: bytes,
           change: Callable[[tuple[Member, ...]], tuple[Member, ...]]) -> None:
    """What a departed administrator can do with the signing key they kept: change the list
    and sign it again with that key (the users' entries stay as they are)."""
    data = _document(root)
    roster = signed.unverified(data["roster"])
    assert roster is not None
    forged = replace(roster, serial=roster.serial + 1, signer=keys_public(signing),
                     members=change(roster.members))
    data["roster"] = signed.sign(forged, signing)
    (root / "users.json").write_text(json.dumps(data))


def _dave_back_as_administrator(kept: Member) -> Callable:
    return lambda members: (*members, kept)


def _signer(root: Path) -> bytes:
    roster = signed.unverified(_document(root)["roster"])
    assert roster is not None
    return roster.signer


def test_removing_an_administrator_replaces_the_signing_key(root, as_login):
    old_signing = _payload(root, "dave").signing
    assert old_signing is not None
    with W.open_workspace(root) as ws:
        access.remove_user(ws, "dave")
        assert ws.signing_key not in (None, old_signing)
        access.add_user(ws, "cy", "staff", passphrase="cy's passphrase, long")  # still signs
        access.set_roles(ws, "bo", "manager,privacy_officer")
        replaced = [r for r in access.workspace_audit(ws) if r.action == "signing_key_replaced"]
        assert W.verify_workspace(ws) == []
    new_public = _signer(root)
    assert new_public != keys_public(old_signing)
    # the new key is sealed to the remaining administrator only; everyone is told its name
    assert keys_public(_payload(root, "alice").signing) == new_public
    for login in ("bo", "sid"):
        payload = _payload(root, login)
        assert payload.signing is None and payload.signer == new_public
    # the audit records the replacement, never a key
    assert len(replaced) == 1
    details = json.loads(replaced[0].details)
    assert details == {"generation": 2, "administrators": ["alice"]}
    for key in (old_signing, keys_public(old_signing), new_public):
        assert keys.b64(key) not in replaced[0].details
    # others still open it (their credentials trust the first key, handed over to the new)
    as_login("bo")
    with W.open_workspace(root) as ws:
        assert [c.requester_name for c in C.list_cases(ws)] == ["Kept Case"]
    as_login("sid")
    W.open_workspace(root).close()


def test_a_list_signed_with_the_replaced_key_is_refused_on_open_and_verify(root, as_login):
    old_signing = _payload(root, "dave").signing
    assert old_signing is not None
    with W.open_workspace(root) as ws:
        dave = ws.roster.member("dave")
        access.remove_user(ws, "dave")
        genuine = (root / "users.json").read_text()
        # dave, gone, writes a list signed with the key he kept: himself back, bo demoted
        _forge(root, old_signing, lambda members: tuple(
            replace(m, roles=(Role.STAFF,)) if m.login == "bo" else m
            for m in members) + (dave,))
        problems = W.verify_workspace(ws)
    assert any("signing key that was replaced" in p for p in problems), problems
    for login in ("alice", "bo", "sid"):  # bo and sid have not opened since the removal
        as_login(login)
        with pytest.raises(UsersForged, match="signing key that was replaced") as refused:
            W.open_workspace(root)
        assert "dave administrator" in str(refused.value)  # what the forged list says
    (root / "users.json").write_text(genuine)
    for login in ("alice", "bo", "sid"):  # the genuine list opens
        as_login(login)
        W.open_workspace(root).close()


def test_a_forger_who_also_reseals_the_users_keys_opens_nothing(root, as_login):
    """Sealing bo keys that name the old signing key needs keys the forger does not have:
    the old ones they kept open nothing any more."""
    old = _payload(root, "dave")
    bo_before = _payload(root, "bo")
    assert old.signing is not None
    with W.open_workspace(root) as ws:
        dave = ws.roster.member("dave")
        bo = ws.roster.member("bo")
        access.remove_user(ws, "dave")
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    data = _document(root)
    data["users"]["bo"]["sealed"] = credentials.seal_payload(
        bo.public, replace(bo_before, signer=keys_public(old.signing)), ws_id, "bo")
    (root / "users.json").write_text(json.dumps(data))
    _forge(root, old.signing, lambda members: (*members, dave))
    as_login("bo")
    with pytest.raises(SarDeskError):
        W.open_workspace(root)


def test_demoting_an_administrator_replaces_the_signing_key(root, as_login):
    old_signing = _payload(root, "dave").signing
    assert old_signing is not None
    with W.open_workspace(root) as ws:
        said = " ".join(user_changes.role_change_consequences(ws, "dave", "privacy_officer"))
        assert "no longer an administrator" in said and "new signing key" in said
        assert user_changes.role_change_consequences(ws, "bo", "privacy_officer") == []
        _user, rotation = access.change_roles(ws, "dave", "privacy_officer")
        assert rotation is not None and rotation.generation == 2
        assert ws.signing_key != old_signing
        assert any(r.action == "signing_key_replaced" for r in access.workspace_audit(ws))
    assert _signer(root) != keys_public(old_signing)
    demoted = _payload(root, "dave")
    assert demoted.signing is None and demoted.content is not None  # still reads cases
    as_login("dave")
    with W.open_workspace(root) as ws:
        assert access.current_user(ws).roles == (Role.PRIVACY_OFFICER,)
    _forge(root, old_signing, lambda members: tuple(
        replace(m, roles=(Role.ADMINISTRATOR,)) if m.login == "dave" else m
        for m in members))
    as_login("bo")
    with pytest.raises(UsersForged, match="signing key that was replaced"):
        W.open_workspace(root)


def test_removing_a_user_who_is_not_an_administrator_replaces_the_signing_key_too(
        root, as_login):
    """Every removal already replaces the content and staff keys; the signing key comes
    along, so it never outlives a user who once held it (e.g. an administrator demoted
    by a release that did not replace it)."""
    before = _signer(root)
    with W.open_workspace(root) as ws:
        access.remove_user(ws, "sid")
        assert [r.action for r in access.workspace_audit(ws)][-2:] == [
            "signing_key_replaced", "user_removed"]
    assert _signer(root) != before
    as_login("dave")  # the other administrator holds the new key and still manages users
    with W.open_workspace(root) as ws:
        assert keys_public(ws.signing_key) == _signer(root)
        access.add_user(ws, "cy", "staff", passphrase="cy's passphrase, long")


def test_a_signing_key_change_cut_short_is_finished_on_next_open(root, as_login,
                                                                 monkeypatch):
    old_signing = _payload(root, "dave").signing
    assert old_signing is not None
    with W.open_workspace(root) as ws:
        dave = ws.roster.member("dave")

        def killed(*_a, **_k):
            raise KeyboardInterrupt  # the process dies after the new keys were sealed

        with monkeypatch.context() as patched:
            patched.setattr(key_rotation, "finish", killed)
            with pytest.raises(KeyboardInterrupt):
                access.remove_user(ws, "dave")
    new_public = _signer(root)
    assert new_public != keys_public(old_signing)  # the new list was written whole
    assert _payload(root, "alice").previous is not None  # ...but not finished
    with W.open_workspace(root) as ws:  # alice's next open finishes it
        assert keys_public(ws.signing_key) == new_public
        assert W.verify_workspace(ws) == []
        replaced = [r for r in access.workspace_audit(ws)
                    if r.action == "signing_key_replaced"]
        assert len(replaced) == 1 and json.loads(replaced[0].details)["generation"] == 2
    assert _payload(root, "alice").previous is None  # finished
    as_login("bo")
    with W.open_workspace(root) as ws:
        assert [c.requester_name for c in C.list_cases(ws)] == ["Kept Case"]
    _forge(root, old_signing, _dave_back_as_administrator(dave))
    as_login("sid")
    with pytest.raises(UsersForged, match="signing key that was replaced"):
        W.open_workspace(root)


def test_a_backup_made_before_the_signing_key_changed_still_restores_and_opens(
        root, as_login, tmp_path):
    """A restore is a rollback the administrator chose: the keys and list in the archive
    (signed with the key of their time) open it, for users who opened after the change."""
    from sar_desk.services import backup

    with W.open_workspace(root) as ws:
        archive = backup.backup_workspace(ws, tmp_path / "before.sdbk")
        access.remove_user(ws, "dave")
    for login in ("alice", "bo"):  # both open after the change
        as_login(login)
        W.open_workspace(root).close()
    as_login("alice")
    with backup.restore_workspace(archive, tmp_path / "restored") as ws:
        assert [c.requester_name for c in C.list_cases(ws)] == ["Kept Case"]
    as_login("bo")
    W.open_workspace(tmp_path / "restored").close()
