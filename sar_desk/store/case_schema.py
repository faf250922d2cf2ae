"""The case file schema (SQLAlchemy 2 ORM). One request per file.

The schema version lives in ``PRAGMA user_version`` (cheap to read at every open) and in
the ``meta`` table. Older files are upgraded on open by :mod:`sar_desk.store.migrations`.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

SCHEMA_VERSION = 10  # v4: corrections (voided events, withdrawn, superseded, removed, edits);
# v5: complaint tables (sar_desk.store.complaint_schema); v6: wording for the requester
# beside the internal notes; v7: documents stored in chunks (``document_chunk``);
# v8: disclosure bundles (sar_desk.store.bundle_store)
# v9: redaction marks, redacted copies and people named (sar_desk.store.redaction_schema)
# v10: renditions (``rendition_chunk``), child items, duplicates and e-mail threads
FILE_KIND = "sar-desk-case"


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Non-case facts about the file: kind, schema version, workspace id, reference."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Request(Base):
    """The request itself; exactly one row (id = 1)."""

    __tablename__ = "request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String, unique=True)
    status: Mapped[str] = mapped_column(String)
    jurisdiction: Mapped[str] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    received: Mapped[str] = mapped_column(String)  # ISO date the request arrived
    logged: Mapped[str] = mapped_column(String)  # ISO date it was entered here
    assignee: Mapped[str] = mapped_column(String, default="")
    request_text: Mapped[str] = mapped_column(Text, default="")
    request_types: Mapped[str] = mapped_column(String, default="access")
    authority_evidence: Mapped[str] = mapped_column(Text, default="")
    possible_repeat_of: Mapped[str] = mapped_column(String, default="")
    source_filename: Mapped[str] = mapped_column(String, default="")
    source_message: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    # v2: the deadline policy that computes this case's dates ("" = the default).
    deadline_policy: Mapped[str] = mapped_column(String, default="")


class PersonRow(Base):
    """The requester (role 'requester') and, when different, the data subject ('subject')."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String, unique=True)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(Text, default="")


class EventRow(Base):
    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    date: Mapped[str] = mapped_column(String)
    note: Mapped[str] = mapped_column(Text, default="")  # the reason for pauses and extensions
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)
    # v4: a voided event stays on the record but no longer counts ("" = not voided).
    voided_at: Mapped[str] = mapped_column(String, default="")
    voided_by: Mapped[str] = mapped_column(String, default="")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    # v5: what a letter may tell the requester (the note stays internal).
    wording: Mapped[str] = mapped_column(Text, default="")


class ExemptionRow(Base):
    __tablename__ = "exemption"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String)
    scope: Mapped[str] = mapped_column(Text, default="")
    reasoning: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)
    # v4: withdrawn with a reason ("" = in force).
    withdrawn_at: Mapped[str] = mapped_column(String, default="")
    withdrawn_by: Mapped[str] = mapped_column(String, default="")
    withdraw_reason: Mapped[str] = mapped_column(Text, default="")
    wording: Mapped[str] = mapped_column(Text, default="")  # v5: for the requester


class DecisionRow(Base):
    """A fee or refusal decision (manifestly unfounded or excessive)."""

    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    ground: Mapped[str] = mapped_column(String)
    factors: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text)
    amount: Mapped[str] = mapped_column(String, default="")  # decimal as text, "" for none
    working: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[str] = mapped_column(String)
    decided_by: Mapped[str] = mapped_column(String)
    wording: Mapped[str] = mapped_column(Text, default="")  # v5: reasons for the requester


class SearchRow(Base):
    """Evidence that the search was reasonable and proportionate."""

    __tablename__ = "search_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)
    people: Mapped[str] = mapped_column(Text, default="")
    searched_on: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


class DocumentRow(Base):
    __tablename__ = "document"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String, default="undecided")
    exemption_code: Mapped[str] = mapped_column(String, default="")
    added_at: Mapped[str] = mapped_column(String)
    added_by: Mapped[str] = mapped_column(String)
    # Before v7 a document's bytes; since v7 empty, the bytes being in ``document_chunk``.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # v4: removed (attached by mistake): the bytes are gone, the name and sha256 stay.
    removed_at: Mapped[str] = mapped_column(String, default="")
    removed_by: Mapped[str] = mapped_column(String, default="")
    remove_reason: Mapped[str] = mapped_column(Text, default="")
    # v5: the disclosure decision's internal note and its wording for the requester.
    note: Mapped[str] = mapped_column(Text, default="")
    wording: Mapped[str] = mapped_column(Text, default="")
    # v8: the item it came out of (an e-mail's attachment), its PDF rendition (bytes in
    # ``rendition_chunk``), the item it duplicates, and an e-mail's keys and thread.
    parent_id: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    rendition_state: Mapped[str] = mapped_column(String, default="")
    rendition_note: Mapped[str] = mapped_column(Text, default="")
    rendition_sha256: Mapped[str] = mapped_column(String, default="")
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_of: Mapped[int | None] = mapped_column(Integer, nullable=True, default=None)
    email_key: Mapped[str] = mapped_column(String, default="")
    body_hash: Mapped[str] = mapped_column(String, default="")
    thread_key: Mapped[str] = mapped_column(String, default="")
    dated: Mapped[str] = mapped_column(String, default="")  # ISO date the item bears


class DocumentChunk(Base):
    """v7: one piece (at most :data:`CHUNK_BYTES`) of a document's bytes, with its sha256.

    A document's bytes are its ``document.data`` followed by its chunks in ``seq`` order
    (0, 1, ...): a document attached before v7 has only the first, a newer one only chunks.
    """

    __tablename__ = "document_chunk"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))


CHUNK_BYTES = 1024 * 1024


class RenditionChunk(Base):
    """v8: one piece of a document's PDF rendition, as :class:`DocumentChunk` holds its
    original (the whole rendition's sha256 is ``document.rendition_sha256``)."""

    __tablename__ = "rendition_chunk"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class LetterRow(Base):
    __tablename__ = "letter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    format: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String)
    generated_at: Mapped[str] = mapped_column(String)
    generated_by: Mapped[str] = mapped_column(String)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # v4: discarded before dispatch ("" = current).
    superseded_at: Mapped[str] = mapped_column(String, default="")
    superseded_by: Mapped[str] = mapped_column(String, default="")
    supersede_reason: Mapped[str] = mapped_column(Text, default="")


class DispatchRow(Base):
    __tablename__ = "dispatch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id"), nullable=True)
    date: Mapped[str] = mapped_column(String)
    method: Mapped[str] = mapped_column(String)
    tracking: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


class NoteRow(Base):
    __tablename__ = "note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


class ExtraRow(Base):
    """v2: free key/value facts about the case (shown as ``CaseSnapshot.extra``)."""

    __tablename__ = "extra"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CorrectionRow(Base):
    """v4: a detail of the request corrected after it was typed: before, after and why."""

    __tablename__ = "correction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field: Mapped[str] = mapped_column(String)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    corrected_at: Mapped[str] = mapped_column(String)
    corrected_by: Mapped[str] = mapped_column(String)


class AuditRow(Base):
    """The hash-chained audit log. ``id`` is the physical order, ``seq`` the claimed one."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String)
    actor: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String)
    details: Mapped[str] = mapped_column(Text)  # canonical JSON
    hash: Mapped[str] = mapped_column(String)
