"""The store interface: where a workspace's cases are kept, as the services need it.

Two implementations: :class:`FolderCaseStore` (a folder workspace: lock files beside the
case files; nothing to hear from other computers) and
:class:`sar_desk.services.team_link.TeamLink` (a team workspace on a PostgreSQL server:
advisory locks, versioned sealed saves, changes announced). A workspace's ``case_store`` is
None for a folder workspace: :func:`sar_desk.store.locks.acquire` and the rest then use the
lock files directly, as :class:`FolderCaseStore` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sar_desk.store import locks
from sar_desk.store.locks import LockInfo, LockingWorkspace


class CaseStore(Protocol):
    """What the services need of the place a workspace's cases are kept."""

    kind: str  # "folder" or "server"

    def acquire(self, reference: str) -> LockInfo:
        """Take the one-writer lock (re-entrant), or raise ``CaseLocked`` naming the holder
        and since when; on a server, ``StaleSave`` when the case moved on since it was read."""

    def saved(self, reference: str) -> None:
        """A change to ``reference`` was written: keep it (on a server: save it now, over
        the version read, or refuse a stale save)."""

    def ensure(self, reference: str) -> None:
        """Make the case's file readable where the workspace keeps it (a server: fetch it
        on first use)."""

    def ensure_all(self) -> None:
        """Make every case's file readable where the workspace keeps it (a backup)."""

    def release(self, reference: str) -> None:
        """Give the lock back (what was saved is kept first)."""

    def holder(self, reference: str) -> LockInfo | None:
        """Who holds ``reference`` for writing, or None."""

    def force_release(self, reference: str) -> LockInfo | None:
        """Free the lock on ``reference`` whoever holds it (a holder known to be gone);
        returns what it named, or None."""

    def subscribe(self, callback: Callable[[str, int], None]) -> bool:
        """Hear other workstations' changes as ``(reference, version)``; False when this
        store has none to tell (a folder workspace)."""

    def unsubscribe(self) -> None:
        """Stop hearing changes."""

    def keys_replaced(self) -> None:
        """The workspace keys were replaced (a user left): a server gets what is sealed
        with them anew (a folder workspace: nothing to do)."""

    def share_state(self) -> None:
        """Make a change to the workspace's own state (a legal hold) known to the other
        workstations now (a folder workspace: it already is)."""

    def refresh_state(self) -> None:
        """Take in what other workstations shared of the workspace's own state since this
        one read it (before anything is destroyed)."""


class FolderCaseStore:
    """A folder workspace's cases: lock files in its ``locks`` folder."""

    kind = "folder"

    def __init__(self, ws: LockingWorkspace) -> None:
        self.ws = ws

    def acquire(self, reference: str) -> LockInfo:
        return locks.acquire_file(self.ws, reference)

    def saved(self, reference: str) -> None:
        """The case file was written in place: nothing more to do."""

    def ensure(self, reference: str) -> None:
        """The case file is in the folder already."""

    def ensure_all(self) -> None:
        """Every case file is in the folder already."""

    def keys_replaced(self) -> None:
        """The folder's files were re-keyed in place: nothing else holds them."""

    def share_state(self) -> None:
        """The registry in the folder is the only one: nothing to share."""

    def refresh_state(self) -> None:
        """The registry in the folder is the only one: nothing to take in."""

    def release(self, reference: str) -> None:
        locks.release(self.ws, reference)

    def holder(self, reference: str) -> LockInfo | None:
        return locks.holder(self.ws, reference)

    def force_release(self, reference: str) -> LockInfo | None:
        return locks.force_release(self.ws, reference)

    def subscribe(self, callback: Callable[[str, int], None]) -> bool:
        return False

    def unsubscribe(self) -> None:
        """Nothing was heard."""


def store_of(ws: LockingWorkspace) -> CaseStore:
    """The store holding ``ws``'s cases."""
    found = getattr(ws, "case_store", None)
    return found if found is not None else FolderCaseStore(ws)
