"""Document model -> PDF with reportlab platypus: A4, DL window address, page N of M.

Page one has fixed frames: the letterhead, the recipient's address where a DL window
envelope shows it (20 mm from the left, 47 mm from the top, 90 x 40 mm), the letter details
beside it, then the body. Later pages carry the body only. Every page's footer gives the
organisation, the case reference and "Page N of M". All text is drawn with the embedded
fonts, one font per run of characters; Arabic is shaped, and a paragraph holding
right-to-left text is wrapped in logical order and reordered line by line (pdf_bidi).
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from sar_desk.documents import fonts
from sar_desk.documents.model import BulletList, Document, Heading, Paragraph, Table
from sar_desk.documents.pdf_bidi import BidiParagraph
from sar_desk.documents.pdf_made import made_on

PAGE_W, PAGE_H = A4
LEFT = 20 * mm
CONTENT_W = PAGE_W - 40 * mm
# DL window envelope: the address window, measured from the page's top-left corner.
WINDOW_X, WINDOW_TOP, WINDOW_W, WINDOW_H = 20 * mm, 47 * mm, 90 * mm, 40 * mm
BODY_TOP_FIRST = 95 * mm
BODY_TOP_LATER = 20 * mm
BODY_BOTTOM = 24 * mm
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#B7C4D1")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=10, leading=14,
                          spaceAfter=7)
    return {
        "body": base,
        "bold": ParagraphStyle("bold", parent=base, fontName=fonts.BOLD),
        "h1": ParagraphStyle("h1", parent=base, fontName=fonts.BOLD, fontSize=11.5,
                             leading=15, spaceAfter=10, textColor=ACCENT),
        "h2": ParagraphStyle("h2", parent=base, fontName=fonts.BOLD, fontSize=10.5,
                             leading=14, spaceBefore=8, spaceAfter=4, textColor=ACCENT),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=4,
                                 bulletFontName=fonts.REGULAR,
                                 spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=fonts.BOLD, fontSize=9,
                                   leading=12, spaceAfter=0),
        "orgname": ParagraphStyle("orgname", parent=base, fontName=fonts.BOLD, fontSize=17,
                                  leading=21, textColor=ACCENT, spaceAfter=0),
        "contact": ParagraphStyle("contact", parent=base, fontSize=8, leading=10.5,
                                  alignment=TA_RIGHT, textColor=MUTED, spaceAfter=0),
        "address": ParagraphStyle("address", parent=base, fontSize=10.5, leading=13.5,
                                  spaceAfter=0),
        "details": ParagraphStyle("details", parent=base, fontSize=9, leading=13,
                                  spaceAfter=0),
        "footer": ParagraphStyle("footer", parent=base, fontSize=7.5, leading=9,
                                 textColor=MUTED, spaceAfter=0, alignment=1),
    }


def _para(text: str, style: str, bold: bool = False, bullet: str | None = None,
          ltr: bool = False) -> Flowable:
    """A paragraph; one holding right-to-left text is wrapped first and reordered per line.

    ``ltr`` keeps a left-to-right base and the style's alignment (the fixed frames).
    """
    st = _styles()[style]
    bold = bold or st.fontName == fonts.BOLD  # headings: every script in the bold face
    if fonts.is_rtl(text):
        return BidiParagraph(text, st, bold=bold, bullet=bullet, ltr=ltr)
    return RLParagraph(fonts.paragraph_markup(text, bold, st.fontName), st, bulletText=bullet)


def _labelled(label: str, value: str) -> RLParagraph:
    st = _styles()["details"]
    markup = fonts.paragraph_markup(f"{label}:", True, st.fontName)
    return RLParagraph(f"{markup} {fonts.paragraph_markup(value, False, st.fontName)}", st)


def _letterhead(document: Document) -> list[Flowable]:
    head = document.letterhead
    table = RLTable(
        [[_para(head.name, "orgname", ltr=True),
          _para("\n".join(head.lines), "contact", ltr=True)]],
        colWidths=[CONTENT_W * 0.55, CONTENT_W * 0.45],
    )
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
    ]))
    return [KeepInFrame(CONTENT_W, 30 * mm, [table], mode="shrink")]


def _table(block: Table) -> RLTable:
    weights = block.column_weights()
    data = [[_para(c, "cellhead") for c in block.header]]
    data += [[_para(c, "cell") for c in row] for row in block.rows]
    table = RLTable(data, colWidths=[CONTENT_W * w for w in weights], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    table.spaceAfter = 8
    return table


def _body(document: Document) -> list[Flowable]:
    out: list[Flowable] = []
    for block in document.body:
        if isinstance(block, Heading):
            para = _para(block.text, "h1" if block.level == 1 else "h2")
            para.keepWithNext = True
            out.append(para)
        elif isinstance(block, Paragraph):
            out.append(_para(block.text, "bold" if block.bold else "body", block.bold))
        elif isinstance(block, BulletList):
            out += [_para(item, "bullet", bullet="•") for item in block.items]
            out.append(Spacer(1, 4))
        elif isinstance(block, Table):
            out.append(_table(block))
    sig = document.signature
    out.append(KeepTogether([
        _para(sig.closing, "body"),
        Spacer(1, 12 * mm),
        _para(sig.name, "bold", True),
        _para(sig.role, "details"),
        _para(sig.organisation, "details"),
    ]))
    return out


def _canvas_class(document: Document) -> type[Canvas]:
    """A canvas that draws each page's footer once the page count is known."""
    legal = document.letterhead.legal_line

    class LetterCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []
            if document.dated is not None:
                self.setDateFormatter(made_on(document.dated))  # the day it is dated

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(LEFT, 17 * mm, PAGE_W - LEFT, 17 * mm)
            text = f"{legal} · Our reference {document.reference} · Page {number} of {total}"
            para = _para(text, "footer", ltr=True)
            _, height = para.wrap(CONTENT_W, 20 * mm)
            para.drawOn(self, LEFT, 14 * mm - height)
            if number == 1:  # fold marks for a DL envelope (A4 folded in three)
                self.setStrokeColor(colors.HexColor("#999999"))
                for y in (PAGE_H - 99 * mm, PAGE_H - 198 * mm):
                    self.line(4 * mm, y, 8 * mm, y)
            self.restoreState()

    return LetterCanvas


def _templates() -> list[PageTemplate]:
    def frame(x: float, top: float, width: float, height: float, fid: str, pad: float = 0
              ) -> Frame:
        return Frame(x, PAGE_H - top - height, width, height, id=fid, leftPadding=pad,
                     rightPadding=pad, topPadding=pad, bottomPadding=0, showBoundary=0)

    first = [
        frame(LEFT, 12 * mm, CONTENT_W, 30 * mm, "letterhead"),
        frame(WINDOW_X, WINDOW_TOP, WINDOW_W, WINDOW_H, "address", pad=4 * mm),
        frame(118 * mm, WINDOW_TOP, 72 * mm, WINDOW_H, "details", pad=4 * mm),
        frame(LEFT, BODY_TOP_FIRST, CONTENT_W, PAGE_H - BODY_TOP_FIRST - BODY_BOTTOM, "body"),
    ]
    later = [frame(LEFT, BODY_TOP_LATER, CONTENT_W, PAGE_H - BODY_TOP_LATER - BODY_BOTTOM,
                   "body")]
    return [PageTemplate("first", first), PageTemplate("later", later)]


def render_pdf(document: Document) -> bytes:
    """The letter as PDF bytes."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, pageTemplates=_templates(), title=document.title,
        author=document.author, subject=document.title, keywords=list(document.keywords),
        creator="SAR Desk", leftMargin=LEFT, rightMargin=LEFT, topMargin=12 * mm,
        bottomMargin=BODY_BOTTOM,
    )
    inner_w = WINDOW_W - 8 * mm
    address = [_para(line, "address", ltr=True) for line in document.recipient.lines]
    details = [_labelled(label, value) for label, value in document.details]
    story: list[Flowable] = [NextPageTemplate("later"), *_letterhead(document), FrameBreak()]
    story += [KeepInFrame(inner_w, WINDOW_H - 4 * mm, address, mode="shrink"), FrameBreak()]
    story += [KeepInFrame(72 * mm - 8 * mm, WINDOW_H - 4 * mm, details, mode="shrink"),
              FrameBreak()]
    story += _body(document)
    del styles
    doc.build(story, canvasmaker=_canvas_class(document))
    return buffer.getvalue()
