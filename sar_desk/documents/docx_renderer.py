"""Document model -> editable DOCX with python-docx, laid out like the PDF.

Page one opens with a borderless layout table: the letterhead, then the recipient's
address in the DL window position (24 mm from the left, 47 mm from the top) beside the
letter details. The footer on every page holds the organisation, the case reference and
"Page N of M" as Word fields. Text is written exactly as typed (logical order); runs of
right-to-left script are marked RTL / complex script so Word shapes them itself, and a body
paragraph whose first strong letter is right to left is marked RTL (w:bidi), so it reads
and aligns as in the PDF; the first-page frame (letterhead, address) stays left to right.
"""

from __future__ import annotations

import io
import re
import unicodedata

from docx import Document as new_docx
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from sar_desk.core import clock
from sar_desk.documents import bidi_lines
from sar_desk.documents.model import BulletList, Document, Heading, Paragraph, Table

FONT = "Arial"
EAST_ASIA_FONT = "Microsoft YaHei"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x55, 0x55, 0x55)
CONTENT_W = 170  # mm
LEFT_COL = 98  # mm: the address column ends where the details column starts (118 mm)


def _set_fonts(rpr_parent, size: float | None = None) -> None:  # noqa: ANN001 - lxml element
    """Set explicit fonts on a style or run's rPr, removing theme fonts that would override."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", FONT), ("w:hAnsi", FONT), ("w:cs", FONT),
                        ("w:eastAsia", EAST_ASIA_FONT)):
        fonts.set(qn(attr), value)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


_MAYBE_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                        "\U0001e800-\U0001efff]")


def _direction_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_rtl, chunk); neutral characters stay with the run before them."""
    if not _MAYBE_RTL.search(text):
        return [(False, text)]
    out: list[tuple[bool, str]] = []
    rtl: bool | None = None
    buf: list[str] = []
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        strong = True if kind in ("R", "AL") else False if kind == "L" else None
        if strong is not None and rtl is not None and strong != rtl and buf:
            out.append((rtl, "".join(buf)))
            buf = []
        if strong is not None:
            rtl = strong
        buf.append(ch)
    if buf:
        out.append((bool(rtl), "".join(buf)))
    return out


def _add_text(paragraph, text: str, *, bold: bool = False, size: float | None = None,  # noqa: ANN001
              color: RGBColor | None = None) -> None:
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        for rtl, chunk in _direction_runs(line):
            run = paragraph.add_run(chunk)
            if bold:
                run.bold = True
            if size is not None:
                run.font.size = Pt(size)
            if color is not None:
                run.font.color.rgb = color
            if rtl:
                run.font.rtl = True
                run.font.complex_script = True
                if bold:
                    run.font.cs_bold = True


# pPr children that come after w:bidi (Word requires the schema's order).
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _set_direction(paragraph, text: str) -> None:  # noqa: ANN001
    """Mark a paragraph right to left when its first strong letter is (as the PDF lays it out).

    With no alignment of its own, Word and LibreOffice then align it right, bullet included.
    """
    if bidi_lines.base_is_rtl(text):
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _para(container, text: str, style_id: str | None = None, **kw) -> object:  # noqa: ANN001,ANN003
    """Add a paragraph; ``style_id`` is set directly (python-docx's lookup by name is slow)."""
    paragraph = container.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    _set_direction(paragraph, text)
    _add_text(paragraph, text, **kw)
    return paragraph


def _setup_styles(doc) -> None:  # noqa: ANN001
    styles = doc.styles
    normal = styles["Normal"]
    _set_fonts(normal.element, 10)
    normal.paragraph_format.space_after = Pt(7)
    normal.paragraph_format.line_spacing = 1.15
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    normal.element.get_or_add_rPr().append(lang)
    for name, size, before, after in (("Heading 1", 11.5, 0, 10), ("Heading 2", 10.5, 8, 4)):
        style = styles[name]
        _set_fonts(style.element, size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
    bullet = styles["List Bullet"]
    _set_fonts(bullet.element, 10)
    bullet.paragraph_format.space_after = Pt(3)


def _cell_margins(table, left_mm: float = 0, right_mm: float = 0) -> None:  # noqa: ANN001
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", 0), ("left", left_mm), ("bottom", 0), ("right", right_mm)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(value * 56.7)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    # Word requires the schema's element order inside tblPr.
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                 "w:tblPrChange")


def _borders(table, **sides: tuple[int, str]) -> None:  # noqa: ANN001
    """Table borders: side=(eighths of a point, hex colour); other sides none."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if side in sides:
            size, colour = sides[side]
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), colour)
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange")


# Elements that follow w:shd in a cell's tcPr (Word requires the schema's order).
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
              "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def _shade(cell, fill: str) -> None:  # noqa: ANN001
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_SHD)


def _bottom_rule(cell, colour: str = "1F4E79", size: int = 10) -> None:  # noqa: ANN001
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    cell._tc.get_or_add_tcPr().insert_element_before(borders, "w:shd", *_AFTER_SHD)


def _fill_cell(cell, lines, *, indent_mm: float = 0, **kw) -> None:  # noqa: ANN001,ANN003
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        if indent_mm:
            paragraph.paragraph_format.left_indent = Mm(indent_mm)
        if kw.get("align") is not None:
            paragraph.alignment = kw["align"]
        style_kw = {k: v for k, v in kw.items() if k != "align"}
        _add_text(paragraph, line, **style_kw)


def _first_page_layout(doc, document: Document) -> None:  # noqa: ANN001
    table = doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _cell_margins(table)
    _borders(table)
    widths = (Mm(LEFT_COL), Mm(CONTENT_W - LEFT_COL))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row, height in zip(table.rows, (29, 6, 40), strict=True):
        row.height = Mm(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    head = document.letterhead
    name_cell, contact_cell = table.rows[0].cells
    _fill_cell(name_cell, [head.name], bold=True, size=17, color=ACCENT)
    _fill_cell(contact_cell, head.lines, size=8, color=MUTED, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for cell in table.rows[0].cells:
        _bottom_rule(cell)
    address_cell, details_cell = table.rows[2].cells
    _fill_cell(address_cell, document.recipient.lines, indent_mm=4, size=10.5)
    first = details_cell.paragraphs[0]
    for index, (label, value) in enumerate(document.details):
        paragraph = first if index == 0 else details_cell.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(4)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        _add_text(paragraph, f"{label}:", bold=True, size=9)
        _add_text(paragraph, f" {value}", size=9)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.space_before = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(22)


def _table(doc, block: Table) -> None:  # noqa: ANN001
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.autofit = False
    _borders(table, bottom=(4, "B7C4D1"), insideH=(4, "B7C4D1"))
    widths = [Mm(CONTENT_W * w) for w in block.column_weights()]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, (row, values) in enumerate(zip(table.rows, [block.header, *block.rows], strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.space_before = Pt(2)
            _set_direction(paragraph, value)
            _add_text(paragraph, value, bold=(r == 0), size=9)
            if r == 0:
                _shade(cell, "E8EEF4")
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    after = doc.add_paragraph()
    after.paragraph_format.space_after = Pt(4)


def _field(paragraph, instruction: str, shown: str) -> None:  # noqa: ANN001
    def fld(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld("separate")
    paragraph.add_run(shown)
    fld("end")


def _footer(section, document: Document) -> None:  # noqa: ANN001
    paragraph = section.footer.paragraphs[0]
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"),
                       ("w:color", "B7C4D1")):
        top.set(qn(key), value)
    borders.append(top)
    p_pr.insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    legal = document.letterhead.legal_line
    _add_text(paragraph, f"{legal} · Our reference {document.reference} · Page ", size=7.5,
              color=MUTED)
    _field(paragraph, "PAGE", "1")
    _add_text(paragraph, " of ", size=7.5, color=MUTED)
    _field(paragraph, "NUMPAGES", "1")
    for run in paragraph.runs:
        run.font.size = Pt(7.5)
        run.font.color.rgb = MUTED


def render_docx(document: Document) -> bytes:
    """The letter as DOCX bytes."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(12), Mm(24)
    section.header_distance, section.footer_distance = Mm(8), Mm(10)
    _setup_styles(doc)
    ids = {name: doc.styles[name].style_id for name in ("Heading 1", "Heading 2", "List Bullet")}
    _first_page_layout(doc, document)
    for block in document.body:
        if isinstance(block, Heading):
            _para(doc, block.text, ids["Heading 1" if block.level == 1 else "Heading 2"])
        elif isinstance(block, Paragraph):
            _para(doc, block.text, bold=block.bold)
        elif isinstance(block, BulletList):
            for item in block.items:
                _para(doc, item, ids["List Bullet"])
        elif isinstance(block, Table):
            _table(doc, block)
    sig = document.signature
    closing = _para(doc, sig.closing)
    closing.paragraph_format.keep_with_next = True
    name = _para(doc, sig.name, bold=True)
    name.paragraph_format.space_before = Pt(34)
    name.paragraph_format.space_after = Pt(0)
    name.paragraph_format.keep_with_next = True
    role = _para(doc, sig.role, size=9)
    role.paragraph_format.space_after = Pt(0)
    role.paragraph_format.keep_with_next = True
    _para(doc, sig.organisation, size=9)
    _footer(section, document)
    props = doc.core_properties
    props.title = document.title
    props.subject = document.title
    props.author = document.author
    props.last_modified_by = document.author
    props.keywords = ", ".join(document.keywords)
    props.comments = "Generated by SAR Desk"
    made = clock.stamp(document.dated) if document.dated else clock.now()
    props.created = props.modified = made.replace(microsecond=0)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
