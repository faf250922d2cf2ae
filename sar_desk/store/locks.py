"""One writer per case: a lock file names who holds a case open for writing and since when.

The lock names its holder (login, computer, process) and the time it was taken, so its age
can be told. A lock whose process has gone is recovered automatically only when it was
taken on this computer (where the process can be checked); a lock from another computer
stays until that program closes the case, or an administrator releases it
(:func:`force_release`, audited by the service). A lock held by this process is re-entrant,
so a window that holds a case open can still save.
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
from sar_desk.store.engine import is_disk_full
from sar_desk.store.errors import CaseLocked, DiskFull, StoreError


class LockingWorkspace(Protocol):
    """What the locks need of a workspace (:class:`sar_desk.store.workspace.Workspace`)."""

    @property
    def locks_dir(self) -> Path: ...

    held_locks: set[str]  # the references this process holds open
    case_store: object | None  # a team workspace's store (CaseStore), else None: lock files


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str
    started: str = ""  # when the holding process started (this boot), where it can be told

    @property
    def holder(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid})"

    @property
    def mine(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()

    @property
    def here(self) -> bool:
        """Taken on this computer (so whether its process still runs can be checked)."""
        return self.host == socket.gethostname()

    def age(self) -> str:
        """How long ago the lock was taken, in words ("3 hours", "2 days"), or ""."""
        import datetime as dt

        try:
            taken = dt.datetime.fromisoformat(self.since)
            seconds = (clock.now().astimezone() - taken.astimezone()).total_seconds()
        except (ValueError, TypeError, OverflowError):
            return ""
        for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
            if seconds >= size:
                count = int(seconds // size)
                return f"{count} {unit}{'s' if count != 1 else ''}"
        return "less than a minute"

    def refusal(self, reference: str) -> CaseLocked:
        """The error for someone else wanting to write ``reference`` while this is held."""
        return CaseLocked(reference, self.holder, self.since, age=self.age(),
                          elsewhere=not self.here)


def _path(ws: LockingWorkspace, reference: str):
    return ws.locks_dir / f"{reference}.lock"


def _alive(pid: int, started: str = "") -> bool:
    """Whether process ``pid`` runs; with ``started``, whether it is that same process (a
    process number is reused after the holder stopped, or after a restart)."""
    if pid <= 0:
        return False  # not a process number (0 and -1 would ask about many processes)
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        pass
    now = process_started(pid)
    return not (started and now and now != started)


def process_started(pid: int) -> str:
    """The boot and the start time of process ``pid`` (Linux), or "" where it cannot be told."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        return f"{boot}:{stat.rsplit(')', 1)[1].split()[19]}"
    except (OSError, IndexError, ValueError):
        return ""


def holder(ws: LockingWorkspace, reference: str) -> LockInfo | None:
    """Who holds the case for writing (None if nobody; a crashed holder's lock is removed)."""
    remote = getattr(ws, "case_store", None)
    if remote is not None:
        return remote.holder(reference)
    path = _path(ws, reference)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = LockInfo(user=str(data["user"]), host=str(data["host"]), pid=int(data["pid"]),
                        since=str(data["since"]), started=str(data.get("started", "")))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError):
        # A lock file cut short by a crash: nobody can be holding it meaningfully.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return None
    if info.host == socket.gethostname() and not _alive(info.pid, info.started):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return None
    return info


def acquire(ws: LockingWorkspace, reference: str) -> LockInfo:
    """Take the write lock, or raise :class:`CaseLocked` naming the holder (on a team
    workspace: the server's lock)."""
    remote = getattr(ws, "case_store", None)
    if remote is not None:
        info = remote.acquire(reference)
        ws.held_locks.add(reference)
        return info
    return acquire_file(ws, reference)


def acquire_file(ws: LockingWorkspace, reference: str) -> LockInfo:
    """Take the write lock as a lock file in the workspace folder (see :func:`acquire`)."""
    ws.locks_dir.mkdir(parents=True, exist_ok=True)
    path = _path(ws, reference)
    for _ in range(3):
        current = holder(ws, reference)
        if current is not None:
            if current.mine:
                ws.held_locks.add(reference)
                return current
            raise current.refusal(reference)
        info = LockInfo(user=getpass.getuser(), host=socket.gethostname(), pid=os.getpid(),
                        since=clock.now().astimezone().isoformat(timespec="seconds"),
                        started=process_started(os.getpid()))
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
            if is_disk_full(exc):
                raise DiskFull(path, f"cannot open {reference} for writing") from None
            raise StoreError(f"Cannot open {reference} for writing: {exc.strerror or exc} "
                             f"({path}). Nothing was changed.") from None
        ws.held_locks.add(reference)
        return info
    current = holder(ws, reference)
    if current is not None:
        raise current.refusal(reference)
    raise CaseLocked(reference, "another program", "just now")


def release(ws: LockingWorkspace, reference: str) -> None:
    remote = getattr(ws, "case_store", None)
    if remote is not None:
        ws.held_locks.discard(reference)
        remote.release(reference)
        return
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
        remote = getattr(ws, "case_store", None)
        if remote is not None:
            remote.saved(reference)  # on the server while the lock is still held
    finally:
        if not held_before:
            release(ws, reference)


def force_release(ws: LockingWorkspace, reference: str) -> LockInfo | None:
    """Remove the lock on ``reference`` whoever holds it; returns what it named (None if
    there was none). Only for a holder known to be gone: the service checks the role and
    records who did it and why."""
    remote = getattr(ws, "case_store", None)
    if remote is not None:
        return remote.force_release(reference)
    current = holder(ws, reference)
    if current is None:
        return None
    with contextlib.suppress(FileNotFoundError):
        _path(ws, reference).unlink()
    ws.held_locks.discard(reference)
    return current
