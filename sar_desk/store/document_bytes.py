"""A document's bytes inside its case file, written and read in chunks.

Since schema v7 a document's bytes are rows of ``document_chunk`` (at most
:data:`~sar_desk.store.case_schema.CHUNK_BYTES` each, with their own sha256), so attaching,
reading and checking a file never holds more than a chunk or two in memory. A document
attached before v7 keeps its single ``document.data`` blob; its bytes are that blob followed
by its chunks (none), so every reader here takes both forms. Since v8 a document's PDF
rendition is kept the same way, in ``rendition_chunk`` (``table=RENDITIONS``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sar_desk.store.case_schema import CHUNK_BYTES, DocumentChunk, DocumentRow, RenditionChunk

ORIGINALS = "document_chunk"
RENDITIONS = "rendition_chunk"
_TABLES = {ORIGINALS, RENDITIONS}


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_full(stream: Readable, size: int) -> bytes:
    """Up to ``size`` bytes from ``stream``, fewer only at its end."""
    first = stream.read(size)
    if len(first) == size or not first:
        return first
    parts, got = [first], len(first)
    while got < size and (more := stream.read(size - got)):
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _cursor(session: Session):
    """The driver's own cursor inside the session's transaction (pending changes flushed):
    a chunk passes straight to SQLite, with no statement object left holding it."""
    session.flush()
    return session.connection().connection.driver_connection.cursor()


def write_chunks(session: Session, document_id: int, stream: Readable,
                 table: str = ORIGINALS) -> tuple[str, int]:
    """Store everything ``stream`` gives as the chunks of ``document_id`` (its original, or
    with ``table=RENDITIONS`` its rendition), each sent to the file at once (nothing kept in
    memory); returns the bytes' sha256 and size."""
    if table not in _TABLES:
        raise ValueError(f"no chunk table {table!r}")
    whole, size, seq = hashlib.sha256(), 0, 0
    cursor = _cursor(session)
    try:
        while piece := _read_full(stream, CHUNK_BYTES):
            whole.update(piece)
            size += len(piece)
            cursor.execute(
                f"INSERT INTO {table} (document_id, seq, sha256, data) VALUES (?, ?, ?, ?)",
                (document_id, seq, hashlib.sha256(piece).hexdigest(), piece))
            seq += 1
            del piece
    finally:
        cursor.close()
    return whole.hexdigest(), size


def _chunk_rows(session: Session, document_id: int,
                table: str = ORIGINALS) -> Iterator[tuple[int, str, bytes]]:
    """(seq, recorded sha256, bytes) of each chunk in order, fetched one at a time."""
    if table not in _TABLES:
        raise ValueError(f"no chunk table {table!r}")
    cursor = _cursor(session)
    try:
        cursor.execute(f"SELECT seq, sha256, data FROM {table} WHERE document_id = ? "
                       "ORDER BY seq", (document_id,))
        while (row := cursor.fetchone()) is not None:
            yield row
    finally:
        cursor.close()


def iter_bytes(session: Session, document_id: int) -> Iterator[bytes]:
    """The document's bytes, piece by piece (the pre-v7 blob, then the chunks)."""
    head = session.execute(
        select(DocumentRow.data).where(DocumentRow.id == document_id)).scalar_one_or_none()
    if head:
        yield head
    for _seq, _recorded, data in _chunk_rows(session, document_id):
        yield data


@dataclass(frozen=True)
class StoredCheck:
    """What ``verify`` finds of one document's stored bytes."""

    document_id: int
    recorded: str  # the sha256 recorded when it was attached
    actual: str  # the sha256 of the bytes as stored now
    damage: tuple[str, ...]  # each chunk missing or altered, by number


def iter_rendition(session: Session, document_id: int) -> Iterator[bytes]:
    """The document's stored PDF rendition, piece by piece (nothing when it has none)."""
    for _seq, _recorded, data in _chunk_rows(session, document_id, RENDITIONS):
        yield data


def check_document(session: Session, document_id: int, recorded: str,
                   table: str = ORIGINALS) -> StoredCheck:
    """Hash the document's bytes (or its rendition) as stored, chunk by chunk, naming
    damaged chunks."""
    whole = hashlib.sha256()
    if table == ORIGINALS:
        head = session.execute(
            select(DocumentRow.data).where(DocumentRow.id == document_id)).scalar_one_or_none()
        whole.update(head or b"")
    damage, expected = [], 0
    for seq, chunk_sha, data in _chunk_rows(session, document_id, table):
        if seq != expected:
            damage.append(f"chunk {expected} is missing" if seq == expected + 1 else
                          f"chunks {expected} to {seq - 1} are missing")
        if hashlib.sha256(data).hexdigest() != chunk_sha:
            damage.append(f"chunk {seq} was altered")
        whole.update(data)
        expected = seq + 1
    return StoredCheck(document_id, recorded, whole.hexdigest(), tuple(damage))


def chunk_count(session: Session, document_id: int) -> int:
    return session.execute(select(func.count()).select_from(DocumentChunk)
                           .where(DocumentChunk.document_id == document_id)).scalar_one()


def delete_rendition(session: Session, document_id: int) -> None:
    """Delete the document's stored rendition (to replace it, or with the document)."""
    session.execute(delete(RenditionChunk).where(RenditionChunk.document_id == document_id))


def delete_bytes(session: Session, document_id: int) -> None:
    """Delete the document's bytes (blob and chunks), its rendition and any redacted copy
    made from them; ``secure_delete`` zeroes the pages."""
    from sar_desk.store.redaction_schema import RedactedCopyRow

    session.execute(delete(DocumentChunk).where(DocumentChunk.document_id == document_id))
    session.execute(delete(RedactedCopyRow).where(RedactedCopyRow.document_id == document_id))
    delete_rendition(session, document_id)
    row = session.get(DocumentRow, document_id)
    row.data = b""
