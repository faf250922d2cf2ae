"""Renditions of images (JPEG, PNG, multi-page TIFF...) and of PDFs (kept as they are)."""

from __future__ import annotations

import pymupdf

from sar_desk.documents.rendition_result import Conversion, converted, unreadable

A4 = pymupdf.paper_rect("a4")
MARGIN = 36


def pdf_as_is(filename: str, data: bytes) -> Conversion:
    """A PDF is its own rendition, once it is known to open (and not to need a password)."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        if doc.needs_pass:
            return unreadable(f"{filename} is a password-protected PDF; supply an open copy.")
        if doc.page_count == 0:
            return unreadable(f"{filename} is a PDF without pages.")
        return converted(data, doc.page_count)


def image_to_pdf(filename: str, data: bytes) -> Conversion:
    """Each image frame (each page of a TIFF) on an A4 page of its own, scaled to fit."""
    with pymupdf.open(stream=data) as image, pymupdf.open() as out:
        if image.page_count == 0:
            return unreadable(f"{filename} holds no image.")
        for frame in image:
            rect = frame.rect
            if rect.width <= 0 or rect.height <= 0:
                return unreadable(f"{filename} has an image of no size.")
            page = out.new_page(width=A4.width, height=A4.height) if rect.height >= rect.width \
                else out.new_page(width=A4.height, height=A4.width)
            box = page.rect + (MARGIN, MARGIN, -MARGIN, -MARGIN)
            pixmap = frame.get_pixmap(dpi=_dpi(rect, box))
            page.insert_image(box, pixmap=pixmap, keep_proportion=True)
        return converted(out.tobytes(garbage=3, deflate=True), out.page_count)


def _dpi(rect: pymupdf.Rect, box: pymupdf.Rect) -> int:
    """A resolution giving about 200 dpi on the page, never upscaling a small image."""
    scale = min(box.width / rect.width, box.height / rect.height)
    return max(36, min(300, int(72 * min(1.0, 200 / 72 * scale))))
