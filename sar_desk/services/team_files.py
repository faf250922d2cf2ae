"""A team workspace's own files on the server (the registry, the signed user list): saved
when they changed here; the registry merged when another workstation saved it first."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from sar_desk.store.server.errors import StaleSave

FILE_PREFIX = "file:"  # the workspace's own files on the server
TeamLink = Any  # sar_desk.services.team_link.TeamLink (which imports this module)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` (ciphertext) to ``path`` readable by its owner only, atomically."""
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def push_files(link: TeamLink) -> None:
    """Save the workspace's own files (the registry, users; all encrypted) when they
    changed here. When another workstation saved the registry first, this one's
    changes are merged onto theirs; for the other files theirs are kept."""
    from sar_desk.store.workspace import MANIFEST, REGISTRY

    link.ws.registry.checkpoint()
    for path in sorted(link.ws.path.iterdir()):
        name = path.name
        if not path.is_file() or name.startswith(".") or name == MANIFEST \
                or name.endswith(("-wal", "-shm", ".tmp")):
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest == link.file_digests.get(name):
            continue
        try:
            link.file_versions[name] = link.store.put_blob(
                FILE_PREFIX + name, data, link.file_versions.get(name, 0))
            link.file_digests[name] = digest
        except StaleSave:
            if name == REGISTRY:
                _merge_registry(link)
                continue
        if name == REGISTRY:
            write_private(base_registry(link), data)

def base_registry(link: TeamLink) -> Path:
    """The registry as last read from or saved on the server (encrypted)."""
    return link.ws.path / ".registry-base.db"

def _merge_registry(link: TeamLink, tries: int = 3) -> None:
    """Apply this copy's registry changes onto the server's newer registry, then save
    that over its version (again, if yet another workstation saved meanwhile)."""
    from sar_desk.store.server.registry_merge import merge
    from sar_desk.store.workspace import REGISTRY

    for _ in range(tries):
        found = link.store.blob(FILE_PREFIX + REGISTRY)
        if found is None or not base_registry(link).exists():
            return
        version, data = found
        theirs = link.ws.path / ".registry-theirs.db"
        write_private(theirs, data)
        link.ws.registry.checkpoint()
        merge(link.ws.registry, base_registry(link), theirs)
        merged = link.ws.registry.at(theirs)
        merged.checkpoint()
        merged.close()
        data = theirs.read_bytes()
        try:
            link.file_versions[REGISTRY] = link.store.put_blob(FILE_PREFIX + REGISTRY,
                                                               data, version)
        except StaleSave:
            continue
        finally:
            theirs.unlink(missing_ok=True)
            for side in ("-wal", "-shm"):
                Path(f"{theirs}{side}").unlink(missing_ok=True)
        link.ws.registry.close()  # from now on this copy is the merged registry
        path = link.ws.path / REGISTRY
        for side in ("-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)
        write_private(path, data)
        write_private(base_registry(link), data)
        link.file_digests[REGISTRY] = hashlib.sha256(data).hexdigest()
        return


def take_server_state(link: TeamLink) -> None:
    """When another workstation saved the registry since this copy read it, merge this
    copy's changes onto theirs and work on the result (their holds, users and flags too)."""
    from sar_desk.store.workspace import REGISTRY

    found = link.store.blob(FILE_PREFIX + REGISTRY)
    if found is not None and found[0] != link.file_versions.get(REGISTRY, 0):
        _merge_registry(link)
