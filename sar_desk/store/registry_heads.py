"""The audit head each registry row was written from (to tell a current row from a stale
one without opening the case file)."""

from __future__ import annotations

from typing import Any


def audit_heads(registry: Any) -> dict[str, tuple[int, str]]:
    """reference -> (audit_seq, audit_head) of every case row in ``registry``."""
    return {ref: (seq, head) for ref, seq, head in
            registry.query("SELECT reference, audit_seq, audit_head FROM cases")}
