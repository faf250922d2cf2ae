"""Changing the keys of a registry: re-wrapping every case key, and re-keying the file.

Used when the workspace master key is replaced (a user removed): the case files are not
re-encrypted, only their wrapped keys (and the registry itself) change.
"""

from __future__ import annotations

from collections.abc import Callable

from sar_desk.store.engine import connect
from sar_desk.store.keys import sqlcipher_raw_key
from sar_desk.store.registry import Registry


def rewrap_case_keys(registry: Registry, rewrap: Callable[[str, bytes], bytes | None]) -> int:
    """Replace each wrapped case key by ``rewrap(reference, wrapped)`` (None: leave it), in
    one transaction; returns how many changed."""
    rows = registry.query("SELECT reference, wrapped FROM case_keys")
    changed = []
    for reference, wrapped in rows:
        new = rewrap(reference, bytes(wrapped))
        if new is not None:
            changed.append({"r": reference, "w": new})
    if changed:
        with registry.writing() as conn:
            conn.exec_driver_sql("UPDATE case_keys SET wrapped = :w WHERE reference = :r",
                                 changed)
    return len(changed)


def rekey(registry: Registry, old_key: bytes, new_key: bytes) -> Registry:
    """Re-encrypt the registry file from ``old_key`` to ``new_key``; returns it reopened."""
    registry.close()
    conn = connect(registry.path, old_key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute(f'PRAGMA rekey = "{sqlcipher_raw_key(new_key)}"')
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()
    return Registry(registry.path, new_key)
