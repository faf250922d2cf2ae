"""The hash-chained audit log kept inside each case file.

Entry ``n`` stores ``hash = sha256(hash[n-1] | seq | at | actor | action | details)``, with
the first entry chained to :data:`GENESIS`. Documents and letters enter the chain through the
sha256 of their bytes in ``details``. :func:`verify_chain` names an edited, deleted or
reordered entry; the registry keeps the last ``seq`` and hash of each case, so removing the
newest entries is caught as well.

The last entry a transaction appends is *sealed* before the transaction commits
(:func:`seal`): ``details`` gains ``content_sha256``, the digest of the case's content after
the change (:mod:`sar_desk.store.content_digest`), and its hash covers it. An edit to the
content without an entry then no longer matches the newest entry (:func:`content_problems`).
Entries written before this existed carry no digest; the check starts with the first write.
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
from sar_desk.store.content_digest import content_digest

__all__ = ["GENESIS", "CONTENT_KEY", "AuditEntry", "canonical", "entry_hash", "now_text",
           "append", "seal", "last_entry", "entry_at", "departs_from", "read_all",
           "to_entry", "verify_chain", "content_problems", "hashes_in"]

CONTENT_KEY = "content_sha256"  # in a sealed entry's details: the content digest after it
_UNSEALED = "audit_unsealed"  # session.info: (row, hash before it) of the entry to seal


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor: str
    action: str
    details: dict[str, Any]
    hash: str
    content: str = ""  # the content digest the entry committed to ("" = none)


def last_entry(session: Session) -> AuditRow | None:
    """The newest entry (sealed first when this transaction appended it)."""
    seal(session)
    return session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).first()


def entry_at(session: Session, seq: int) -> AuditRow | None:
    """The entry numbered ``seq`` (the first one stored, should there be two), or None."""
    return session.scalars(select(AuditRow).where(AuditRow.seq == seq)
                           .order_by(AuditRow.id).limit(1)).first()


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
    session.info[_UNSEALED] = (row, prev)
    return row


def seal(session: Session) -> None:
    """Make the newest entry this transaction appended commit to the content as it is now.

    Adds :data:`CONTENT_KEY` to its details and re-hashes it (nothing chains to it yet). A
    no-op when the transaction appended nothing, or already sealed its newest entry.
    """
    pending = session.info.pop(_UNSEALED, None)
    if pending is None:
        return
    row, prev = pending
    details = json.loads(row.details)
    details[CONTENT_KEY] = content_digest(session)
    row.details = canonical(details)
    row.hash = entry_hash(prev, row.seq, row.at, row.actor, row.action, row.details)
    session.info["audit_head"] = (row.seq, row.hash)
    session.flush()


def to_entry(row: AuditRow) -> AuditEntry:
    try:
        details = json.loads(row.details)
    except ValueError:
        details = {"unreadable": row.details}
    content = details.pop(CONTENT_KEY, "") if isinstance(details, dict) else ""
    return AuditEntry(seq=row.seq, at=dt.datetime.fromisoformat(row.at), actor=row.actor,
                      action=row.action, details=details, hash=row.hash, content=str(content))


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
    elif expected_head and expected_seq:
        recorded = next((r for r in ordered if r.seq == expected_seq), None)
        if recorded is not None and recorded.hash != expected_head:
            later = (f"; the file goes on to entry {top}, a different history (the file was "
                     "rolled back and written again)" if top > expected_seq else "")
            problems.append(f"audit entry {expected_seq} does not match the registry's record "
                            f"of the newest entry{later}")
    return problems


def departs_from(session: Session, seq: int, head: str) -> str | None:
    """Why the chain in this file does not extend the head a registry recorded (entry
    ``seq`` with hash ``head``), or None when it does (or nothing was recorded)."""
    if not seq or not head:
        return None
    row = entry_at(session, seq)
    if row is None:
        newest = last_entry(session)
        return (f"its audit trail ends at entry {newest.seq if newest else 0}, but the "
                f"registry recorded entry {seq} as its newest")
    if row.hash != head:
        return (f"its audit entry {seq} is not the one the registry recorded: its history "
                "was rewritten or rolled back and written again")
    return None


def content_problems(rows: Sequence[AuditRow], digest: str) -> list[str]:
    """A sentence when the case's content (``digest`` now) differs from what its newest entry
    committed to; [] when it matches or the newest entry predates content digests."""
    newest = max(rows, key=lambda r: r.seq, default=None)
    if newest is None:
        return []
    try:
        recorded = json.loads(newest.details).get(CONTENT_KEY)
    except (ValueError, AttributeError):
        return []
    if not recorded or recorded == digest:
        return []
    return [f"the case's content differs from the last audited state (entry {newest.seq}, "
            f"{newest.action}): a note, date, person, decision or other record was changed, "
            "added or deleted without an audit entry"]


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
