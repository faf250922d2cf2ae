"""Users of a workspace: who they are, their roles and their own wrap of the master key.

* ``users.json`` (next to the manifest, not secret) holds one entry per login: whether the
  login keeps the master key in its OS keyring, and/or the master key wrapped by the
  login's passphrase (scrypt + AES-GCM bound to the workspace and the login). A login with
  no entry has no way to unwrap the master key here, so it cannot open the workspace.
* The registry (encrypted) holds the roles (``users``), the workspace-level audit chain
  (refusals, user changes, purges, backups), per-case flags (ready for staff, legal hold)
  and the tombstones of purged cases (:mod:`sar_desk.store.registry_schema` has the tables).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sar_desk.core import clock
from sar_desk.core.roles import Role
from sar_desk.store import audit_chain as audit
from sar_desk.store import keys
from sar_desk.store.errors import MissingKeyError, PassphraseRequired, StoreError, WrongKeyError

if TYPE_CHECKING:
    import sqlalchemy as sa

    from sar_desk.store.registry import Registry
    from sar_desk.store.workspace import Manifest

USERS_FILE = "users.json"
FORMAT = "sar-desk-users"
USERS_VERSION = 2

@dataclass(frozen=True)
class User:
    login: str
    roles: tuple[Role, ...]
    added: str = ""
    added_by: str = ""
    name: str = ""  # the display name (cases are assigned by it); empty: the login

    @property
    def label(self) -> str:
        """How the user is named on a case: the display name, else the login."""
        return self.name or self.login

    def to_json(self) -> dict:
        return {"login": self.login, "name": self.name, "roles": [r.value for r in self.roles],
                "added": self.added, "added_by": self.added_by}


def current_login() -> str:
    """The OS login of this process (``getpass`` honours LOGNAME/USER, as tests use)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise StoreError("Cannot tell which OS login is running SAR Desk, so the workspace "
                         "cannot be opened. Set the LOGNAME environment variable.") from None


def now_text() -> str:
    return clock.now().isoformat(timespec="seconds")


# --- users.json: the per-login wraps --------------------------------------------------


def wraps_path(root: Path) -> Path:
    return Path(root) / USERS_FILE


def read_document(root: Path) -> dict | None:
    """The whole users file (entries, and from version 2 the signed list); None when absent."""
    path = wraps_path(root)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not isinstance(data.get("users"), dict):
            raise ValueError("not a users file")
        for login, entry in data["users"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("keyring", False), bool):
                raise ValueError(f"the entry of {login!r} is not a user entry")
            if entry.get("passphrase") is not None:
                keys.check_passphrase_wrap(entry["passphrase"], str(path))
        return data
    except (ValueError, TypeError, AttributeError, RecursionError, OSError):
        raise StoreError(f"The users file {path} is damaged. Restore it from a backup of the "
                         "workspace folder.", code="users.damaged", path=path) from None


def read_wraps(root: Path) -> dict[str, dict] | None:
    """login -> wrap entry; None for a workspace made before users existed."""
    data = read_document(root)
    return None if data is None else data["users"]


def is_signed(root: Path) -> bool:
    """Whether the users file holds a signed user list (version 2)."""
    data = read_document(root)
    return bool(data and data.get("roster"))


def write_wraps(root: Path, entries: dict[str, dict], roster: dict | None = None) -> None:
    """Write the users file; ``roster`` (the signed list) is kept as it was unless given."""
    from sar_desk.store.workspace import write_json_atomic

    if roster is None:
        roster = (read_document(root) or {}).get("roster")
    data: dict[str, Any] = {"format": FORMAT, "version": USERS_VERSION if roster else 1,
                            "users": entries}
    if roster:
        data["roster"] = roster
    write_json_atomic(wraps_path(root), data)


def _aad(workspace_id: str, login: str, purpose: str = "master") -> str:
    return f"{purpose}:{workspace_id}:user:{login}"


def passphrase_wrap(master: bytes, passphrase: str, workspace_id: str, login: str,
                    purpose: str = "master") -> dict:
    """``master`` (the master key, or with ``purpose="credential"`` a user's credential)
    wrapped by a login's passphrase (scrypt), bound to that login."""
    from sar_desk.core.input_rules import passphrase_reason
    from sar_desk.errors import InputError

    reason = passphrase_reason(passphrase or "")
    if reason:
        raise InputError(reason)
    salt = os.urandom(16)
    kek = keys.passphrase_kek(passphrase, salt, keys.SCRYPT_N, keys.SCRYPT_R, keys.SCRYPT_P)
    return {"kdf": "scrypt", "n": keys.SCRYPT_N, "r": keys.SCRYPT_R, "p": keys.SCRYPT_P,
            "salt": keys.b64(salt),
            "wrapped": keys.b64(keys.wrap(kek, master, _aad(workspace_id, login, purpose)))}


def passphrase_unwrap(entry: dict, passphrase: str, workspace_id: str, login: str,
                      purpose: str = "master") -> bytes:
    if entry.get("legacy"):  # the manifest's single passphrase, carried over on migration
        return keys.unwrap_with_passphrase(entry, passphrase, workspace_id)
    from cryptography.exceptions import InvalidTag

    keys.check_passphrase_wrap(entry, USERS_FILE)
    kek = keys.passphrase_kek(passphrase, keys.unb64(entry["salt"]), entry["n"], entry["r"],
                              entry["p"])
    try:
        return keys.unwrap(kek, keys.unb64(entry["wrapped"]), _aad(workspace_id, login, purpose))
    except (InvalidTag, ValueError):
        raise WrongKeyError(f"The passphrase does not unlock this workspace for {login}.",
                            code="key.wrong_user_passphrase") from None


# --- the OS keyring, one entry per login ------------------------------------------------


def keyring_username(workspace_id: str, login: str) -> str:
    return f"workspace-{workspace_id}:user-{login}"


def keyring_text(workspace_id: str, login: str) -> str | None:
    """What ``login``'s OS keyring entry for the workspace holds (None: nothing)."""
    import keyring
    from keyring.errors import KeyringError

    refusal = keys.keyring_refusal()
    if refusal:
        raise PassphraseRequired(refusal, code="key.plaintext_keyring", whose="your")
    try:
        return keyring.get_password(keys.KEYRING_SERVICE, keyring_username(workspace_id, login))
    except KeyringError as exc:
        raise PassphraseRequired(f"No usable OS keyring ({type(exc).__name__}).",
                                 code="key.no_keyring", whose="your") from None


def keyring_get(workspace_id: str, login: str) -> bytes | None:
    """The master key kept in ``login``'s keyring entry (a version 1 entry)."""
    import binascii

    value = keyring_text(workspace_id, login)
    if value is None:
        return None
    try:
        return keys.unb64(value)
    except (binascii.Error, ValueError):
        raise MissingKeyError("Your OS keyring entry for this workspace is damaged.",
                              code="keyring.damaged") from None


def keyring_set(workspace_id: str, login: str, master: bytes | str) -> bool:
    """Keep ``master`` (a key, or a credential's text) in ``login``'s keyring entry."""
    import keyring
    from keyring.errors import KeyringError

    value = master if isinstance(master, str) else keys.b64(master)
    if keys.keyring_refusal():
        return False
    try:
        keyring.set_password(keys.KEYRING_SERVICE, keyring_username(workspace_id, login), value)
    except KeyringError:
        return False
    return True


def keyring_delete(service_user: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        keyring.delete_password(keys.KEYRING_SERVICE, service_user)


def load_master_for(root: Path, manifest: Manifest, login: str, passphrase: str | None,
                    entries: dict[str, dict], *, remember: bool = True) -> bytes:
    """The master key through ``login``'s own wrap (keyring, else passphrase)."""
    from sar_desk.errors import PermissionDenied
    from sar_desk.store.workspace import open_master

    entry = entries.get(login)
    if entry is None:
        raise PermissionDenied(
            f"The OS login {login!r} is not a user of the workspace at {root}, so it cannot be "
            "opened.", code="user.not_a_user", login=login, path=root)
    wrapped = entry.get("passphrase")
    master, worth_keeping = open_master(
        root, manifest, passphrase, from_keyring=lambda: keyring_get(manifest.id, login),
        unwrap=(lambda text: passphrase_unwrap(wrapped, text, manifest.id, login))
        if wrapped else None,
        no_passphrase=f"{login} has no passphrase for the workspace at {root}.",
        whose="your")
    if remember and worth_keeping and keyring_set(manifest.id, login, master):
        entry["keyring"] = True  # next time the keyring opens it
        write_wraps(root, entries)
    return master


def enrol(root: Path, workspace_id: str, login: str, master: bytes, *,
          passphrase: str | None = None, use_keyring: bool = True) -> dict:
    """Give ``login`` its own wrap (keyring and/or passphrase); returns its entry."""
    entries = read_wraps(root) or {}
    entry = dict(entries.get(login) or {})
    if passphrase is not None:
        entry["passphrase"] = passphrase_wrap(master, passphrase, workspace_id, login)
    if use_keyring and keyring_set(workspace_id, login, master):
        entry["keyring"] = True
    entry.setdefault("keyring", False)
    entry.setdefault("passphrase", None)
    entries[login] = entry
    write_wraps(root, entries)
    return entry


def forget(root: Path, workspace_id: str, login: str) -> None:
    """Remove ``login``'s wrap: its passphrase entry and (where reachable) its keyring entry."""
    entries = read_wraps(root) or {}
    entries.pop(login, None)
    write_wraps(root, entries)
    keyring_delete(keyring_username(workspace_id, login))


# --- registry tables --------------------------------------------------------------------


def upgrade_registry(registry: Registry, backup_dir: Path, actor: str) -> Path | None:
    """Upgrade an older registry (after a backup copy into ``backup_dir``), recording each
    step in the workspace audit as ``actor``; returns the copy, or None when it was current.
    """
    from sar_desk.store import registry_schema

    return registry_schema.upgrade(registry, backup_dir, lambda conn, details: append_audit(
        conn, actor, "registry_upgraded", details))


def _user(row: Any) -> User:
    roles = tuple(Role(r) for r in row[1].split(",") if r)
    return User(login=row[0], roles=roles, added=row[2], added_by=row[3], name=row[4])


_COLUMNS = "SELECT login, roles, added, added_by, name FROM users"


def get_user(registry: Registry, login: str) -> User | None:
    rows = registry.query(f"{_COLUMNS} WHERE login = ?", (login,))
    return _user(rows[0]) if rows else None


def list_users(registry: Registry) -> list[User]:
    rows = registry.query(f"{_COLUMNS} ORDER BY login")
    return [_user(r) for r in rows]


def put_user(conn: sa.Connection, login: str, roles: tuple[Role, ...], by: str,
             name: str = "") -> None:
    """Add ``login`` or change its roles (and its display name, when ``name`` is given)."""
    conn.exec_driver_sql(
        "INSERT INTO users (login, roles, added, added_by, name) VALUES (:l, :r, :a, :b, :n) "
        "ON CONFLICT (login) DO UPDATE SET roles = excluded.roles, name = CASE "
        "WHEN excluded.name != '' THEN excluded.name ELSE users.name END",
        {"l": login, "r": ",".join(r.value for r in roles), "a": now_text(), "b": by,
         "n": name})


def delete_user(conn: sa.Connection, login: str) -> None:
    conn.exec_driver_sql("DELETE FROM users WHERE login = :l", {"l": login})


def append_audit(conn: sa.Connection, actor: str, action: str, details: dict[str, Any],
                 reference: str = "") -> str:
    """Append to the workspace audit chain (same hashing as a case's chain); returns the hash.

    ``reference`` is chained through ``details`` so it cannot be edited unseen.
    """
    last = conn.exec_driver_sql(
        "SELECT seq, hash FROM workspace_audit ORDER BY seq DESC LIMIT 1").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, audit.GENESIS)
    at = audit.now_text()
    body = audit.canonical({**details, "reference": reference} if reference else details)
    digest = audit.entry_hash(prev, seq, at, actor, action, body)
    conn.exec_driver_sql("INSERT INTO workspace_audit VALUES (:s, :at, :who, :a, :r, :d, :h)",
                         {"s": seq, "at": at, "who": actor, "a": action, "r": reference,
                          "d": body, "h": digest})
    return digest


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    actor: str
    action: str
    reference: str
    details: str
    hash: str


def read_audit(registry: Registry, reference: str | None = None) -> list[AuditRecord]:
    sql = "SELECT seq, at, actor, action, reference, details, hash FROM workspace_audit"
    params: dict[str, str] = {}
    if reference is not None:
        sql += " WHERE reference = :r"
        params["r"] = reference
    return [AuditRecord(*r) for r in registry.query(sql + " ORDER BY seq", params)]


def verify_audit(registry: Registry) -> list[str]:
    """Problems in the workspace audit chain (edited, deleted or reordered entries)."""
    records = read_audit(registry)
    problems, prev = [], audit.GENESIS
    for expected_seq, rec in enumerate(records, start=1):
        if rec.seq != expected_seq:
            problems.append(f"workspace audit entry {expected_seq} deleted")
            break
        if audit.entry_hash(prev, rec.seq, rec.at, rec.actor, rec.action,
                            rec.details) != rec.hash:
            problems.append(f"workspace audit entry {rec.seq} ({rec.action}) was altered")
        prev = rec.hash
    return problems

