"""A team workspace's private copy of its cases: which it holds, fetching them from the
server (on first use, when saved elsewhere, or all at opening when their rows are out of
date), and forgetting those purged elsewhere. The base of
:class:`~sar_desk.services.team_link.TeamLink`, which sets the attributes used here."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sar_desk.services.team_files import write_private
from sar_desk.store import audit, case_text, keys
from sar_desk.store import case_records as records
from sar_desk.store.registry_heads import audit_heads
from sar_desk.store.server import sealing

if TYPE_CHECKING:
    from sar_desk.store.server.store import ServerStore
    from sar_desk.store.workspace import Workspace

LATER = "later"  # a case known to be current on the server, fetched when first used
_REF = re.compile(r"^[A-Z]+-(\d{4})-(\d+)$")


class CaseCopies:
    """The cases of a team workspace's private copy (see the module)."""

    ws: Workspace
    store: ServerStore
    known: dict[str, tuple[int, str]]  # reference -> (version, file digest or LATER)
    window: bool  # a window's copy: it hears changes instead of asking
    state: Any  # the registry's rows in step with the server (team_state.StateSync)
    _locks: dict[str, Any]  # the write locks this process holds
    fetching: Any  # a threading.RLock: one case file written at a time
    writers: dict[str, int]  # reference -> the thread holding its write lock

    # --- keys and rows ---------------------------------------------------------------

    def _case_key(self, reference: str) -> bytes:
        entry = self.ws.registry.key_entry(reference)
        if entry is None:
            wrapped = self.store.case_keys([reference])[reference][0]
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

    def _row_and_text(self, reference: str) -> tuple[dict, tuple[list, set[str]]]:
        """The case's registry row and its text to index, read from its file at once."""
        from sar_desk.services.case_base import open_case_file, summary_values
        from sar_desk.services.case_search import pieces_to_index

        with open_case_file(self.ws, reference, read_only=True) as case, \
                case.reading() as session:
            snap = records.read_snapshot(session)
            last = audit.last_entry(session)
            text = pieces_to_index(self.ws, session, snap)
        return summary_values(snap, last.seq if last else 0, last.hash if last else "",
                              self.ws.clock.today()), text

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
        with_keys = set(self.ws.registry.references_with_keys())
        stale = []
        for ref, (version, seq, head) in self.store.heads().items():
            if local.get(ref) == (seq, head) and ref in with_keys:
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
        with self.ws.registry.settled():
            missing = [r for r in refs if self.ws.registry.key_entry(r) is None]
        server_keys = self.store.case_keys(missing) if missing else {}
        missing = [r for r in missing if r in server_keys]
        if missing:
            self.ws.registry.add_keys([(r, *_year_seq(r), *server_keys[r]) for r in missing])

    def _fetch(self, ref: str, *, row: bool) -> None:
        with self.fetching:  # the window's thread and the one hearing changes, in turn
            writer = self.writers.get(ref)
            if writer is not None and writer != threading.get_ident():
                return  # being changed here: its save comes next, over what it read
            self._fetch_now(ref, row=row)

    def _fetch_now(self, ref: str, *, row: bool) -> None:
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
            values, (pieces, keep) = self._row_and_text(ref)
            values["updated"] = stored.updated  # the time of the change, not of this copy
            with self.ws.registry.writing() as conn:  # its row, and what search finds in it
                self.ws.registry.upsert([values], conn)
                case_text.replace(conn, ref, pieces, keep)


def is_complaint(reference: str) -> bool:
    """Whether ``reference`` names a data protection complaint (not a request)."""
    return reference.upper().startswith("CMP-")


def _year_seq(reference: str) -> tuple[int, int]:
    found = _REF.match(reference)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)
