"""Correcting the record of a case: voiding, withdrawing, discarding, removing, editing.

Nothing is deleted from the record except the bytes of a document removed by mistake: each
entry taken back keeps who took it back, when and why, and each change appends its audit
entry (with the before and after of an edit). These work inside a caller's transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseStatus, Person
from sar_desk.store import audit
from sar_desk.store.case_records import request_row, set_status
from sar_desk.store.case_schema import (
    CorrectionRow,
    DocumentRow,
    EventRow,
    ExemptionRow,
    LetterRow,
    PersonRow,
)
from sar_desk.store.document_bytes import delete_bytes
from sar_desk.store.row_time import row_and_audit_times

# The request's own fields an edit may change (the people's are "<role>_<field>").
REQUEST_FIELDS = ("request_text", "request_types", "channel", "jurisdiction", "received")
PERSON_FIELDS = ("name", "email", "address", "phone")


def void_event(session: Session, event_id: int, reason: str, actor: str,
               status_after: CaseStatus) -> None:
    """Mark event ``event_id`` void (it stays on the record), then set the case's status."""
    shown, at = row_and_audit_times(session)
    row = session.get(EventRow, event_id)
    row.voided_at, row.voided_by, row.void_reason = shown, actor, reason
    audit.append(session, actor, "event_voided", {
        "event": event_id, "kind": row.kind, "date": row.date, "note": row.note,
        "reason": reason}, at=at)
    set_status(session, status_after, actor, at=at)


def withdraw_exemption(session: Session, exemption_id: int, reason: str, actor: str) -> None:
    shown, at = row_and_audit_times(session)
    row = session.get(ExemptionRow, exemption_id)
    row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = shown, actor, reason
    audit.append(session, actor, "exemption_withdrawn", {
        "exemption": exemption_id, "code": row.code, "reason": reason}, at=at)


def discard_letter(session: Session, letter_id: int, reason: str, actor: str) -> None:
    """Mark a letter superseded (kept, never to be printed or sent)."""
    shown, at = row_and_audit_times(session)
    row = session.get(LetterRow, letter_id)
    row.superseded_at, row.superseded_by, row.supersede_reason = shown, actor, reason
    audit.append(session, actor, "letter_discarded", {
        "letter_id": letter_id, "kind": row.kind, "sha256": row.sha256, "reason": reason},
        at=at)


def remove_document(session: Session, document_id: int, reason: str, actor: str) -> None:
    """Delete a document's bytes from the case file; its name and sha256 stay on record.

    Every connection runs with ``secure_delete`` on (:mod:`sar_desk.store.engine`), so the
    freed pages are overwritten with zeros; the caller checkpoints the write-ahead log
    afterwards so no older copy of the pages stays in it.
    """
    shown, at = row_and_audit_times(session)
    row = session.get(DocumentRow, document_id)
    delete_bytes(session, document_id)  # the pre-v7 blob and the chunks alike
    row.removed_at, row.removed_by, row.remove_reason = shown, actor, reason
    audit.append(session, actor, "document_removed", {
        "document_id": document_id, "filename": row.filename, "sha256": row.sha256,
        "size": row.size, "reason": reason}, at=at)


def _as_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ",".join(str(v) for v in value)
    return str(value)


def correct_details(session: Session, changes: dict[str, object], reason: str,
                    actor: str) -> list[tuple[str, str, str]]:
    """Apply ``changes`` (field -> new value) to the request and its people; returns the
    (field, before, after) of each value that really changed, all in one audit entry.

    Fields are those of :data:`REQUEST_FIELDS` and ``requester_<f>`` / ``subject_<f>`` for
    ``f`` in :data:`PERSON_FIELDS`. A subject is added when one is named for the first time.
    """
    shown, at = row_and_audit_times(session)
    req = request_row(session)
    people = {p.role: p for p in session.query(PersonRow)}
    done: list[tuple[str, str, str]] = []
    for field, value in changes.items():
        after = _as_text(value)
        if field in REQUEST_FIELDS:
            before = getattr(req, field)
            if before != after:
                setattr(req, field, after)
                done.append((field, before, after))
            continue
        role, _, part = field.partition("_")
        row = people.get(role)
        if row is None:
            row = PersonRow(role=role, **_person_fields(Person("")))
            session.add(row)
            people[role] = row
        before = getattr(row, part)
        if before != after:
            setattr(row, part, after)
            done.append((field, before, after))
    for field, before, after in done:
        session.add(CorrectionRow(field=field, before=before, after=after, reason=reason,
                                  corrected_at=shown, corrected_by=actor))
    if done:
        audit.append(session, actor, "details_corrected", {
            "changes": [{"field": f, "before": b, "after": a} for f, b, a in done],
            "reason": reason}, at=at)
    return done


def _person_fields(p: Person) -> dict:
    return {"name": p.name, "email": p.email, "address": p.address, "phone": p.phone}
