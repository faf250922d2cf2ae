"""Reading and writing redaction marks, redacted copies and the people named (inside the
caller's transaction; every change appends its audit entry there)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sar_desk.core.redaction import (
    Mark,
    MarkSource,
    MarkState,
    Party,
    Proposal,
    RedactedCopy,
)
from sar_desk.store.keys import sha256_hex
from sar_desk.store.redaction_schema import RedactedCopyRow, RedactionMarkRow, RedactionPartyRow
from sar_desk.store.row_time import row_time


def _mark(row: RedactionMarkRow, number: int) -> Mark:
    return Mark(row.id, row.document_id, number, row.page,
                tuple(tuple(r) for r in json.loads(row.rects)), MarkSource(row.source),
                row.finder, row.text, row.reason, row.note, row.made_by, row.made_at,
                MarkState(row.state), row.decided_by, row.decided_at)


def marks(session: Session, document_id: int | None = None) -> list[Mark]:
    """The marks of one document (or of every document), numbered per document in order."""
    query = select(RedactionMarkRow).order_by(RedactionMarkRow.id)
    if document_id is not None:
        query = query.where(RedactionMarkRow.document_id == document_id)
    numbers: dict[int, int] = {}
    out = []
    for row in session.scalars(query):
        numbers[row.document_id] = numbers.get(row.document_id, 0) + 1
        out.append(_mark(row, numbers[row.document_id]))
    return out


def add_marks(session: Session, document_id: int, proposals: Iterable[Proposal], *,
              source: MarkSource, finder: str, reason: str, note: str, actor: str) -> int:
    """Store each proposal as a proposed mark; returns how many were new (a place already
    marked on the same page with the same rectangles is not proposed twice)."""
    at = row_time(session)
    existing = {(m.page, m.rects) for m in marks(session, document_id)}
    added = 0
    for p in proposals:
        rects = tuple(tuple(round(v, 2) for v in r) for r in p.rects)
        if (p.page, rects) in existing:
            continue
        existing.add((p.page, rects))
        session.add(RedactionMarkRow(
            document_id=document_id, page=p.page, rects=json.dumps([list(r) for r in rects]),
            source=source.value, finder=finder, text=p.text, reason=reason, note=note,
            made_by=actor, made_at=at, state=MarkState.PROPOSED.value))
        added += 1
    session.flush()
    return added


def decide(session: Session, mark_ids: Iterable[int], state: MarkState, actor: str) -> int:
    """Set the state of the marks ``mark_ids``; returns how many changed."""
    at, changed = row_time(session), 0
    for mark_id in mark_ids:
        row = session.get(RedactionMarkRow, mark_id)
        if row is not None and row.state != state.value:
            row.state, row.decided_by, row.decided_at = state.value, actor, at
            changed += 1
    session.flush()
    return changed


def _copy(row: RedactedCopyRow) -> RedactedCopy:
    return RedactedCopy(row.id, row.document_id, row.sha256, row.size, row.marks_digest,
                        row.made_by, row.made_at, row.verified,
                        tuple(json.loads(row.problems or "[]")), row.verified_by,
                        row.verified_at)


def current_copies(session: Session) -> dict[int, RedactedCopy]:
    """document id -> its newest redacted copy."""
    found: dict[int, RedactedCopy] = {}
    for row in session.scalars(select(RedactedCopyRow).order_by(RedactedCopyRow.id)):
        found[row.document_id] = _copy(row)
    return found


def copy_bytes(session: Session, copy_id: int) -> bytes | None:
    return session.execute(select(RedactedCopyRow.data)
                           .where(RedactedCopyRow.id == copy_id)).scalar_one_or_none()


def store_copy(session: Session, document_id: int, data: bytes, marks_digest: str,
               actor: str) -> RedactedCopy:
    """Keep ``data`` as the document's redacted copy, in place of any earlier one (its bytes
    are deleted: an outdated copy must not be used by mistake)."""
    session.execute(delete(RedactedCopyRow).where(RedactedCopyRow.document_id == document_id))
    row = RedactedCopyRow(document_id=document_id, sha256=sha256_hex(data), size=len(data),
                          marks_digest=marks_digest, made_by=actor, made_at=row_time(session),
                          data=data)
    session.add(row)
    session.flush()
    return _copy(row)


def record_verification(session: Session, copy_id: int, problems: list[str], actor: str
                        ) -> RedactedCopy:
    row = session.get(RedactedCopyRow, copy_id)
    row.verified = "failed" if problems else "passed"
    row.problems = json.dumps(problems)
    row.verified_by, row.verified_at = actor, row_time(session)
    session.flush()
    return _copy(row)


def stored_copies(session: Session) -> list[tuple[str, int, str, str, tuple[str, ...]]]:
    """(table, id, recorded sha256, sha256 of the bytes now, ()) of every redacted copy."""
    return [("redacted_copy", r.id, r.sha256, sha256_hex(r.data), ())
            for r in session.scalars(select(RedactedCopyRow).order_by(RedactedCopyRow.id))]


def parties(session: Session) -> list[Party]:
    return [Party(r.id, r.kind, r.name, r.detail)
            for r in session.scalars(select(RedactionPartyRow).order_by(RedactionPartyRow.id))]


def add_parties(session: Session, kind: str, people: Iterable[tuple[str, str]], actor: str
                ) -> int:
    """Add people (name, detail) of ``kind``; a name already listed is not added twice."""
    at = row_time(session)
    known = {(p.kind, p.name.casefold()) for p in parties(session)}
    added = 0
    for name, detail in people:
        if (kind, name.casefold()) in known:
            continue
        known.add((kind, name.casefold()))
        session.add(RedactionPartyRow(kind=kind, name=name, detail=detail, added_by=actor,
                                      added_at=at))
        added += 1
    session.flush()
    return added
