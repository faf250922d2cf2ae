"""Decide whether each document of a case is provided, provided in part or withheld.

Documents are addressed by their number in the case (1, 2, ... in the order they were
added, as the case display shows them; a removed document's number is not reused).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sar_desk.core.entities import CaseSnapshot, DisclosureStatus, DocumentInfo
from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


def document_numbered(case: CaseSnapshot, number: int) -> DocumentInfo:
    """The document with ``number`` on ``case``; InputError naming the numbers there are."""
    numbered = dict(case.numbered_documents)
    if number in numbered:
        return numbered[number]
    if not numbered:
        raise InputError(f"Case {case.reference} has no documents. Nothing was changed.",
                         code="document.none", reference=case.reference)
    listed = ", ".join(str(n) for n in numbered)
    raise InputError(f"Case {case.reference} has no document {number}: its documents are "
                     f"numbered {listed}. Nothing was changed.",
                     code="document.number", reference=case.reference, number=number)


def decide_document(ws: Workspace, ref: str, number: int, status: DisclosureStatus | str,
                    exemption_code: str = "", *, note: str = "", wording: str = "",
                    actor: str | None = None) -> tuple[DocumentInfo, CaseSnapshot]:
    """Record the disclosure decision for document ``number`` of case ``ref``: ``note`` is
    internal, ``wording`` what the final response tells the requester about it."""
    from sar_desk.services import cases

    document = document_numbered(cases.get_case(ws, ref), number)
    snap = cases.set_document_status(ws, ref, document.id, status, exemption_code,
                                     actor=actor, note=note, wording=wording)
    return document, snap
