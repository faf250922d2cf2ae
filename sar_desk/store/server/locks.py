"""Write locks and change announcements on the server.

A case's write lock is a PostgreSQL session advisory lock, held on a connection of its own
in autocommit mode (never inside a transaction), so it lasts until released or until the
connection closes: a crashed workstation frees it. ``sd_holders`` says who holds it and
since when; a row whose backend no longer holds the lock is stale and ignored.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import select
import socket
import threading
from collections.abc import Callable
from typing import Any

from sar_desk.store.locks import LockInfo
from sar_desk.store.server import schema
from sar_desk.store.server.store import connect

LOCK_SPACE = 0x5A4D  # the first key of every advisory lock this app takes


def _holder(conn: Any, reference: str) -> LockInfo | None:
    row = conn.execute(
        "SELECT h.login, h.host, h.pid, h.since FROM sd_holders h WHERE h.reference = %s "
        "AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted "
        "AND l.pid = h.backend AND l.classid = %s AND l.objid = hashtext(h.reference)::oid)",
        (reference, LOCK_SPACE)).fetchone()
    if row is None:
        return None
    return LockInfo(user=row[0], host=row[1], pid=row[2],
                    since=row[3].astimezone().isoformat(timespec="seconds"))


class ServerLock:
    """One held write lock: its own autocommit connection; :meth:`release` ends it."""

    def __init__(self, conn: Any, reference: str, info: LockInfo) -> None:
        self._conn = conn
        self.reference = reference
        self.info = info

    def alive(self) -> bool:
        return not self._conn.closed

    def release(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.execute("DELETE FROM sd_holders WHERE reference = %s AND backend = "
                               "pg_backend_pid()", (self.reference,))
            self._conn.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))",
                               (LOCK_SPACE, self.reference))
        with contextlib.suppress(Exception):
            self._conn.close()


def acquire(url: str, reference: str, *, since: str, login: str = "") -> ServerLock:
    """Take the write lock on ``reference`` or raise :class:`CaseLocked` naming who holds it
    and since when. ``since`` is the time to record (ISO, from the workspace clock)."""
    conn = connect(url, autocommit=True)
    try:
        (got,), = conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                               (LOCK_SPACE, reference)).fetchall()
        if not got:
            current = _holder(conn, reference)
            conn.close()
            if current is None:
                current = LockInfo(user="another workstation", host="the server", pid=0,
                                   since=since)
            raise current.refusal(reference)
        info = LockInfo(user=login or getpass.getuser(), host=socket.gethostname(),
                        pid=os.getpid(), since=since)
        conn.execute(
            "INSERT INTO sd_holders VALUES (%s, %s, %s, %s, pg_backend_pid(), %s) ON CONFLICT "
            "(reference) DO UPDATE SET login = excluded.login, host = excluded.host, "
            "pid = excluded.pid, backend = excluded.backend, since = excluded.since",
            (reference, info.user, info.host, info.pid, since))
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()
        raise
    return ServerLock(conn, reference, info)


def holder(url: str, reference: str) -> LockInfo | None:
    """Who holds ``reference`` for writing now (None if nobody)."""
    with connect(url, autocommit=True) as conn:
        return _holder(conn, reference)


def force_release(url: str, reference: str) -> LockInfo | None:
    """End the connection holding ``reference`` (a workstation that hangs without closing
    it), which frees its lock; returns what the lock named (None if nobody held it)."""
    with connect(url, autocommit=True) as conn:
        current = _holder(conn, reference)
        if current is not None:
            conn.execute("SELECT pg_terminate_backend(backend) FROM sd_holders "
                         "WHERE reference = %s", (reference,))
            conn.execute("DELETE FROM sd_holders WHERE reference = %s", (reference,))
    return current


class Subscription:
    """Changes announced by other workstations, delivered as ``(reference, version)`` to a
    callback on a background thread until :meth:`close`."""

    def __init__(self, url: str, callback: Callable[[str, int], None]) -> None:
        self._conn = connect(url, autocommit=True)
        self._conn.execute(f"LISTEN {schema.CHANNEL}")
        self._callback = callback
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sar-desk-changes",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _w, _x = select.select([self._conn.fileno()], [], [], 0.2)
                if not ready:
                    continue
                latest: dict[str, int] = {}  # what arrived together: the last of each only
                for note in self._conn.notifies(timeout=0, stop_after=0):
                    ref, _sp, version = note.payload.rpartition(" ")
                    latest[ref] = max(latest.get(ref, 0), int(version))
                for ref, version in latest.items():
                    if self._stop.is_set():
                        return
                    with contextlib.suppress(Exception):  # one bad callback stops nothing
                        self._callback(ref, version)
            except Exception:  # noqa: BLE001 - the connection went: nothing more to hear
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        with contextlib.suppress(Exception):
            self._conn.close()
