"""The text inside a stored document, page by page, for the search index.

PDF text comes from PyMuPDF, Word documents from :mod:`sar_desk.documents.docx_text`, saved
e-mails from the standard library (``.eml``) or extract-msg (``.msg``), plain text as it
is. Anything else (images, unknown formats) and anything that cannot be read gives no
pages: such a document is still kept, it is just not searchable. Nothing is written to disk.
"""

from __future__ import annotations

import io
import zipfile

MAX_CHARS = 400_000  # text kept from one document (the rest is not indexed)
MAX_BYTES = 32 * 1024 * 1024  # larger documents are not read for text (memory stays bounded)
EMAIL_SUFFIXES = (".eml", ".msg")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Outlook .msg (OLE compound file)
TEXT_SUFFIXES = (".txt", ".csv", ".md", ".log", ".json", ".xml", ".html", ".htm", ".tsv")


def _pdf_pages(data: bytes) -> list[str]:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [page.get_text() for page in doc]


def _docx_text(data: bytes) -> list[str]:
    from sar_desk.documents.docx_text import docx_paragraphs

    return ["\n".join(docx_paragraphs(data))]


def _plain_text(data: bytes) -> list[str]:
    if b"\x00" in data[:4096]:
        return []
    try:
        return [data.decode("utf-8-sig")]
    except UnicodeDecodeError:
        return [data.decode("cp1252", "replace")]


def email_text(data: bytes) -> str:
    """Sender, subject and body text of a saved e-mail (``.eml``, or Outlook ``.msg``);
    "" for one that cannot be read."""
    try:
        if data[:8] == OLE_MAGIC:
            return _msg_text(data)
        return _eml_text(data)
    except Exception:  # noqa: BLE001 - a message that cannot be read is just not searchable
        return ""


def _eml_text(data: bytes) -> str:
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.default)
    parts = [str(msg.get(h, "") or "") for h in ("From", "To", "Subject")]
    body = msg.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    if body is not None:
        try:
            content = body.get_content()
        except (LookupError, ValueError):
            content = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
        parts.append(_strip_tags(content) if body.get_content_type() == "text/html"
                     else content)
    return "\n".join(p for p in parts if p.strip())


def _msg_text(data: bytes) -> str:
    import extract_msg

    msg = extract_msg.openMsg(data)
    try:
        body = getattr(msg, "body", "") or ""
        if not body.strip():
            markup = getattr(msg, "htmlBody", b"") or b""
            if isinstance(markup, bytes):
                markup = markup.decode("utf-8", "replace")
            body = _strip_tags(markup)
        parts = [str(getattr(msg, "sender", "") or ""), str(getattr(msg, "subject", "") or ""),
                 body]
    finally:
        msg.close()
    return "\n".join(p for p in parts if p.strip())


def _strip_tags(markup: str) -> str:
    import html
    import re

    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _kind(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith(EMAIL_SUFFIXES) or data[:8] == OLE_MAGIC:
        return "email"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:2] == b"PK" and (name.endswith(".docx") or _is_docx(data)):
        return "docx"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return ""


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def may_hold_text(filename: str, head: bytes, size: int) -> bool:
    """Whether a document of ``size`` bytes starting with ``head`` is worth reading whole
    for its text (a format read here, and no larger than :data:`MAX_BYTES`)."""
    if size > MAX_BYTES:
        return False
    return bool(_kind(filename, head)) or head[:2] == b"PK"  # a Word file without its suffix


def document_pages(filename: str, data: bytes) -> list[str]:
    """The text of a document, one string per page (one in all for a format without pages);
    [] for a format without text or a document that cannot be read."""
    readers = {"pdf": _pdf_pages, "docx": _docx_text, "text": _plain_text,
               "email": lambda d: [email_text(d)]}
    reader = readers.get(_kind(filename, data))
    if reader is None:
        return []
    try:
        pages = reader(data)
    except Exception:  # noqa: BLE001 - a damaged file of any kind is just not searchable
        return []
    out, left = [], MAX_CHARS
    for page in pages:
        out.append(page[:left])
        left -= len(out[-1])
    return out
