"""A reportlab flowable for a paragraph holding right-to-left text.

reportlab wraps a paragraph after it is given the text, so text reordered for display
beforehand wraps with its lines in the wrong order. :class:`BidiParagraph` breaks the
logical text into lines itself (:func:`sar_desk.documents.bidi_lines.layout`, measured
with the embedded fonts at the width the frame or table cell offers), reorders each line
and hands the finished lines to reportlab, which then only draws them. A paragraph whose
base direction is right to left is aligned right, its indent and bullet on the right.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, XPreformatted

from sar_desk.documents import bidi_lines, fonts


class BidiParagraph(Flowable):
    """``text`` laid out line by line in its own direction (see the module docstring).

    ``ltr=True`` keeps a left-to-right base and the style's alignment (the fixed frames:
    letterhead, address window, footer); otherwise the base direction is the text's own.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, bold: bool = False,
                 bullet: str | None = None, ltr: bool = False,
                 lines: list[str] | None = None) -> None:
        super().__init__()
        self.text, self.bold, self.bullet = text, bold, bullet
        self.rtl = not ltr and bidi_lines.base_is_rtl(text)
        self.style = self._mirrored(style) if self.rtl else style
        self._fixed = lines  # a piece of a split paragraph: its lines, already laid out
        self._lines: list[str] = []
        self._inner: XPreformatted | None = None

    @staticmethod
    def _mirrored(style: ParagraphStyle) -> ParagraphStyle:
        """The style for a right-to-left paragraph: indents swapped, start side = right."""
        align = TA_RIGHT if style.alignment == TA_LEFT else style.alignment
        return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=align,
                              leftIndent=style.rightIndent, rightIndent=style.leftIndent)

    def _bullet_overrun(self) -> float:
        """How far a left-side bullet reaches past the text indent (reportlab's own rule)."""
        st = self.style
        if not self.bullet or self.rtl:
            return 0.0
        reach = (st.bulletIndent + stringWidth(self.bullet, st.bulletFontName, st.bulletFontSize)
                 + 0.6 * st.bulletFontSize)
        return max(0.0, reach - st.leftIndent - st.firstLineIndent)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        st = self.style
        if self._fixed is not None:
            self._lines = self._fixed
        else:
            width = availWidth - st.leftIndent - st.rightIndent - self._bullet_overrun()
            self._lines = bidi_lines.layout(
                self.text, width, lambda s: fonts.drawn_width(s, st.fontSize, self.bold),
                rtl=self.rtl)
        markup = "\n".join(fonts.drawn_markup(line, self.bold, st.fontName, self.text)
                           for line in self._lines)
        bullet = None if self.rtl else self.bullet
        self._inner = XPreformatted(markup, st, bulletText=bullet)
        self.width = availWidth
        _, self.height = self._inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int(availHeight / self.style.leading + 1e-6)
        if fit >= len(self._lines):
            return [self]
        if fit < 2:  # never leave a lone first line at the foot of a frame
            return []
        head = self._piece(self._lines[:fit], self.bullet)
        tail = self._piece(self._lines[fit:], None)
        return [head, tail]

    def _piece(self, lines: list[str], bullet: str | None) -> BidiParagraph:
        piece = BidiParagraph(self.text, self.style, bold=self.bold, bullet=bullet, ltr=True,
                              lines=lines)
        piece.rtl = self.rtl
        return piece

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return self.style.spaceAfter

    def draw(self) -> None:
        assert self._inner is not None, "wrap() comes before draw()"
        self._inner.drawOn(self.canv, 0, 0)
        if self.rtl and self.bullet:  # the bullet on the right, on the first line
            st = self.style
            self.canv.saveState()
            self.canv.setFont(st.bulletFontName, st.bulletFontSize)
            self.canv.setFillColor(getattr(st, "bulletColor", None) or st.textColor)
            self.canv.drawRightString(self.width - st.bulletIndent, self.height - st.fontSize,
                                      self.bullet)
            self.canv.restoreState()
