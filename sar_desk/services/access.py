"""Users, roles and permission checks for an open workspace.

``require(ws, action, ref)`` is called by the services at their entry points: it returns the
user when the permission table (:mod:`sar_desk.core.roles`) allows the action, and otherwise
records the refusal in the workspace audit chain (in the registry, so the case file is left
byte for byte as it was) and raises :class:`~sar_desk.errors.PermissionDenied`.

The user of an open workspace is the OS login that opened it; opening needs that login's
own wrap of the master key (see :mod:`sar_desk.store.users`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.core.roles import (
    Action,
    Role,
    Scope,
    assignee_reason,
    describe,
    parse_roles,
    scope_for,
    works_cases,
)
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import key_rotation, signed_users, staff_desk
from sar_desk.services.key_rotation import Rotation
from sar_desk.store import case_flags, keys, user_keys
from sar_desk.store import users as store
from sar_desk.store.roster import Roster
from sar_desk.store.user_keys import Unlocked, UsersForged
from sar_desk.store.users import User, current_login

if TYPE_CHECKING:
    from sar_desk.store.workspace import Manifest, Workspace

FIRST_USER_ROLES = (Role.ADMINISTRATOR, Role.PRIVACY_OFFICER)

__all__ = [
    "User", "current_login", "current_user", "require", "is_ready", "ready_references",
    "list_users", "add_user", "remove_user", "set_roles", "workspace_audit",
    "can", "save_profile", "visible", "verify_credential", "case_workers", "resolve_assignee",
    "add_colleagues", "new_passphrase",
]


# --- opening: hooks called by services.workspace ----------------------------------------


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
    user = _user_of(ws, login)
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
    user = _user_of(ws, login)
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


def _user_of(ws: Workspace, login: str) -> User | None:
    """``login`` as the signed list gives it (the registry's copy before it is signed)."""
    roster = ws.roster
    if isinstance(roster, Roster):
        member = roster.member(login)
        return None if member is None else User(member.login, member.roles, member.added,
                                                member.added_by, member.name)
    return store.get_user(ws.registry, login)


def _all_users(ws: Workspace) -> list[User]:
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


# --- who is asking, and may they ---------------------------------------------------------


def current_user(ws: Workspace) -> User:
    """The user who opened ``ws`` (looked up by OS login if not yet known)."""
    user = getattr(ws, "user", None)
    if user is None:
        user = attach_user(ws)
    return user


def is_ready(ws: Workspace, ref: str) -> bool:
    """Whether a privacy officer has marked ``ref`` ready for staff (letters, printing)."""
    return case_flags.is_ready(ws.registry, ref)


def ready_references(ws: Workspace) -> set[str]:
    return case_flags.ready_references(ws.registry)


def can(ws: Workspace, action: Action | str, ref: str | None = None) -> bool:
    """Whether the current user may do ``action`` (on ``ref``), without recording anything."""
    user = current_user(ws)
    scope = scope_for(user.roles, action)
    if scope is Scope.ANY:
        return True
    if scope is Scope.READY:
        if staff_desk.is_staff_only(ws):  # no registry: ready cases are in the ready store
            return ref is None
        return ref is None or is_ready(ws, ref)
    return False


def require(ws: Workspace, action: Action | str, ref: str | None = None) -> User:
    """Return the current user if allowed; else audit the refusal and raise PermissionDenied.

    For an action staff may do only on ready cases, ``ref=None`` means "some case": the
    caller limits what it shows (see :func:`visible`).
    """
    action = Action(action)
    user = current_user(ws)
    if staff_desk.is_staff_only(ws):  # the case services need the content key
        raise staff_desk.refuse(ws, action, ref)
    if can(ws, action, ref):
        return user
    roles = ", ".join(r.value.replace("_", " ") for r in user.roles) or "no role"
    scope = scope_for(user.roles, action)
    why = (f"{ref} has not been marked ready by a privacy officer"
           if scope is Scope.READY else f"a {roles} may not {describe(action)}")
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "refused",
                           {"action": action.value, "roles": [r.value for r in user.roles]},
                           reference=ref or "")
    target = f" on {ref}" if ref else ""
    raise PermissionDenied(f"{user.login} may not {describe(action)}{target}: {why}. Nothing "
                           "was changed; the attempt was recorded in the workspace audit.")


def visible(ws: Workspace, summaries: list) -> list:
    """Keep only the cases the current user may read (staff: the cases marked ready)."""
    user = current_user(ws)
    if scope_for(user.roles, Action.READ_CASE) is Scope.ANY:
        return summaries
    ready = ready_references(ws)
    return [s for s in summaries if s.reference in ready]


# --- who may be given a case -------------------------------------------------------------


def case_workers(ws: Workspace) -> list[User]:
    """The users a case may be assigned to: those whose roles let them work cases."""
    current_user(ws)  # only a user of the workspace learns who works in it
    users = [u for u in _all_users(ws) if works_cases(u.roles)]
    return sorted(users, key=lambda u: u.label.casefold())


def resolve_assignee(ws: Workspace, assignee: str) -> str:
    """The name a case is assigned by for ``assignee`` (a login or display name of a user
    who may work cases); anyone else is refused by name with an InputError."""
    workers = case_workers(ws)
    reason = assignee_reason(assignee, [(u.login, u.name) for u in workers])
    name = " ".join((assignee or "").split())
    if reason:
        raise InputError(f"{reason} Nothing was changed.", code="case.assignee_not_a_worker",
                         assignee=name)
    key = name.casefold()
    return next(u.label for u in workers if key in (u.login.casefold(), u.label.casefold()))


# --- managing users (administrators) --------------------------------------------------


def list_users(ws: Workspace) -> list[User]:
    require(ws, Action.MANAGE_USERS)
    return _all_users(ws)


def _check_login(login: str) -> str:
    login = (login or "").strip()
    if not login or any(ch.isspace() for ch in login) or ":" in login:
        raise InputError(f"{login!r} is not an OS login name (no spaces or colons).")
    return login


def add_user(ws: Workspace, login: str, roles: str | tuple, *, passphrase: str | None = None,
             name: str = "") -> User:
    """Add ``login`` with ``roles``; ``passphrase`` is their first passphrase (they open the
    workspace with it; where their computer has a keyring the key is then kept there).
    ``name`` is their display name, the name cases are assigned by (default: the login)."""
    admin = require(ws, Action.MANAGE_USERS)
    login = _check_login(login)
    parsed = parse_roles(roles)
    if _user_of(ws, login) is not None:
        raise InputError(f"{login} is already a user; change their roles instead.",
                         code="user.exists", login=login)
    if passphrase is None and login != current_login():
        raise InputError(f"Give {login} a first passphrase: only their own computer's "
                         "keyring can hold their key, so they open the workspace with that "
                         "passphrase the first time.", code="user.first_passphrase_required",
                         login=login)
    name = " ".join(name.split())
    if isinstance(ws.roster, Roster):
        signed_users.enrol_member(ws, login, parsed, name, admin.login, passphrase=passphrase,
                                  use_keyring=login == current_login())
    else:
        store.enrol(ws.path, ws.id, login, ws.master_key, passphrase=passphrase,
                    use_keyring=login == current_login())
    return _save_roles(ws, login, parsed, admin.login, "user_added", name)


def add_colleagues(ws: Workspace, team: list[tuple[str, str, str]]) -> list[User]:
    """Add ``team`` ((login, display name, roles) each) as users who hold no key here: they
    can be given cases but cannot open this copy (the demo's colleagues). Those already
    users are left as they are. Administrators only."""
    admin = require(ws, Action.MANAGE_USERS)
    added = []
    for login, name, roles in team:
        login = _check_login(login)
        if _user_of(ws, login) is None:
            parsed, name = parse_roles(roles), " ".join(name.split())
            if isinstance(ws.roster, Roster):
                signed_users.list_member(ws, login, parsed, name, admin.login)
            added.append(_save_roles(ws, login, parsed, admin.login, "user_added", name))
    return added


def _save_roles(ws: Workspace, login: str, roles: tuple[Role, ...], by: str,
                action: str, name: str = "") -> User:
    """Store ``login``'s roles with an audit entry ``action``; returns the stored user."""
    details: dict = {"login": login, "roles": [r.value for r in roles]}
    if name:
        details["name"] = name
    with ws.registry.writing() as conn:
        store.put_user(conn, login, roles, by, name)
        store.append_audit(conn, by, action, details)
    user = _user_of(ws, login)
    assert user is not None
    return user


def _others_admin(ws: Workspace, login: str) -> bool:
    return any(Role.ADMINISTRATOR in u.roles for u in _all_users(ws) if u.login != login)


def remove_user(ws: Workspace, login: str) -> Rotation | None:
    """Remove a user: their credential no longer opens anything. With a signed user list
    the workspace keys are replaced (:mod:`sar_desk.services.key_rotation`); returns what
    that leaves to do (users who need a new first passphrase, a new recovery key)."""
    admin = require(ws, Action.MANAGE_USERS)
    if _user_of(ws, login) is None:
        raise InputError(f"{login!r} is not a user of this workspace.")
    if not _others_admin(ws, login):
        raise InputError(f"{login} is the last administrator; make someone else an "
                         "administrator first.")
    rotation = None
    if isinstance(ws.roster, Roster):
        rotation = key_rotation.remove_member(ws, login)
    else:
        store.forget(ws.path, ws.id, login)
    with ws.registry.writing() as conn:
        store.delete_user(conn, login)
        details: dict = {"login": login}
        if rotation is not None:
            details.update(keys_replaced=rotation.generation,
                           need_passphrase=list(rotation.need_passphrase),
                           new_recovery_key=rotation.recovery_key is not None)
        store.append_audit(conn, admin.login, "user_removed", details)
    return rotation


def new_passphrase(ws: Workspace, login: str, passphrase: str) -> None:
    """Give ``login`` a new first passphrase and a new credential (administrators): for a
    user who forgot theirs, or one carried over whose old wrap a key change ended."""
    admin = require(ws, Action.MANAGE_USERS)
    if _user_of(ws, login) is None:
        raise InputError(f"{login!r} is not a user of this workspace.", code="user.unknown",
                         login=login)
    if not isinstance(ws.roster, Roster):
        store.enrol(ws.path, ws.id, login, ws.master_key, passphrase=passphrase,
                    use_keyring=False)
    else:
        signed_users.reissue(ws, login, passphrase)
    with ws.registry.writing() as conn:
        store.append_audit(conn, admin.login, "passphrase_reissued", {"login": login})


def set_roles(ws: Workspace, login: str, roles: str | tuple) -> User:
    """Change ``login``'s roles. Leaving every role that reads cases (for staff) replaces
    the workspace keys, as a removal does: the keys they held open nothing made after."""
    admin = require(ws, Action.MANAGE_USERS)
    parsed = parse_roles(roles)
    before = _user_of(ws, login)
    if before is None:
        raise InputError(f"{login!r} is not a user of this workspace; add them first.",
                         code="user.unknown", login=login)
    if Role.ADMINISTRATOR not in parsed and not _others_admin(ws, login):
        raise InputError(f"{login} is the last administrator; make someone else an "
                         "administrator first.")
    if isinstance(ws.roster, Roster):
        key_rotation.change_member(ws, login, parsed)
    user = _save_roles(ws, login, parsed, admin.login, "roles_changed")
    if login == admin.login:
        ws.user = user  # type: ignore[attr-defined]
    return user


def verify_credential(ws: Workspace, passphrase: str | None = None) -> None:
    """Check the current user's own credential again (the window's session lock).

    With a passphrase, that passphrase must unwrap this user's credential (or, before the
    user list is signed, their copy of the master key); without one, the user's OS keyring
    entry must hold it. A user removed meanwhile is refused. Raises a KeyProblem or
    PermissionDenied; returns None when it checks out.
    """
    import hmac

    from sar_desk.store.errors import MissingKeyError, WrongKeyError

    login = current_user(ws).login
    document = store.read_document(ws.path) or {"users": {}}
    entry = document["users"].get(login)
    if entry is None or _user_of(ws, login) is None:
        raise PermissionDenied(f"{login} is no longer a user of this workspace.")
    if isinstance(ws.roster, Roster):
        member = ws.roster.member(login)
        found = user_keys.credential_for(ws.path, ws.id, login, entry, passphrase or None,
                                         use_keyring=not passphrase)
        if member is None or member.public != found.public:
            raise WrongKeyError("That does not unlock this workspace.")
        return
    if passphrase:
        if not entry.get("passphrase"):
            raise MissingKeyError(f"{login} has no passphrase for this workspace; unlock with "
                                  "the OS keyring instead.")
        master = store.passphrase_unwrap(entry["passphrase"], passphrase, ws.id, login)
    else:
        master = store.keyring_get(ws.id, login)
        if master is None:
            raise MissingKeyError("The OS keyring holds no key for you; type your passphrase.")
    if not hmac.compare_digest(master, ws.master_key):
        raise WrongKeyError("That does not unlock this workspace.")


def save_profile(ws: Workspace, text: str) -> None:
    """Save the organisation profile (administrators); checked before it is written."""
    from sar_desk.services.settings import profile_path, save_profile_text

    admin = require(ws, Action.EDIT_PROFILE)
    save_profile_text(text, profile_path(ws.path))
    with ws.registry.writing() as conn:
        store.append_audit(conn, admin.login, "profile_saved", {})


def workspace_audit(ws: Workspace, ref: str | None = None) -> list[store.AuditRecord]:
    """The workspace audit chain (refusals, users, purges, holds, backups): administrators."""
    require(ws, Action.MANAGE_USERS)
    return store.read_audit(ws.registry, ref)
