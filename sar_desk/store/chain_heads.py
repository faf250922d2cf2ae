"""What the registry records of every audit chain's head, and the recovery wrap's check.

Read by :mod:`sar_desk.services.integrity` for ``verify`` and audit receipts: each case's
newest audit entry (number and hash, kept in its ``cases`` row on every write), the
workspace audit's newest entry, the purged references (tombstones) and the MAC of the
recovery wrap (a ``meta`` row).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sar_desk.store.registry import Registry

RECOVERY_MAC = "recovery_mac"
EARLIER_RECEIPT_KEYS = "earlier_receipt_keys"


def case_heads(registry: Registry) -> dict[str, tuple[int, str]]:
    """reference -> (newest audit entry, its hash) as the registry recorded them."""
    return {ref: (seq, head) for ref, seq, head in registry.query(
        "SELECT reference, audit_seq, audit_head FROM cases ORDER BY reference")}


def workspace_head(registry: Registry) -> tuple[int, str]:
    """The workspace audit's newest entry and its hash ((0, "") when it is empty)."""
    rows = registry.query("SELECT seq, hash FROM workspace_audit ORDER BY seq DESC LIMIT 1")
    return (rows[0][0], rows[0][1]) if rows else (0, "")


def workspace_entry_hash(registry: Registry, seq: int) -> str | None:
    """The hash of workspace audit entry ``seq``, or None when there is none."""
    rows = registry.query("SELECT hash FROM workspace_audit WHERE seq = ?", (seq,))
    return rows[0][0] if rows else None


def purged(registry: Registry) -> set[str]:
    """The references with a tombstone (destroyed at the end of retention)."""
    return {r[0] for r in registry.query("SELECT reference FROM tombstones")}


def recovery_mac(registry: Registry) -> str | None:
    rows = registry.query("SELECT value FROM meta WHERE key = ?", (RECOVERY_MAC,))
    return rows[0][0] if rows else None


def set_recovery_mac(registry: Registry, mac: str) -> None:
    with registry.writing() as conn:
        conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)",
                             {"k": RECOVERY_MAC, "v": mac})



def earlier_receipt_keys(registry: Registry) -> list[bytes]:
    """The receipt-signing keys of master keys since replaced (a user's removal), so a
    receipt made before the change still checks."""
    import json

    rows = registry.query("SELECT value FROM meta WHERE key = ?", (EARLIER_RECEIPT_KEYS,))
    return [bytes.fromhex(k) for k in json.loads(rows[0][0])] if rows else []


def keep_receipt_key(registry: Registry, key: bytes) -> None:
    """Remember the receipt-signing key of a master key about to be replaced."""
    import json

    known = earlier_receipt_keys(registry)
    if key in known:
        return
    with registry.writing() as conn:
        conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)",
                             {"k": EARLIER_RECEIPT_KEYS,
                              "v": json.dumps([k.hex() for k in [*known, key]])})
