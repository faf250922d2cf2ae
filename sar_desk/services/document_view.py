"""What the window shows of one document: its kind, its bytes as the right viewer needs
them (text decoded, an e-mail read into headers, body and attachments), its child items
and its PDF pages. Nothing is written anywhere; everything stays in memory."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sar_desk.core.entities import DocumentInfo
from sar_desk.documents.html_clean import clean_html
from sar_desk.documents.kinds import Kind, kind_of
from sar_desk.documents.mail_parse import MailMessage, NotAnEmail, read_mail
from sar_desk.documents.text_pdf import decode_text
from sar_desk.errors import InputError, SarDeskError
from sar_desk.services.case_base import case_documents, get_document_bytes
from sar_desk.services.renditions import rendition_pdf
from sar_desk.store.workspace import Workspace

VIEWS = {Kind.PDF: "pdf", Kind.IMAGE: "image", Kind.TEXT: "text", Kind.EML: "email",
         Kind.MSG: "email"}


@dataclass(frozen=True)
class DocumentView:
    info: DocumentInfo
    kind: str  # "pdf", "image", "text", "email" or "other"
    data: bytes  # the original bytes
    text: str = ""  # a text file's text, or an e-mail's plain body
    encoding: str = ""  # what a text file was read as
    mail: MailMessage | None = None
    body_html: str = ""  # an e-mail's HTML body, cleaned of anything active or remote
    children: tuple[DocumentInfo, ...] = ()  # its attachments, as case items
    pages: bytes = b""  # the PDF rendition (b"" when there is none)
    no_pages: str = ""  # why there are no pages


def open_document(ws: Workspace, ref: str, document_id: int) -> DocumentView:
    """Everything the window needs to show document ``document_id`` of case ``ref``."""
    documents = case_documents(ws, ref)
    info = next((d for d in documents if d.id == document_id), None)
    if info is None:
        raise InputError(f"{ref} has no document {document_id}.")
    data = get_document_bytes(ws, ref, document_id)
    kind = VIEWS.get(kind_of(info.filename, data[:4096]), "other")
    try:
        pages, no_pages = rendition_pdf(ws, ref, document_id), ""
    except SarDeskError as exc:
        pages, no_pages = b"", str(exc)
    children = tuple(d for d in documents if d.parent_id == document_id)
    view = DocumentView(info=info, kind=kind, data=data, children=children, pages=pages,
                        no_pages=no_pages)
    if kind == "text":
        decoded = decode_text(data)
        if decoded is None:
            return replace(view, kind="other")
        return replace(view, text=decoded[0], encoding=decoded[1])
    if kind == "email":
        try:
            mail = read_mail(data, info.filename)
        except NotAnEmail as exc:
            return replace(view, kind="other", no_pages=str(exc))
        return replace(view, mail=mail, text=mail.text,
                       body_html=clean_html(mail.html) if mail.html else "")
    return view
