"""A team workspace's link to its server: pulls what others saved, pushes what this
workstation saved, holds the server's write locks and hears others' changes.

The workstation works on a private copy in a 0700 cache folder: the registry and case
files exactly as a folder workspace keeps them (SQLCipher, encrypted), never plaintext.
A case is pushed while its write lock is held, over the version this workstation last
read: a stale save is refused (:class:`~sar_desk.store.server.errors.StaleSave`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sar_desk.core import clock
from sar_desk.services import team_files, team_state
from sar_desk.services.team_files import FILE_PREFIX, write_private
from sar_desk.store import audit, keys
from sar_desk.store import case_records as records
from sar_desk.store.errors import StoreError
from sar_desk.store.locks import LockInfo
from sar_desk.store.registry_heads import audit_heads, row_with_email
from sar_desk.store.server import locks as server_locks
from sar_desk.store.server import sealing
from sar_desk.store.server.errors import StaleSave
from sar_desk.store.server.state import STATE
from sar_desk.store.server.store import ServerStore

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace

LATER = "later"  # a case known to be current on the server, fetched when first used
_REF = re.compile(r"^[A-Z]+-(\d{4})-(\d+)$")


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


class TeamLink:
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
        self.state: Any = None  # the registry's rows in step with the server (team_state)
        self.ready_state: Any = None  # and the ready letters'

    # --- keys and rows ---------------------------------------------------------------

    def _case_key(self, reference: str) -> bytes:
        entry = self.ws.registry.key_entry(reference)
        if entry is None:
            wrapped = self.store.case_keys()[reference][0]
        else:
            wrapped = entry[0]
        return keys.unwrap_case_key(self.ws.master_key, self.ws.id, reference, wrapped)

    def _row(self, reference: str) -> dict:
        from sar_desk.services.case_base import open_case_file, summary_values

        with open_case_file(self.ws, reference, read_only=True) as case, \
                case.reading() as session:
            snap = records.read_snapshot(session)
            last = audit.last_entry(session)
        return summary_values(snap, last.seq if last else 0, last.hash if last else "",
                              self.ws.clock.today())

    def _complaint_row(self, reference: str) -> None:
        from sar_desk.services.case_base import open_case_file
        from sar_desk.services.complaints import clock_for, load_complaint, summary_row
        from sar_desk.store import complaint_index

        complaint = load_complaint(self.ws, reference)
        with open_case_file(self.ws, reference, read_only=True) as case, \
                case.reading() as session:
            last = audit.last_entry(session)
        row = summary_row(complaint, clock_for(self.ws, complaint),
                          last.seq if last else 0, last.hash if last else "")
        with self.ws.registry.writing() as conn:
            complaint_index.upsert(conn, row)

    # --- pulling ---------------------------------------------------------------------

    def _path(self, reference: str) -> Path:
        return self.ws.cases_dir / f"{reference}.sarcase"

    def pull(self, only: set[str] | None = None) -> list[str]:
        """Bring every case saved on the server since this copy last looked; returns the
        references refreshed (their rows rewritten in the private registry)."""
        versions = self.store.versions() if only is None else {
            r: self.store.version_of(r) for r in only}
        wanted = [r for r, v in versions.items() if v
                  if (only is None or r in only) and self.known.get(r, (0, ""))[0] != v]
        if not wanted:
            return []
        self._add_missing_keys(wanted)
        for ref in wanted:
            self._fetch(ref, row=True)
        return wanted

    def follows(self) -> bool:
        """Whether this copy reads every case as the server has it now: a command or a
        script, which shows nobody an older version. A window hears each change instead,
        and a change made over the version it showed, once another saved, is refused."""
        return self.state is not None and not self.window

    def pull_since(self, after: int) -> int:
        """Bring every case saved on the server after number ``after`` that this copy
        does not hold as saved; returns the number of the last save."""
        if not self.follows():
            return after  # a window hears each change instead
        changed = self.store.changed_since(after)
        wanted = [r for r, v, _n in changed if self.known.get(r, (0, ""))[0] != v
                  and r not in self._locks]
        if wanted:
            self._add_missing_keys(wanted)
            for ref in wanted:
                self._fetch(ref, row=True)
        return max([after, *(n for _r, _v, n in changed)])

    def _purged_elsewhere(self, conn: Any, rows: list[tuple[str, str, bytes | None]]) -> None:
        """A case another workstation purged (its tombstone arrived): this copy forgets it
        too, and its (encrypted) file goes."""
        import json

        for table, key, data in rows:
            if table != "tombstones" or data is None:
                continue
            ref = json.loads(key)[0]
            if ref in self._locks or (self.ws.registry.key_entry(ref) is None
                                      and not self._path(ref).exists()):
                continue
            self.ws.registry.forget(conn, ref)
            self.known.pop(ref, None)
            for side in ("", "-wal", "-shm"):
                Path(f"{self._path(ref)}{side}").unlink(missing_ok=True)

    def start(self) -> None:
        """On opening: every case whose row in the registry copy is current is fetched only
        when first used; the others are fetched now and their rows rewritten."""
        if self.state is not None:
            self.state.cases_seen = self.store.last_saved()
            self.state.cases = self.pull_since
            self.state.on_applied = self._purged_elsewhere
        local = audit_heads(self.ws.registry)
        stale = []
        for ref, (version, seq, head) in self.store.heads().items():
            if local.get(ref) == (seq, head) and self.ws.registry.key_entry(ref) is not None:
                self.known[ref] = (version, LATER)
            else:
                stale.append(ref)
        self._add_missing_keys(stale)
        for ref in stale:
            self._fetch(ref, row=True)

    def ensure(self, reference: str) -> None:
        """Fetch a case whose file this copy has not needed until now, or one made on
        another workstation since this copy was opened (so its reference reads as taken)."""
        version, pulled = self.known.get(reference, (0, ""))
        current = self.store.version_of(reference) if version and pulled != LATER \
            and reference not in self._locks and self.follows() else version
        if version and current == 0:  # destroyed elsewhere: its tombstone makes this copy
            # forget it
            self.ws.registry.catch_up()
        elif current != version:
            self._fetch(reference, row=True)  # saved elsewhere since: read it as it is now
        elif pulled == LATER and not self._path(reference).exists():
            self._fetch(reference, row=False)
        elif not pulled and not self._path(reference).exists() \
                and self.store.version_of(reference):
            self._fetch(reference, row=False)

    def ensure_all(self) -> None:
        """Fetch every case this copy has not needed until now (a backup holds them all)."""
        for ref, (_version, pulled) in list(self.known.items()):
            if pulled == LATER and not self._path(ref).exists():
                self._fetch(ref, row=False)

    def _add_missing_keys(self, refs: list[str]) -> None:
        server_keys = self.store.case_keys() if refs else {}
        missing = [r for r in refs if r in server_keys and self.ws.registry.key_entry(r) is None]
        if missing:
            self.ws.registry.add_keys([(r, *_year_seq(r), *server_keys[r]) for r in missing])

    def _fetch(self, ref: str, *, row: bool) -> None:
        stored = self.store.fetch(ref)
        if stored is None:
            return
        key = sealing.content_key(self._case_key(ref), ref)
        data = sealing.unseal(key, stored.content, ref, stored.version, "content")
        path = self._path(ref)
        for side in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{side}").unlink()
        write_private(path, data)
        self.known[ref] = (stored.version, hashlib.sha256(data).hexdigest())
        if row and is_complaint(ref):
            self._complaint_row(ref)
        elif row:
            from sar_desk.services.case_search import index_case

            values = self._row(ref)
            values["updated"] = stored.updated  # the time of the change, not of this copy
            self.ws.registry.upsert([values])
            index_case(self.ws, ref)  # what it says now is found by search here too

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
        self._locks[reference] = lock
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
                self.push_all()
        finally:
            team_state.detach(self.ws)
            for ref in list(self._locks):
                self._locks.pop(ref).release()
            self.store.close()

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


def is_complaint(reference: str) -> bool:
    """Whether ``reference`` names a data protection complaint (not a request)."""
    return reference.upper().startswith("CMP-")


def _same_head(row: dict, path: Path) -> bool:
    """Whether a registry row was written from the case file at ``path`` as it is now: the
    unit of work rewrites the row after every change, so only a row it never wrote (a
    damaged index) needs the file read again."""
    return bool(row.get("audit_head")) and path.exists()


def _year_seq(reference: str) -> tuple[int, int]:
    found = _REF.match(reference)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)
