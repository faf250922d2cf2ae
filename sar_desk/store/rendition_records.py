"""A document's PDF rendition in its case file, and the facts that find duplicates.

The rendition's bytes are chunks of ``rendition_chunk`` beside the original's (both inside
the encrypted case file); ``document.rendition_state`` says whether it was converted,
needs converting elsewhere, or cannot be read (with ``rendition_note`` saying why). Each
rendition stored or replaced is an audit entry naming its sha256.
"""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from sar_desk.core.entities import RenditionState
from sar_desk.store import audit
from sar_desk.store.case_schema import DocumentRow
from sar_desk.store.document_bytes import (
    RENDITIONS,
    delete_rendition,
    iter_rendition,
    write_chunks,
)


def store_rendition(session: Session, document_id: int, state: RenditionState, note: str,
                    pdf: bytes | None, pages: int, actor: str, *, supplied: bool = False) -> str:
    """Record the document's rendition (replacing any before); returns its sha256 ("" when
    there is none: it needs conversion or cannot be read)."""
    row = session.get(DocumentRow, document_id)
    delete_rendition(session, document_id)
    digest = ""
    if pdf:
        digest, _size = write_chunks(session, document_id, io.BytesIO(pdf), RENDITIONS)
    row.rendition_state = RenditionState(state).value
    row.rendition_note = note
    row.rendition_sha256 = digest
    row.page_count = pages if pdf else 0
    details = {"document_id": document_id, "state": row.rendition_state, "pages": row.page_count}
    if digest:
        details["sha256"] = digest
    if note:
        details["note"] = note
    audit.append(session, actor, "rendition_supplied" if supplied else "rendition_stored",
                 details)
    return digest


def rendition_bytes(session: Session, document_id: int) -> bytes | None:
    """The stored rendition (None: the document is missing, removed or has none)."""
    row = session.get(DocumentRow, document_id)
    if row is None or row.removed_at or not row.rendition_sha256:
        return None
    return b"".join(iter_rendition(session, document_id))


def first_with(session: Session, *, sha256: str = "", email_key: str = "",
               body_hash: str = "") -> int | None:
    """The earliest document still held (not itself a duplicate) with these bytes, or this
    e-mail (same normalised headers and body): what a new item duplicates."""
    query = select(DocumentRow.id).where(DocumentRow.removed_at == "",
                                         DocumentRow.duplicate_of.is_(None))
    if sha256:
        query = query.where(DocumentRow.sha256 == sha256)
    elif email_key and body_hash:
        query = query.where(DocumentRow.email_key == email_key,
                            DocumentRow.body_hash == body_hash)
    else:
        return None
    return session.scalars(query.order_by(DocumentRow.id).limit(1)).first()


def thread_of(session: Session, keys: tuple[str, ...]) -> str:
    """The thread key already given to an e-mail whose own key is one of ``keys`` (the
    messages this one replies to), or ""."""
    if not keys:
        return ""
    found = session.scalars(select(DocumentRow.thread_key).where(
        DocumentRow.email_key.in_(keys), DocumentRow.thread_key != "")
        .order_by(DocumentRow.id).limit(1)).first()
    return found or ""


def record_copy(session: Session, actor: str, document_id: int, what: str, sha256: str,
                to: str) -> None:
    """Audit a copy of a document (its original or its rendition) saved out of the case."""
    audit.append(session, actor, "document_copied", {
        "document_id": document_id, "what": what, "copy_sha256": sha256, "to": to})
