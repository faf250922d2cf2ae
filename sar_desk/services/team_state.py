"""A team workspace's own state kept in step with the server at each change.

Users, roles, cases marked ready, legal holds, the approvals list, complaints and the
ready letters of staff are rows in the private copy's registry and ready store. Each write
there sends the rows it changed to the server (sealed), and its audit entries; each read
first takes in what other workstations wrote since (or, when this window hears the
server's announcements, as soon as one arrives). A second workstation sees a letter marked
ready or a hold placed at once, and a crash loses nothing already saved.

When the server cannot be reached, changes stay marked in the private copy and are sent
with the next change or on closing (a legal hold, which must stop a purge elsewhere, is
refused instead: :meth:`StateSync.now`).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

from sar_desk.services.team_files import FILE_PREFIX, changed_files, write_private
from sar_desk.store import keys, ready_store, synced_tables
from sar_desk.store.errors import StoreError
from sar_desk.store.server import sealing
from sar_desk.store.server import state as server_state
from sar_desk.store.server.errors import ServerUnreachable, StaleSave
from sar_desk.store.synced_tables import Scope

RETRY_AFTER = 30.0  # seconds before trying an unreachable server again on a read
COPIES_ONLY = {"registry.db", "ready.db", "workspace.json"}  # not sent at each change


class StateSync:
    """One database's shared rows (a scope) in step with the server."""

    def __init__(self, store: Any, scope: Scope, key_of: Callable[[], bytes],
                 files: FileSync | None = None) -> None:
        self.store, self.scope, self.key_of, self.files = store, scope, key_of, files
        self.key, self.name = b"", ""  # the key in use, and the scope's name on the server
        self.seen = 0  # the last row number taken in
        self.chain_seen = 0  # the last chain entry taken in
        self.mirrored = 0  # entries of the copy's chain that are the server's, in its order
        self.pushed = 0  # entries of the copy's chain sent to the server
        self.fresh = False  # the whole state was taken in once
        self.subscribed = False  # announcements are heard: reads need not ask
        self.told = False  # an announcement said the server moved on
        self._offline_until = 0.0
        self._rebuilt = False  # the file was made again: the server's rows it lacks go
        self._restored = False  # ...and its audit chain came back from the server
        self._strict = threading.local()
        self._busy = threading.local()
        self.cases: Callable[[int], int] | None = None  # brings cases saved since a number
        # told of the rows taken in, inside their transaction (a case purged elsewhere)
        self.on_applied: Callable[[Any, list[tuple[str, str, bytes | None]]], None] | None = None
        self.cases_seen = 0  # the number of the last case save taken in

    # --- sealing ----------------------------------------------------------------------

    def _seal(self, table: str, key: str, data: bytes) -> bytes:
        return sealing.seal(self.key, data, f"{table}/{key}", 0, f"state-{self.name}")

    def _unseal(self, table: str, key: str, data: bytes) -> bytes:
        return sealing.unseal(self.key, data, f"{table}/{key}", 0, f"state-{self.name}")

    def _seal_entry(self, data: bytes) -> bytes:
        return sealing.seal(self.key, data, self.name, 0, "chain")

    def _unseal_entry(self, data: bytes) -> bytes:
        return sealing.unseal(self.key, data, self.name, 0, "chain")

    # --- hooks (called inside the database's write transaction) ----------------------

    def before_write(self, conn: Any) -> None:
        """Take in others' changes before this write (the first time: all of them)."""
        self._guarded(conn, ending=False)

    def after_write(self, conn: Any) -> None:
        """Send this write's rows and audit entries, then take in others' (re-ordering
        the audit chain as the server has it)."""
        self._guarded(conn, ending=True)

    def follow_keys(self) -> None:
        """Use the workspace's keys as they are now. Each generation of keys has its own
        scope on the server: after the keys were replaced (a user left), the state starts
        again there from this copy, sealed with the new keys only."""
        key = self.key_of()
        if key == self.key:
            return
        self.key = key
        self.name = f"{self.scope.name}:{hashlib.sha256(key).hexdigest()[:16]}"
        self.seen = self.chain_seen = self.mirrored = self.pushed = 0
        self.fresh = False

    def _guarded(self, conn: Any, *, ending: bool) -> None:
        self.follow_keys()
        strict = getattr(self._strict, "on", False)
        if not synced_tables.installed(conn, self.scope):
            synced_tables.install(conn, self.scope)  # from now on every change is marked
            self._rebuilt = self.fresh  # a file made again (the ready letters rebuilt)
        if self.fresh and not strict and time.monotonic() < self._offline_until:
            return  # the server did not answer a moment ago: marked here, sent later
        try:
            if self._rebuilt and not self._restored:
                self._restore_chain(conn)
            if not self.fresh and not self._resume(conn):
                self._take_all(conn)
            appended = self._push(conn, ending=ending)
            if appended or self.told or not self.subscribed:
                self.told = False
                self._pull(conn)
            self._offline_until = 0.0
        except ServerUnreachable:
            self._offline_until = time.monotonic() + RETRY_AFTER
            if strict:
                raise
            # kept marked here: sent with the next change, or on closing

    def catch_up(self, touch: Callable[[], None]) -> None:
        """Before a read: take in what other workstations saved since this copy last looked
        (not when this window hears the server's announcements, nor while the server
        cannot be reached). ``touch`` runs an empty write transaction on the database."""
        if getattr(self._busy, "on", False):
            return
        moved = self._moved()
        if not moved:
            return
        self._busy.on = True
        try:  # a server that fails here: the copy is read as it is (a change names it)
            with contextlib.suppress(StoreError):
                rows, cases = moved
                if rows:
                    touch()
                if cases and self.cases is not None:
                    self.cases_seen = self.cases(self.cases_seen)
        finally:
            self._busy.on = False

    def _moved(self) -> tuple[bool, bool] | None:
        self.follow_keys()
        if not self.fresh:
            return True, False
        if self.subscribed or time.monotonic() < self._offline_until:
            return None
        try:
            seq, chain, files, cases = server_state.marks(self.store, self.name)
        except ServerUnreachable:
            self._offline_until = time.monotonic() + RETRY_AFTER
            return None
        rows = seq > self.seen or chain > self.chain_seen or (
            self.files is not None and files != self.files.seen)
        moved = cases > self.cases_seen and self.cases is not None
        return (rows, moved) if rows or moved else None

    def strict(self) -> Any:
        """A context in which a server that cannot be reached is an error, not a change
        kept for later (a legal hold)."""
        sync = self

        class _Strict:
            def __enter__(self) -> None:
                sync._strict.on = True

            def __exit__(self, *exc: object) -> None:
                sync._strict.on = False

        return _Strict()

    # --- the work ---------------------------------------------------------------------

    def _resume(self, conn: Any) -> bool:
        """Opening from the server's copy of this file: when it says how far it had taken
        in this scope (saved on closing), only what came after is taken in."""
        found = synced_tables.position(conn, self.name)
        if found is None or not server_state.is_seeded(self.store, self.name):
            return False
        self.seen, self.chain_seen, self.mirrored, self.pushed = found
        self.fresh = True
        return True

    def position(self) -> tuple[str, int, int, int, int]:
        """How far this copy has taken in its scope (kept in the file on closing)."""
        return self.name, self.seen, self.chain_seen, self.mirrored, self.pushed

    def _push(self, conn: Any, *, ending: bool) -> bool:
        """Send the rows marked here and new audit entries; True when entries were sent."""
        dirty = synced_tables.take_dirty(conn, self.scope)
        if self._rebuilt and ending:  # what the server holds and the new file does not: gone
            here = {(t, k) for t, k, _d in synced_tables.all_rows(conn, self.scope)}
            dirty += [(t, k, None) for t, k, _s, d in server_state.rows_since(
                self.store, self.name, 0) if d is not None and (t, k) not in here]
            self._rebuilt = self._restored = False
        if dirty:
            server_state.put_rows(self.store, self.name, [
                (t, k, self._seal(t, k, d) if d is not None else None) for t, k, d in dirty])
            synced_tables.clear(conn, [(t, k) for t, k, _d in dirty])
        chain = self.scope.chain
        start = max(self.pushed, self.mirrored)
        appended = False
        if synced_tables.chain_length(conn, chain) > start:
            entries = synced_tables.chain_entries(conn, chain, start)
            server_state.append_chain(self.store, self.name,
                                      [self._seal_entry(e) for e in entries])
            self.pushed = start + len(entries)
            appended = True
        if self.files is not None:
            self.files.push()
        return appended

    def _pull(self, conn: Any) -> None:
        seq, chain, files, _cases = server_state.marks(self.store, self.name)
        if seq > self.seen:
            self._pull_rows(conn)
        if chain > self.chain_seen:
            self._pull_chain(conn)
        if self.files is not None and files != self.files.seen:
            self.files.pull()

    def _pull_rows(self, conn: Any) -> None:
        rows = server_state.rows_since(self.store, self.name, self.seen)
        if rows:
            taken = [(t, k, self._unseal(t, k, d) if d is not None else None)
                     for t, k, _s, d in rows]
            synced_tables.apply(conn, self.scope, taken)
            if self.on_applied is not None:
                self.on_applied(conn, taken)
            self.seen = rows[-1][2]

    def _pull_chain(self, conn: Any) -> None:
        entries = server_state.chain_since(self.store, self.name, self.chain_seen)
        if entries:
            self.mirrored = self.pushed = synced_tables.rewrite_chain(
                conn, self.scope.chain, self.mirrored,
                [self._unseal_entry(e) for _i, e in entries])
            self.chain_seen = entries[-1][0]

    def _take_all(self, conn: Any) -> None:
        """The first use: the server's whole state replaces the copy's (a server made
        before rows were kept is given this copy's state first)."""
        chain = self.scope.chain
        if not server_state.is_seeded(self.store, self.name):
            self.seed(conn)
        rows = server_state.rows_since(self.store, self.name, 0)
        taken = [(t, k, self._unseal(t, k, d) if d is not None else None)
                 for t, k, _s, d in rows]
        synced_tables.replace_all(conn, self.scope, taken)
        if self.on_applied is not None:
            self.on_applied(conn, taken)
        synced_tables.clear(conn, [(t, k) for t, k, _d in
                                   synced_tables.take_dirty(conn, self.scope)])
        self.seen = rows[-1][2] if rows else 0
        theirs = server_state.chain_since(self.store, self.name, 0)
        server = [self._unseal_entry(e) for _i, e in theirs]
        mine = synced_tables.chain_entries(conn, chain, 0)
        same = 0
        while same < min(len(mine), len(server)) and mine[same] == server[same]:
            same += 1
        if same < len(mine) or same < len(server):
            synced_tables.rewrite_chain(conn, chain, same, server[same:])
        self.mirrored = self.pushed = len(server)
        self.chain_seen = theirs[-1][0] if theirs else 0
        if self.files is not None:
            self.files.pull()
        self.fresh = True

    def _restore_chain(self, conn: Any) -> None:
        """A file made again holds no audit: the chain comes back from the server."""
        theirs = server_state.chain_since(self.store, self.name, 0)
        self.mirrored = self.pushed = synced_tables.rewrite_chain(
            conn, self.scope.chain, 0, [self._unseal_entry(e) for _i, e in theirs])
        self.chain_seen = theirs[-1][0] if theirs else 0
        self._restored = True

    def seed(self, conn: Any) -> bool:
        """Give the server this copy's state as its first (False: it has some already)."""
        rows = synced_tables.all_rows(conn, self.scope)
        entries = synced_tables.chain_entries(conn, self.scope.chain, 0)
        return server_state.seed(self.store, self.name,
                                 [(t, k, self._seal(t, k, d)) for t, k, d in rows],
                                 [self._seal_entry(e) for e in entries])


class FileSync:
    """The workspace's small files (the signed user list, the organisation profile): sent
    when they change here, taken in when another workstation changed them."""

    def __init__(self, link: Any) -> None:
        self.link = link
        self.seen = -1

    def push(self) -> None:
        link = self.link
        for name, data, digest in changed_files(link, COPIES_ONLY):
            try:
                link.file_versions[name] = link.store.put_blob(
                    FILE_PREFIX + name, data, link.file_versions.get(name, 0))
                link.file_digests[name] = digest
            except StaleSave:
                self.pull()  # another workstation changed it first: theirs is kept

    def pull(self) -> None:
        link = self.link
        versions = server_state.blob_versions(link.store)
        total = sum(v for n, v in versions.items() if n not in COPIES_ONLY)
        for name, version in versions.items():
            if name in COPIES_ONLY or version == link.file_versions.get(name):
                continue
            found = link.store.blob(FILE_PREFIX + name)
            if found is None:
                continue
            write_private(link.ws.path / name, found[1])
            link.file_versions[name] = found[0]
            link.file_digests[name] = hashlib.sha256(found[1]).hexdigest()
        self.seen = total


def registry_key(ws: Any) -> bytes:
    return keys.derive(ws.master_key, "server workspace state", ws.id)


def ready_key(ws: Any) -> bytes:
    """Derived from the staff key: staff, who hold nothing else, read the ready letters."""
    return keys.derive(ws.staff_key, "server ready letters", ws.id)


def attach(ws: Any, store: Any, link: Any | None) -> tuple[StateSync | None, StateSync | None]:
    """Keep ``ws``'s registry (when this user holds it; ``link`` is then its TeamLink) and
    ready letters in step with the server from now on."""
    registry = None
    if link is not None:
        registry = StateSync(store, synced_tables.REGISTRY, lambda: registry_key(ws),
                             FileSync(link))
        ws.registry.sync = registry
    ready = None
    if ws.staff_key is not None:
        ready = StateSync(store, synced_tables.READY, lambda: ready_key(ws))
        ready_store.watch(ws.path, ready)
    return registry, ready


def detach(ws: Any, *, registry: bool = True) -> None:
    """Stop keeping ``ws`` in step (``registry``: False for a staff copy, which has none)."""
    if registry:
        ws.registry.sync = None
    ready_store.unwatch(ws.path)


def _touch(ws: Any, sync: StateSync) -> None:
    """An empty transaction on the database ``sync`` keeps: its hooks send and take in."""
    if sync.scope is synced_tables.REGISTRY:
        with ws.registry.writing():
            pass
    elif ws.staff_key is not None:
        with ready_store.opened(ws.path, ws.staff_key, ws.id):
            pass


def sync_now(ws: Any, registry: StateSync | None, ready: StateSync | None) -> None:
    """Send what changed here and take in what changed elsewhere, now; a server that cannot
    be reached is an error."""
    for sync in (registry, ready):
        if sync is not None:
            with sync.strict():
                _touch(ws, sync)


def keep_positions(ws: Any, registry: StateSync | None, ready: StateSync | None) -> None:
    """On closing, once :func:`flush` ran and the syncs are detached: write into each file
    how far it took in its scope, so the next opening from it takes in only what came
    after."""
    if registry is not None and registry.fresh:
        with contextlib.suppress(StoreError), ws.registry.writing() as conn:
            synced_tables.save_position(conn, *registry.position())
    if ready is not None and ready.fresh and ws.staff_key is not None \
            and ready_store.ready_path(ws.path).exists():
        with contextlib.suppress(StoreError), \
                ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
            synced_tables.save_position(conn, *ready.position())


def flush(ws: Any, registry: StateSync | None, ready: StateSync | None) -> None:
    """Send what is left to send (changes kept while the server could not be reached), as
    far as it can be now."""
    for sync in (registry, ready):
        if sync is not None:
            with contextlib.suppress(StoreError):
                _touch(ws, sync)


def heard(ws: Any, registry: StateSync | None, ready: StateSync | None, what: str,
          number: int) -> bool:
    """Take in a change another workstation announced (``state:<scope>[/chain]`` or a
    workspace file); True when this copy took something in."""
    if what.startswith(FILE_PREFIX):
        name = what[len(FILE_PREFIX):]
        if name in COPIES_ONLY or registry is None or registry.files is None \
                or registry.files.link.file_versions.get(name, 0) >= number:
            return False
        sync = registry
    else:
        scope, _slash, part = what[len(server_state.STATE):].partition("/")
        sync = next((s for s in (registry, ready) if s is not None and s.name == scope), None)
        if sync is None or number <= (sync.chain_seen if part == "chain" else sync.seen):
            return False
    sync.told = True
    try:
        _touch(ws, sync)
    except StoreError:
        return False
    return True


def seed_new(ws: Any, store: Any) -> None:
    """Give a new team workspace (or one moved from a folder) its first state on the server."""
    registry = StateSync(store, synced_tables.REGISTRY, lambda: registry_key(ws))
    registry.follow_keys()
    with ws.registry.writing() as conn:
        registry.seed(conn)
    if ws.staff_key is not None and ready_store.ready_path(ws.path).exists():
        ready = StateSync(store, synced_tables.READY, lambda: ready_key(ws))
        ready.follow_keys()
        with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
            ready.seed(conn)
