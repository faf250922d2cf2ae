"""A team workspace's own state, kept row by row in step with the server (the SQLite side).

The private copy of a team workspace marks every row written in its shared tables (users,
flags, holds, the approvals list, complaints; the ready letters of staff) in ``sync_dirty``
by triggers, so each change can be sent to the server as soon as it is committed. Rows other
workstations changed are written back here with their marks cleared. The audit chains
(``workspace_audit``, ``ready_audit``) are append-only: entries are sent in order, and the
copy's chain is rewritten in the server's order (each entry re-hashed onto the one before).

Works on a SQLAlchemy connection (the registry) or a bare SQLCipher one (the ready store).
A folder workspace has none of this (:func:`remove` takes it out of a restored copy).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sar_desk.store.audit_chain import GENESIS, entry_hash

DIRTY = "sync_dirty"
POSITION = "sync_position"  # how far this file took in each scope (kept on closing)
_OPS = ("ins", "upd", "del")


@dataclass(frozen=True)
class Chain:
    """A hash-chained audit table: its columns of content, and how a row is made from its
    position, the hash before it and that content."""

    table: str
    content: tuple[str, ...]
    columns: tuple[str, ...]  # every column, in insert order
    build: Callable[[int, str, Sequence], tuple]  # (seq, prev, content) -> row


@dataclass(frozen=True)
class Scope:
    """One database's shared tables: table -> key columns (and rows kept local), and its chain."""

    name: str
    tables: dict[str, tuple[str, ...]]
    chain: Chain
    local: dict[str, str] | None = None  # table -> SQL condition on NEW/OLD for rows kept here


def _workspace_row(seq: int, prev: str, content: Sequence) -> tuple:
    at, actor, action, reference, details = content
    return (seq, at, actor, action, reference, details,
            entry_hash(prev, seq, at, actor, action, details))


def _ready_row(seq: int, prev: str, content: Sequence) -> tuple:
    at, actor, action, details = content
    return (seq, at, actor, action, details, prev,
            entry_hash(prev, seq, at, actor, action, details))


REGISTRY = Scope(
    "registry",
    {"meta": ("key",), "users": ("login",), "case_flags": ("reference",),
     "approval_waits": ("reference",), "tombstones": ("reference",),
     "complaints": ("reference",)},
    Chain("workspace_audit", ("at", "actor", "action", "reference", "details"),
          ("seq", "at", "actor", "action", "reference", "details", "hash"), _workspace_row),
    # facts about this copy's own search index and scans, not about the workspace
    {"meta": "{row}.key NOT IN ('case_text_unindexed', 'approvals_unscanned')"},
)

READY = Scope(
    "ready",
    {"ready_case": ("reference",), "ready_letter": ("reference", "letter_id"),
     "ready_dispatch": ("id",)},
    Chain("ready_audit", ("at", "actor", "action", "details"),
          ("seq", "at", "actor", "action", "details", "prev", "hash"), _ready_row),
)


# --- one statement on either kind of connection -------------------------------------

def _run(conn: Any, sql: str, params: Sequence = ()) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one statement (``?`` parameters)."""
    if hasattr(conn, "exec_driver_sql"):
        result = conn.exec_driver_sql(sql, tuple(params))
        if not result.returns_rows:
            return [], []
        return list(result.keys()), [tuple(r) for r in result.fetchall()]
    cur = conn.execute(sql, tuple(params))
    try:
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, [tuple(r) for r in cur.fetchall()] if cols else []
    finally:
        cur.close()


# --- the marks ------------------------------------------------------------------------

def _trigger_names(scope: Scope) -> list[str]:
    return [f"sync_{table}_{op}" for table in scope.tables for op in _OPS]


def installed(conn: Any, scope: Scope) -> bool:
    """Whether this database marks its changed rows already."""
    _cols, rows = _run(conn, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                             "AND name LIKE 'sync_%'")
    return rows[0][0] == len(_trigger_names(scope))


def install(conn: Any, scope: Scope) -> None:
    """Make the ``sync_dirty`` table and the triggers marking every row written in the
    scope's tables (inside the caller's transaction)."""
    _run(conn, f"CREATE TABLE IF NOT EXISTS {DIRTY} (tbl TEXT NOT NULL, key TEXT NOT NULL, "
               "PRIMARY KEY (tbl, key))")
    local = scope.local or {}
    for table, key in scope.tables.items():
        for op, rows in (("ins", ("NEW",)), ("upd", ("OLD", "NEW")), ("del", ("OLD",))):
            event = {"ins": "INSERT", "upd": "UPDATE", "del": "DELETE"}[op]
            when = f" WHEN {local[table].format(row=rows[-1])}" if table in local else ""
            # no OR IGNORE: an outer statement's conflict policy would override it
            marks = " ".join(
                f"INSERT INTO {DIRTY} SELECT '{table}', {_key_json(row, key)} WHERE NOT EXISTS "
                f"(SELECT 1 FROM {DIRTY} WHERE tbl = '{table}' AND key = "
                f"{_key_json(row, key)});" for row in rows)
            _run(conn, f"CREATE TRIGGER IF NOT EXISTS sync_{table}_{op} AFTER {event} ON "
                       f"{table}{when} BEGIN {marks} END")


def _key_json(row: str, key: Sequence[str]) -> str:
    return "json_array(" + ", ".join(f"{row}.{k}" for k in key) + ")"


def remove(conn: Any, scope: Scope) -> bool:
    """Take the marks out of a database that is no longer a team copy (a restored backup);
    True when there were any."""
    _cols, rows = _run(conn, "SELECT name FROM sqlite_master WHERE type IN ('trigger', "
                             "'table') AND (name LIKE 'sync\\_%' ESCAPE '\\')")
    for (name,) in rows:
        kind = "TABLE" if name == DIRTY else "TRIGGER"
        _run(conn, f"DROP {kind} IF EXISTS {name}")
    return bool(rows)


def has_marks(conn: Any) -> bool:
    """Whether the database carries the marks of a team copy (read-only check)."""
    _cols, rows = _run(conn, "SELECT 1 FROM sqlite_master WHERE name = ?", (DIRTY,))
    return bool(rows)


def save_position(conn: Any, scope: str, seen: int, chain_seen: int, mirrored: int,
                  pushed: int) -> None:
    """Record how far this file has taken in the server's ``scope``."""
    _run(conn, f"CREATE TABLE IF NOT EXISTS {POSITION} (scope TEXT PRIMARY KEY, "
               "seen INTEGER NOT NULL, chain_seen INTEGER NOT NULL, mirrored INTEGER NOT NULL, "
               "pushed INTEGER NOT NULL)")
    _run(conn, f"INSERT OR REPLACE INTO {POSITION} VALUES (?, ?, ?, ?, ?)",
         (scope, seen, chain_seen, mirrored, pushed))


def position(conn: Any, scope: str) -> tuple[int, int, int, int] | None:
    """(seen, chain_seen, mirrored, pushed) recorded for ``scope``, or None."""
    if not _run(conn, "SELECT 1 FROM sqlite_master WHERE name = ?", (POSITION,))[1]:
        return None
    rows = _run(conn, f"SELECT seen, chain_seen, mirrored, pushed FROM {POSITION} "
                      "WHERE scope = ?", (scope,))[1]
    return tuple(rows[0]) if rows else None  # type: ignore[return-value]


# --- rows as the server keeps them -----------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _back(value: Any) -> Any:
    if isinstance(value, dict) and "$b" in value:
        return base64.b64decode(value["$b"])
    return value


def encode_row(columns: Sequence[str], row: Sequence) -> bytes:
    """A row as the bytes sealed for the server (column names with their values)."""
    return json.dumps({c: _plain(v) for c, v in zip(columns, row, strict=True)},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_row(data: bytes) -> dict[str, Any]:
    return {c: _back(v) for c, v in json.loads(data).items()}


def _key_where(key_cols: Sequence[str]) -> str:
    return " AND ".join(f"{k} = ?" for k in key_cols)


def take_dirty(conn: Any, scope: Scope) -> list[tuple[str, str, bytes | None]]:
    """Every row marked since the marks were last cleared: (table, key, encoded row, or
    None for a row deleted here). The marks stay until :func:`clear` (a change the server
    did not take is sent again)."""
    _cols, marks = _run(conn, f"SELECT tbl, key FROM {DIRTY} ORDER BY rowid")
    found = []
    for table, key in marks:
        key_cols = scope.tables.get(table)
        if key_cols is None:
            continue
        cols, rows = _run(conn, f"SELECT * FROM {table} WHERE {_key_where(key_cols)}",
                          json.loads(key))
        found.append((table, key, encode_row(cols, rows[0]) if rows else None))
    return found


def clear(conn: Any, marks: Iterable[tuple[str, str]]) -> None:
    """Clear the marks of rows now the same here and on the server."""
    for table, key in marks:
        _run(conn, f"DELETE FROM {DIRTY} WHERE tbl = ? AND key = ?", (table, key))


def apply(conn: Any, scope: Scope, rows: Iterable[tuple[str, str, bytes | None]]) -> None:
    """Write rows another workstation changed (None: deleted there); their marks cleared.
    Foreign keys are checked when the transaction ends (rows arrive in the server's order)."""
    _run(conn, "PRAGMA defer_foreign_keys = ON")
    done = []
    for table, key, data in rows:
        key_cols = scope.tables.get(table)
        if key_cols is None:
            continue
        if data is None:
            _run(conn, f"DELETE FROM {table} WHERE {_key_where(key_cols)}", json.loads(key))
        else:
            values = decode_row(data)
            have = set(_columns(conn, table))
            cols = [c for c in values if c in have]  # a newer copy's extra column: left out
            sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c not in key_cols)
            _run(conn, f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                       f"({', '.join('?' * len(cols))}) ON CONFLICT ({', '.join(key_cols)}) "
                       + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING"),
                 [values[c] for c in cols])
        done.append((table, key))
    clear(conn, done)


def replace_all(conn: Any, scope: Scope, rows: Iterable[tuple[str, str, bytes | None]]) -> None:
    """Make the scope's tables hold exactly ``rows`` (the server's whole state), keeping the
    rows this copy keeps for itself. Only rows that differ are written."""
    here = {(t, k): d for t, k, d in all_rows(conn, scope)}
    theirs = {(t, k): d for t, k, d in rows}
    gone = [(t, k, None) for (t, k) in here if theirs.get((t, k)) is None]
    changed = [(t, k, d) for (t, k), d in theirs.items()
               if d is not None and here.get((t, k)) != d]
    apply(conn, scope, gone + changed)


def all_rows(conn: Any, scope: Scope) -> list[tuple[str, str, bytes]]:
    """Every shared row of the scope (a new team workspace's first state)."""
    found = []
    local = scope.local or {}
    for table, key_cols in scope.tables.items():
        where = f" WHERE {local[table].format(row=table)}" if table in local else ""
        cols, rows = _run(conn, f"SELECT json_array({', '.join(key_cols)}), * FROM {table}"
                                + where)
        found += [(table, row[0], encode_row(cols[1:], row[1:])) for row in rows]
    return found


def _columns(conn: Any, table: str) -> list[str]:
    return [r[1] for r in _run(conn, f"PRAGMA table_info({table})")[1]]


# --- the audit chain -------------------------------------------------------------------

def chain_length(conn: Any, chain: Chain) -> int:
    return _run(conn, f"SELECT coalesce(max(seq), 0) FROM {chain.table}")[1][0][0]


def chain_entries(conn: Any, chain: Chain, after: int = 0) -> list[bytes]:
    """The chain's entries after position ``after``, each as the bytes sealed for the server."""
    cols = ", ".join(chain.content)
    _names, rows = _run(conn, f"SELECT {cols} FROM {chain.table} WHERE seq > ? ORDER BY seq",
                        (after,))
    return [json.dumps(list(r), ensure_ascii=False).encode("utf-8") for r in rows]


def rewrite_chain(conn: Any, chain: Chain, start: int, entries: Iterable[bytes]) -> int:
    """Put ``entries`` (the server's, in its order) at positions ``start + 1`` onwards,
    each hashed onto the one before; entries after ``start`` here are replaced. Returns the
    chain's length."""
    _run(conn, f"DELETE FROM {chain.table} WHERE seq > ?", (start,))
    _c, last = _run(conn, f"SELECT hash FROM {chain.table} WHERE seq = ?", (start,))
    prev = last[0][0] if last else GENESIS
    marks = ", ".join("?" * len(chain.columns))
    seq = start
    for data in entries:
        seq += 1
        row = chain.build(seq, prev, json.loads(data))
        _run(conn, f"INSERT INTO {chain.table} ({', '.join(chain.columns)}) VALUES ({marks})",
             row)
        prev = row[-1]
    return seq
