"""Whether a document's redacted copy may be used: the check the bundle, dispatch and export
share (kept apart from the redaction service so the sign-off service can call it)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot, DisclosureStatus
from sar_desk.core.redaction import MarkState, copy_use_refusal
from sar_desk.store import audit
from sar_desk.store import redaction_store as store

APPROVED = "redactions_approved"


def approved_set(session: Session) -> dict[str, str] | None:
    """document id -> sha256 of the copies the latest approval named (None: never approved)."""
    latest = None
    for row in audit.read_all(session):
        if row.action == APPROVED:
            latest = json.loads(row.details).get("copies", {})
    return latest


def current_set(session: Session) -> dict[str, str]:
    """document id -> sha256 of each document's current redacted copy."""
    return {str(doc): c.sha256 for doc, c in store.current_copies(session).items()}


def refusal_in(session: Session, document_id: int, name: str, *, approval: bool = True
               ) -> str | None:
    """Why the copy of ``document_id`` (called ``name``) may not be used (or None); with
    ``approval`` False the senior check is not asked for."""
    marks = store.marks(session, document_id)
    copy = store.current_copies(session).get(document_id)
    approved = approved_set(session) == current_set(session)
    return copy_use_refusal(copy, marks, approved=approved or not approval, document=name)


def dispatch_refusal(session: Session, before: CaseSnapshot) -> str | None:
    """Why the final response cannot go out because of a redaction (or None): a document
    not withheld, with accepted marks, whose copy is missing, out of date, unverified, failed
    or unapproved."""
    marked = {m.document_id for m in store.marks(session) if m.state == MarkState.ACCEPTED}
    for d in sorted(before.documents, key=lambda d: d.id):
        if d.id in marked and d.status != DisclosureStatus.WITHHOLD:
            refusal = refusal_in(session, d.id, f"document {d.id} ({d.filename})")
            if refusal:
                return refusal
    return None
