"""Facts the registry keeps beside a case: its flags (ready for staff, legal hold) and, once
it is purged, its tombstone (reference, dates, reason: no personal data).

Reads use the registry's bare read connections; writes take the connection of a
``registry.writing()`` transaction, so a flag and its audit entry commit together.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sar_desk.store.users import now_text

if TYPE_CHECKING:
    import sqlalchemy as sa

    from sar_desk.store.registry import Registry


@dataclass(frozen=True)
class Tombstone:
    """What is left in the registry of a purged case."""

    reference: str
    received: str
    closed: str
    retain_until: str
    purged_at: str
    purged_by: str
    reason: str
    audit_seq: int
    audit_head: str
    certificate_sha256: str

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


_TOMBSTONE = tuple(f.name for f in dataclasses.fields(Tombstone))


def is_ready(registry: Registry, reference: str) -> bool:
    """Whether ``reference`` is marked ready for staff."""
    rows = registry.query("SELECT ready FROM case_flags WHERE reference = ?", (reference,))
    return bool(rows and rows[0][0])


def ready_references(registry: Registry) -> set[str]:
    return {r[0] for r in registry.query("SELECT reference FROM case_flags WHERE ready = 1")}


def set_ready(conn: sa.Connection, reference: str, ready: bool, by: str) -> None:
    """Mark ``reference`` ready for staff (or withdraw that), as ``by``."""
    conn.exec_driver_sql(
        "INSERT INTO case_flags (reference, ready, ready_by, ready_at) "
        "VALUES (:reference, :ready, :by, :at) ON CONFLICT (reference) DO UPDATE SET "
        "ready = excluded.ready, ready_by = excluded.ready_by, ready_at = excluded.ready_at",
        {"reference": reference, "ready": int(ready), "by": by, "at": now_text()})


def approval_waits(registry: Registry) -> set[str] | None:
    """The cases holding a letter someone asked to be approved; None when the registry was
    upgraded and has not yet been looked through (every open case may hold one)."""
    if registry.query("SELECT 1 FROM meta WHERE key = 'approvals_unscanned'"):
        return None
    return {r[0] for r in registry.query("SELECT reference FROM approval_waits")}


def set_approval_waits(conn: sa.Connection, waiting: dict[str, bool], *,
                       scanned: bool = False) -> None:
    """Record which cases hold (True) or no longer hold (False) a letter awaiting approval;
    ``scanned``: every open case was looked at, so the list is now complete."""
    for reference, waits in waiting.items():
        conn.exec_driver_sql("INSERT OR IGNORE INTO approval_waits (reference) VALUES (:r)"
                             if waits else "DELETE FROM approval_waits WHERE reference = :r",
                             {"r": reference})
    if scanned:
        conn.exec_driver_sql("DELETE FROM meta WHERE key = 'approvals_unscanned'")


def holds(registry: Registry) -> dict[str, str]:
    """reference -> reason, for every case under legal hold."""
    return {r[0]: r[1] or "" for r in registry.query(
        "SELECT reference, hold_reason FROM case_flags WHERE hold = 1")}


def set_hold(conn: sa.Connection, reference: str, held: bool, reason: str, by: str) -> None:
    """Place (``held``) or release the legal hold on ``reference``, as ``by``."""
    conn.exec_driver_sql(
        "INSERT INTO case_flags (reference, hold, hold_reason, hold_by, hold_at) "
        "VALUES (:reference, :hold, :reason, :by, :at) ON CONFLICT (reference) DO UPDATE SET "
        "hold = excluded.hold, hold_reason = excluded.hold_reason, hold_by = excluded.hold_by, "
        "hold_at = excluded.hold_at",
        {"reference": reference, "hold": int(held), "reason": reason if held else "",
         "by": by, "at": now_text()})


def add_tombstone(conn: sa.Connection, stone: Tombstone) -> None:
    conn.exec_driver_sql(
        f"INSERT INTO tombstones ({', '.join(_TOMBSTONE)}) "
        f"VALUES ({', '.join(':' + c for c in _TOMBSTONE)})", dataclasses.asdict(stone))


def tombstones(registry: Registry) -> list[Tombstone]:
    """Every tombstone, by reference."""
    rows = registry.query(f"SELECT {', '.join(_TOMBSTONE)} FROM tombstones ORDER BY reference")
    return [Tombstone(*r) for r in rows]


def key_created(registry: Registry, reference: str) -> str:
    """When ``reference``'s case key was made (ISO timestamp; "" when it has none)."""
    rows = registry.query("SELECT created FROM case_keys WHERE reference = ?", (reference,))
    return rows[0][0] if rows else ""


@dataclass(frozen=True)
class PendingPurge:
    """A purge whose key is destroyed but whose file or certificate may still be pending."""

    reference: str
    certificate: bytes
    certificate_path: str
    started: str


def add_pending_purge(conn: sa.Connection, reference: str, certificate: bytes,
                      certificate_path: str) -> None:
    """Record, in the purge's own transaction, what is left to do once its key is gone."""
    conn.exec_driver_sql(
        "INSERT OR REPLACE INTO purges_pending (reference, certificate, certificate_path, "
        "started) VALUES (:r, :c, :p, :s)",
        {"r": reference, "c": certificate, "p": certificate_path, "s": now_text()})


def pending_purges(registry: Registry) -> list[PendingPurge]:
    """The purges begun but not yet finished, by reference."""
    rows = registry.query("SELECT reference, certificate, certificate_path, started "
                          "FROM purges_pending ORDER BY reference")
    return [PendingPurge(r[0], bytes(r[1]), r[2], r[3]) for r in rows]


def finish_pending_purge(conn: sa.Connection, reference: str) -> None:
    conn.exec_driver_sql("DELETE FROM purges_pending WHERE reference = :r", {"r": reference})
