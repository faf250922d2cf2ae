"""Where a finder's text lies on the pages of a PDF: words, OCR for scans, rectangles.

Each page's words (PyMuPDF joins the characters of one word even across text runs and
fonts) are laid end to end with a space between words and a line break between lines; a
finder (:mod:`sar_desk.core.redaction_patterns`) gives character spans of that text, and
each span becomes the boxes of the words it touches, one box per line. A page with no text
layer is read by OCR (Tesseract) when its language data is installed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pymupdf

from sar_desk.core.redaction import Proposal, Rect
from sar_desk.documents.errors import DocumentError

Finder = Callable[[str], list[tuple[int, int]]]
OCR_DPI = 300


class NoOcr(DocumentError):
    code = "redaction.no_ocr"


def tessdata() -> str | None:
    """The folder of Tesseract's language data, or None when OCR is not available."""
    try:
        found = pymupdf.get_tessdata()
    except (RuntimeError, OSError, ValueError):
        return None
    return found or None


def reveal_layers(doc: pymupdf.Document) -> None:
    """Switch every optional-content layer on, so what a hidden layer holds is searched,
    shown for review and redacted like the rest (the copy keeps no layers: all is shown)."""
    catalog = doc.pdf_catalog()
    if catalog and doc.xref_get_key(catalog, "OCProperties")[0] != "null":
        # Without its layer settings MuPDF draws and reads every layer's content.
        doc.xref_set_key(catalog, "OCProperties", "null")


@contextlib.contextmanager
def open_pdf(data: bytes, what: str = "the document") -> Iterator[pymupdf.Document]:
    """The PDF ``data`` opened for redaction, with every layer switched on."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise DocumentError(f"{what} is not a readable PDF ({exc}).",
                            code="redaction.not_pdf") from None
    try:
        if doc.needs_pass:
            raise DocumentError(f"{what} is protected by a password, so it cannot be "
                                "redacted here.", code="redaction.encrypted")
        reveal_layers(doc)
        yield doc
    finally:
        doc.close()


def is_scanned(page: pymupdf.Page) -> bool:
    """A page with images but no text layer (a scan)."""
    return not page.get_text("text").strip() and bool(page.get_images())


def page_words(page: pymupdf.Page, *, ocr: bool = True) -> tuple[list[tuple], bool]:
    """The page's words (x0, y0, x1, y1, word, block, line, n) and whether OCR read them.
    A scan without OCR available raises :class:`NoOcr`."""
    if not is_scanned(page):
        return page.get_text("words"), False
    if not ocr:
        return [], False
    folder = tessdata()
    if folder is None:
        raise NoOcr(f"Page {page.number + 1} is a scan with no text layer and Tesseract's "
                    "language data is not installed, so it cannot be searched. Draw boxes on "
                    "it by hand instead.", page=page.number + 1)
    textpage = page.get_textpage_ocr(tessdata=folder, dpi=OCR_DPI, full=True)
    return page.get_text("words", textpage=textpage), True


@dataclass
class PageText:
    """A page's words laid end to end, and which word each character belongs to."""

    text: str
    owner: list[int]  # per character: index into words, -1 for the separators
    words: list[tuple]


def page_text(words: list[tuple]) -> PageText:
    parts: list[str] = []
    owner: list[int] = []
    last_line = None
    for i, w in enumerate(words):
        if parts:
            sep = " " if (w[5], w[6]) == last_line else "\n"
            parts.append(sep)
            owner.append(-1)
        parts.append(w[4])
        owner.extend([i] * len(w[4]))
        last_line = (w[5], w[6])
    return PageText("".join(parts), owner, words)


def _union(boxes: list[tuple]) -> Rect:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def span_rects(page: pymupdf.Page, laid: PageText, start: int, end: int) -> tuple[Rect, ...]:
    """One box per line over the words a span touches; a span inside one word (an address
    in "mail:jo@example.org") is narrowed to its own characters when they can be found."""
    touched = sorted({laid.owner[i] for i in range(start, end) if laid.owner[i] >= 0})
    by_line: dict[tuple, list[tuple]] = {}
    for i in touched:
        w = laid.words[i]
        by_line.setdefault((w[5], w[6]), []).append(w)
    rects = []
    for boxes in by_line.values():
        rect = _union(boxes)
        if len(boxes) == 1:
            word = boxes[0][4]
            piece = laid.text[start:end].strip()
            if piece and piece != word and piece in word:
                hits = page.search_for(piece, clip=pymupdf.Rect(rect) + (-1, -1, 1, 1))
                if len(hits) == 1:
                    rect = tuple(hits[0])
        rects.append(tuple(float(v) for v in rect))
    return tuple(rects)


def find(data: bytes, finder: Finder, *, ocr: bool = True) -> tuple[list[Proposal], list[int]]:
    """The places ``finder`` finds in a PDF, and the pages it could not read (scans without
    OCR). Nothing is marked here: each place is a proposal for a person to accept."""
    found, unread = find_many(data, [finder], ocr=ocr)
    return found[0], unread


def find_many(data: bytes, finders: list[Finder], *, ocr: bool = True
              ) -> tuple[list[list[Proposal]], list[int]]:
    """:func:`find` for several finders (one per person named, say), each page read once."""
    found: list[list[Proposal]] = [[] for _ in finders]
    unread: list[int] = []
    with open_pdf(data) as doc:
        for page in doc:
            try:
                words, _ocr = page_words(page, ocr=ocr)
            except NoOcr:
                unread.append(page.number + 1)
                continue
            laid = page_text(words)
            for out, finder in zip(found, finders, strict=True):
                for start, end in finder(laid.text):
                    rects = span_rects(page, laid, start, end)
                    if rects:
                        out.append(Proposal(page.number + 1, rects,
                                            " ".join(laid.text[start:end].split())))
    return found, unread


def text_under(data: bytes, page_no: int, rect: Rect) -> str:
    """The words under ``rect`` on page ``page_no`` (OCR on a scan when available)."""
    with open_pdf(data) as doc:
        page = doc[page_no - 1]
        try:
            words, _ = page_words(page)
        except NoOcr:
            return ""
    box = pymupdf.Rect(rect)
    return " ".join(w[4] for w in words if pymupdf.Rect(w[:4]).intersects(box))


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's size in the coordinates marks use (before any page rotation)."""
    with open_pdf(data) as doc:
        return [(p.cropbox.width, p.cropbox.height) for p in doc]


def scanned_pages(data: bytes) -> list[int]:
    with open_pdf(data) as doc:
        return [p.number + 1 for p in doc if is_scanned(p)]
