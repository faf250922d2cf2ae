"""Documents turned into pages: each item's PDF rendition, made once and kept in its case
file, and the items added with their children, duplicates and threads.

:func:`add_item` converts a file (an e-mail's attachments and attached messages become
child items, converted in turn) before the case file is opened, then stores everything in
one change: the originals, their renditions, which earlier item each duplicates (same
sha256, or for an e-mail the same normalised headers and body) and each e-mail's thread.
:func:`rendition_pdf` gives a document's rendition, making and storing it the first time
for a document attached without one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from sar_desk.core.case_actions import why_not
from sar_desk.core.entities import CaseSnapshot, DisclosureStatus, DocumentInfo, RenditionState
from sar_desk.core.input_rules import exemption_choice_reason
from sar_desk.core.roles import Action
from sar_desk.documents.conversion import MAX_CONVERT_BYTES, convert
from sar_desk.documents.rendition_result import OfficeSettings, needs_conversion
from sar_desk.errors import InputError, SarDeskError
from sar_desk.services import access
from sar_desk.services.case_base import (
    case_documents,
    get_document_bytes,
    normalise_reference,
    open_case_file,
)
from sar_desk.services.file_input import read_limited
from sar_desk.services.item_store import Prepared, note_of, prepare, store_prepared
from sar_desk.services.office_setup import office_settings
from sar_desk.services.settings import workspace_limits
from sar_desk.services.unit_of_work import change_case
from sar_desk.store.rendition_records import rendition_bytes, store_rendition
from sar_desk.store.workspace import Workspace


class NoRendition(SarDeskError):
    """A document has no PDF rendition (it needs conversion, or cannot be read)."""

    exit_code = 2
    code = "document.no_rendition"


def add_item(ws: Workspace, ref: str, filename: str, data: bytes, *,
             status: DisclosureStatus = DisclosureStatus.UNDECIDED, exemption_code: str = "",
             actor: str | None = None,
             office: OfficeSettings | None = None) -> tuple[DocumentInfo, ...]:
    """Add one file's bytes to the case as a document with its rendition and children;
    returns the documents added (the file first)."""
    status = DisclosureStatus(status)
    reason = exemption_choice_reason(status, exemption_code)
    if reason:
        raise InputError(f"{reason} Nothing was attached.")
    code = _exemption_code(exemption_code)
    item = prepare(filename, data, office if office is not None else office_settings())

    def change(session: Session, before: CaseSnapshot, who: str) -> list[int]:
        refused = why_not("attach_document", before)
        if refused:
            raise InputError(refused)
        return store_prepared(session, item, status, code, who)

    ids, snap = change_case(ws, ref, actor, change, action="attach_document")
    by_id = {d.id: d for d in snap.documents}
    return tuple(by_id[i] for i in ids if i in by_id)


def _exemption_code(code: str) -> str:
    if not code:
        return ""
    from sar_desk.core.exemptions import get_exemption

    return get_exemption(code).code


def _document(ws: Workspace, ref: str, document_id: int) -> DocumentInfo:
    for doc in case_documents(ws, ref):
        if doc.id == document_id:
            return doc
    raise InputError(f"{normalise_reference(ref)} has no document {document_id}.",
                     reference=normalise_reference(ref), document_id=document_id)


def make_rendition(ws: Workspace, ref: str, document_id: int, *,
                   actor: str | None = None) -> DocumentInfo:
    """Convert a document attached without a rendition (its children are added as well),
    storing the result once; a document that has one is returned as it is."""
    doc = _document(ws, ref, document_id)
    if doc.rendition is not RenditionState.PENDING:
        return doc
    if doc.size > MAX_CONVERT_BYTES:  # not read whole into memory: its PDF is supplied
        item = Prepared(doc.filename, b"", needs_conversion(
            f"{doc.filename} is too large to convert here "
            f"({doc.size // (1024 * 1024)} MB); supply its PDF."))
    else:
        item = prepare(doc.filename, get_document_bytes(ws, ref, document_id),
                       office_settings())

    def change(session: Session, before: CaseSnapshot, who: str) -> None:
        current = next((d for d in before.documents if d.id == document_id), None)
        if current is None or current.rendition is not RenditionState.PENDING:
            return  # made meanwhile, or removed
        c = item.conversion
        store_rendition(session, document_id, c.state, note_of(c), c.pdf, c.pages, who)
        for child in item.children:
            store_prepared(session, child, current.status, current.exemption_code, who,
                           parent_id=document_id)

    _result, snap = change_case(ws, ref, actor, change, action="attach_document")
    return next(d for d in snap.documents if d.id == document_id)


def rendition_pdf(ws: Workspace, ref: str, document_id: int) -> bytes:
    """The PDF rendition of document ``document_id`` (made and stored the first time);
    :class:`NoRendition` naming the document when it needs conversion or cannot be read."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    doc = _document(ws, ref, document_id)
    if doc.rendition is RenditionState.PENDING and not ws.read_only \
            and access.can(ws, Action.ATTACH_DOCUMENT, ref):
        doc = make_rendition(ws, ref, document_id)
    if doc.rendition is RenditionState.PENDING and doc.size > MAX_CONVERT_BYTES:
        doc = replace(doc, rendition=RenditionState.NEEDS_CONVERSION,
                      rendition_note="it is too large to convert here; supply its PDF")
    if doc.rendition is RenditionState.PENDING:  # may not store it: converted, not kept
        c = convert(doc.filename, get_document_bytes(ws, ref, document_id), office_settings())
        if c.pdf:
            return c.pdf
        doc = replace(doc, rendition=c.state, rendition_note=c.note)
    if doc.rendition is not RenditionState.CONVERTED:
        why = doc.rendition_note or "it has not been converted"
        raise NoRendition(f"Document {document_id} ({doc.filename}) of {ref} has no PDF "
                          f"rendition: {why}", code="document.no_rendition", reference=ref,
                          document_id=document_id, filename=doc.filename,
                          state=doc.rendition.value)
    with open_case_file(ws, ref) as case, case.reading() as session:
        data = rendition_bytes(session, document_id)
    if data is None:
        raise NoRendition(f"Document {document_id} ({doc.filename}) of {ref} has no stored "
                          "PDF rendition.", code="document.no_rendition", reference=ref,
                          document_id=document_id, filename=doc.filename,
                          state=doc.rendition.value)
    return data


def replace_rendition(ws: Workspace, ref: str, document_id: int, pdf_path: Path | str, *,
                      actor: str | None = None) -> DocumentInfo:
    """Replace a document's rendition with a PDF the officer supplies (one that needed
    conversion, or one converted badly); the PDF must open and have pages."""
    import pymupdf

    pdf_path = Path(pdf_path)
    data = read_limited(pdf_path, workspace_limits(ws).attachment_bytes, what="PDF",
                        outcome="The rendition was not replaced.")
    try:
        with pymupdf.open(stream=data, filetype="pdf") as pdf:
            pages, locked = pdf.page_count, pdf.needs_pass
    except Exception:  # noqa: BLE001 - any failure to open means it is not a usable PDF
        pages, locked = 0, False
    if not data.startswith(b"%PDF") or pages == 0 or locked:
        raise InputError(f"{pdf_path.name} is not a PDF SAR Desk can use (it must open "
                         "without a password and have pages). The rendition was not "
                         "replaced.", path=str(pdf_path))

    def change(session: Session, before: CaseSnapshot, who: str) -> None:
        if document_id not in {d.id for d in before.documents}:
            raise InputError(f"{before.reference} has no document {document_id}.")
        refused = why_not("set_document_status", before)
        if refused:
            raise InputError(refused)
        store_rendition(session, document_id, RenditionState.CONVERTED,
                        f"supplied as {pdf_path.name}", data, pages, who, supplied=True)

    _result, snap = change_case(ws, ref, actor, change, action="set_document_status")
    return next(d for d in snap.documents if d.id == document_id)
