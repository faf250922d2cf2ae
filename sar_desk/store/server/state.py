"""The workspace's own state on the server: sealed rows and sealed audit-chain entries.

Each row is kept once per (scope, table, key) with the sequence number of its last write,
so a workstation asks for what changed since the number it last saw. Chain entries are
only ever appended. Every write is announced on the changes channel as ``state:<scope>``
(``state:<scope>/chain`` for the chain) with the new number, and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sar_desk.store.server import schema

STATE = "state:"  # the prefix of a state change's announcement
_LOCAL_BLOBS = ("file:registry.db", "file:ready.db")  # copies refreshed on closing only


def upgrade(store: Any) -> None:
    """Make the tables a version 1 server lacks (the database owner's connection)."""
    with store.transaction() as conn:
        for statement in schema.STATE_DDL:
            conn.execute(statement)
        conn.execute("INSERT INTO sd_meta (key, value) VALUES ('schema_version', %s) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                     (str(schema.SCHEMA_VERSION),))


def has_state_tables(store: Any) -> bool:
    with store.transaction() as conn:
        return conn.execute("SELECT to_regclass('sd_cases_seq_idx') IS NOT NULL").fetchone()[0]


def marks(store: Any, scope: str) -> tuple[int, int, int, int]:
    """How far the scope has moved: its last row number, its last chain entry, the sum of
    the versions of the workspace's small files (users, profile), and the last case save."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT (SELECT coalesce(max(seq), 0) FROM sd_state WHERE scope = %s), "
            "(SELECT coalesce(max(id), 0) FROM sd_chain WHERE scope = %s), "
            "(SELECT coalesce(sum(version), 0) FROM sd_blobs WHERE name <> ALL(%s)), "
            "(SELECT coalesce(max(seq), 0) FROM sd_cases)",
            (scope, scope, list(_LOCAL_BLOBS))).fetchone()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _notify(conn: Any, scope: str, number: int) -> None:
    conn.execute("SELECT pg_notify(%s, %s)", (schema.CHANNEL, f"{STATE}{scope} {number}"))


def put_rows(store: Any, scope: str, rows: Iterable[tuple[str, str, bytes | None]]) -> int:
    """Write rows (table, key, sealed row or None for deleted); returns the last number."""
    last = 0
    with store.transaction() as conn:
        for table, key, sealed in rows:
            last = conn.execute(
                "INSERT INTO sd_state (scope, tbl, key, seq, sealed) VALUES "
                "(%s, %s, %s, nextval('sd_state_seq'), %s) ON CONFLICT (scope, tbl, key) "
                "DO UPDATE SET seq = excluded.seq, sealed = excluded.sealed RETURNING seq",
                (scope, table, key, sealed)).fetchone()[0]
        if last:
            _notify(conn, scope, last)
    return last


def rows_since(store: Any, scope: str, after: int) -> list[tuple[str, str, int, bytes | None]]:
    """(table, key, number, sealed row or None) of every row written after ``after``."""
    with store.transaction() as conn:
        rows = conn.execute("SELECT tbl, key, seq, sealed FROM sd_state WHERE scope = %s "
                            "AND seq > %s ORDER BY seq", (scope, after)).fetchall()
    return [(t, k, int(s), bytes(d) if d is not None else None) for t, k, s, d in rows]


def append_chain(store: Any, scope: str, entries: Iterable[bytes]) -> int:
    """Append sealed entries to the scope's chain, in order; returns the last entry's id."""
    last = 0
    with store.transaction() as conn:
        for sealed in entries:
            last = conn.execute("INSERT INTO sd_chain (scope, sealed) VALUES (%s, %s) "
                                "RETURNING id", (scope, sealed)).fetchone()[0]
        if last:
            _notify(conn, f"{scope}/chain", last)
    return last


def chain_since(store: Any, scope: str, after: int) -> list[tuple[int, bytes]]:
    with store.transaction() as conn:
        rows = conn.execute("SELECT id, sealed FROM sd_chain WHERE scope = %s AND id > %s "
                            "ORDER BY id", (scope, after)).fetchall()
    return [(int(i), bytes(s)) for i, s in rows]


def seed(store: Any, scope: str, rows: list[tuple[str, str, bytes | None]],
         entries: list[bytes]) -> bool:
    """Give a scope its first state (a new team workspace, or one made before rows were
    kept): refused (False) when it has some already. One workstation at a time."""
    with store.transaction() as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('sar_desk/seed/' || %s))",
                     (scope,))
        if conn.execute("SELECT 1 FROM sd_meta WHERE key = %s",
                        (f"seeded:{scope}",)).fetchone():
            return False
        for table, key, sealed in rows:
            conn.execute("INSERT INTO sd_state (scope, tbl, key, seq, sealed) VALUES "
                         "(%s, %s, %s, nextval('sd_state_seq'), %s) ON CONFLICT DO NOTHING",
                         (scope, table, key, sealed))
        for sealed in entries:
            conn.execute("INSERT INTO sd_chain (scope, sealed) VALUES (%s, %s)",
                         (scope, sealed))
        conn.execute("INSERT INTO sd_meta (key, value) VALUES (%s, '1')", (f"seeded:{scope}",))
    return True


def is_seeded(store: Any, scope: str) -> bool:
    return bool(store.meta(f"seeded:{scope}"))


def blob_versions(store: Any) -> dict[str, int]:
    """The workspace's files on the server (without their prefix) and their versions."""
    with store.transaction() as conn:
        rows = conn.execute("SELECT name, version FROM sd_blobs WHERE name LIKE 'file:%%'"
                            ).fetchall()
    return {n[len("file:"):]: int(v) for n, v in rows}
