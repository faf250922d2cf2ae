"""Apply accepted marks to a copy of a PDF and strip what could still give data away.

The original bytes are never changed: the copy is opened from them, redacted with PyMuPDF
(text, image pixels and vector graphics under each mark removed, the reason's short code
printed in the black box), cleaned (metadata, XMP, annotations, form fields, embedded files,
JavaScript, links, outlines, hidden layers, structure tree) and saved whole, with garbage
collection and never incrementally, so no earlier revision survives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf
from pymupdf import mupdf

from sar_desk.core.redaction import Rect
from sar_desk.documents.redaction_find import open_pdf

# Catalogue entries that can carry text, actions or older structure.
CATALOG_KEYS = ("OCProperties", "Names", "OpenAction", "AA", "AcroForm", "Metadata",
                "PieceInfo", "StructTreeRoot", "MarkInfo", "Outlines", "Threads", "Dests",
                "SpiderInfo", "Perms", "Legal", "Collection", "Info")
PAGE_KEYS = ("Annots", "AA", "PieceInfo", "Thumb", "StructParents", "B")


@dataclass(frozen=True)
class Cut:
    """What to black out: a page (1-based), its rectangles and the short code to print."""

    page: int
    rects: tuple[Rect, ...]
    label: str


def _label_size(rect: pymupdf.Rect, label: str) -> float:
    size = min(8.0, rect.height * 0.7)
    width = pymupdf.get_text_length(label, fontname="helv", fontsize=size)
    return size * min(1.0, (rect.width - 2) / width) if width else size


def clear_outside(page: pymupdf.Page) -> None:
    """Remove text placed outside the visible page: no one sees it, and some readers
    still extract it."""
    w, h = page.cropbox.width, page.cropbox.height
    far = 1e4
    for box in ((-far, -far, far, 0), (-far, h, far, far), (-far, -far, 0, far),
                (w, -far, far, far)):
        page.add_redact_annot(pymupdf.Rect(box), fill=False, cross_out=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE,
                          graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
                          text=pymupdf.PDF_REDACT_TEXT_REMOVE)


def redact_page(page: pymupdf.Page, cuts: Iterable[Cut]) -> None:
    for cut in cuts:
        for r in cut.rects:
            rect = pymupdf.Rect(r)
            size = _label_size(rect, cut.label)
            page.add_redact_annot(rect, text=cut.label if size >= 3 else None, fontname="helv",
                                  fontsize=max(size, 3), align=pymupdf.TEXT_ALIGN_CENTER,
                                  fill=(0, 0, 0), text_color=(1, 1, 1), cross_out=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                          graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED,
                          text=pymupdf.PDF_REDACT_TEXT_REMOVE)


def _drop_keys(doc: pymupdf.Document, xref: int, keys: Iterable[str]) -> None:
    """Delete ``keys`` from the dictionary object ``xref`` (not merely set them to null)."""
    obj = mupdf.pdf_load_object(pymupdf._as_pdf_document(doc), xref)
    for key in keys:
        mupdf.pdf_dict_dels(obj, key)


def strip(doc: pymupdf.Document) -> None:
    """Remove everything beside the visible page content that could carry data."""
    for page in doc:
        _drop_keys(doc, page.xref, PAGE_KEYS)
    doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=False,
              javascript=True, metadata=True, redactions=False, remove_links=True,
              reset_fields=True, reset_responses=True, thumbnails=True, xml_metadata=True)
    _drop_keys(doc, doc.pdf_catalog(), CATALOG_KEYS)
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    doc.set_metadata({})
    doc.del_xml_metadata()


def save_whole(doc: pymupdf.Document) -> bytes:
    """The document as one revision: garbage-collected, cleaned and compressed."""
    return doc.tobytes(garbage=4, clean=True, deflate=True, deflate_images=True,
                       deflate_fonts=True, incremental=False, expand=0,
                       encryption=pymupdf.PDF_ENCRYPT_NONE)


def apply_cuts(data: bytes, cuts: Iterable[Cut]) -> bytes:
    """A redacted copy of the PDF ``data`` (which is left as it was)."""
    by_page: dict[int, list[Cut]] = {}
    for cut in cuts:
        by_page.setdefault(cut.page, []).append(cut)
    with open_pdf(data) as doc:
        for page in doc:
            clear_outside(page)
        for number, page_cuts in sorted(by_page.items()):
            redact_page(doc[number - 1], page_cuts)
        strip(doc)
        return save_whole(doc)
