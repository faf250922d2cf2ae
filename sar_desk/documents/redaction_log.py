"""The redaction log of a case (who marked what, why, who accepted it, when) as PDF; the CSV
and XLSX forms share the same table (:data:`HEADER`)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from sar_desk.documents.pdf_made import dated_on

HEADER = ("Document", "Mark", "Page", "Reason", "Source", "State", "Proposed by", "Proposed at",
          "Accepted or rejected by", "Accepted or rejected at", "Note")


def render_log_pdf(reference: str, rows: Sequence[Sequence[object]], *, as_of: str) -> bytes:
    """The log as an A4 landscape PDF table (embedded fonts, the header on every page)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from sar_desk.documents.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18)
    table = [[Paragraph(escape(h), head) for h in HEADER]]
    table += [[Paragraph(escape(str(v)), cell) for v in row] for row in rows]
    widths = [50, 11, 11, 28, 18, 18, 24, 30, 24, 30, 0]
    widths[-1] = 267 - sum(widths)
    grid = Table(table, colWidths=[w * mm for w in widths], repeatRows=1)
    grid.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EDF5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=15 * mm,
                            rightMargin=15 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"Redaction log {reference}", author="SAR Desk")
    story = [Paragraph(escape(f"Redaction log: {reference}"), title),
             Paragraph(escape(f"As at {as_of}. {len(rows)} marks."), cell), Spacer(0, 4 * mm),
             grid if rows else Paragraph("No marks have been made.", cell)]
    doc.build(story, onFirstPage=dated_on(dt.date.fromisoformat(as_of)))
    return buffer.getvalue()
