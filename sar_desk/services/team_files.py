"""A team workspace's own files on the server (the registry and ready letters as caches
for opening, the signed user list, the organisation profile), all encrypted."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Container, Iterator
from pathlib import Path
from typing import Any

from sar_desk.store.server.errors import StaleSave

FILE_PREFIX = "file:"  # the workspace's own files on the server
TeamLink = Any  # sar_desk.services.team_link.TeamLink (which imports this module)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` (ciphertext) to ``path`` readable by its owner only, atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def changed_files(link: TeamLink, skip: Container[str]) -> Iterator[tuple[str, bytes, str]]:
    """The workspace's own files (but ``skip`` and the manifest) whose bytes differ from
    what this copy last read from or saved on the server: (name, bytes, sha256) each."""
    for path in sorted(link.ws.path.iterdir()):
        name = path.name
        if not path.is_file() or name.startswith(".") or name in skip \
                or name == "workspace.json" or name.endswith(("-wal", "-shm", ".tmp", ".part")):
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != link.file_digests.get(name):
            yield name, data, digest


def push_files(link: TeamLink) -> None:
    """Save the workspace's own files (the registry, users; all encrypted) when they
    changed here. The registry and ready letters files are this copy's cache for the next
    opening (their rows are on the server already): the newest replaces the one there. For
    the other files, when another workstation saved one first, theirs is kept."""
    link.ws.registry.checkpoint()
    for name, data, digest in changed_files(link, ()):
        put_file(link.store, name, data, link.file_versions.get(name, 0),
                 replace=name in CACHES)
        link.file_digests[name] = digest


CACHES = ("registry.db", "ready.db")


def put_file(store: Any, name: str, data: bytes, version: int, *, replace: bool) -> int:
    """Save a workspace file over ``version``; when another workstation saved it first,
    ``replace`` saves this one over theirs, else theirs is kept. Returns the version."""
    for _ in range(3):
        try:
            return store.put_blob(FILE_PREFIX + name, data, version)
        except StaleSave as stale:
            if not replace:
                return stale.current
            found = store.blob(FILE_PREFIX + name)
            version = found[0] if found else 0
    return version
