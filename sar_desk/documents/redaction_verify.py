"""Prove a redacted copy: nothing marked is left, and nothing else hides in the file.

Independent extractors read the text (PyMuPDF's MuPDF, the pure-Python pypdf, and poppler's
``pdftotext`` when installed); none of the marked text may appear in any, and nothing but the
printed reason code may lie in the area of a mark (by MuPDF's and poppler's positions). A
scanned page is read again by OCR when Tesseract is available. The file must hold one
revision only, and no metadata, XMP, annotations, form fields, embedded files, JavaScript or
hidden layers.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

import pymupdf
import pypdf

from sar_desk.core.redaction import Rect
from sar_desk.documents.errors import DocumentError
from sar_desk.documents.redaction_find import OCR_DPI, open_pdf, tessdata

META_KEYS = ("title", "author", "subject", "keywords", "creator", "producer", "creationDate",
             "modDate")
ACTIVE_KEYS = ("/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/OCProperties",
               "/AcroForm", "/Launch", "/RichMedia")


@dataclass(frozen=True)
class Expect:
    """A mark as verification sees it: where it is, the text it hid, the code printed."""

    page: int
    rects: tuple[Rect, ...]
    text: str
    label: str


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _found(text: str, plain: str, squashed: str) -> bool:
    """Whether the marked ``text`` is in ``whole``: as words (any case and spacing), or, for
    six letters or more, with the spaces and punctuation between its letters taken out (so
    "Johan na" split by an extractor still counts). ``plain`` and ``squashed`` are the
    extracted text through :func:`_norm` and :func:`_squash`."""
    words = _norm(text).split()
    if not words:
        return False
    if words[0] in plain:  # the regular expression only where the first word occurs
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        if re.search(pattern, plain):
            return True
    letters = _squash(text)
    return len(letters) >= 6 and letters in squashed


def _inside(rect: Rect, margin: float = 1.0) -> pymupdf.Rect:
    r = pymupdf.Rect(rect)
    return r + (margin, margin, -margin, -margin) if r.width > 3 * margin else r


def _left_over(text: str, labels: set[str]) -> str:
    """What is in ``text`` besides the printed reason codes."""
    rest = text
    for label in sorted(labels, key=len, reverse=True):
        rest = rest.replace(label, " ")
    return rest.strip(" \n\t-")


def structure_problems(data: bytes) -> list[str]:
    """Earlier revisions, metadata, annotations and active content, by both readers."""
    problems = []
    if data.count(b"%%EOF") != 1 or data.count(b"startxref") != 1:
        problems.append(f"the file holds {max(data.count(b'%%EOF'), 1)} revisions (earlier, "
                        "unredacted versions may be inside it)")
    reader = pypdf.PdfReader(io.BytesIO(data))
    if "/Prev" in reader.trailer:
        problems.append("the file refers to an earlier revision (/Prev)")
    if reader.metadata and any(str(v).strip() for v in reader.metadata.values()):
        problems.append("the file still has document metadata")
    with open_pdf(data, "the redacted copy") as doc:
        meta = doc.metadata or {}
        if any(meta.get(k) for k in META_KEYS) and not any(
                "metadata" in p for p in problems):
            problems.append("the file still has document metadata")
        if doc.xref_xml_metadata():
            problems.append("the file still has XMP metadata")
        if any(page.first_annot or page.first_widget for page in doc) or any(
                page.get("/Annots") for page in reader.pages):
            problems.append("the file still has annotations or form fields")
        if doc.embfile_count():
            problems.append("the file still has embedded files")
        active = sorted({key for xref in range(1, doc.xref_length()) for key in ACTIVE_KEYS
                         if re.search(re.escape(key) + r"\b(?!\s*null)",
                                      doc.xref_object(xref) or "")})
        if active:
            problems.append(f"the file still has active or hidden content ({', '.join(active)})")
    return problems


def _pypdf_text(data: bytes) -> tuple[str, list[str]]:
    """pypdf's text of the file, and the text runs it places outside their page (which
    MuPDF and poppler do not read, and no one sees)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    texts, outside = [], []
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        left, bottom = float(box.left) - 2, float(box.bottom) - 2
        right, top = float(box.right) + 2, float(box.top) + 2

        def visit(text, cm, tm, _font, _size, number=number, left=left, bottom=bottom,
                  right=right, top=top):  # noqa: ANN001 - pypdf's visitor
            x, y = pypdf.mult(tm, cm)[4:6]
            if text.strip() and not (left <= x <= right and bottom <= y <= top):
                outside.append(f"page {number}: text lies outside the page "
                               f"(pypdf reads {text.strip()[:40]!r})")

        texts.append(page.extract_text(visitor_text=visit) or "")
    return "\n".join(texts), outside


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


def poppler_words(data: bytes) -> list[list[tuple[pymupdf.Rect, str]]] | None:
    """Per page, each word's box and text as poppler's ``pdftotext`` reads them (the bytes go
    through a pipe, never a file), or None when poppler is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-q", "-bbox", "fd://0", "-"], input=data,  # noqa: S603
                          capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("<page ")[1:]
    return [[(pymupdf.Rect(*(float(v) for v in m.groups()[:4])), html.unescape(m.group(5)))
             for m in _WORD.finditer(page)] for page in pages]


def _boxes(expected: list[Expect]) -> dict[int, list[tuple[float, float, float, float]]]:
    """page -> the marks' rectangles there, each shrunk by a point on every side."""
    out: dict[int, list[tuple[float, float, float, float]]] = {}
    for e in expected:
        out.setdefault(e.page, []).extend(tuple(_inside(r)) for r in e.rects)
    return out


def _in_any(x: float, y: float, boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _mupdf_inside(page: pymupdf.Page, boxes: list, labels: set[str]) -> list[str]:
    """The text of each run with a character whose centre lies inside a mark (PyMuPDF's
    characters, one extraction of the page); the printed reason codes are left out."""
    found = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                chars = span["chars"]
                text = "".join(c["c"] for c in chars)
                if not _left_over(text, labels):
                    continue
                inside = "".join(c["c"] for c in chars if _in_any(
                    (c["bbox"][0] + c["bbox"][2]) / 2, (c["bbox"][1] + c["bbox"][3]) / 2,
                    boxes))
                left = _left_over(inside, labels)
                if left:
                    found.append(left)
    return found


def text_problems(data: bytes, expected: list[Expect], kept: Iterable[str] = ()) -> list[str]:
    """Marked text found anywhere, or anything but a reason code inside a mark's area."""
    problems = []
    labels = {e.label for e in expected}
    kept_norm = {_norm(t) for t in kept}
    texts = {_norm(e.text) for e in expected if _norm(e.text)} - kept_norm
    boxes = _boxes(expected)
    with open_pdf(data, "the redacted copy") as doc:
        mu_pages = [page.get_text("text") for page in doc]
        for number, here in sorted(boxes.items()):
            if number <= doc.page_count:
                problems += [f"page {number}: text is still inside a mark (PyMuPDF reads "
                             f"{left[:40]!r})" for left in _mupdf_inside(doc[number - 1],
                                                                         here, labels)]
    pages = poppler_words(data) or []
    for number, here in sorted(boxes.items()):
        for box, word in pages[number - 1] if number <= len(pages) else ():
            if _left_over(word, labels) and _in_any((box.x0 + box.x1) / 2,
                                                    (box.y0 + box.y1) / 2, here):
                problems.append(f"page {number}: text is still inside a mark (pdftotext "
                                f"reads {word[:40]!r})")
    py_text, outside = _pypdf_text(data)
    problems += outside
    readings = [("PyMuPDF", "\n".join(mu_pages)), ("pypdf", py_text)]
    if pages:
        readings.append(("pdftotext", "\n".join(" ".join(w for _b, w in p) for p in pages)))
    for name, whole in readings:
        plain, squashed = _norm(whole), _squash(whole)
        problems += [f"marked text {t[:40]!r} is still in the file ({name} finds it)"
                     for t in sorted(texts) if _found(t, plain, squashed)]
    return problems


def ocr_problems(data: bytes, expected: list[Expect], pages: Iterable[int],
                 kept: Iterable[str] = ()) -> list[str]:
    """Read the scanned pages again by OCR: no marked text, no words inside a mark."""
    folder = tessdata()
    if folder is None:
        return []
    problems = []
    labels = {e.label for e in expected}
    kept_norm = {_norm(t) for t in kept}
    with open_pdf(data, "the redacted copy") as doc:
        for number in sorted(set(pages)):
            page = doc[number - 1]
            textpage = page.get_textpage_ocr(tessdata=folder, dpi=OCR_DPI, full=True)
            words = page.get_text("words", textpage=textpage)
            squashed = _squash(" ".join(w[4] for w in words))
            here = [e for e in expected if e.page == number]
            for e in here:
                text = _squash(e.text)
                if _norm(e.text) not in kept_norm and len(text) >= 3 and text in squashed:
                    problems.append(f"page {number}: OCR still reads marked text "
                                    f"{e.text[:40]!r}")
                for w in words:
                    box = pymupdf.Rect(w[:4])
                    if _left_over(w[4], labels) and any(
                            _inside(r).contains(box.tl + (box.br - box.tl) * 0.5)
                            for r in e.rects):
                        problems.append(f"page {number}: OCR reads {w[4][:40]!r} inside a "
                                        "mark")
    return problems


def verify(data: bytes, expected: list[Expect], *, scanned: Iterable[int] = (),
           kept: Iterable[str] = ()) -> list[str]:
    """Every problem found in the redacted copy ``data`` (empty: it passed). ``kept`` are
    texts a person chose to leave elsewhere (a rejected mark with the same text). A file
    one of the readers cannot parse fails: what it holds cannot be proved."""
    try:
        return _verify(data, expected, scanned, kept)
    except (DocumentError, pypdf.errors.PyPdfError, ValueError, KeyError, TypeError,
            RuntimeError) as exc:
        return [f"the redacted copy cannot be read through to check it "
                f"({type(exc).__name__}: {str(exc)[:80]})"]


def _verify(data: bytes, expected: list[Expect], scanned: Iterable[int],
            kept: Iterable[str]) -> list[str]:
    problems = structure_problems(data)
    problems += text_problems(data, expected, kept)
    problems += ocr_problems(data, expected, scanned, kept)
    return list(dict.fromkeys(problems))
