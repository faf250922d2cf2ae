"""The hash-chained audit log kept inside each case file.

Entry ``n`` stores ``hash = sha256(hash[n-1] | seq | at | actor | action | details)``, with
the first entry chained to :data:`GENESIS`. Documents and letters enter the chain through the
sha256 of their bytes in ``details``. :func:`verify_chain` names an edited, deleted or
reordered entry; the registry keeps the last ``seq`` and hash of each case, so removing the
newest entries is caught as well.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sar_desk.store.audit_chain import GENESIS, canonical, entry_hash, now_text
from sar_desk.store.case_schema import AuditRow

__all__ = ["GENESIS", "AuditEntry", "canonical", "entry_hash", "now_text", "append",
           "last_entry", "read_all", "to_entry", "verify_chain", "hashes_in"]


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor: str
    action: str
    details: dict[str, Any]
    hash: str


def last_entry(session: Session) -> AuditRow | None:
    return session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).first()


def append(session: Session, actor: str, action: str, details: dict[str, Any],
           at: str | None = None) -> AuditRow:
    """Add the next entry to the chain (inside the caller's transaction).

    The head of the chain is remembered in ``session.info`` for the rest of the transaction,
    so a run of changes reads it from the file only once.
    """
    head = session.info.get("audit_head")
    if head is None:
        last = last_entry(session)
        head = (last.seq, last.hash) if last else (0, GENESIS)
    seq, prev = head[0] + 1, head[1]
    at = at or now_text()
    body = canonical(details)
    row = AuditRow(seq=seq, at=at, actor=actor, action=action, details=body,
                   hash=entry_hash(prev, seq, at, actor, action, body))
    session.add(row)
    session.info["audit_head"] = (seq, row.hash)
    return row


def to_entry(row: AuditRow) -> AuditEntry:
    try:
        details = json.loads(row.details)
    except ValueError:
        details = {"unreadable": row.details}
    return AuditEntry(seq=row.seq, at=dt.datetime.fromisoformat(row.at), actor=row.actor,
                      action=row.action, details=details, hash=row.hash)


def read_all(session: Session) -> list[AuditRow]:
    return list(session.scalars(select(AuditRow).order_by(AuditRow.id)))


def verify_chain(rows: Sequence[AuditRow], *, expected_seq: int | None = None,
                 expected_head: str | None = None) -> list[str]:
    """Problems found in the chain (rows in stored order), one sentence each naming the entry.

    Returns [] when the chain holds. ``expected_seq``/``expected_head`` come from the
    registry and catch entries removed from the end.
    """
    problems: list[str] = []
    seqs = [row.seq for row in rows]
    ordered = sorted(rows, key=lambda r: r.seq)
    for stored, expected in zip(rows, ordered, strict=True):
        if stored.seq != expected.seq:
            problems.append(
                f"audit entries reordered: entry {stored.seq} ({stored.action}) is stored "
                f"where entry {expected.seq} ({expected.action}) belongs"
            )
            break
    present = set(seqs)
    top = max(seqs, default=0)
    for seq in range(1, top + 1):
        if seq not in present:
            problems.append(f"audit entry {seq} deleted (the chain goes from {seq - 1} "
                            f"to {seq + 1})")
    if len(present) != len(seqs):
        dupes = sorted({s for s in seqs if seqs.count(s) > 1})
        problems.append(f"audit entry {dupes[0]} appears more than once")
    prev: AuditRow | None = None
    for row in ordered:
        follows_gap = prev is None and row.seq != 1 or prev is not None and row.seq != prev.seq + 1
        if not follows_gap:
            prev_hash = prev.hash if prev else GENESIS
            good = entry_hash(prev_hash, row.seq, row.at, row.actor, row.action, row.details)
            if good != row.hash:
                problems.append(f"audit entry {row.seq} ({row.action}) was altered: its hash "
                                "does not match its content and the entry before it")
        prev = row
    if expected_seq is not None and top < expected_seq:
        problems.append(
            f"audit entries {top + 1}-{expected_seq} deleted from the end "
            f"(the registry recorded {expected_seq} entries, the file holds {top})"
        )
    elif (expected_head and expected_seq is not None and ordered
          and ordered[-1].seq == expected_seq and ordered[-1].hash != expected_head):
        problems.append(f"audit entry {expected_seq} does not match the registry's record of "
                        "the newest entry")
    return problems


def hashes_in(rows: Iterable[AuditRow], key: str = "sha256") -> set[str]:
    """Every sha256 named in the chain's details (documents and letters)."""
    found = set()
    for row in rows:
        try:
            value = json.loads(row.details).get(key)
        except (ValueError, AttributeError):
            continue
        if value:
            found.add(value)
    return found
