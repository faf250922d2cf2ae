"""Decide whether each document of a case is provided, provided in part or withheld.

Documents are addressed by their number in the case (1, 2, ... in the order they were
added, as the case display shows them; a removed document's number is not reused).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sar_desk.core.entities import CaseSnapshot, DisclosureStatus, DocumentInfo
from sar_desk.services.case_base import document_numbered  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


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
