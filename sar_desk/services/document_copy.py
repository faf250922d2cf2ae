"""Saving a copy of a document out of its case file, where the officer chooses: the
original bytes or its PDF rendition. Every copy is audited before it is written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot
from sar_desk.core.roles import Action
from sar_desk.services.case_base import get_document_bytes
from sar_desk.services.renditions import rendition_pdf
from sar_desk.services.unit_of_work import change_case
from sar_desk.store.outfile import check_out, write_out
from sar_desk.store.rendition_records import record_copy
from sar_desk.store.workspace import Workspace


def save_document_copy(ws: Workspace, ref: str, document_id: int, out: Path | str, *,
                       rendition: bool = False, actor: str | None = None) -> Path:
    """Write document ``document_id`` (or, with ``rendition``, its PDF pages) to ``out``;
    returns the path written. The copy is recorded in the case's audit trail first."""
    what = "the document's PDF rendition" if rendition else "the document"
    target = check_out(out, workspace=ws.path, what=what)
    data = rendition_pdf(ws, ref, document_id) if rendition \
        else get_document_bytes(ws, ref, document_id)
    digest = hashlib.sha256(data).hexdigest()

    def change(session: Session, _before: CaseSnapshot, who: str) -> None:
        record_copy(session, who, document_id, "rendition" if rendition else "original",
                    digest, str(target))

    change_case(ws, ref, actor, change, action=Action.READ_CASE_DETAILS)
    return write_out(target, data, workspace=ws.path, what=what)
