"""Who has access to a workspace: its users, their roles and credentials.

Administrators list, add and remove users, change their roles and give them a new first
passphrase; :func:`verify_credential` checks the current user's own credential again (the
window's session lock). The permission checks every service calls (``access.require``,
``access.can``...) live in :mod:`sar_desk.services.permissions` and are re-exported here;
opening a workspace as its user is :mod:`sar_desk.services.sign_in`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sar_desk.core.roles import Action, Role, parse_roles
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import key_rotation, signed_users
from sar_desk.services.key_rotation import Rotation
from sar_desk.services.permissions import (
    can,
    case_workers,
    current_user,
    is_ready,
    ready_references,
    require,
    resolve_assignee,
    visible,
)
from sar_desk.services.sign_in import all_users, user_of
from sar_desk.store import user_keys
from sar_desk.store import users as store
from sar_desk.store.roster import Roster
from sar_desk.store.users import User, current_login

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace

__all__ = [
    "User", "current_login", "current_user", "require", "is_ready", "ready_references",
    "list_users", "add_user", "remove_user", "set_roles", "workspace_audit",
    "can", "save_profile", "visible", "verify_credential", "case_workers", "resolve_assignee",
    "add_colleagues", "new_passphrase",
]


# --- managing users (administrators) --------------------------------------------------


def list_users(ws: Workspace) -> list[User]:
    require(ws, Action.MANAGE_USERS)
    return all_users(ws)


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
    if user_of(ws, login) is not None:
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
        if user_of(ws, login) is None:
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
    user = user_of(ws, login)
    assert user is not None
    return user


def _others_admin(ws: Workspace, login: str) -> bool:
    return any(Role.ADMINISTRATOR in u.roles for u in all_users(ws) if u.login != login)


def remove_user(ws: Workspace, login: str) -> Rotation | None:
    """Remove a user: their credential no longer opens anything. With a signed user list
    the workspace keys are replaced (:mod:`sar_desk.services.key_rotation`); returns what
    that leaves to do (users who need a new first passphrase, a new recovery key)."""
    admin = require(ws, Action.MANAGE_USERS)
    if user_of(ws, login) is None:
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
    if user_of(ws, login) is None:
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
    """Change ``login``'s roles (see :func:`change_roles`); returns the user."""
    return change_roles(ws, login, roles)[0]


def change_roles(ws: Workspace, login: str, roles: str | tuple
                 ) -> tuple[User, Rotation | None]:
    """Change ``login``'s roles. Leaving every role that reads cases (for staff), or the
    administrator role, replaces the workspace keys as a removal does: the keys they held
    open nothing made after, and the signing key they held signs no list the others accept.
    Returns the user and what a key change leaves to do (None: the keys stayed)."""
    admin = require(ws, Action.MANAGE_USERS)
    parsed = parse_roles(roles)
    before = user_of(ws, login)
    if before is None:
        raise InputError(f"{login!r} is not a user of this workspace; add them first.",
                         code="user.unknown", login=login)
    if Role.ADMINISTRATOR not in parsed and not _others_admin(ws, login):
        raise InputError(f"{login} is the last administrator; make someone else an "
                         "administrator first.")
    rotation = None
    if isinstance(ws.roster, Roster):
        rotation = key_rotation.change_member(ws, login, parsed)
    user = _save_roles(ws, login, parsed, admin.login, "roles_changed")
    if login == admin.login:
        ws.user = user  # type: ignore[attr-defined]
    return user, rotation


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
    if entry is None or user_of(ws, login) is None:
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
