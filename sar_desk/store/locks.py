"""One writer per case: a lock file names who holds a case open for writing and since when.

A lock whose process has gone (same host, process no longer running) is recovered. A lock
held by this process is re-entrant, so a window that holds a case open can still save.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sar_desk.core import clock
from sar_desk.store.errors import CaseLocked, StoreError


class LockingWorkspace(Protocol):
    """What the locks need of a workspace (:class:`sar_desk.store.workspace.Workspace`)."""

    @property
    def locks_dir(self) -> Path: ...

    held_locks: set[str]  # the references this process holds open


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    @property
    def holder(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid})"

    @property
    def mine(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()


def _path(ws: LockingWorkspace, reference: str):
    return ws.locks_dir / f"{reference}.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder(ws: LockingWorkspace, reference: str) -> LockInfo | None:
    """Who holds the case for writing (None if nobody; a crashed holder's lock is removed)."""
    path = _path(ws, reference)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = LockInfo(user=data["user"], host=data["host"], pid=int(data["pid"]),
                        since=data["since"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError):
        # A lock file cut short by a crash: nobody can be holding it meaningfully.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return None
    if info.host == socket.gethostname() and not _alive(info.pid):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return None
    return info


def acquire(ws: LockingWorkspace, reference: str) -> LockInfo:
    """Take the write lock, or raise :class:`CaseLocked` naming the holder."""
    ws.locks_dir.mkdir(parents=True, exist_ok=True)
    path = _path(ws, reference)
    for _ in range(3):
        current = holder(ws, reference)
        if current is not None:
            if current.mine:
                ws.held_locks.add(reference)
                return current
            raise CaseLocked(reference, current.holder, current.since)
        info = LockInfo(user=getpass.getuser(), host=socket.gethostname(), pid=os.getpid(),
                        since=clock.now().astimezone().isoformat(timespec="seconds"))
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue  # somebody was quicker; look again
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(info.__dict__, fh)
        except OSError as exc:  # a full disk: leave no half-written lock behind
            with contextlib.suppress(OSError):
                path.unlink()
            raise StoreError(f"Cannot open {reference} for writing: {exc.strerror or exc} "
                             f"({path}). Nothing was changed.") from None
        ws.held_locks.add(reference)
        return info
    current = holder(ws, reference)
    raise CaseLocked(reference, current.holder if current else "another program",
                     current.since if current else "just now")


def release(ws: LockingWorkspace, reference: str) -> None:
    current = holder(ws, reference)
    if current is not None and current.mine:
        with contextlib.suppress(FileNotFoundError):
            _path(ws, reference).unlink()
    ws.held_locks.discard(reference)


@contextlib.contextmanager
def writing(ws: LockingWorkspace, reference: str) -> Iterator[None]:
    """Hold the lock for one change; keep it afterwards if it was already held."""
    held_before = reference in ws.held_locks
    acquire(ws, reference)
    try:
        yield
    finally:
        if not held_before:
            release(ws, reference)
