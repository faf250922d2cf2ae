"""Opening a workspace as its user: the hooks :mod:`sar_desk.services.workspace` calls.

The user of an open workspace is the OS login that opened it; opening needs that login's
own wrap of the master key (see :mod:`sar_desk.store.users`). :func:`unlock_master` opens
the keys with the login's own credential, :func:`attach_user` checks the login against the
signed user list, and :func:`bootstrap` makes the first user of a new (or pre-users)
workspace.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.core.roles import Role
from sar_desk.errors import PermissionDenied
from sar_desk.services import signed_users
from sar_desk.store import keys, user_keys
from sar_desk.store import users as store
from sar_desk.store.roster import Roster
from sar_desk.store.user_keys import Unlocked, UsersForged
from sar_desk.store.users import User, current_login

if TYPE_CHECKING:
    from sar_desk.store.workspace import Manifest, Workspace

FIRST_USER_ROLES = (Role.ADMINISTRATOR, Role.PRIVACY_OFFICER)


def unlock_master(root: Path, manifest: Manifest, passphrase: str | None
                  ) -> tuple[bytes | None, Unlocked | None]:
    """The master key for the login opening the workspace (its own credential only), and
    what that credential opened (None for a users file not yet signed, version 1). A
    credential sealed the staff key only (staff) gives no master key: (None, what it opened).

    A workspace made before users existed opens the old way; :func:`attach_user` then makes
    the opener its administrator.
    """
    document = store.read_document(root)
    if document is None:
        from sar_desk.store.workspace import load_master

        return load_master(root, manifest, passphrase), None
    login = current_login()
    if not document.get("roster"):  # version 1: upgraded on an administrator's open
        return store.load_master_for(root, manifest, login, passphrase,
                                     document["users"]), None
    unlocked = user_keys.unlock(root, manifest.id, login, passphrase, document)
    content = unlocked.payload.content
    if content is not None and unlocked.payload.previous is None and not keys.matches(
            content, manifest.id, manifest.key_check):
        from sar_desk.store.errors import WrongKeyError

        raise WrongKeyError(
            f"The keys in {store.wraps_path(root)} are older than the workspace's (the keys "
            "were replaced when a user was removed; an old copy of users.json was put back).",
            code="users.stale", path=root)
    if unlocked.payload.content is None and unlocked.payload.staff is not None:
        return None, unlocked  # staff: the ready letters store only (services.staff_desk)
    if unlocked.payload.content is None:
        raise PermissionDenied(
            f"{login} holds no key to the cases of the workspace at {root}.",
            code="user.no_content_key", login=login, path=root)
    return unlocked.payload.content, unlocked


def bootstrap(ws: Workspace, *, passphrase: str | None = None) -> User:
    """Make the current login the first user (administrator and privacy officer).

    Used by a new workspace and on the first open of a workspace made before users
    existed. The old shared wraps (one keyring entry, one passphrase in the manifest) are
    replaced by this login's own credential and a signed user list.
    """
    login = current_login()
    store.upgrade_registry(ws.registry, ws.backups_dir, login)
    manifest = ws.manifest
    signed_users.first_user(ws, login, FIRST_USER_ROLES, passphrase=passphrase,
                            legacy_passphrase={**manifest.passphrase, "legacy": True}
                            if manifest.passphrase else None)
    with ws.registry.writing() as conn:
        store.put_user(conn, login, FIRST_USER_ROLES, login)
        store.append_audit(conn, login, "user_added",
                           {"login": login, "roles": [r.value for r in FIRST_USER_ROLES],
                            "first_user": True})
    manifest = ws.manifest  # as the keys were sealed to the recovery key
    if manifest.passphrase:
        manifest.passphrase = None
        manifest.write(ws.path)
    store.keyring_delete(keys.keyring_username(ws.id))
    user = user_of(ws, login)
    assert user is not None
    ws.user = user  # type: ignore[attr-defined]
    return user


def attach_user(ws: Workspace, *, passphrase: str | None = None,
                unlocked: Unlocked | None = None) -> User:
    """Check that the opening login is a user of ``ws`` and remember it on ``ws``.

    With a signed user list, the user is the one whose credential opened the keys
    (``unlocked``); the registry's copy of the roles must agree with the signed list (an
    administrator's open puts a changed copy back, anyone else's is refused). A version 1
    users file is upgraded to a signed list on an administrator's first open.
    """
    if store.read_wraps(ws.path) is None:
        return bootstrap(ws, passphrase=passphrase)
    login = unlocked.login if unlocked is not None else current_login()
    store.upgrade_registry(ws.registry, ws.backups_dir, login)  # an older registry, once
    if unlocked is not None:
        ws.roster, ws.staff_key = unlocked.roster, unlocked.payload.staff
        ws.signing_key = unlocked.payload.signing
    elif ws.roster is None and store.is_signed(ws.path):
        raise PermissionDenied(f"The workspace at {ws.path} was opened without {login}'s own "
                               "credential.", code="user.not_a_user", login=login,
                               path=ws.path)
    user = user_of(ws, login)
    if user is None:
        raise PermissionDenied(f"The OS login {login!r} is not a user of the workspace at "
                               f"{ws.path}, so it cannot be opened.", code="user.not_a_user",
                               login=login, path=ws.path)
    if ws.roster is None and Role.ADMINISTRATOR in user.roles and not ws.read_only:
        signed_users.upgrade_v1(ws, login, passphrase)
    if ws.roster is not None:
        differences = signed_users.mirror_differences(ws)
        if Role.ADMINISTRATOR in user.roles and not ws.read_only and ws.signing_key:
            from sar_desk.store.errors import StoreError

            # once: staff lose the content key (on a full disk the next open does it)
            with contextlib.suppress(StoreError):
                signed_users.seal_staff_keys_only(ws, login)
        if differences and Role.ADMINISTRATOR in user.roles and not ws.read_only:
            signed_users.restore_mirror(ws, login, differences)
        elif differences:
            raise UsersForged(
                "The registry's copy of the users does not match the list the "
                f"administrators signed ({'; '.join(differences)}): it was changed outside "
                "SAR Desk, so the workspace is not opened. An administrator's next open puts "
                "it back.", path=ws.path)
    ws.user = user  # type: ignore[attr-defined]
    return user


def user_of(ws: Workspace, login: str) -> User | None:
    """``login`` as the signed list gives it (the registry's copy before it is signed), or
    None when it is not a user. No permission check: the callers make it."""
    roster = ws.roster
    if isinstance(roster, Roster):
        member = roster.member(login)
        return None if member is None else User(member.login, member.roles, member.added,
                                                member.added_by, member.name)
    return store.get_user(ws.registry, login)


def all_users(ws: Workspace) -> list[User]:
    """Every user of ``ws`` by login, as the signed list gives them (the registry's copy
    before it is signed). No permission check: the callers make it."""
    roster = ws.roster
    if isinstance(roster, Roster):
        return sorted((User(m.login, m.roles, m.added, m.added_by, m.name)
                       for m in roster.members), key=lambda u: u.login)
    return store.list_users(ws.registry)


def enrol_after_recovery(root: Path, manifest: Manifest, master: bytes,
                         passphrase: str | None, *, recovery: bytes | None = None) -> bool:
    """After a recovery-key unlock: give this login its own credential (or wrap) again.

    With a signed user list, the keys sealed to the recovery key (``recovery``) make this
    login a new credential and sign the list again with it. Returns False for a workspace
    made before users existed (the caller keeps the old behaviour). Raises
    PermissionDenied when the login is not a user.
    """
    from sar_desk.store.errors import MissingKeyError, PassphraseRequired

    document = store.read_document(root)
    if document is None:
        return False
    entries = document["users"]
    login = current_login()
    if login not in entries:
        raise PermissionDenied(
            f"The OS login {login!r} is not a user of the workspace at {root}; the recovery "
            "key cannot make it one.", code="user.not_a_user", login=login, path=root)
    if document.get("roster"):
        every = signed_users.recovered_keys(manifest.recovery_keys, recovery or b"",
                                            manifest.id) if recovery else None
        if every is None or every.content != master:
            raise MissingKeyError(
                f"The recovery key of the workspace at {root} cannot give {login} a new "
                "credential (it was made before user lists were signed): an administrator "
                "must give them a new first passphrase.", code="recovery_key.too_old",
                path=root, login=login)
        entry = signed_users.reenrol(root, manifest.id, login, every, passphrase)
    else:
        entry = store.enrol(root, manifest.id, login, master, passphrase=passphrase)
    if passphrase is None and not entry["keyring"]:
        why = keys.keyring_refusal() or "No usable OS keyring on this computer."
        raise PassphraseRequired(
            f"{why} A new passphrase must protect the workspace key instead.",
            code="key.new_passphrase_required")
    return True
