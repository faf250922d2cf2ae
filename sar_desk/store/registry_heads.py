"""The audit head each registry row was written from (to tell a current row from a stale
one without opening the case file)."""

from __future__ import annotations

from typing import Any


def audit_heads(registry: Any) -> dict[str, tuple[int, str]]:
    """reference -> (audit_seq, audit_head) of every case row in ``registry``."""
    return {ref: (seq, head) for ref, seq, head in
            registry.query("SELECT reference, audit_seq, audit_head FROM cases")}


def row_with_email(registry: Any, reference: str) -> dict | None:
    """The whole ``cases`` row of ``reference`` with the requester's e-mail address from
    the search index (``email``), or None when the registry has no row for it."""
    row = registry.get(reference)
    if row is None:
        return None
    found = registry.query("SELECT email FROM cases_fts WHERE rowid = ?", (row["id"],))
    return {**row, "email": found[0][0] if found else ""}
