"""Case-file tables for redaction (schema v8): marks, redacted copies and the people named.

A mark is a proposal to black out rectangles of one page of a document, with where it came
from, the exemption it relies on and who decided it. A redacted copy is a PDF made from a
document's accepted marks; it lives in the case file (so it is encrypted with it) with its
sha256, the digest of the marks it was made from and the result of its verification. The
people named are the case's third parties and the staff directory imported for it.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from sar_desk.store.case_schema import Base


class RedactionMarkRow(Base):
    __tablename__ = "redaction_mark"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    page: Mapped[int] = mapped_column(Integer)  # 1-based
    rects: Mapped[str] = mapped_column(Text)  # JSON [[x0, y0, x1, y1], ...] in PDF points
    source: Mapped[str] = mapped_column(String)  # drawn, term, pattern, party, directory
    finder: Mapped[str] = mapped_column(Text, default="")  # the term, pattern name or party
    text: Mapped[str] = mapped_column(Text, default="")  # the text found under the mark
    reason: Mapped[str] = mapped_column(String)  # an exemption code of the catalogue
    note: Mapped[str] = mapped_column(Text, default="")
    made_by: Mapped[str] = mapped_column(String)
    made_at: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String, default="proposed")
    decided_by: Mapped[str] = mapped_column(String, default="")
    decided_at: Mapped[str] = mapped_column(String, default="")


class RedactedCopyRow(Base):
    __tablename__ = "redacted_copy"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    sha256: Mapped[str] = mapped_column(String)
    size: Mapped[int] = mapped_column(Integer)
    marks_digest: Mapped[str] = mapped_column(String)  # the accepted marks it was made from
    made_by: Mapped[str] = mapped_column(String)
    made_at: Mapped[str] = mapped_column(String)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    verified: Mapped[str] = mapped_column(String, default="")  # "", "passed" or "failed"
    problems: Mapped[str] = mapped_column(Text, default="")  # JSON list of what failed
    verified_by: Mapped[str] = mapped_column(String, default="")
    verified_at: Mapped[str] = mapped_column(String, default="")


class RedactionPartyRow(Base):
    """Someone named in the documents whose details are not the requester's."""

    __tablename__ = "redaction_party"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)  # "party" (third party) or "directory" (staff)
    name: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")  # e-mail, role, department
    added_by: Mapped[str] = mapped_column(String)
    added_at: Mapped[str] = mapped_column(String)


TABLES = (RedactionMarkRow, RedactedCopyRow, RedactionPartyRow)


def v8_to_v9(session: Session) -> None:
    """Migration step: add the redaction tables (marks, redacted copies, people named)."""
    from sqlalchemy.schema import CreateTable

    conn = session.connection()
    for table in TABLES:
        conn.execute(CreateTable(table.__table__, if_not_exists=True))  # type: ignore[attr-defined]
