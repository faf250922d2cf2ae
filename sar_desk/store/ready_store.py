"""The "ready letters" store: what staff may print, encrypted with the staff key only.

``ready.db`` (SQLCipher, next to the registry) holds, for each case or complaint a privacy
officer marked ready, its reference, the addressee block (name and address lines as letters
print them) and its stored letters that are not discarded (id, kind, format, when made,
sha256, bytes, and whether a dispatch is recorded). It is keyed with a sub-key of the staff
key, so a user holding only the staff key reads it and nothing else of the workspace.

It has its own small audit (``ready_audit``), hash-chained as the workspace audit is: the
refusals of a staff user (who cannot write to the registry) and the letters they printed.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sar_desk.store import audit_chain, keys, synced_tables
from sar_desk.store.engine import connect, is_not_a_database
from sar_desk.store.errors import StoreError

READY_FILE = "ready.db"
# Stores kept in step with a server (a team workspace's copy), by folder: an object with
# ``before_write(conn)`` and ``after_write(conn)`` (sar_desk.services.team_state.StateSync).
_watched: dict[str, Any] = {}

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS ready_case (reference TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "address TEXT NOT NULL, marked_by TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ready_letter (reference TEXT NOT NULL REFERENCES ready_case "
    "(reference) ON DELETE CASCADE, letter_id INTEGER NOT NULL, kind TEXT NOT NULL, "
    "format TEXT NOT NULL, created TEXT NOT NULL, sha256 TEXT NOT NULL, "
    "dispatched INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL, "
    "PRIMARY KEY (reference, letter_id))",
    "CREATE TABLE IF NOT EXISTS ready_dispatch (id INTEGER PRIMARY KEY, reference TEXT NOT "
    "NULL, letter_id INTEGER NOT NULL, date TEXT NOT NULL, method TEXT NOT NULL, "
    "recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, carried TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE IF NOT EXISTS ready_audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
    "actor TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL, prev TEXT NOT NULL, "
    "hash TEXT NOT NULL)",
)


@dataclass(frozen=True)
class ReadyLetterRow:
    """One stored letter of a ready case, as staff may print it."""

    letter_id: int
    kind: str
    format: str
    created: str
    sha256: str
    dispatched: bool
    data: bytes


@dataclass(frozen=True)
class ReadyCase:
    """A case (or complaint) marked ready: reference, addressee block and its letters."""

    reference: str
    name: str
    address_lines: tuple[str, ...]
    letters: tuple[ReadyLetterRow, ...] = ()
    marked_by: str = ""


def ready_key(staff_key: bytes, workspace_id: str) -> bytes:
    """The sub-key of the staff key that opens ``ready.db``."""
    return keys.derive(staff_key, "ready-letters", workspace_id)


def ready_path(root: Path) -> Path:
    return Path(root) / READY_FILE


@contextlib.contextmanager
def opened(root: Path, staff_key: bytes, workspace_id: str) -> Iterator:
    """A connection to the ready store (made when missing), in one transaction."""
    try:
        conn = connect(ready_path(root), ready_key(staff_key, workspace_id))
    except Exception as exc:
        raise _damaged(root, exc) from None
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                conn.execute(statement)
        except Exception as exc:
            raise _damaged(root, exc) from None
        try:
            sync = _watched.get(str(Path(root)))
            if sync is not None:
                sync.before_write(conn)
            yield conn
            if sync is not None:
                sync.after_write(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def drop_sync_marks(root: Path, staff_key: bytes, workspace_id: str) -> bool:
    """Take a team copy's change marks out of the store (a folder workspace restored from
    a team workspace's backup); True when there were any."""
    if not ready_path(root).exists():
        return False
    with opened(root, staff_key, workspace_id) as conn:
        if synced_tables.has_marks(conn):
            return synced_tables.remove(conn, synced_tables.READY)
    return False


def watch(root: Path, sync: Any) -> None:
    """Keep the store at ``root`` in step with a server: ``sync`` is told of every
    transaction (before it and before it commits)."""
    _watched[str(Path(root))] = sync


def unwatch(root: Path) -> None:
    _watched.pop(str(Path(root)), None)


def _damaged(root: Path, exc: Exception) -> Exception:
    if not is_not_a_database(exc):
        return exc
    return StoreError(
        f"The ready letters store {ready_path(root)} does not open with the staff key (it was "
        "damaged, or made with keys since replaced). A privacy officer or administrator can "
        "rebuild it from the case files (re-index).", code="ready.damaged",
        path=ready_path(root))


def put_case(conn, case: ReadyCase, at: str) -> None:  # noqa: ANN001 - a DBAPI connection
    """Write ``case`` and its letters in place of what the store held for it."""
    conn.execute("DELETE FROM ready_letter WHERE reference = ?", (case.reference,))
    conn.execute("INSERT INTO ready_case (reference, name, address, marked_by, updated) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (reference) DO UPDATE SET "
                 "name = excluded.name, address = excluded.address, "
                 "marked_by = excluded.marked_by, updated = excluded.updated",
                 (case.reference, case.name, "\n".join(case.address_lines), case.marked_by,
                  at))
    conn.executemany(
        "INSERT INTO ready_letter (reference, letter_id, kind, format, created, sha256, "
        "dispatched, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(case.reference, x.letter_id, x.kind, x.format, x.created, x.sha256,
          int(x.dispatched), x.data) for x in case.letters])
    conn.execute("UPDATE ready_letter SET dispatched = 1 WHERE reference = ? AND letter_id IN "
                 "(SELECT letter_id FROM ready_dispatch WHERE reference = ? AND carried = '')",
                 (case.reference, case.reference))


@dataclass(frozen=True)
class StaffDispatch:
    """A dispatch a staff user recorded, waiting to be carried into the case file."""

    id: int
    reference: str
    letter_id: int
    date: str
    method: str
    recorded_by: str
    recorded_at: str


def add_dispatch(conn, reference: str, letter_id: int, date: str, method: str,  # noqa: ANN001
                 by: str, at: str) -> None:
    """Record that a staff user sent a letter (carried into the case by the next open of
    someone who holds the content key)."""
    # A random id: staff on two workstations may record dispatches at the same moment.
    conn.execute("INSERT INTO ready_dispatch (id, reference, letter_id, date, method, "
                 "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (secrets.randbits(62), reference, letter_id, date, method, by, at))
    conn.execute("UPDATE ready_letter SET dispatched = 1 WHERE reference = ? AND letter_id = ?",
                 (reference, letter_id))


def pending_dispatches(conn) -> list[StaffDispatch]:  # noqa: ANN001
    return [StaffDispatch(*r) for r in conn.execute(
        "SELECT id, reference, letter_id, date, method, recorded_by, recorded_at "
        "FROM ready_dispatch WHERE carried = '' ORDER BY recorded_at, id")]


def set_carried(conn, dispatch_id: int, outcome: str) -> None:  # noqa: ANN001
    """Mark a staff dispatch as dealt with (``outcome``: "carried", or why it was not)."""
    conn.execute("UPDATE ready_dispatch SET carried = ? WHERE id = ?", (outcome, dispatch_id))


def remove_cases(conn, references: Iterable[str]) -> None:  # noqa: ANN001
    """Take ``references`` (and their letters) out of the store."""
    for reference in references:
        conn.execute("DELETE FROM ready_letter WHERE reference = ?", (reference,))
        conn.execute("DELETE FROM ready_case WHERE reference = ?", (reference,))


def references(conn) -> list[str]:  # noqa: ANN001
    return [r[0] for r in conn.execute("SELECT reference FROM ready_case ORDER BY reference")]


def read_cases(conn, *, with_bytes: bool = False) -> list[ReadyCase]:  # noqa: ANN001
    """Every ready case with its letters (the bytes only when ``with_bytes``)."""
    letters: dict[str, list[ReadyLetterRow]] = {}
    data = "data" if with_bytes else "x''"
    for row in conn.execute(f"SELECT reference, letter_id, kind, format, created, sha256, "
                            f"dispatched, {data} FROM ready_letter "
                            "ORDER BY reference, letter_id"):
        letters.setdefault(row[0], []).append(
            ReadyLetterRow(row[1], row[2], row[3], row[4], row[5], bool(row[6]), bytes(row[7])))
    return [ReadyCase(r[0], r[1], tuple(line for line in r[2].split("\n") if line),
                      tuple(letters.get(r[0], ())), r[3])
            for r in conn.execute("SELECT reference, name, address, marked_by FROM ready_case "
                                  "ORDER BY reference")]


def letter_bytes(conn, reference: str, letter_id: int) -> tuple[str, bytes] | None:  # noqa: ANN001
    """(recorded sha256, bytes) of one letter of a ready case; None when not there."""
    row = conn.execute("SELECT sha256, data FROM ready_letter WHERE reference = ? "
                       "AND letter_id = ?", (reference, letter_id)).fetchone()
    return None if row is None else (row[0], bytes(row[1]))


def append_audit(conn, actor: str, action: str, details: dict) -> None:  # noqa: ANN001
    """One entry in the ready store's own hash-chained audit."""
    last = conn.execute("SELECT seq, hash FROM ready_audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, audit_chain.GENESIS)
    at = audit_chain.now_text()
    text = audit_chain.canonical(details)
    conn.execute("INSERT INTO ready_audit (seq, at, actor, action, details, prev, hash) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (seq, at, actor, action, text,
                  prev, audit_chain.entry_hash(prev, seq, at, actor, action, text)))


def read_audit(conn) -> list[dict]:  # noqa: ANN001
    return [{"seq": r[0], "at": r[1], "actor": r[2], "action": r[3],
             "details": json.loads(r[4])}
            for r in conn.execute("SELECT seq, at, actor, action, details FROM ready_audit "
                                  "ORDER BY seq")]


def audit_problems(conn) -> list[str]:  # noqa: ANN001
    """Where the ready store's audit chain is broken ([] when whole)."""
    prev, found = audit_chain.GENESIS, []
    for seq, at, actor, action, details, stored_prev, stored in conn.execute(
            "SELECT seq, at, actor, action, details, prev, hash FROM ready_audit ORDER BY seq"):
        if stored_prev != prev or stored != audit_chain.entry_hash(prev, seq, at, actor, action,
                                                                  details):
            found.append(f"ready letters audit entry {seq} does not chain")
        prev = stored
    return found


def rekey(root: Path, workspace_id: str, old_staff: bytes, new_staff: bytes) -> bool:
    """Re-key the ready store from ``old_staff`` to ``new_staff`` (a key rotation); False
    when there is no store, or it does not open with ``old_staff``."""
    path = ready_path(root)
    if not path.is_file():
        return False
    try:
        conn = connect(path, ready_key(old_staff, workspace_id))
    except Exception as exc:
        if is_not_a_database(exc):
            return False
        raise
    try:
        literal = keys.sqlcipher_raw_key(ready_key(new_staff, workspace_id))
        conn.execute(f'PRAGMA rekey = "{literal}"')
    finally:
        conn.close()
    return True


def discard(root: Path) -> None:
    """Remove the ready store's files (before a rebuild under a new key)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{ready_path(root)}{suffix}").unlink()
