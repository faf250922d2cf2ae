"""Merging two workstations' changes to a team workspace's registry file.

Each workstation saves the registry (encrypted) over the version it read. When another
saved first, what this one changed since it read (``base``) is applied onto theirs: rows
of the workspace's own tables added, changed or removed, case rows it rewrote, and its new
workspace audit entries appended to their chain (each re-hashed onto the new head, with
its own time and details). Nothing either side wrote is lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sar_desk.store.audit_chain import GENESIS, entry_hash
from sar_desk.store.registry_heads import row_with_email

# The workspace's own tables and their key (case rows are handled apart).
MERGED = {"meta": "key", "users": "login", "case_keys": "reference",
          "case_flags": "reference", "approval_waits": "reference",
          "tombstones": "reference", "purges_pending": "reference",
          "complaints": "reference", "damaged_cases": "reference"}


def _rows(registry: Any, table: str, key: str) -> dict[Any, tuple]:
    try:
        return {r[0]: tuple(r[1:]) for r in registry.query(
            f"SELECT {key}, * FROM {table}")}
    except Exception:  # noqa: BLE001 - a table this registry does not have
        return {}


def _text_summary(registry: Any) -> tuple:
    """A cheap fingerprint of the search index (rows are rewritten, never edited)."""
    try:
        return tuple(registry.query("SELECT count(*), max(id), total(length(body)) "
                                    "FROM case_text")[0])
    except Exception:  # noqa: BLE001 - a registry from before the search index
        return ()


def _columns(registry: Any, table: str) -> list[str]:
    return [r[1] for r in registry.query(f"PRAGMA table_info({table})")]


def merge(mine: Any, base_path: Path, theirs_path: Path) -> None:
    """Apply what ``mine`` (a Registry) changed since the file at ``base_path`` onto the
    registry file at ``theirs_path`` (same key), in place."""
    base, theirs = mine.at(base_path), mine.at(theirs_path)
    try:
        with theirs.writing() as conn:
            for table, key in MERGED.items():
                ours, before = _rows(mine, table, key), _rows(base, table, key)
                if ours == before:
                    continue
                cols = _columns(mine, table)
                marks = ", ".join("?" * len(cols))
                for k, row in ours.items():
                    if before.get(k) != row:
                        conn.exec_driver_sql(f"INSERT OR REPLACE INTO {table} "
                                             f"({', '.join(cols)}) VALUES ({marks})", row)
                for k in before.keys() - ours.keys():
                    conn.exec_driver_sql(f"DELETE FROM {table} WHERE {key} = ?", (k,))
            _cases(mine, base, theirs, conn)
            _audit(mine, base, conn)
            if _text_summary(mine) != _text_summary(base):
                # the search index is derived from the case files: rebuilt at the next search
                conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) "
                                     "VALUES ('case_text_unindexed', '1')")
    finally:
        base.close()
        theirs.close()


def _cases(mine: Any, base: Any, theirs: Any, conn: Any) -> None:
    ours = _rows(mine, "cases", "reference")
    before = _rows(base, "cases", "reference")
    changed = [ref for ref, row in ours.items() if before.get(ref) != row]
    rows = []
    for ref in changed:
        row = row_with_email(mine, ref)
        if row is not None:
            row.pop("id", None)
            rows.append(row)
    if rows:
        theirs.upsert(rows, conn)
    gone = before.keys() - ours.keys()
    if gone:
        theirs.delete_rows(conn, gone)


def _audit(mine: Any, base: Any, conn: Any) -> None:
    """Append ``mine``'s workspace audit entries made since ``base`` onto the chain."""
    start = base.query("SELECT coalesce(max(seq), 0) FROM workspace_audit")[0][0]
    new = mine.query("SELECT at, actor, action, reference, details FROM workspace_audit "
                     "WHERE seq > ? ORDER BY seq", (start,))
    for at, actor, action, reference, details in new:
        last = conn.exec_driver_sql(
            "SELECT seq, hash FROM workspace_audit ORDER BY seq DESC LIMIT 1").first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        digest = entry_hash(prev, seq, at, actor, action, details)
        conn.exec_driver_sql("INSERT INTO workspace_audit VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (seq, at, actor, action, reference, details, digest))
