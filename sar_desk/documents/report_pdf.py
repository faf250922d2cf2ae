"""The monthly compliance report as a PDF (ReportLab platypus; charts with reportlab.graphics).

The charts are the dashboard's: monthly volume (received and closed) and the on-time rate.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from sar_desk.core.compliance import DEFINITIONS, ComplianceReport, format_rate
from sar_desk.documents.pdf_made import made_on

FONT_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
RECEIVED_COLOUR = colors.HexColor("#4C72B0")
CLOSED_COLOUR = colors.HexColor("#55A868")
RATE_COLOUR = colors.HexColor("#C44E52")
HEADER_FILL = colors.HexColor("#E8EDF5")


def _fonts() -> tuple[str, str]:
    """DejaVu Sans (embedded) when the app's fonts are present, else Helvetica."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "SarDeskSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("SarDeskSans", str(regular)))
        pdfmetrics.registerFont(TTFont("SarDeskSans-Bold", str(bold)))
    return "SarDeskSans", "SarDeskSans-Bold"


def _short_month(label: str) -> str:
    """'2026-03' -> 'Mar 26'."""
    names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    year, month = label.split("-")
    return f"{names[int(month) - 1]} {year[2:]}"


def volume_chart(report: ComplianceReport, font: str, width: float = 170 * mm) -> Drawing:
    """Grouped bars: requests received and closed per month."""
    height = 55 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = width - 16 * mm, height - 24 * mm
    received = [m.received for m in report.months]
    closed = [m.closed for m in report.months]
    chart.data = [received, closed]
    chart.categoryAxis.categoryNames = [_short_month(m.month) for m in report.months]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if len(report.months) <= 12 else 45
    chart.valueAxis.valueMin = 0
    top = max([*received, *closed, 1])
    chart.valueAxis.valueMax = top + max(1, top // 10)
    chart.valueAxis.valueStep = max(1, round(chart.valueAxis.valueMax / 5))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = RECEIVED_COLOUR
    chart.bars[1].fillColor = CLOSED_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 6
    drawing.add(chart)
    drawing.add(_legend(font, width, height, [(RECEIVED_COLOUR, "Received"),
                                             (CLOSED_COLOUR, "Closed")]))
    drawing.add(String(0, height - 6, "Monthly volume", fontName=font, fontSize=9))
    return drawing


def rate_chart(report: ComplianceReport, font: str, width: float = 170 * mm) -> Drawing:
    """Line: the on-time rate (%) per month; months with nothing closed are left blank."""
    height = 48 * mm
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = width - 16 * mm, height - 24 * mm
    rates = [None if m.on_time_rate is None else round(m.on_time_rate * 100, 1)
             for m in report.months]
    chart.data = [rates]
    # reportlab cannot draw a line through fewer than two points: show the markers alone.
    chart.joinedLines = int(sum(r is not None for r in rates) >= 2)
    chart.categoryAxis.categoryNames = [_short_month(m.month) for m in report.months]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if len(report.months) <= 12 else 45
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.lines[0].strokeColor = RATE_COLOUR
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=RATE_COLOUR)
    drawing.add(chart)
    drawing.add(String(0, height - 6, "On-time rate", fontName=font, fontSize=9))
    return drawing


def _legend(font: str, width: float, height: float, pairs: list) -> Legend:
    legend = Legend()
    legend.x, legend.y = width - 55 * mm, height - 2
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 6
    legend.deltax = 22 * mm
    legend.colorNamePairs = pairs
    return legend


TEXT_WIDTH = A4[0] - 36 * mm


def _table(rows: list[list[object]], font: str, bold: str, rate_cols: tuple[int, ...] = (),
           total_row: bool = False, first_width: float = 17 * mm) -> Table:
    """A table as wide as the text (when it has many columns), headers wrapped to fit."""
    head = ParagraphStyle("head", fontName=bold, fontSize=6.8, leading=8.2)
    head_right = ParagraphStyle("head_right", parent=head, alignment=TA_RIGHT)
    cells: list[list[object]] = [
        [Paragraph(_esc(str(v)), head if c == 0 else head_right) for c, v in enumerate(rows[0])]
    ]
    cells += [
        [format_rate(v) if c in rate_cols else ("" if v is None else str(v))
         for c, v in enumerate(row)]
        for row in rows[1:]
    ]
    columns = len(rows[0])
    if columns > 3:
        # Each column as wide as its longest heading word, then the spare width shared out.
        need = [
            max(stringWidth(word, bold, head.fontSize) for word in str(title).split()) + 8
            for title in rows[0]
        ]
        need[0] = max(need[0], first_width)
        spare = max(0.0, TEXT_WIDTH - sum(need)) / columns
        widths: list[float] | None = [w + spare for w in need]
    else:
        widths = [first_width + 20 * mm, 30 * mm][:columns]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F7F7F7")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if total_row:
        style += [("FONTNAME", (0, -1), (-1, -1), bold),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.grey)]
    table.setStyle(TableStyle(style))
    return table


def render_report_pdf(report: ComplianceReport, *, organisation: str = "") -> bytes:
    """The report as PDF bytes: summary, both charts, then one table per breakdown."""
    font, bold = _fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=font, fontSize=8.5,
                          leading=11, alignment=TA_LEFT)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName=bold, fontSize=15)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=11,
                        spaceBefore=8, spaceAfter=4)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5,
                           textColor=colors.HexColor("#444444"))

    story: list[Flowable] = [
        Paragraph("Subject access requests: compliance report", h1),
        Paragraph(
            f"{_esc(organisation) + ' · ' if organisation else ''}"
            f"Period {report.period_label} · figures as at {report.as_of.isoformat()}", body),
        Spacer(0, 4 * mm),
        _summary(report, font, bold),
        Spacer(0, 4 * mm),
        volume_chart(report, font),
        Spacer(0, 2 * mm),
        rate_chart(report, font),
    ]
    story += [
        Paragraph("Month by month", h2),
        _table(report.month_table(), font, bold, rate_cols=(4,), total_row=True),
        KeepTogether([Paragraph("By request type", h2),
                      _table(report.type_table(), font, bold, rate_cols=(4,))]),
    ]
    active = [r for r in report.type_months if any(
        (r.received, r.closed, r.withdrawn, r.extensions, r.refusals))]
    if active:  # month by month for each request type, months with activity only
        from sar_desk.core.type_metrics import type_month_table

        story += [Paragraph("Month by month, by request type", h2),
                  _table(type_month_table(active), font, bold, rate_cols=(5,))]
    if report.exemptions:
        story.append(KeepTogether([Paragraph("Exemptions applied", h2),
                                   _table(report.exemption_table(), font, bold)]))
    if report.complaints:
        from sar_desk.core.complaint_metrics import DEFINITION

        story.append(KeepTogether([
            Paragraph("Data protection complaints", h2),
            _table([list(r) for r in report.complaints], font, bold, total_row=True),
            Paragraph(_esc(DEFINITION), small)]))
    story.append(Paragraph("How the figures are counted", h2))
    story += [Paragraph(f"• {_esc(text)}", small) for text in DEFINITIONS]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title=f"SAR compliance report {report.period_label}",
        author=organisation or "SAR Desk", subject="Subject access request compliance",
    )

    def footer(canvas, doc_) -> None:  # noqa: ANN001 - reportlab callback
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Page {doc_.page}")
        canvas.drawString(18 * mm, 9 * mm, f"SAR Desk · {report.period_label}")
        canvas.restoreState()
        canvas.setDateFormatter(made_on(report.as_of))  # made on the day of its figures

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _summary(report: ComplianceReport, font: str, bold: str) -> Table:
    rows = report.summary_table()
    cells = [[label, format_rate(v) if label == "On-time rate" else str(v)]
             for label, v in rows[1:]]
    table = Table(cells, colWidths=[45 * mm, 35 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTNAME", (1, 0), (1, -1), bold),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#DDDDDD")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
