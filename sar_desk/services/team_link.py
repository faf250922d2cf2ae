"""A team workspace's link to its server: pulls what others saved, pushes what this
workstation saved, holds the server's write locks and hears others' changes.

The workstation works on a private copy in a 0700 cache folder: the registry and case
files exactly as a folder workspace keeps them (SQLCipher, encrypted), never plaintext.
A case is pushed while its write lock is held, over the version this workstation last
read: a stale save is refused (:class:`~sar_desk.store.server.errors.StaleSave`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sar_desk.core import clock
from sar_desk.services import team_files, team_state
from sar_desk.services.team_files import FILE_PREFIX, write_private
from sar_desk.services.team_pull import LATER, CaseCopies, is_complaint
from sar_desk.store.errors import StoreError
from sar_desk.store.locks import LockInfo
from sar_desk.store.registry_heads import row_with_email
from sar_desk.store.server import locks as server_locks
from sar_desk.store.server import sealing
from sar_desk.store.server.errors import StaleSave
from sar_desk.store.server.state import STATE
from sar_desk.store.server.store import ServerStore

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace



def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


class TeamLink(CaseCopies):
    """What a team workspace knows of its server (``ws.case_store``)."""

    def __init__(self, ws: Workspace, store: ServerStore, login: str) -> None:
        self.ws = ws
        self.store = store
        self.login = login
        self.known: dict[str, tuple[int, str]] = {}  # reference -> (version, file digest)
        self.file_versions: dict[str, int] = {}
        self.file_digests: dict[str, str] = {}
        self._locks: dict[str, server_locks.ServerLock] = {}
        self._subscription: server_locks.Subscription | None = None
        self.window = False  # a window's copy: it hears changes (see follows)
        self.fetching = threading.RLock()  # one case file written at a time
        self.writers: dict[str, int] = {}  # reference -> the thread changing it here
        self.state: Any = None  # the registry's rows in step with the server (team_state)
        self.ready_state: Any = None  # and the ready letters'

    # --- pushing ---------------------------------------------------------------------

    def push(self, reference: str) -> int | None:
        """Save ``reference`` on the server if its file changed here; returns the new
        version (None when unchanged). Refused when someone saved it first."""
        path = self._path(reference)
        digest = _digest(path)
        version, pulled = self.known.get(reference, (0, ""))
        if not digest and version and self.ws.registry.key_entry(reference) is None:
            self.store.destroy_case(reference, login=self.login)  # purged: shred it there
            self.known.pop(reference, None)
            return None
        if not digest or digest == pulled or pulled == LATER:  # LATER: fetched by a
            return None  # forked check only (a change here fetches it in this process first)
        entry = self.ws.registry.key_entry(reference)
        if entry is not None:
            self.store.put_case_keys([(reference, entry[0], entry[1])])
        if is_complaint(reference):  # its summary travels in the workspace's own files
            row = {"kind": "complaint", "status": "", "jurisdiction": "",
                   "requester_name": "", "email": ""}
        else:
            row = row_with_email(self.ws.registry, reference)  # written from the file now
            if row is None or not _same_head(row, path):
                row = self._row(reference)
        new = version + 1
        content = sealing.seal(sealing.content_key(self._case_key(reference), reference),
                               path.read_bytes(), reference, new, "content")
        who = sealing.requester_key(self.ws.master_key, self.ws.id)
        requester = sealing.seal_requester(who, reference, new, {
            "name": row.get("requester_name", ""), "email": row.get("email", "")})
        index = sealing.index_key(self.ws.master_key, self.ws.id)
        tokens = [sealing.blind(index, t) for t in sealing.tokens(
            row.get("requester_name", ""), row.get("email", ""))]
        saved = self.store.save(reference, version, row, requester, content, tokens,
                                login=self.login)
        self.known[reference] = (saved, digest)
        return saved

    def push_all(self) -> list[str]:
        """Push every case file changed here and not yet saved on the server (each change
        is normally saved at once), then the workspace's own files. Returns the cases
        that could not be saved (held by someone else, or changed there first): their
        changes stay in this copy only."""
        unsaved = []
        for path in sorted(self.ws.cases_dir.glob("*.sarcase")):
            ref = path.name[:-len(".sarcase")]
            pulled = self.known.get(ref, (0, ""))[1]
            if ref in self._locks or pulled == LATER or _digest(path) == pulled:
                continue
            if self.ws.registry.key_entry(ref) is None:
                continue
            try:
                self._take(ref)
            except StoreError:
                unsaved.append(ref)
                continue
            try:
                self.push(ref)
            except StoreError:
                unsaved.append(ref)
            finally:
                self.release(ref)
        team_files.push_files(self)
        return unsaved

    # --- locks (called by sar_desk.store.locks) -------------------------------------

    def acquire(self, reference: str) -> LockInfo:
        """Take the server's write lock on ``reference`` (re-entrant in this process).
        Raises ``CaseLocked`` naming the holder, or ``StaleSave`` when someone saved the
        case since this copy was read (it is brought up to date first)."""
        self._take(reference)
        return self._locks[reference].info

    def _take(self, reference: str) -> bool:
        """Take the lock; False when this process held it already."""
        if reference in self._locks and self._locks[reference].alive():
            return False
        since = clock.now().astimezone().isoformat(timespec="seconds")
        lock = server_locks.acquire(self.store.url, reference, since=since, login=self.login)
        with self.fetching:  # a fetch heard on the other thread is done before, or not at all
            self._locks[reference] = lock
            self.writers[reference] = threading.get_ident()  # its thread alone fetches it now
            known = self.known.get(reference, (0, ""))[0]
            current = self.store.version_of(reference)
            if current != known and not known:  # made elsewhere since this copy was opened
                self.pull({reference})  # and never read here: nothing here can be stale
            elif current != known and not self.follows():
                self.pull({reference})  # brought up to date for the next try
                self.release(reference)
                raise StaleSave(reference, known, current)
            elif current != known:  # a command or script: it changes the case as it is now
                self.pull({reference})
        self._keep_before(reference)
        return True

    def saved(self, reference: str) -> None:
        """A change to ``reference`` was written here: save it on the server now. When the
        server does not take it, this copy goes back to the case as it was (so "nothing
        was changed" holds everywhere) and the error is raised."""
        if reference not in self._locks:
            return
        try:
            self.push(reference)
        except StoreError:
            self._restore(reference)
            raise
        self._keep_before(reference)

    def _before(self, reference: str) -> Path:
        return self.ws.path / f".before-{reference}.sarcase"

    def _keep_before(self, reference: str) -> None:
        """Keep the case file as it is now (encrypted) until the next change is saved."""
        import shutil

        self.ensure(reference)  # a case not fetched yet: its file as the server has it
        path, copy = self._path(reference), self._before(reference)
        if path.exists():
            shutil.copyfile(path, copy)
            os.chmod(copy, 0o600)
        else:
            copy.unlink(missing_ok=True)

    def _restore(self, reference: str) -> None:
        copy = self._before(reference)
        if not copy.exists():  # a new case: its creation removes what it made
            return
        path = self._path(reference)
        for side in ("-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)
        write_private(path, copy.read_bytes())
        self.ws.registry.upsert([self._row(reference)])

    def release(self, reference: str) -> None:
        lock = self._locks.pop(reference, None)
        self.writers.pop(reference, None)
        if lock is not None:
            try:
                self.push(reference)
            finally:
                lock.release()
                self._before(reference).unlink(missing_ok=True)

    def holder(self, reference: str) -> LockInfo | None:
        return server_locks.holder(self.store.url, reference)

    def force_release(self, reference: str) -> LockInfo | None:
        """Free a lock whose holder hangs: the server ends its connection."""
        return server_locks.force_release(self.store.url, reference)

    # --- changes ---------------------------------------------------------------------

    kind = "server"

    def subscribe(self, callback: Callable[[str, int], None]) -> bool:
        """Call ``callback(reference, version)`` (on a background thread) for every change
        another workstation saves, once this copy holds it."""
        def heard(ref: str, version: int) -> None:
            if ref.startswith((STATE, FILE_PREFIX)):
                if team_state.heard(self.ws, self.state, self.ready_state, ref, version):
                    callback("", version)  # the workspace's own state: lists and dashboard
                return
            if self.known.get(ref, (0, ""))[0] >= version:
                return
            self.pull({ref})
            callback(ref, version)

        self.unsubscribe()
        self.window = True
        self._subscription = server_locks.Subscription(self.store.url, heard)
        for sync in (self.state, self.ready_state):
            if sync is not None:
                sync.subscribed = True
        return True

    def unsubscribe(self) -> None:
        for sync in (self.state, self.ready_state):
            if sync is not None:
                sync.subscribed = False
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def close(self) -> None:
        self.unsubscribe()
        try:
            if not self.ws.read_only:
                team_state.flush(self.ws, self.state, self.ready_state)
                team_state.detach(self.ws)
                team_state.keep_positions(self.ws, self.state, self.ready_state)
                self.push_all()
        finally:
            team_state.detach(self.ws)
            for ref in list(self._locks):
                self._locks.pop(ref).release()
            self.store.close()

    def keys_replaced(self) -> None:
        """After the workspace keys were replaced (a user left): the server gets the new
        manifest and user list, every case key wrapped anew, and each case's requester and
        search tokens sealed with the new keys. The workspace's own rows start again in a
        scope of the new keys (:meth:`team_state.StateSync.follow_keys`)."""
        from sar_desk.store.workspace import MANIFEST

        ws = self.ws
        self.store.set_meta("manifest", (ws.path / MANIFEST).read_text(encoding="utf-8"))
        team_files.push_files(self)  # users.json (and the caches)
        with ws.registry.settled():
            refs = ws.registry.references_with_keys()
            entries = {r: ws.registry.key_entry(r) for r in refs}
            rows = {r: row_with_email(ws.registry, r) or {} for r in refs}
        self.store.put_case_keys([(r, *e) for r, e in entries.items() if e is not None])
        versions = self.store.versions()
        who = sealing.requester_key(ws.master_key, ws.id)
        index = sealing.index_key(ws.master_key, ws.id)
        items = []
        for ref in refs:
            version = versions.get(ref)
            if not version:
                continue
            row = rows[ref]
            name, email = row.get("requester_name", ""), row.get("email", "")
            items.append((ref, version, sealing.seal_requester(
                who, ref, version, {"name": name, "email": email}),
                [sealing.blind(index, t) for t in sealing.tokens(name, email)]))
        self.store.reseal(items, login=self.login)
        team_state.flush(ws, self.state, self.ready_state)  # the new scopes, from this copy

    def share_state(self) -> None:
        """Send the workspace's own rows changed here to the server now (an error when it
        cannot be reached), so a legal hold is seen at once."""
        team_state.sync_now(self.ws, self.state, self.ready_state)

    def refresh_state(self) -> None:
        """Take in the workspace state other workstations saved since this copy read it."""
        team_state.sync_now(self.ws, self.state, self.ready_state)

    def discard(self) -> None:
        """Remove this workstation's private (encrypted) copy."""
        import shutil

        shutil.rmtree(self.ws.path, ignore_errors=True)


def _same_head(row: dict, path: Path) -> bool:
    """Whether a registry row was written from the case file at ``path`` as it is now: the
    unit of work rewrites the row after every change, so only a row it never wrote (a
    damaged index) needs the file read again."""
    return bool(row.get("audit_head")) and path.exists()
