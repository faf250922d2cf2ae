"""Pages of a document to review marks on: rendered by PyMuPDF into RGB bytes in memory
(never a file), for the window to wrap as an image."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from sar_desk.documents.errors import DocumentError
from sar_desk.documents.redaction_find import reveal_layers


@dataclass(frozen=True)
class PageImage:
    """One rendered page: RGB pixels (``stride`` bytes a row) and the zoom they were made at
    (pixels per PDF point)."""

    width: int
    height: int
    stride: int
    samples: bytes
    zoom: float


class PageSource:
    """An open PDF held in memory; :meth:`close` when done."""

    def __init__(self, data: bytes) -> None:
        try:
            self._doc = pymupdf.open(stream=data, filetype="pdf")
        except (RuntimeError, ValueError) as exc:
            raise DocumentError(f"The document is not a readable PDF ({exc}).",
                                code="redaction.not_pdf") from None
        reveal_layers(self._doc)  # the reviewer sees what hidden layers hold

    @property
    def count(self) -> int:
        return self._doc.page_count

    def size(self, page: int) -> tuple[float, float]:
        rect = self._doc[page - 1].rect
        return rect.width, rect.height

    def render(self, page: int, zoom: float) -> PageImage:
        pix = self._doc[page - 1].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return PageImage(pix.width, pix.height, pix.stride, bytes(pix.samples), zoom)

    def to_view(self, page: int, rect: tuple) -> tuple[float, float, float, float]:
        """A mark's rectangle (page coordinates) as it lies on the rendered, rotated page."""
        return tuple(pymupdf.Rect(rect) * self._doc[page - 1].rotation_matrix)

    def from_view(self, page: int, rect: tuple) -> tuple[float, float, float, float]:
        """A box drawn on the rendered page, in the page coordinates marks use."""
        return tuple(pymupdf.Rect(rect) * self._doc[page - 1].derotation_matrix)

    def close(self) -> None:
        self._doc.close()
