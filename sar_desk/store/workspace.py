"""The workspace folder: manifest, paths, master key and registry.

Layout::

    <workspace>/workspace.json   non-secret manifest (id, versions, wrapped master keys)
    <workspace>/registry.db      encrypted registry (SQLCipher, raw key derived from master)
    <workspace>/cases/           one encrypted case file per request
    <workspace>/locks/           who has which case open for writing
    <workspace>/backups/         encrypted copies taken before migrations
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sar_desk.core.clock import Clock, SystemClock, now
from sar_desk.store import keys
from sar_desk.store.engine import is_disk_full
from sar_desk.store.errors import (
    DiskFull,
    MissingKeyError,
    PassphraseRequired,
    StoreError,
    WorkspaceNotFound,
    WrongKeyError,
)
from sar_desk.store.registry import Registry

MANIFEST = "workspace.json"
REGISTRY = "registry.db"
FORMAT = "sar-desk-workspace"
FORMAT_VERSION = 1
ENV = "SAR_DESK_WORKSPACE"


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("sar-desk", appauthor=False)) / "workspace"


def resolve(path: Path | str | None) -> Path:
    """--workspace, else $SAR_DESK_WORKSPACE, else the user data folder."""
    if path:
        return Path(path).expanduser().resolve()
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_path()


def write_json_atomic(path: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".manifest-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise DiskFull(path, f"cannot write {path}; the previous version is unchanged"
                           ) from None
        if isinstance(exc, OSError):
            raise StoreError(f"Cannot write {path}: {exc.strerror or exc}. The previous "
                             "version is unchanged.") from None
        raise


@dataclass
class Manifest:
    id: str
    created: str
    key_check: str
    recovery: str
    passphrase: dict | None = None
    format_version: int = FORMAT_VERSION
    recovery_public: str = ""  # the recovery key's public half: new master keys seal to it
    recovery_keys: str = ""  # the workspace's keys (content, staff, signing) sealed to it
    extra: dict = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Manifest:
        path = root / MANIFEST
        try:
            if not path.is_file():
                raise WorkspaceNotFound(root)
            text = path.read_text(encoding="utf-8")
        except OSError as exc:  # a name too long, a folder we may not read...
            raise StoreError(f"Cannot use {root} as a workspace: {exc.strerror or exc}.",
                             code="workspace.unusable", path=root) from None
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError("not a workspace manifest")
            return cls(id=data["id"], created=data["created"], key_check=data["key_check"],
                       recovery=data["recovery"], passphrase=data.get("passphrase"),
                       format_version=data.get("format_version", 1),
                       recovery_public=str(data.get("recovery_public") or ""),
                       recovery_keys=str(data.get("recovery_keys") or ""))
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"The workspace manifest {path} is damaged. Restore it from a "
                             "backup of the workspace folder.") from None

    def write(self, root: Path) -> None:
        from sar_desk.store.case_schema import SCHEMA_VERSION
        from sar_desk.store.registry_schema import REGISTRY_VERSION

        write_json_atomic(root / MANIFEST, {
            "format": FORMAT, "format_version": self.format_version, "id": self.id,
            "case_schema_version": SCHEMA_VERSION, "registry_version": REGISTRY_VERSION,
            "created": self.created, "key_check": self.key_check, "recovery": self.recovery,
            "passphrase": self.passphrase,
            **({"recovery_public": self.recovery_public} if self.recovery_public else {}),
            **({"recovery_keys": self.recovery_keys} if self.recovery_keys else {}),
        })

    @classmethod
    def new(cls) -> Manifest:
        return cls(id=str(uuid.uuid4()), created=now().isoformat(),
                   key_check="", recovery="")


class Workspace:
    """An open workspace: its folder, id, master key, registry and clock. A context manager.

    ``clock`` says what day it is for every service working on this workspace.
    """

    def __init__(self, path: Path, manifest: Manifest, master: bytes, *,
                 read_only: bool = False, clock: Clock | None = None) -> None:
        self.path = path
        self.manifest = manifest
        self.id = manifest.id
        self._master = master
        self.read_only = read_only
        self.registry = Registry(path / REGISTRY, keys.derive(master, "registry", manifest.id))
        # Set when the opener's own credential opened them (users.json version 2): the staff
        # key, the administrators' signing key (administrators only) and the signed list.
        self.staff_key: bytes | None = None
        self.signing_key: bytes | None = None
        self.roster: object | None = None
        self.held_locks: set[str] = set()
        self.case_store: Any = None  # a team workspace's store (its server link)
        # A team workspace's durable folder on this computer (its private copy is removed
        # on closing): backups and destruction certificates go there. None: the folder.
        self.kept_dir: Path | None = None
        self.clock: Clock = clock or SystemClock()

    @property
    def cases_dir(self) -> Path:
        return self.path / "cases"

    @property
    def locks_dir(self) -> Path:
        return self.path / "locks"

    @property
    def backups_dir(self) -> Path:
        return (self.kept_dir or self.path) / "backups"

    @property
    def certificates_dir(self) -> Path:
        """Where destruction certificates are written by default."""
        return (self.kept_dir or self.path) / "certificates"

    def case_path(self, reference: str) -> Path:
        """The case file of ``reference`` (a team workspace fetches it on first use)."""
        if self.case_store is not None:
            self.case_store.ensure(reference)
        return self.cases_dir / f"{reference}.sarcase"

    @property
    def master_key(self) -> bytes:
        return self._master

    def use_master(self, master: bytes, registry: Registry | None = None) -> None:
        """Work with a new master key from now on (a key rotation), and ``registry``."""
        self._master = master
        if registry is not None:
            registry.sync, self.registry = self.registry.sync, registry  # a team copy's too

    def close(self) -> None:
        from sar_desk.store import locks

        link, self.case_store = self.case_store, None
        try:
            if link is not None:
                link.close()  # pushes what this workstation changed, frees server locks
        finally:
            for reference in list(self.held_locks):
                locks.release(self, reference)
            self.registry.close()
            if link is not None:
                link.discard()  # the private copy: nothing is kept once closed

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r}, id={self.id!r})"


def open_master(root: Path, manifest: Manifest, passphrase: str | None, *,
                from_keyring: Callable[[], bytes | None],
                unwrap: Callable[[str], bytes] | None, no_passphrase: str,
                whose: str = "the") -> tuple[bytes, bool]:
    """The master key from the OS keyring, else from ``passphrase``; typed errors otherwise.

    ``from_keyring`` reads the keyring's copy (None when it holds none); ``unwrap`` turns a
    passphrase into the key (None when no passphrase is set: a passphrase given then fails
    with ``no_passphrase``); ``whose`` passphrase the hint asks for. Returns the key and
    whether it came from the passphrase while the keyring worked (worth remembering there).
    """
    keyring_problem = ""
    try:
        master = from_keyring()
    except PassphraseRequired as exc:
        master, keyring_problem = None, str(exc)
    if master is not None:
        if not keys.matches(master, manifest.id, manifest.key_check):
            raise WrongKeyError(
                f"The key in the OS keyring for the workspace at {root} does not open it.",
                code="keyring.wrong_key", path=root)
        return master, False
    if passphrase is not None:
        if unwrap is None:
            raise MissingKeyError(no_passphrase, code="key.no_passphrase_set", path=root)
        master = unwrap(passphrase)
        if not keys.matches(master, manifest.id, manifest.key_check):
            raise WrongKeyError(f"The passphrase does not unlock the workspace at {root}.",
                                code="key.wrong_passphrase", path=root)
        return master, keyring_problem == ""
    where = keyring_problem or "The OS keyring holds no key for it on this computer."
    if unwrap is not None:
        raise PassphraseRequired(f"No key to open the workspace at {root}. {where}",
                                 code="key.passphrase_required", path=root, whose=whose)
    raise MissingKeyError(f"No key to open the workspace at {root}. {where}",
                          code="key.recovery_required", path=root)


def load_master(root: Path, manifest: Manifest, passphrase: str | None) -> bytes:
    """The master key from the OS keyring, else from the passphrase; typed errors otherwise."""
    wrapped = manifest.passphrase
    master, _remember = open_master(
        root, manifest, passphrase, from_keyring=lambda: keys.keyring_get(manifest.id),
        unwrap=(lambda text: keys.unwrap_with_passphrase(wrapped, text, manifest.id))
        if wrapped else None,
        no_passphrase=f"The workspace at {root} has no passphrase set.")
    return master
